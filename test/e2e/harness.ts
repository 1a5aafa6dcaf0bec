/**
 * Real-browser test harness: Debian's Chromium driven by playwright-core, against the
 * emulator on loopback. The emulator also serves the test pages and the built bundles, so
 * pages and PutRumEvents share one origin-less, route-free setup (beacons sent while a page
 * unloads bypass Playwright routing, so nothing here is routed).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../chromium';
import { startEmulator, type Emulator, type StoredEvent } from '../../emulator';
import { renderSnippet } from '../../snippet';

export const APP_ID = '0f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f';
export const OPEN_APP_ID = '1f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f';
export const REGION = 'us-west-2';
export const CREDS = { accessKeyId: 'AKIDE2ETEST000000001', secretAccessKey: 'e2e-secret' };

export const launchBrowser = (): Promise<Browser> => launchChromium();

const ROOT = path.resolve(__dirname, '../..');

export interface Site {
  emu: Emulator;
  dir: string;
  url(p: string): string;
  /** Writes a page into the served folder; returns its URL. */
  page(name: string, html: string): string;
  close(): Promise<void>;
}

/**
 * The seed of every site's fault draws (faults with a `probability`): fixed, so a test that
 * uses one sees the same hits on every run (the emulator's `reset()` before each test starts
 * the draws over).
 */
export const FAULT_SEED = 20_261_202;

/** An emulator with a signed and an unsigned app monitor, serving a fresh folder of pages. */
export const startSite = async (): Promise<Site> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-e2e-'));
  // CWR_E2E_DIST: another build's dist/cdn (e.g. an older commit's, to see a test fail there).
  const dist = process.env.CWR_E2E_DIST || path.join(ROOT, 'dist/cdn');
  for (const f of fs.readdirSync(dist)) fs.copyFileSync(path.join(dist, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'favicon.ico'), '');
  const emu = await startEmulator({
    appMonitors: [
      { id: APP_ID, region: REGION },
      { id: OPEN_APP_ID, region: REGION, allowUnsigned: true },
    ],
    credentials: [CREDS],
    staticDir: dir,
    faultSeed: FAULT_SEED,
  });
  return {
    emu,
    dir,
    url: (p) => new URL(p, emu.url).href,
    page(name, html) {
      fs.writeFileSync(path.join(dir, name), html);
      return new URL(name, emu.url).href;
    },
    async close() {
      await emu.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};

/**
 * Per test file: one browser and one site for all its tests, closed afterwards, the
 * emulator's store emptied before each test. The hooks fill in the returned object.
 */
export const useBrowserAndSite = (): { browser: Browser; site: Site } => {
  const t = {} as { browser: Browser; site: Site };
  beforeAll(async () => {
    [t.browser, t.site] = await Promise.all([launchBrowser(), startSite()]);
  });
  afterAll(async () => {
    await t.browser?.close();
    await t.site?.close();
  });
  beforeEach(() => t.site.emu.reset());
  return t;
};

/** A page that installs the client with the seed's snippet; `before` runs right after it. */
export const snippetPage = (o: {
  config: object;
  /** The snippet's 7th argument: a remote config document's URL. */
  configUrl?: string;
  appMonitorId?: string;
  /** A script that runs before the snippet (the engines' console hook). */
  first?: string;
  before?: string;
  body?: string;
  title?: string;
}): string => `<!doctype html>
<html><head><meta charset="utf-8"><title>${o.title ?? 'e2e page'}</title>
${o.first ? `<script>${o.first}</script>` : ''}<script>${renderSnippet({ appMonitorId: o.appMonitorId ?? APP_ID, appVersion: '1.0.0', region: REGION, clientUrl: '/cwr.js', config: o.config, configUrl: o.configUrl })}</script>
<script>${o.before ?? ''}</script>
</head><body>${o.body ?? '<h1>e2e</h1>'}</body></html>`;

/** Resolves once cwr.js has loaded and replaced the snippet's queue. */
export const clientReady = (page: Page): Promise<unknown> =>
  page.waitForFunction(() => {
    const g = (window as unknown as { AwsRumClient?: { q: unknown[] } }).AwsRumClient;
    return !!g && g.q.push !== Array.prototype.push;
  });

/** Runs `cwr(command, payload)` in the page and returns what it returned. */
export const cwr = (page: Page, command: string, payload?: unknown): Promise<unknown> =>
  page.evaluate(
    ([c, p]) => (window as unknown as { cwr: (c: string, p?: unknown) => unknown }).cwr(c, p),
    [command, payload] as const,
  );

/** How often `waitFor` looks again: a poll of a condition, not a wait for time to pass. */
const POLL_MS = 25;

/**
 * Resolves with `probe()`'s value once it is truthy (it may be async: emulator state, a page
 * evaluation); fails after `ms`, saying `what` and what `describe` says of the last value.
 */
export const waitFor = async <T>(
  probe: () => T | Promise<T>,
  what: string,
  ms = 10_000,
  describe: (last: T) => string = (last) => JSON.stringify(last),
): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}; last: ${describe(value)}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
};

/** Polls the emulator until `predicate` holds for its events (or fails after `ms`). */
export const waitForEvents = async (
  emu: Emulator,
  predicate: (events: StoredEvent[]) => boolean,
  ms = 10_000,
  filter: { appMonitorId?: string } = {},
): Promise<StoredEvent[]> => {
  let events: StoredEvent[] = [];
  await waitFor(
    () => predicate((events = emu.events(filter))),
    'events',
    ms,
    () => `the emulator has ${events.length} events: ${events.map((e) => e.event.type).join(', ')}`,
  );
  return events;
};

/** Polls the emulator until it has seen `n` PutRumEvents calls in all (counted on arrival). */
export const waitForRequests = (emu: Emulator, n: number, ms = 10_000): Promise<number> =>
  waitFor(
    () => (emu.stats().requests >= n ? emu.stats().requests : 0),
    `${n} PutRumEvents calls`,
    ms,
    () => `${emu.stats().requests} calls`,
  );

/**
 * Records `type` in the page, flushes, and waits until the emulator has it: everything the page
 * recorded before it was sent before it (a page's events go out in order, one batch at a time),
 * so an absence can be asserted then.
 */
export const sendMarker = async (
  page: Page,
  emu: Emulator,
  type = 'e2e.marker',
  filter: { appMonitorId?: string } = {},
): Promise<StoredEvent[]> => {
  const before = emu.events(filter).filter((e) => e.event.type === type).length;
  await page.evaluate((ty) => {
    const w = window as unknown as { cwr: (c: string, p?: unknown) => void };
    w.cwr('recordEvent', { type: ty, data: {} });
    w.cwr('dispatch');
  }, type);
  return waitForEvents(
    emu,
    (e) => e.filter((x) => x.event.type === type).length > before,
    10_000,
    filter,
  );
};

export const short = (type: string): string => type.replace('com.amazon.rum.', '');

/** Collects console errors and uncaught page errors: the client must never cause the latter. */
export const watchConsole = (page: Page) => {
  const errors: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  return { errors, pageErrors };
};

export type { Browser, BrowserContext, Page };
