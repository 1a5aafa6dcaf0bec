/**
 * No event lost when the page goes away: what the beacon quota cannot carry is saved in
 * localStorage and sent by the next page of the site (or by this page when it is shown
 * again), each event exactly once.
 */
import {
  APP_ID,
  clientReady,
  CREDS,
  type Page,
  sendMarker,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
} from '../harness';

jest.setTimeout(90_000);
const t = useBrowserAndSite();

const config = (extra: object = {}) => ({
  endpoint: t.site.emu.url,
  dispatchInterval: 5000,
  sessionEventLimit: 0,
  eventCacheSize: 5000,
  telemetries: [],
  credentials: CREDS,
  ...extra,
});

const record = (page: Page, n: number, type = 'burst') =>
  page.evaluate(
    ([count, ty]) => {
      const cwr = (window as unknown as { cwr: (c: string, p?: unknown) => void }).cwr;
      for (let i = 0; i < count; i++) cwr('recordEvent', { type: ty, data: { i } });
    },
    [n, type] as const,
  );

/** Events of `type` stored by the emulator: how many, how many distinct, by id. */
const tally = (type: string) => {
  const events = t.site.emu.events().filter((e) => e.event.type === type);
  return { total: events.length, distinct: new Set(events.map((e) => e.event.id)).size };
};

/** Resolves once the signer chunk (cwr-auth.js) has loaded and registered itself. */
const signerLoaded = (page: Page) =>
  page.waitForFunction(
    () =>
      !!(window as unknown as { __cwrChunks?: Record<string, unknown> }).__cwrChunks?.[
        'cwr-auth.js'
      ],
  );

const arrivedAll = (type: string, n: number, ms = 30_000) =>
  waitForEvents(t.site.emu, (e) => e.filter((x) => x.event.type === type).length >= n, ms);

describe('events recorded right before the page goes away', () => {
  it('2,000 events, then a navigation to the next page of the site: all arrive, once', async () => {
    const N = 2000;
    const first = t.site.page('burst-1.html', snippetPage({ config: config() }));
    // The next page sends what was saved at its first dispatch, on its own timer: a short one
    // here (this page's long one keeps its own timer out of the way until it leaves).
    const next = t.site.page(
      'burst-2.html',
      snippetPage({ config: config({ dispatchInterval: 200 }) }),
    );
    const page = await t.browser.newPage();
    await page.goto(first);
    await clientReady(page);
    await signerLoaded(page); // the signer chunk, as any page would have had it
    await record(page, N);
    const left = Date.now();
    await page.goto(next);
    await arrivedAll('burst', N);
    const ms = Date.now() - left;
    // Any duplicate is there once a marker this page records after them has come (a page
    // sends its batches in order, one at a time; the first page's beacons left before it did).
    await sendMarker(page, t.site.emu);
    expect(tally('burst')).toEqual({ total: N, distinct: N });
    const saved = await page.evaluate((k) => localStorage.getItem(k), 'cwr_q_' + APP_ID);
    expect(saved).toBeNull();
    console.log(`2,000 events across a navigation: ${tally('burst').distinct} arrived in ${ms} ms`);
    await page.close();
  });

  it('2,000 events, then a reload: all arrive, once', async () => {
    const N = 2000;
    const url = t.site.page('burst-reload.html', snippetPage({ config: config() }));
    const page = await t.browser.newPage();
    await page.goto(url);
    await clientReady(page);
    await signerLoaded(page);
    await record(page, N, 'reload');
    await page.reload();
    // The reloaded page sends what was saved at its first dispatch: asked for at once rather
    // than after its 5 s timer (the navigation test above covers the timer's own).
    await clientReady(page);
    await page.evaluate(() =>
      (window as unknown as { cwr: (c: string) => Promise<void> }).cwr('dispatch'),
    );
    await arrivedAll('reload', N);
    await sendMarker(page, t.site.emu); // (as above: any duplicate has come before it)
    expect(tally('reload')).toEqual({ total: N, distinct: N });
    await page.close();
  });

  it('a tab hidden and shown again keeps its events and sends them itself, once', async () => {
    const url = t.site.page('hidden.html', snippetPage({ config: config({ useBeacon: false }) }));
    const page = await t.browser.newPage();
    await page.goto(url);
    await clientReady(page);
    await signerLoaded(page);
    await record(page, 500, 'tab');
    const hide = (state: 'hidden' | 'visible') =>
      page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { value: s, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await hide('hidden');
    // What the quota could not carry waits in localStorage (saved once the hide flush has
    // settled, which a busy machine may take a moment for)…
    await page.waitForFunction((k) => localStorage.getItem(k) !== null, 'cwr_q_' + APP_ID, {
      timeout: 5000,
    });
    await hide('visible');
    // …and comes back to this page when it is shown again.
    expect(await page.evaluate((k) => localStorage.getItem(k), 'cwr_q_' + APP_ID)).toBeNull();
    await page.evaluate(() =>
      (window as unknown as { cwr: (c: string) => Promise<void> }).cwr('dispatch'),
    );
    await arrivedAll('tab', 500);
    // Any duplicate of this page's is there once a marker it records after them has come (a
    // page sends its batches in order, one at a time).
    await sendMarker(page, t.site.emu);
    expect(tally('tab')).toEqual({ total: 500, distinct: 500 });
    await page.close();
  });

  it('drops saved events older than the session instead of sending them', async () => {
    const url = t.site.page('stale.html', snippetPage({ config: config() }));
    const page = await t.browser.newPage();
    await page.goto(t.site.url('favicon.ico'));
    const old = (Date.now() - 3 * 3600_000) / 1000;
    await page.evaluate(
      ([k, ts]) =>
        localStorage.setItem(
          k as string,
          JSON.stringify({
            v: 1,
            m: ['{"version":"1.0.0","domain":"127.0.0.1"}'],
            e: [['s', 'u', '11111111-1111-4111-8111-111111111111', ts, 'stale', '{}', 0]],
          }),
        ),
      ['cwr_q_' + APP_ID, old],
    );
    await page.goto(url);
    await clientReady(page);
    await page.evaluate(() =>
      (window as unknown as { cwr: (c: string) => Promise<void> }).cwr('dispatch'),
    );
    await waitForEvents(t.site.emu, (e) => e.length >= 2);
    expect(t.site.emu.events().filter((e) => e.event.type === 'stale')).toEqual([]);
    expect(await page.evaluate((k) => localStorage.getItem(k), 'cwr_q_' + APP_ID)).toBeNull();
    await page.close();
  });
});
