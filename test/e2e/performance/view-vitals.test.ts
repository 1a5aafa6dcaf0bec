/**
 * vitalsPerView (docs/insights.md "Web vitals per view"): a single-page app with two views
 * (history.pushState), a slow interaction and a layout shift on the first, a quicker
 * interaction on the second. Each view has its own INP and CLS event, with its own pageId, and
 * web-vitals' page-load INP and CLS are not sent besides. In Chromium, and in Firefox (Event
 * Timing with interactionId, no layout shifts: no CLS event at all).
 */
import type { StoredEvent } from '../../../emulator';
import { command, enginePage, pageLog, ready, useEngine } from '../engines/harness';
import {
  clientReady,
  CREDS,
  type Page,
  short,
  snippetPage,
  useBrowserAndSite,
  APP_ID,
  waitForEvents,
  waitForRequests,
  watchConsole,
} from '../harness';

jest.setTimeout(60_000);

/** Counts, in localStorage, the PutRumEvents requests the page hands to the browser. */
const SENT_KEY = 'e2e_puts_started';
const COUNT_PUTS = `(function () {
  var n = 0;
  var put = function (url) {
    if (/\\/appmonitors\\//.test(url)) localStorage.setItem('${SENT_KEY}', String(++n));
  };
  var beacon = navigator.sendBeacon.bind(navigator);
  navigator.sendBeacon = function (url, data) {
    var queued = beacon(url, data);
    if (queued) put(String(url));
    return queued;
  };
  var below = window.fetch;
  window.fetch = function (input) {
    var p = below.apply(this, arguments);
    put(String((input && input.url) || input));
    return p;
  };
})();`;

// Busy handlers: the slow one (view one) blocks for 160 ms, the quick one (view two) for 50 ms
// (still over the 40 ms Event Timing threshold, so that the view has an INP at all).
const BODY = `<p><button id="slow">slow</button> <button id="quick">quick</button></p>
<script>
  var busy = function (ms) { var end = performance.now() + ms; while (performance.now() < end); };
  document.getElementById('slow').onclick = function () { busy(160); this.textContent = 'done'; };
  document.getElementById('quick').onclick = function () { busy(50); this.textContent = 'done'; };
  // What the test waits for: the browser has made the entries (after the next frame).
  window.__seen = [];
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) {
      window.__seen.push(e.name + '#' + (e.target && e.target.id));
    });
  }).observe({ type: 'event', durationThreshold: 40, buffered: true });
  if (PerformanceObserver.supportedEntryTypes.indexOf('layout-shift') >= 0)
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function () { window.__seen.push('shift'); });
    }).observe({ type: 'layout-shift', buffered: true });
</script>`;

const seen = (page: Page, what: string) =>
  page.waitForFunction((w) => (window as unknown as { __seen: string[] }).__seen.includes(w), what);

const ofType = (events: StoredEvent[], type: string) =>
  events.filter((e) => short(e.event.type) === type).map((e) => e.event);

describe('web vitals per view in Chromium', () => {
  const t = useBrowserAndSite();
  it('records INP and CLS once per view, with that view’s pageId, and no page-load INP or CLS', async () => {
    const url = t.site.page(
      'vv.html',
      snippetPage({
        first: COUNT_PUTS,
        config: {
          endpoint: t.site.emu.url,
          dispatchInterval: 200,
          telemetries: [['performance', { vitalsPerView: true }]],
        },
        before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
        body: BODY,
      }),
    );
    const ctx = await t.browser.newContext();
    const page = await ctx.newPage();
    const con = watchConsole(page);
    await page.goto(url);
    await clientReady(page);
    await page.waitForFunction(
      () =>
        !!(window as unknown as { __cwrChunks?: Record<string, unknown> }).__cwrChunks?.[
          'cwr-perf.js'
        ],
    );

    // View one: a banner pushed in above the content (no input just before: it counts), and the
    // slow click.
    await page.evaluate(() => {
      const banner = document.createElement('div');
      banner.style.height = '120px';
      banner.textContent = 'a late banner';
      document.body.insertBefore(banner, document.body.firstChild);
    });
    await seen(page, 'shift');
    await page.click('#slow');
    await seen(page, 'click#slow');

    // View two. Whether or not the client's observer has been given the click's entries yet,
    // the view change takes them for view one.
    await page.evaluate(() => history.pushState({}, '', '/vv-two'));
    await waitForEvents(t.site.emu, (e) => ofType(e, 'page_view_event').length >= 2);
    await page.click('#quick');
    await seen(page, 'click#quick');

    // The hide records view two's.
    const closed = page.waitForEvent('close');
    await page.close({ runBeforeUnload: true });
    await closed;
    await waitForEvents(
      t.site.emu,
      (e) =>
        ofType(e, 'interaction_to_next_paint_event').length >= 2 &&
        ofType(e, 'cumulative_layout_shift_event').length >= 2,
    );
    // Everything the page sent has arrived: nothing more can come.
    const stored = (await ctx.storageState()).origins.flatMap((o) => o.localStorage);
    const started = Number(stored.find((i) => i.name === SENT_KEY)?.value);
    expect(started).toBeGreaterThan(0);
    await waitForRequests(t.site.emu, started);
    await ctx.close();
    const all = t.site.emu.events();
    // Every event passed the service's schemas (the emulator checks them).
    const puts = t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents');
    expect(puts.filter((r) => r.status !== 200)).toEqual([]);

    expect(ofType(all, 'page_view_event').map((v) => v.details.pageId)).toEqual([
      '/vv.html',
      '/vv-two',
    ]);
    const inp = ofType(all, 'interaction_to_next_paint_event');
    expect(inp.map((e) => e.metadata.pageId)).toEqual(['/vv.html', '/vv-two']);
    expect(inp[0].details.value).toBeGreaterThanOrEqual(150);
    expect(inp[0].details.attribution).toMatchObject({
      interactionTarget: 'button#slow',
      interactionType: 'pointer',
      processingDuration: expect.any(Number),
      loadState: 'complete',
    });
    const a = inp[0].details.attribution as Record<string, number>;
    expect(a.processingDuration).toBeGreaterThanOrEqual(150);
    for (const k of ['inputDelay', 'presentationDelay']) expect(a[k]).toBeGreaterThanOrEqual(0);
    expect(a.nextPaintTime).toBeGreaterThan(a.interactionTime + 150);
    expect(inp[1].details.value).toBeGreaterThanOrEqual(40);
    expect(inp[1].details.value).toBeLessThan(inp[0].details.value as number);
    expect(inp[1].details.attribution).toMatchObject({ interactionTarget: 'button#quick' });

    const cls = ofType(all, 'cumulative_layout_shift_event');
    expect(cls.map((e) => e.metadata.pageId)).toEqual(['/vv.html', '/vv-two']);
    expect(cls[0].details.value).toBeGreaterThan(0);
    expect(cls[0].details.attribution).toMatchObject({
      largestShiftValue: expect.closeTo(cls[0].details.value as number, 5),
      largestShiftTime: expect.any(Number),
    });
    // View two had no shift: 0, a good view.
    expect(cls[1].details).toEqual({ version: '1.0.0', value: 0, attribution: {} });
    // LCP, FCP and TTFB still come from web-vitals, once.
    for (const v of ['largest_contentful_paint_event', 'first_contentful_paint_event'])
      expect(ofType(all, v)).toHaveLength(1);
    expect(con.pageErrors).toEqual([]);
    expect(con.errors).toEqual([]);
  });
});

describe('web vitals per view in Firefox', () => {
  const t = useEngine('firefox');

  it('records INP once per view, with that view’s pageId, and no CLS (Firefox has no layout shifts)', async () => {
    const config = {
      endpoint: t.site.emu.url,
      dispatchInterval: 200,
      credentials: CREDS,
    };
    const first = t.site.page(
      'vv-ff.html',
      enginePage({
        config: { ...config, telemetries: [['performance', { vitalsPerView: true }]] },
        body: BODY,
      }),
    );
    // The next page of the site: it sends what the first page saved when it hid.
    const next = t.site.page(
      'vv-ff-next.html',
      enginePage({ config: { ...config, telemetries: [] }, body: '<h1>next</h1>' }),
    );
    const page = await t.browser.newPage();
    try {
      await page.goto(first);
      await ready(page);
      await page.waitFor(
        () =>
          !!(window as unknown as { __cwrChunks?: Record<string, unknown> }).__cwrChunks?.[
            'cwr-perf.js'
          ],
      );
      const seenFF = (w: string) =>
        page.waitFor((x) => (window as unknown as { __seen: string[] }).__seen.includes(x), w);
      await page.click('#slow');
      await seenFF('click#slow');
      await page.evaluate(() => history.pushState({}, '', '/vv-ff-two'));
      await waitForEvents(t.site.emu, (e) => ofType(e, 'page_view_event').length >= 2);
      await page.click('#quick');
      await seenFF('click#quick');
      await page.goto(next);
      await ready(page);
      await waitForEvents(
        t.site.emu,
        (e) => ofType(e, 'interaction_to_next_paint_event').length >= 2,
      );
      // Nothing waits in storage any more: the store has everything the first page sent.
      await command(page, 'dispatch');
      await page.waitFor((k) => localStorage.getItem(k) === null, 'cwr_q_' + APP_ID);
      await command(page, 'dispatch');
      const all = t.site.emu.events();
      const puts = t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents');
      expect(puts.filter((r) => r.status !== 200)).toEqual([]);

      const inp = ofType(all, 'interaction_to_next_paint_event');
      expect(inp.map((e) => e.metadata.pageId)).toEqual(['/vv-ff.html', '/vv-ff-two']);
      expect(inp[0].details.value).toBeGreaterThanOrEqual(150);
      expect(inp[0].details.attribution).toMatchObject({
        interactionTarget: 'button#slow',
        interactionType: 'pointer',
      });
      expect(inp[1].details.value).toBeLessThan(inp[0].details.value as number);
      expect(inp[1].details.attribution).toMatchObject({ interactionTarget: 'button#quick' });
      expect(ofType(all, 'cumulative_layout_shift_event')).toEqual([]);
      expect(
        (await pageLog(page)).filter((l) => ['error', 'pageerror', 'rejection'].includes(l.level)),
      ).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
