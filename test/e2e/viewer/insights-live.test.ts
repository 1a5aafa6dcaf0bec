/**
 * The viewer's insight panels (docs/insights.md, docs/emulator.md) from a real client's events:
 * one shop page in Chromium with the CDN build (urlNormalizer, route timing, long frames,
 * frustration signals, every request recorded), a journey made of real clicks — two orders
 * opened by route changes whose data comes from a slow API, a checkout button whose listener in
 * cart.js blocks the main thread, a rage burst, a dead click and a click whose handler throws —
 * then the page left for another; then the emulator's viewer on that session.
 *
 * Writes its picture to test/artifacts/viewer-insights-live.png, and with UPDATE_SCREENSHOT=1
 * to docs/img/viewer-insights.png (the picture of docs/emulator.md).
 *
 * CWR_VIEWER_DIR points the test at another build of the viewer, CWR_E2E_DIST at another
 * dist/cdn.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../chromium';
import { shootInsights } from './insights-shot';
import { startEmulator, type Emulator, type StoredEvent } from '../../../emulator';
import {
  APP_ID,
  CREDS,
  FAULT_SEED,
  REGION,
  clientReady,
  snippetPage,
  waitForEvents,
} from '../harness';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '../../..');
const VIEWER_DIR =
  process.env.CWR_VIEWER_DIR || path.join(ROOT, 'packages/emulator/dist/emulator/viewer');
const DIST = process.env.CWR_E2E_DIST || path.join(ROOT, 'dist/cdn');

/** The order API answers after this long (the server's latency, not a wait in the test). */
const SLOW_MS = 300;
/** How long the checkout listener keeps the main thread busy. */
const BUSY_MS = 200;

/** The shop's router: a link opens its order (pushState), fetches it, then renders it. */
const SHOP_JS = `const view = document.getElementById('view');
const count = document.getElementById('count');
function openOrder(path) {
  history.pushState({}, '', path);
  view.innerHTML = '<p class="spinner">Loading ' + path + '…</p>';
  return fetch('/api' + path)
    .then((r) => r.json())
    .then((order) => {
      view.innerHTML = '<h2>Order ' + order.id + '</h2><p>' + order.items + ' items</p>';
    });
}
for (const a of document.querySelectorAll('a[data-route]'))
  a.addEventListener('click', (e) => {
    e.preventDefault();
    openOrder(a.getAttribute('href'));
  });
document.getElementById('add').addEventListener('click', () => {
  count.textContent = String(Number(count.textContent) + 1);
});
document.getElementById('pay').addEventListener('click', () => {
  throw new Error('payment form not ready');
});
`;

/** The slow part of the shop, in a file of its own: a named listener that blocks ~200 ms. */
const CART_JS = `function recalculateCart() {
  var end = performance.now() + ${BUSY_MS};
  while (performance.now() < end);
  this.textContent = 'Checked out';
}
document.getElementById('checkout').addEventListener('click', recalculateCart);
`;

const BODY = `<nav><a id="order-1" data-route href="/orders/12345">Order 12345</a>
<a id="order-2" data-route href="/orders/67890">Order 67890</a></nav>
<main id="view"><h1>Shop</h1></main>
<p><button id="add">Add to cart</button> <span id="count">0</span> in the cart</p>
<p><button id="coupon">Apply coupon</button></p>
<p><button id="pay">Pay</button></p>
<p><button id="checkout">Checkout</button></p>
<script src="/shop.js"></script>
<script src="/cart.js"></script>`;

/** Tells the page when a capturing click listener is added to the document (the client's). */
const HOOK = `(() => {
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, o) {
    if (this === document && type === 'click' && o === true) window.__clicks = true;
    return add.apply(this, arguments);
  };
})();`;

let browser: Browser;
let emu: Emulator;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-e2e-live-'));
  for (const f of fs.readdirSync(DIST)) fs.copyFileSync(path.join(DIST, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'favicon.ico'), '');
  fs.writeFileSync(path.join(dir, 'shop.js'), SHOP_JS);
  fs.writeFileSync(path.join(dir, 'cart.js'), CART_JS);
  [browser, emu] = await Promise.all([
    launchChromium(),
    startEmulator({
      appMonitors: [{ id: APP_ID, region: REGION }],
      credentials: [CREDS],
      staticDir: dir,
      viewerDir: VIEWER_DIR,
      faultSeed: FAULT_SEED,
    }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await emu?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const n = (events: StoredEvent[], type: string) =>
  events.filter((e) => e.event.type === type || e.event.type === `com.amazon.rum.${type}`).length;
const navigations = (events: StoredEvent[], initiator: string) =>
  events.filter(
    (e) =>
      e.event.type.endsWith('performance_navigation_event') &&
      e.event.details.initiatorType === initiator,
  );
type Script = { sourceURL?: string; sourceFunctionName?: string; duration: number };
const cartFrame = (events: StoredEvent[]) =>
  events
    .filter((e) => e.event.type === 'cwr.long_animation_frame')
    .map((e) => e.event.details as { duration: number; scripts: Script[] })
    .find((f) => f.scripts.some((s) => /\/cart\.js$/.test(s.sourceURL ?? '')));

/** The shop journey in one page, with real clicks; resolves once the page has closed. */
const shop = async (): Promise<void> => {
  fs.writeFileSync(
    path.join(dir, 'shop.html'),
    snippetPage({
      config: {
        endpoint: emu.url,
        dispatchInterval: 300,
        urlNormalizer: true,
        telemetries: [
          ['performance', { routeTiming: true, longFrames: true }],
          ['interaction', { frustration: true }],
          ['http', { recordAllRequests: true }],
        ],
      },
      first: HOOK,
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
      body: BODY,
      title: 'Shop',
    }),
  );
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.route('**/api/orders/*', async (route) => {
    await new Promise((r) => setTimeout(r, SLOW_MS));
    const id = new URL(route.request().url()).pathname.split('/').pop();
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ id, items: 3 }),
    });
  });
  await page.goto(emu.url + '/shop.html');
  await clientReady(page);
  // The frustration listener is on, the insights chunk has run (route timing, long frames),
  // and the performance chunk has recorded the page's load.
  await page.waitForFunction(() => {
    const w = window as unknown as { __clicks?: boolean; __cwrChunks?: Record<string, unknown> };
    return !!w.__clicks && !!w.__cwrChunks?.['cwr-insights.js'];
  });
  await waitForEvents(emu, (e) => navigations(e, 'navigation').length === 1, 30_000);

  // Two orders: each view is timed once it is quiet, before the next begins.
  await page.click('#order-1');
  await page.locator('#view h2').filter({ hasText: 'Order 12345' }).waitFor();
  await waitForEvents(emu, (e) => navigations(e, 'route_change').length === 1, 30_000);
  await page.click('#order-2');
  await page.locator('#view h2').filter({ hasText: 'Order 67890' }).waitFor();
  await waitForEvents(emu, (e) => navigations(e, 'route_change').length === 2, 30_000);

  // A rage burst on "Add to cart", a dead "Apply coupon", a "Pay" that throws: each waited for,
  // so that one's window does not overlap the next.
  // Three clicks, each its own input (clickCount: 3 sends them before a task of the page's
  // can run between them: the client takes such clicks for one click's nested dispatches).
  for (let i = 0; i < 3; i++) await page.click('#add');
  await waitForEvents(emu, (e) => n(e, 'cwr.rage_click') === 1, 30_000);
  await page.click('#coupon');
  await waitForEvents(emu, (e) => n(e, 'cwr.dead_click') === 1, 30_000);
  await page.click('#pay');
  await waitForEvents(emu, (e) => n(e, 'cwr.error_click') === 1, 30_000);

  // The slow checkout: its frame arrives as a long animation frame with cart.js's listener.
  await page.click('#checkout');
  await page.locator('#checkout').filter({ hasText: 'Checked out' }).waitFor();
  await waitForEvents(emu, (e) => !!cartFrame(e), 30_000);

  // Hidden: the page load's INP (web-vitals) and whatever is left go out. Left by a navigation,
  // which always runs the page's visibilitychange and pagehide to the end (closing the tab
  // under load sometimes tore the page down before web-vitals' report went out).
  await page.evaluate(() => (window as unknown as { cwr: (c: string) => void }).cwr('dispatch'));
  await page.goto('about:blank');
  await waitForEvents(emu, (e) => n(e, 'interaction_to_next_paint_event') >= 1, 30_000);
  await page.close();
  expect(pageErrors).toEqual(['payment form not ready']);
};

it("shows a real client's page loads, INP frames, frustration and URL groups", async () => {
  await shop();
  const events = emu.events();
  const origin = new URL(emu.url).origin;
  // What the emulator received, for the record.
  const types: Record<string, number> = {};
  for (const e of events) types[e.event.type] = (types[e.event.type] ?? 0) + 1;
  const routes = navigations(events, 'route_change').map((e) => [
    e.event.metadata.pageId,
    e.event.details.duration,
  ]);
  const frame = cartFrame(events)!;
  console.log(
    'RECEIVED',
    JSON.stringify({ types, routes, frame: { duration: frame.duration, scripts: frame.scripts } }),
  );
  expect(new Set(events.map((e) => e.userDetails?.sessionId)).size).toBe(1);

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${emu.url}/_emulator/`);
  await page.waitForFunction(
    () =>
      document.querySelectorAll('[data-testid="load-row"]').length === 3 &&
      document.querySelectorAll('[data-testid="inp-frame"]').length >= 1 &&
      document.querySelectorAll(
        '[data-testid="frustration-session"] [data-testid="frustration-row"]',
      ).length >= 3 &&
      document.querySelectorAll('[data-testid="url-group"][data-kind="http"]').length >= 1,
    undefined,
    { timeout: 30_000 },
  );

  // Page loads: the page load, then the two orders' route changes, each at least the API's wait.
  const loads = await page.$$eval('[data-testid="load-row"]', (rows) =>
    rows.map((r) => {
      const el = r as HTMLElement;
      return {
        page: el.dataset.page,
        kind: el.dataset.kind,
        duration: Number(el.dataset.duration),
      };
    }),
  );
  expect(loads.map((l) => [l.page, l.kind])).toEqual([
    ['/shop.html', 'load'],
    ['/orders/:id', 'route'],
    ['/orders/:id', 'route'],
  ]);
  expect(loads[0].duration).toBeGreaterThan(0);
  for (const l of loads.slice(1)) expect(l.duration).toBeGreaterThanOrEqual(SLOW_MS);
  const byPage = await page.$$eval('[data-testid="load-page"]', (rows) =>
    rows.map((r) => [
      (r as HTMLElement).dataset.page,
      r.querySelector('[data-testid="load-page-views"]')?.textContent,
    ]),
  );
  expect(byPage).toEqual([
    ['/orders/:id', '2'],
    ['/shop.html', '1'],
  ]);

  // The page load's LCP is the shop page's, though web-vitals reported it at the first click,
  // which had opened an order's route by then.
  const lcp = page.locator('[data-testid="vital-card"][data-vital="lcp"]');
  expect(await lcp.getAttribute('data-page')).toBe('/shop.html');
  // The INP is the checkout click, on an order's page, and its frame has cart.js's listener.
  const inp = page.locator('[data-testid="vital-card"][data-vital="inp"]');
  expect(await inp.getAttribute('data-page')).toBe('/orders/:id');
  expect(await page.locator('[data-testid="inp-frames-note"]').textContent()).toContain(
    '#checkout',
  );
  const frames = await page.$$eval('[data-testid="inp-frame"]', (list) =>
    list.map((f) => ({
      duration: Number((f as HTMLElement).dataset.duration),
      scripts: [...f.querySelectorAll('[data-testid="inp-script"]')].map((s) =>
        [...s.children].map((c) => c.textContent ?? ''),
      ),
    })),
  );
  const cart = frames.find((f) => f.scripts.some((s) => /^cart\.js\b/.test(s[3])));
  expect(cart).toBeDefined();
  expect(cart!.duration).toBeGreaterThanOrEqual(BUSY_MS);
  expect(cart!.scripts.find((s) => /^cart\.js\b/.test(s[3]))).toEqual([
    expect.stringMatching(/ms$/),
    'BUTTON#checkout.onclick',
    'recalculateCart',
    expect.stringMatching(/^cart\.js(:\d+)?$/),
  ]);

  // Frustration: one signal of each kind, on the element it was made on.
  const table = await page.$$eval(
    '[data-testid="frustration-session"] [data-testid="frustration-row"]',
    (rows) =>
      rows.map((r) => [
        (r as HTMLElement).dataset.selector,
        (r as HTMLElement).dataset.page,
        ...['rage', 'dead', 'error', 'total'].map(
          (k) => r.querySelector(`[data-signal="${k}"]`)?.textContent,
        ),
      ]),
  );
  expect(table).toEqual([
    ['button#add', '/orders/:id', '1', '0', '0', '1'],
    ['button#coupon', '/orders/:id', '0', '1', '0', '1'],
    ['button#pay', '/orders/:id', '0', '0', '1', '1'],
  ]);

  // URL groups: both orders' requests as one API URL; no raw order number anywhere.
  const groups = await page.$$eval('[data-testid="url-group"]', (rows) =>
    rows.map((r) => [
      (r as HTMLElement).dataset.kind,
      (r as HTMLElement).dataset.url,
      r.querySelector('[data-testid="url-count"]')?.textContent,
    ]),
  );
  expect(groups.filter((g) => g[0] === 'http')).toEqual([
    ['http', `${origin}/api/orders/:id`, '2'],
  ]);
  const pages = await page.$$eval('[data-testid="url-page"]', (rows) =>
    rows.map((r) => [
      (r as HTMLElement).dataset.page,
      r.querySelector('[data-testid="url-count"]')?.textContent,
    ]),
  );
  expect(pages).toEqual([
    ['/orders/:id', '2'],
    ['/shop.html', '1'],
  ]);
  expect(await page.locator('#sec-urls').textContent()).not.toMatch(/12345|67890/);

  // The picture for docs/emulator.md: from the web vitals' cards to the URL groups.
  await shootInsights(page, 'viewer-insights-live.png', process.env.UPDATE_SCREENSHOT === '1');
  expect(errors).toEqual([]);
  await page.close();
});
