/**
 * The built viewer (packages/emulator/dist/emulator/viewer, from `npm run build`) in a real Chromium, against an
 * emulator holding sessions posted through PutRumEvents: a phone-sized screen (390 × 844) with
 * no sideways scrolling of the page, the session's worst web vital and the page it was on, the
 * insights (page loads per view, the long frames under the INP, frustration counts, URL
 * groups; docs/insights.md), and the empty state's pointer to the demo site.
 *
 * The insights case writes its picture to test/artifacts/viewer-insights.png (docs/img's picture
 * comes from a real client's events: insights-live.test.ts).
 *
 * CWR_VIEWER_DIR points the test at another build of the viewer (to check one without running
 * the whole build).
 */
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../chromium';
import { shootInsights } from './insights-shot';
import { startEmulator, type Emulator } from '../../../emulator';
import {
  APP_MONITORS,
  OPEN_MONITOR_ID,
  post,
  wireEvent,
  type WireEvent,
} from '../../emulator/helpers';
import { sessionBatch, sid, userOf, vital } from '../../emulator/viewer-helpers';

jest.setTimeout(60_000);

const ROOT = path.join(__dirname, '../../..');
const VIEWER_DIR =
  process.env.CWR_VIEWER_DIR || path.join(ROOT, 'packages/emulator/dist/emulator/viewer');
const RUM = 'com.amazon.rum.';
const SESSION = sid(0x390);

/** Metadata as the client sends it, on page `pageId` (page view number `interaction`). */
const meta = (pageId: string, interaction: number) => ({
  version: '1.0.0',
  domain: 'shop.example',
  browserName: 'Chrome',
  browserVersion: '139.0.0.0',
  osName: 'Android',
  osVersion: '14',
  deviceType: 'mobile',
  pageId,
  interaction,
});

let browser: Browser;
let emu: Emulator;

beforeAll(async () => {
  [browser, emu] = await Promise.all([
    launchChromium(),
    startEmulator({ appMonitors: APP_MONITORS, viewerDir: VIEWER_DIR }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await emu?.close();
});

beforeEach(() => emu.reset());

const send = async (sessionId: string, events: WireEvent[]) => {
  const { status } = await post(
    `${emu.url}/appmonitors/${OPEN_MONITOR_ID}/`,
    JSON.stringify(sessionBatch(sessionId, events)),
  );
  expect(status).toBe(200);
};

/** One session: a slow click on `/` (INP 432 ms), then a quick one on `/products` (24 ms). */
const storeSession = () =>
  send(SESSION, [
    wireEvent(RUM + 'session_start_event', { version: '1.0.0' }, meta('/', 0)),
    wireEvent(RUM + 'page_view_event', { version: '1.0.0', pageId: '/' }, meta('/', 0)),
    vital('largest_contentful_paint_event', 1200, meta('/', 0)),
    vital('interaction_to_next_paint_event', 432, meta('/', 0)),
    wireEvent(
      RUM + 'page_view_event',
      { version: '1.0.0', pageId: '/products' },
      meta('/products', 1),
    ),
    vital('interaction_to_next_paint_event', 24, meta('/products', 1)),
    wireEvent(
      RUM + 'http_event',
      {
        version: '1.0.0',
        request: { method: 'GET', url: 'https://api.shop.example/v1/products?category=mugs' },
        response: { status: 200, statusText: 'OK' },
        trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      },
      meta('/products', 1),
    ),
  ]);

/** The viewer in a fresh page of this size; `errors` collects what the page threw. */
const openViewer = async (
  width: number,
  height: number,
): Promise<{ page: Page; errors: string[] }> => {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${emu.url}/_emulator/`);
  return { page, errors };
};

it('fits a 390 px wide screen: no sideways scrolling, the user id in at most two lines', async () => {
  await storeSession();
  const { page, errors } = await openViewer(390, 844);
  const user = page.locator('[data-testid="session-user"]');
  await user.waitFor();
  expect(await user.textContent()).toBe(userOf(SESSION));
  // The HTTP table has rows, so its columns are laid out.
  await page.locator('[data-testid="http-row"]').first().waitFor();

  const layout = await page.evaluate(() => {
    const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
    const userEl = document.querySelector('[data-testid="session-user"]')!;
    const style = getComputedStyle(userEl);
    const lineHeight =
      style.lineHeight === 'normal'
        ? parseFloat(style.fontSize) * 1.2
        : parseFloat(style.lineHeight);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      bodyScrollWidth: document.body.scrollWidth,
      userHeight: userEl.getBoundingClientRect().height,
      lineHeight,
      sessions: box('aside.sessions'),
      detail: box('main.detail'),
      widestSection: Math.max(
        ...[...document.querySelectorAll('section.card')].map(
          (s) => s.getBoundingClientRect().right,
        ),
      ),
      table: (() => {
        const t = document.querySelector('[data-testid="http-table"]')!;
        return { scrollWidth: t.scrollWidth, clientWidth: t.clientWidth };
      })(),
    };
  });
  expect(layout.scrollWidth).toBeLessThanOrEqual(390);
  expect(layout.bodyScrollWidth).toBeLessThanOrEqual(390);
  expect(layout.lineHeight).toBeGreaterThan(0);
  expect(layout.userHeight).toBeLessThanOrEqual(2 * layout.lineHeight + 1);
  // The sessions list sits above the details, both the screen's width.
  expect(layout.sessions.bottom).toBeLessThanOrEqual(layout.detail.top + 1);
  expect(layout.sessions.width).toBeLessThanOrEqual(390);
  expect(layout.widestSection).toBeLessThanOrEqual(390);
  // A table too wide for the screen scrolls inside its section instead.
  expect(layout.table.scrollWidth).toBeGreaterThan(layout.table.clientWidth);
  expect(errors).toEqual([]);
  await page.close();
});

it("shows the session's worst INP and the page it was on, not the latest", async () => {
  await storeSession();
  const { page, errors } = await openViewer(1280, 900);
  const inp = page.locator('[data-testid="vital-card"][data-vital="inp"]');
  await inp.waitFor();
  await page.waitForFunction(
    () =>
      document
        .querySelector('[data-testid="vital-card"][data-vital="inp"]')
        ?.getAttribute('data-rating') !== null,
  );
  expect(await inp.getAttribute('data-rating')).toBe('needs-improvement');
  expect(await inp.getAttribute('data-page')).toBe('/');
  const text = (await inp.textContent()) ?? '';
  expect(text).toContain('432 ms');
  expect(text).toContain('needs improvement');
  expect(text).toContain('on /');
  // Across all sessions: the p75 of the page views' values (nearest rank of 24 and 432: 432).
  const p75 = page.locator('[data-testid="vital-p75"][data-vital="inp"]');
  expect(await p75.getAttribute('data-rating')).toBe('needs-improvement');
  expect(await p75.textContent()).toContain('p75 of 2 page views');
  // One session, counted in the singular.
  expect(await page.locator('[data-testid="stat-sessions"]').textContent()).toBe('1 session');
  expect(errors).toEqual([]);
  await page.close();
});

/** A long animation frame (`cwr.long_animation_frame`) at `startTime` lasting `duration`. */
const frame = (
  startTime: number,
  duration: number,
  scripts: Record<string, unknown>[],
  pageId: string,
  interaction: number,
  inp = false,
) =>
  wireEvent(
    'cwr.long_animation_frame',
    {
      version: '1.0.0',
      startTime,
      duration,
      blockingDuration: duration - 50,
      renderStart: startTime + duration - 10,
      styleAndLayoutStart: startTime + duration - 8,
      scripts,
      ...(inp ? { inp: true } : {}),
    },
    meta(pageId, interaction),
  );
const click = (
  kind: 'rage' | 'dead' | 'error',
  selector: string,
  pageId: string,
  interaction: number,
  more: Record<string, unknown> = {},
) =>
  wireEvent(
    `cwr.${kind}_click`,
    { version: '1.0.0', selector, element: 'button', ...more },
    meta(pageId, interaction),
  );
const httpCall = (url: string, pageId: string, interaction: number) =>
  wireEvent(
    RUM + 'http_event',
    { version: '1.0.0', request: { method: 'GET', url }, response: { status: 200 } },
    meta(pageId, interaction),
  );
const pageViewAt = (pageId: string, interaction: number) =>
  wireEvent(
    RUM + 'page_view_event',
    { version: '1.0.0', pageId, interaction },
    meta(pageId, interaction),
  );

/**
 * Two sessions with the insights' events: page loads (a page load and a route change timed, one
 * view not), long frames around an INP, frustration clicks, and HTTP and resource URLs, some
 * grouped (`/orders/:id`) and some not (`/orders/123`).
 */
const storeInsights = async (shown: string, other: string) => {
  await send(other, [
    wireEvent(RUM + 'session_start_event', { version: '1.0.0' }, meta('/', 0)),
    pageViewAt('/', 0),
    wireEvent(
      RUM + 'performance_navigation_event',
      {
        version: '1.0.0',
        initiatorType: 'navigation',
        navigationType: 'navigate',
        startTime: 0,
        duration: 2410,
      },
      meta('/', 0),
    ),
    pageViewAt('/orders/:id', 1),
    click('rage', '#checkout', '/orders/:id', 1, { clicks: 4, duration: 900 }),
    ...[1, 2, 3].map(() => httpCall('https://api.shop.example/orders/:id', '/orders/:id', 1)),
  ]);
  await send(shown, [
    wireEvent(RUM + 'session_start_event', { version: '1.0.0' }, meta('/', 0)),
    pageViewAt('/', 0),
    wireEvent(
      RUM + 'performance_navigation_event',
      {
        version: '1.0.0',
        initiatorType: 'navigation',
        navigationType: 'navigate',
        startTime: 0,
        loadEventStart: 1180,
        duration: 1234,
      },
      meta('/', 0),
    ),
    pageViewAt('/orders/:id', 1),
    wireEvent(
      RUM + 'performance_navigation_event',
      {
        version: '1.0.0',
        initiatorType: 'route_change',
        navigationType: 'navigate',
        startTime: 5230.4,
        duration: 812.1,
      },
      meta('/orders/:id', 1),
    ),
    ...[1, 2, 3, 4, 5].map(() => httpCall('https://api.shop.example/orders/:id', '/orders/:id', 1)),
    httpCall('https://api.shop.example/orders/123/items', '/orders/:id', 1),
    httpCall('https://api.shop.example/orders/124/items', '/orders/:id', 1),
    ...[1, 2].map(() =>
      wireEvent(
        RUM + 'performance_resource_event',
        {
          version: '1.0.0',
          targetUrl: 'https://shop.example/js/cart.js',
          initiatorType: 'script',
          duration: 42,
          fileType: 'script',
        },
        meta('/orders/:id', 1),
      ),
    ),
    // The INP interaction: from 6000 to 6432 ms into the page.
    wireEvent(
      RUM + 'interaction_to_next_paint_event',
      {
        version: '1.0.0',
        value: 432,
        attribution: {
          interactionTarget: 'button#checkout',
          interactionType: 'pointer',
          interactionTime: 6000,
          nextPaintTime: 6432,
        },
      },
      meta('/orders/:id', 1),
    ),
    frame(
      5990,
      212.5,
      [
        {
          sourceURL: 'https://shop.example/js/cart.js',
          sourceFunctionName: 'recalculate',
          sourceCharPosition: 4410,
          invoker: 'BUTTON#checkout.onclick',
          invokerType: 'event-listener',
          startTime: 5991,
          duration: 195.2,
        },
        {
          sourceURL: 'https://shop.example/js/analytics.js',
          sourceFunctionName: 'track',
          invoker: 'TimerHandler:setTimeout',
          invokerType: 'user-callback',
          startTime: 6187,
          duration: 12.4,
        },
      ],
      '/orders/:id',
      1,
    ),
    frame(
      6210,
      150,
      [
        {
          sourceURL: 'https://shop.example/js/render.js',
          sourceFunctionName: 'paintCart',
          invoker: 'FrameRequestCallback',
          invokerType: 'user-callback',
          startTime: 6215,
          duration: 120,
        },
      ],
      '/orders/:id',
      1,
      true,
    ),
    // Long after the paint: not under the interaction.
    frame(9000, 300, [], '/orders/:id', 1),
    click('rage', '#checkout', '/orders/:id', 1, { clicks: 5, duration: 1200 }),
    click('dead', '#checkout', '/orders/:id', 1),
    click('error', '#pay', '/orders/:id', 1, { error: 'TypeError: total is undefined' }),
    click('dead', 'a.more', '/', 0),
    pageViewAt('/cart', 2),
  ]);
};

it("shows the insights: page loads per view, the INP's long frames, frustration, URL groups", async () => {
  const shown = sid(0x392);
  await storeInsights(shown, sid(0x391));
  const { page, errors } = await openViewer(1280, 900);
  // Everything has arrived once the last sections show the last events' numbers.
  await page.waitForFunction(
    () =>
      document.querySelectorAll('[data-testid="load-row"]').length === 3 &&
      document.querySelectorAll('[data-testid="inp-frame"]').length === 2 &&
      document.querySelectorAll('[data-testid="frustration-all"] [data-testid="frustration-row"]')
        .length === 3 &&
      document.querySelectorAll('[data-testid="url-group"]').length === 4,
  );
  expect(await page.locator('[data-testid="session-user"]').textContent()).toBe(userOf(shown));

  // Page loads: the first view from its navigation timing, the route change from its own.
  const loads = await page.$$eval('[data-testid="load-row"]', (rows) =>
    rows.map((r) => {
      const el = r as HTMLElement;
      return [el.dataset.page, el.dataset.kind, el.dataset.duration ?? null];
    }),
  );
  expect(loads).toEqual([
    ['/', 'load', '1234'],
    ['/orders/:id', 'route', '812'],
    ['/cart', 'none', null],
  ]);
  const byPage = await page.$$eval('[data-testid="load-page"]', (rows) =>
    rows.map((r) => [
      (r as HTMLElement).dataset.page,
      r.querySelector('[data-testid="load-page-views"]')?.textContent,
      r.querySelector('[data-testid="load-page-p75"]')?.textContent,
    ]),
  );
  expect(byPage).toEqual([
    ['/', '2', '2.41 s'],
    ['/orders/:id', '2', '812 ms'],
    ['/cart', '1', '—'],
  ]);

  // Under the INP card: the two frames overlapping 6000..6432 ms, longest first, with scripts.
  const frames = await page.$$eval('[data-testid="inp-frame"]', (list) =>
    list.map((f) => ({
      duration: (f as HTMLElement).dataset.duration,
      scripts: [...f.querySelectorAll('[data-testid="inp-script"]')].map((s) =>
        [...s.children].map((c) => c.textContent),
      ),
    })),
  );
  expect(frames).toEqual([
    {
      duration: '213',
      scripts: [
        ['195 ms', 'BUTTON#checkout.onclick', 'recalculate', 'cart.js:4410'],
        ['12 ms', 'TimerHandler:setTimeout', 'track', 'analytics.js'],
      ],
    },
    { duration: '150', scripts: [['120 ms', 'FrameRequestCallback', 'paintCart', 'render.js']] },
  ]);
  expect(await page.locator('[data-testid="inp-frames-note"]').textContent()).toContain(
    '2 long frames under it, longest first (3 long frames in this session)',
  );

  // Frustration: per element and page, this session and all sessions.
  const table = (testid: string) =>
    page.$$eval(`[data-testid="${testid}"] [data-testid="frustration-row"]`, (rows) =>
      rows.map((r) => [
        (r as HTMLElement).dataset.selector,
        (r as HTMLElement).dataset.page,
        ...['rage', 'dead', 'error', 'total'].map(
          (k) => r.querySelector(`[data-signal="${k}"]`)?.textContent,
        ),
      ]),
    );
  expect(await table('frustration-session')).toEqual([
    ['#checkout', '/orders/:id', '1', '1', '0', '2'],
    ['#pay', '/orders/:id', '0', '0', '1', '1'],
    ['a.more', '/', '0', '1', '0', '1'],
  ]);
  expect((await table('frustration-all'))[0]).toEqual([
    '#checkout',
    '/orders/:id',
    '2',
    '1',
    '0',
    '3',
  ]);

  // URL groups: identical URLs counted together, across both sessions.
  const groups = await page.$$eval('[data-testid="url-group"]', (rows) =>
    rows.map((r) => [
      (r as HTMLElement).dataset.kind,
      (r as HTMLElement).dataset.url,
      r.querySelector('[data-testid="url-count"]')?.textContent,
    ]),
  );
  expect(groups).toEqual([
    ['http', 'https://api.shop.example/orders/:id', '8'],
    ['resource', 'https://shop.example/js/cart.js', '2'],
    ['http', 'https://api.shop.example/orders/123/items', '1'],
    ['http', 'https://api.shop.example/orders/124/items', '1'],
  ]);
  expect(await page.locator('[data-testid="url-groups-note"]').textContent()).toContain(
    '2 URLs still hold an id',
  );
  const pages = await page.$$eval('[data-testid="url-page"]', (rows) =>
    rows.map((r) => [
      (r as HTMLElement).dataset.page,
      r.querySelector('[data-testid="url-count"]')?.textContent,
    ]),
  );
  expect(pages).toEqual([
    ['/', '2'],
    ['/orders/:id', '2'],
    ['/cart', '1'],
  ]);
  // The section nav counts the session's views and frustration signals.
  expect(await page.locator('.section-nav a[href="#sec-loads"] .count').textContent()).toBe('3');
  expect(await page.locator('.section-nav a[href="#sec-frustration"] .count').textContent()).toBe(
    '4',
  );

  // The picture of the fixtures: from the web vitals' cards to the URL groups.
  await shootInsights(page, 'viewer-insights.png');
  expect(errors).toEqual([]);
  await page.close();
});

it('with no session yet, links to the demo site when there is one', async () => {
  const { page, errors } = await openViewer(390, 844);
  const empty = page.locator('[data-testid="empty-state"]');
  await empty.waitFor();
  expect(await empty.textContent()).toContain(`endpoint`);
  expect(await empty.textContent()).toContain(emu.url);
  expect(await empty.locator('a').count()).toBe(0);

  // The CLI sets the demo's URL once its server listens; the viewer reads it on each sync.
  emu.setDemoUrl('http://127.0.0.1:4721');
  await page.reload();
  const link = page.locator('[data-testid="empty-state"] a');
  await link.waitFor();
  expect(await link.getAttribute('href')).toBe('http://127.0.0.1:4721/');
  expect(await empty.textContent()).toContain('Open the demo site at http://127.0.0.1:4721/');
  emu.setDemoUrl(undefined);
  expect(errors).toEqual([]);
  await page.close();
});
