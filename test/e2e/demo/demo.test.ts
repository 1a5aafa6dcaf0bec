/**
 * What `npm start` gives a new user, end to end: the demo site and the emulator started by the
 * same function the `start` command uses (with a data file of its own), a real Chromium clicking
 * through the demo (every button, three plain pages, the single-page app's routes), then the
 * viewer at /_emulator/ checked against what the emulator stored.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../chromium';
import { waitFor } from '../harness';

import type * as StartCommand from '../../../cli/start';
import { testIo } from '../../cli/io';

type Started = StartCommand.Started;

interface Stored {
  seq: number;
  appMonitorId: string;
  userDetails: { sessionId: string; userId: string };
  signed: boolean;
  presigned: boolean;
  accessKeyId?: string;
  event: {
    id: string;
    timestamp: number;
    type: string;
    metadata: Record<string, unknown>;
    details: Record<string, unknown>;
  };
}

jest.setTimeout(60_000);

const ROOT = path.join(__dirname, '../../..');
// The compiled command (npm run build), as npm start runs it: its emulator serves the built viewer.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled CLI is CommonJS
const start = require(
  path.join(ROOT, 'packages/emulator/dist/cli/start.js'),
) as typeof StartCommand;
const RUM = 'com.amazon.rum.';
const ERROR = RUM + 'js_error_event';
const HTTP = RUM + 'http_event';
/** The viewer's vital keys, their event types and thresholds (good ≤ first, poor > second). */
const VITALS: Record<string, { type: string; good: number; poor: number }> = {
  lcp: { type: RUM + 'largest_contentful_paint_event', good: 2500, poor: 4000 },
  fcp: { type: RUM + 'first_contentful_paint_event', good: 1800, poor: 3000 },
  cls: { type: RUM + 'cumulative_layout_shift_event', good: 0.1, poor: 0.25 },
  inp: { type: RUM + 'interaction_to_next_paint_event', good: 200, poor: 500 },
  ttfb: { type: RUM + 'time_to_first_byte_event', good: 800, poor: 1800 },
  fid: { type: RUM + 'first_input_delay_event', good: 100, poor: 300 },
};
const rate = (key: string, value: number) =>
  value <= VITALS[key].good ? 'good' : value <= VITALS[key].poor ? 'needs-improvement' : 'poor';

let dir: string;
let dataFile: string;
let started: Started;
let browser: Browser;
const printed: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-demo-e2e-'));
  dataFile = path.join(dir, 'events.jsonl');
  const io = testIo({ out: (text) => printed.push(text), err: (text) => printed.push(text) });
  const outcome = await start.run({ port: '0', 'demo-port': '0', data: dataFile }, io);
  if (typeof outcome === 'number') throw new Error(`start exited with ${outcome}`);
  started = outcome;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await started?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const getJson = async <T>(route: string): Promise<T> => {
  const response = await fetch(started.emulator.url + route);
  if (!response.ok) throw new Error(`GET ${route}: ${response.status}`);
  return (await response.json()) as T;
};

/** Every stored event of a session (the query filter, and a filter here in case it is ignored). */
const sessionEvents = async (sessionId: string): Promise<Stored[]> => {
  const { events } = await getJson<{ events: Stored[] }>(
    `/_emulator/events?session=${encodeURIComponent(sessionId)}`,
  );
  return events.filter((e) => e.userDetails.sessionId === sessionId);
};

/** Reads `read()` until `done` says yes, and returns that value; fails after `ms`, with the last. */
const settled = async <T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000) => {
  let last!: T;
  await waitFor(
    async () => done((last = await read())),
    'the expected value',
    ms,
    () => JSON.stringify(last),
  );
  return last;
};

const click = (page: Page, action: string) => page.click(`[data-action="${action}"]`);

it('prints where the demo, the viewer, the emulator and the data file are', () => {
  // What start printed: its summary, nothing before it but the emulator's log (no banner).
  const summary = printed.join('\n');
  expect(summary).toContain(start.summary(started));
  expect(summary).not.toContain('CloudWatch RUM emulator listening on');
  expect(summary).toContain(`${started.demo.url}/`);
  expect(summary).toContain(`${started.emulator.url}/_emulator/`);
  expect(summary).toContain(started.emulator.url);
  expect(summary).toContain(dataFile);
  expect(started.options.dataFile).toBe(dataFile);
  expect(new URL(started.demo.url).port).not.toBe(new URL(started.emulator.url).port);
});

it('records a click-through of the demo, and the viewer shows what the emulator stored', async () => {
  const page = await browser.newPage();
  const clientMessages: string[] = [];
  page.on('console', (m) => {
    if (/\[cwr\]/.test(m.text()) && (m.type() === 'warning' || m.type() === 'error')) {
      clientMessages.push(m.text());
    }
  });

  // ---- home: every button ----
  await page.goto(started.demo.url + '/');
  await page.waitForFunction(
    () => typeof window.cwr === 'function' && !!window.cwr('getSessionId'),
  );
  const sessionId = (await page.evaluate(() => window.cwr('getSessionId'))) as string;
  await page.waitForSelector('[data-action="throw"]');

  await click(page, 'throw');
  await click(page, 'reject');
  await click(page, 'fetch-500');
  await click(page, 'xhr-404');
  const slow = page.waitForResponse((r) => r.url().includes('/api/slow'));
  await click(page, 'slow');
  const traced = page.waitForResponse((r) => r.url().includes('/api/traced'));
  await click(page, 'traced');
  const tracedBody = (await (await traced).json()) as {
    traceHeader: boolean;
    'x-amzn-trace-id': string;
  };
  expect(tracedBody.traceHeader).toBe(true);
  await click(page, 'image');
  await click(page, 'missing-image');
  await click(page, 'custom');
  // Consent off: this custom event is not recorded; then on again.
  await click(page, 'consent');
  await expect(page.textContent('[data-consent-state]')).resolves.toBe('off');
  await click(page, 'custom');
  await click(page, 'consent');
  await expect(page.textContent('[data-consent-state]')).resolves.toBe('on');
  await slow;
  await click(page, 'dispatch');

  // ---- two plain pages ----
  await page.click('header nav a[href="/products"]');
  await page.waitForURL('**/products');
  await page.click('[data-add-to-cart="mug"]');
  await page.click('header nav a[href="/about"]');
  await page.waitForURL('**/about');

  // ---- the single-page app: client routes, then a poor interaction and a layout shift ----
  await page.click('header nav a[href="/app/"]');
  await page.waitForURL('**/app/');
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  await page.click('#view [data-add-to-cart="tee"]');
  await page.click('.routes a[href="/app/cart"]');
  await page.waitForSelector('table.cart');
  await page.click('.routes a[href="/app/checkout"]');
  const order = page.waitForResponse((r) => r.url().endsWith('/api/ok'));
  await page.click('[data-place-order]');
  await order;
  await click(page, 'throw');
  await click(page, 'slow-click');
  await click(page, 'layout-shift');
  await page.waitForSelector('.banner');
  // Routes changed without loading a page.
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(
    true,
  );
  // The diagnostics post (every 3 s) has happened for this page.
  await page.waitForResponse((r) => r.url().endsWith('/_emulator/diagnostics'), {
    timeout: 10_000,
  });
  expect(clientMessages).toEqual([]);
  // Leaving sends what is left (CLS, INP, LCP of the last page) with a beacon.
  await page.goto('about:blank');

  // ---- what the emulator stored ----
  // Every error, and the CLS of the last page (in the beacon sent when it was left).
  const events = await settled(
    () => sessionEvents(sessionId),
    (list) =>
      list.filter((e) => e.event.type === ERROR).length >= 3 &&
      list.some(
        (e) => e.event.type === VITALS.cls.type && e.event.metadata.pageId === '/app/checkout',
      ),
    15_000,
  );
  const ofType = (type: string) => events.filter((e) => e.event.type === type);
  const errors = ofType(ERROR);
  const http = ofType(HTTP);
  expect(errors.map((e) => e.event.details.message).sort()).toEqual([
    'Demo: uncaught error #1 on /',
    expect.stringMatching(/^Demo: uncaught error #\d+ on \/app\/checkout$/),
    'Demo: unhandled rejection #2 on /',
  ]);
  const httpSeen = http.map((e) => {
    const d = e.event.details as {
      request: { method: string; url: string };
      response?: { status: number };
    };
    return `${d.request.method} ${new URL(d.request.url).pathname} ${d.response?.status}`;
  });
  expect(httpSeen.sort()).toEqual([
    'GET /api/fail 500',
    'GET /api/missing 404',
    'GET /api/slow 200',
    'GET /api/traced 200',
    'POST /api/ok 200',
  ]);
  // The trace header the API received is the one the http event names.
  const tracedEvent = http.find((e) =>
    String((e.event.details.request as { url: string }).url).includes('/api/traced'),
  );
  expect(tracedBody['x-amzn-trace-id']).toContain(`Root=${tracedEvent?.event.details.trace_id}`);
  // The page's own calls to the emulator are not recorded as the app's.
  expect(JSON.stringify(events)).not.toContain('/_emulator/');
  const custom = ofType('demo.button_clicked');
  expect(custom).toHaveLength(1);
  const pages = ofType(RUM + 'page_view_event')
    .sort((a, b) => a.event.timestamp - b.event.timestamp)
    .map((e) => e.event.details.pageId);
  expect(pages).toEqual(['/', '/products', '/about', '/app/', '/app/cart', '/app/checkout']);
  // Signed (or presigned, for the page-hide beacons) with credentials from the Cognito pool.
  for (const e of events) {
    expect(e.signed || e.presigned).toBe(true);
    expect(e.accessKeyId).toMatch(/^ASIA/);
  }
  // Persisted: the data file has every event of the session.
  const lines = fs.readFileSync(dataFile, 'utf8');
  for (const e of events) expect(lines).toContain(e.event.id);

  const { sessions } = await getJson<{
    sessions: { sessionId: string; events: number; vitals: Record<string, number> }[];
  }>('/_emulator/sessions');
  const summary = sessions.find((s) => s.sessionId === sessionId);
  expect(summary).toBeDefined();
  expect(summary!.events).toBe(events.length);
  const storedVitals = Object.keys(VITALS).filter((k) => ofType(VITALS[k].type).length > 0);
  expect(storedVitals).toEqual(expect.arrayContaining(['lcp', 'fcp', 'cls', 'inp', 'ttfb']));
  // The last page's INP and CLS were made bad on purpose.
  expect(rate('inp', summary!.vitals.inp)).not.toBe('good');
  expect(rate('cls', summary!.vitals.cls)).not.toBe('good');

  // ---- the viewer ----
  const viewer = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const viewerErrors: string[] = [];
  viewer.on('pageerror', (e) => viewerErrors.push(e.message));
  await viewer.goto(started.emulator.url + '/_emulator/');
  const row = viewer.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
  await row.waitFor();
  // Listed with its numbers (events, errors) as stored.
  const rowText = await settled(
    async () => (await row.textContent()) ?? '',
    (t) => t.includes(`${events.length} events`),
  );
  expect(rowText).toContain(`${events.length} events`);
  expect(rowText).toContain(`${errors.length} errors`);
  await row.click();

  const errorRows = viewer.locator('[data-testid="error-row"]');
  expect(
    await settled(
      () => errorRows.count(),
      (n) => n === errors.length,
    ),
  ).toBe(errors.length);
  const errorTexts = await errorRows.allTextContents();
  for (const e of errors) {
    expect(errorTexts.some((t) => t.includes(String(e.event.details.message)))).toBe(true);
  }

  const httpRows = viewer.locator('[data-testid="http-row"]');
  expect(
    await settled(
      () => httpRows.count(),
      (n) => n === http.length,
    ),
  ).toBe(http.length);
  const httpTexts = await httpRows.allTextContents();
  for (const e of http) {
    const d = e.event.details as { request: { url: string }; response?: { status: number } };
    const url = new URL(d.request.url);
    expect(
      httpTexts.some(
        (t) =>
          (t.includes(d.request.url) || t.includes(url.pathname + url.search)) &&
          t.includes(String(d.response?.status)),
      ),
    ).toBe(true);
  }

  const cards = viewer.locator('[data-testid="vital-card"]');
  expect(
    await settled(
      () => cards.count(),
      (n) => n >= storedVitals.length,
    ),
  ).toBeGreaterThanOrEqual(storedVitals.length);
  const shown = await cards.evaluateAll((els) =>
    els.map((el) => ({
      vital: (el.getAttribute('data-vital') ?? '').toLowerCase(),
      rating: el.getAttribute('data-rating'),
    })),
  );
  for (const key of storedVitals) {
    const card = shown.find((c) => c.vital === key || c.vital === VITALS[key].type);
    expect(card).toBeDefined();
    // A card rates the session's worst value (the summary holds its last): six page loads
    // make six LCPs, and the last need not be the worst.
    const worst = Math.max(
      ...ofType(VITALS[key].type).map((e) => (e.event.details as { value: number }).value),
    );
    expect([key, card!.rating]).toEqual([key, rate(key, worst)]);
  }

  const timelineRows = viewer.locator('[data-testid="timeline-row"]');
  const timelineCount = await settled(
    () => timelineRows.count(),
    (n) => n > 0,
  );
  expect(timelineCount).toBeGreaterThan(0);
  expect(timelineCount).toBeLessThanOrEqual(events.length);
  const requestRows = viewer.locator('[data-testid="request-row"]');
  expect(
    await settled(
      () => requestRows.count(),
      (n) => n > 0,
    ),
  ).toBeGreaterThan(0);
  const requestTexts = await viewer.locator('[data-testid="request-row"]').allTextContents();
  expect(requestTexts.some((t) => /accepted/i.test(t))).toBe(true);
  expect(requestTexts.some((t) => /refused/i.test(t))).toBe(false);

  const diagnostics = viewer.locator('[data-testid="diagnostics"]');
  await diagnostics.waitFor();
  const diagnosticsText = await settled(
    async () => ((await diagnostics.textContent()) ?? '').trim(),
    (t) => t.length > 0,
  );
  expect(diagnosticsText).not.toBe('');
  const stored = await getJson<{ diagnostics: { sessionId: string }[] }>('/_emulator/diagnostics');
  expect(stored.diagnostics.some((d) => d.sessionId === sessionId)).toBe(true);

  const count = (await viewer.locator('[data-testid="event-count"]').first().textContent()) ?? '';
  const numbers = (count.match(/\d[\d,]*/g) ?? []).map((n) => Number(n.replace(/,/g, '')));
  expect(numbers).toContain(events.length);

  expect(viewerErrors).toEqual([]);
  // The picture for the README: the session's web vitals, their distribution and its requests.
  await cards
    .first()
    .evaluate((card) => (card.closest('section') ?? card).scrollIntoView({ block: 'start' }));
  // Scrolled at once (no smooth scrolling): shoot once a frame has been painted since.
  await viewer.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  const shot = await viewer.screenshot({ fullPage: false });
  fs.mkdirSync(path.join(ROOT, 'test/artifacts'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'test/artifacts/viewer.png'), shot);
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.mkdirSync(path.join(ROOT, 'docs/img'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'docs/img/viewer.png'), shot);
  }
  await viewer.close();
  await page.close();
});

declare global {
  interface Window {
    cwr: (command: string, payload?: unknown) => unknown;
  }
}
