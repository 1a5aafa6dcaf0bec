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

/** Polls the emulator until `predicate` holds for its events (or fails after `ms`). */
export const waitForEvents = async (
  emu: Emulator,
  predicate: (events: StoredEvent[]) => boolean,
  ms = 10_000,
  filter: { appMonitorId?: string } = {},
): Promise<StoredEvent[]> => {
  const end = Date.now() + ms;
  for (;;) {
    const events = emu.events(filter);
    if (predicate(events)) return events;
    if (Date.now() > end) {
      throw new Error(
        `timed out; the emulator has ${events.length} events: ${events.map((e) => e.event.type).join(', ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
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
