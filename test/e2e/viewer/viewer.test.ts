/**
 * The built viewer (packages/emulator/dist/emulator/viewer, from `npm run build`) in a real Chromium, against an
 * emulator holding sessions posted through PutRumEvents: a phone-sized screen (390 × 844) with
 * no sideways scrolling of the page, the session's worst web vital and the page it was on, and
 * the empty state's pointer to the demo site.
 *
 * CWR_VIEWER_DIR points the test at another build of the viewer (to check one without running
 * the whole build).
 */
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../chromium';
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
