import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import type { StoredEvent } from '../../../emulator';
import {
  type BrowserContext,
  clientReady,
  CREDS,
  type Page,
  short,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
  waitForRequests,
  watchConsole,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

/** An RGB PNG; with `noise` its pixels are random (a low-entropy image is no LCP candidate). */
const png = (w: number, h: number, noise: boolean): Buffer => {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.alloc((w * 3 + 1) * h, 128);
  for (let i = 0; i < rows.length; i++)
    rows[i] = i % (w * 3 + 1) === 0 ? 0 : noise ? (Math.random() * 256) | 0 : 128;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
};

// The page's resources: by file type, a script, a stylesheet, a font, a document (iframe),
// six images and two fetches (other).
beforeAll(() => {
  const put = (name: string, content: string | Buffer) =>
    fs.writeFileSync(path.join(t.site.dir, name), content);
  fs.copyFileSync(path.join(__dirname, 'app.js'), path.join(t.site.dir, 'perf-app.js'));
  put(
    'perf-style.css',
    "@font-face { font-family: Perf; src: url(/perf-font.woff2) format('woff2'); }\n" +
      'body { font-family: Perf, sans-serif; margin: 8px; }',
  );
  put('perf-font.woff2', Buffer.from('not really a font'));
  put('perf-frame.html', '<!doctype html><p>frame</p>');
  put('perf-data.json', '{"ok":true}');
  put('perf-hero.png', png(240, 160, true));
  for (let i = 0; i < 5; i++) put(`perf-${i}.png`, png(4, 4, false));
});

const BODY = `<link rel="stylesheet" href="/perf-style.css">
<h1>Performance</h1>
<img class="hero" src="/perf-hero.png" width="240" height="160" alt="">
${[0, 1, 2, 3, 4].map((i) => `<img src="/perf-${i}.png" width="4" height="4" alt="">`).join('')}
<iframe src="/perf-frame.html" width="60" height="40"></iframe>
<p><button id="slow">slow</button></p>
<script src="/perf-app.js"></script>`;

/**
 * Runs before the client: counts, in localStorage, the PutRumEvents requests the page hands to
 * the browser (sendBeacon and fetch, which the client captures at its start), so that once the
 * page has closed the test knows how many must arrive.
 */
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

const perfPage = (name: string, options: object, config: object = {}, before = '') =>
  t.site.page(
    name,
    snippetPage({
      first: COUNT_PUTS,
      config: {
        endpoint: t.site.emu.url,
        telemetries: [['performance', options]],
        ...config,
      },
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)}); ${before}`,
      body: BODY,
    }),
  );

const VITALS = [
  'largest_contentful_paint_event',
  'cumulative_layout_shift_event',
  'interaction_to_next_paint_event',
  'first_contentful_paint_event',
  'time_to_first_byte_event',
];
const ofType = (events: StoredEvent[], type: string) =>
  events.filter((e) => short(e.event.type) === type).map((e) => e.event.details);
const has = (type: string) => (events: StoredEvent[]) => ofType(events, type).length > 0;
const hasAll = (types: string[]) => (events: StoredEvent[]) => types.every((x) => has(x)(events));

/** A page in a context of its own, which outlives the page (its localStorage is read after). */
const openPage = async () => {
  const ctx = await t.browser.newContext();
  return { ctx, page: await ctx.newPage() };
};

/**
 * Closes the page as a person would (its hide and unload handlers run), then waits until every
 * PutRumEvents request it started has arrived (COUNT_PUTS): nothing more can come after that.
 */
const closeAndDrain = async (page: Page, ctx: BrowserContext) => {
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await waitForEvents(t.site.emu, hasAll(VITALS));
  await closed;
  const stored = (await ctx.storageState()).origins.flatMap((o) => o.localStorage);
  const started = Number(stored.find((i) => i.name === SENT_KEY)?.value);
  expect(started).toBeGreaterThan(0);
  await waitForRequests(t.site.emu, started);
  await ctx.close();
  expect(t.site.emu.stats().requests).toBe(started);
  return t.site.emu.events();
};

/**
 * The lazily loaded chunk has run and the plugin started, and it has been given the buffered
 * entries: it observed them when the chunk ran, so an observer of the same entries made now has
 * them delivered after it (observers are called in the order they were made).
 */
const perfLoaded = async (page: Page) => {
  await page.waitForFunction(() => {
    const w = window as unknown as { __cwrChunks?: Record<string, unknown> };
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return !!w.__cwrChunks?.['cwr-perf.js'] && nav?.loadEventEnd > 0;
  });
  await page.evaluate(() =>
    Promise.all(
      ['resource', 'paint'].map(
        (type) =>
          new Promise<void>((resolve) => {
            const po = new PerformanceObserver(() => {
              po.disconnect();
              resolve();
            });
            po.observe({ type, buffered: true });
          }),
      ),
    ),
  );
};

/** Every PutRumEvents request was accepted: the emulator checks each event against its schema. */
const allAccepted = () => {
  const puts = t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents');
  expect(puts.length).toBeGreaterThan(0);
  expect(puts.filter((r) => r.status !== 200)).toEqual([]);
  return puts;
};

/**
 * Clicks the slow button, then waits until the browser has made the click's Event Timing
 * entry (it does so after the next frame, which can take a while on a loaded machine) and
 * delivered it to observers — web-vitals' included — so INP is known before the page goes.
 */
const clickSlow = async (page: Page) => {
  await page.evaluate(() => {
    const w = window as unknown as { __slowSeen?: boolean };
    new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => e.duration >= 140)) w.__slowSeen = true;
    }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
  });
  await page.click('#slow');
  await page.waitForFunction(
    () => (window as unknown as { __slowSeen?: boolean }).__slowSeen === true,
  );
  // web-vitals reads its entries when the page is idle: let it, as a person reading would.
  // It asked for its idle callback when its observer had the entry, before ours did; idle
  // callbacks run in the order asked for (or, in a page that is never idle, at their
  // timeouts, the same 1 s as web-vitals'), so once this one has run, so has web-vitals'.
  await page.evaluate(
    () => new Promise((r) => requestIdleCallback(() => r(undefined), { timeout: 1000 })),
  );
};

describe('the performance telemetry in Chromium', () => {
  it('records one navigation, the resources the options ask for, and the web vitals on page close', async () => {
    const url = perfPage('perf.html', { eventLimit: 2 }, { dispatchInterval: 200 });
    const { ctx, page } = await openPage();
    const con = watchConsole(page);
    await page.goto(url);
    await clientReady(page);
    // The chunk arrives after the load: what came before is read from buffered entries.
    await waitForEvents(
      t.site.emu,
      hasAll([
        'performance_navigation_event',
        'performance_resource_event',
        'first_contentful_paint_event',
        'time_to_first_byte_event',
      ]),
    );
    await clickSlow(page);
    const events = await closeAndDrain(page, ctx);
    allAccepted();

    const nav = ofType(events, 'performance_navigation_event');
    expect(nav).toHaveLength(1);
    expect(nav[0]).toMatchObject({
      version: '1.0.0',
      initiatorType: 'navigation',
      navigationType: 'navigate',
      navigationTimingLevel: 2,
      startTime: 0,
      nextHopProtocol: 'http/1.1',
    });
    expect(nav[0].duration).toBeGreaterThan(0);
    expect(nav[0].duration).toBeGreaterThanOrEqual(nav[0].loadEventStart as number);

    const resources = ofType(events, 'performance_resource_event');
    const byPath = (p: string) => resources.filter((r) => String(r.targetUrl).endsWith(p));
    // recordAllTypes: every document, script, stylesheet and font, once each.
    for (const [file, fileType, initiatorType] of [
      ['/perf-app.js', 'script', 'script'],
      ['/perf-style.css', 'stylesheet', 'link'],
      ['/perf-font.woff2', 'font', 'css'],
      ['/perf-frame.html', 'document', 'iframe'],
    ]) {
      expect(byPath(file)).toEqual([expect.objectContaining({ fileType, initiatorType })]);
    }
    // sampleTypes: eventLimit (2) of the six images and two fetches.
    expect(resources.filter((r) => ['image', 'other'].includes(r.fileType as string))).toHaveLength(
      2,
    );
    expect(resources).toHaveLength(6);
    // Never the client's own requests or files.
    expect(resources.filter((r) => /cwr|appmonitors/.test(String(r.targetUrl)))).toEqual([]);

    const [lcp] = ofType(events, 'largest_contentful_paint_event');
    expect(lcp.attribution).toMatchObject({
      element: expect.stringMatching(/img\.hero$/),
      url: expect.stringMatching(/\/perf-hero\.png$/),
    });
    const [cls] = ofType(events, 'cumulative_layout_shift_event');
    expect(cls.value).toBeGreaterThan(0);
    expect(cls.attribution).toMatchObject({ largestShiftValue: expect.any(Number) });
    const [inp] = ofType(events, 'interaction_to_next_paint_event');
    expect(inp.value).toBeGreaterThanOrEqual(140);
    expect(inp.attribution).toMatchObject({
      interactionTarget: expect.stringMatching(/#slow$/),
      interactionType: 'pointer',
    });
    expect(ofType(events, 'first_contentful_paint_event')[0].attribution).toMatchObject({
      timeToFirstByte: expect.any(Number),
      firstByteToFCP: expect.any(Number),
    });
    expect(ofType(events, 'time_to_first_byte_event')[0].value).toBeGreaterThanOrEqual(0);
    expect(ofType(events, 'first_input_delay_event')).toEqual([
      expect.objectContaining({
        attribution: expect.objectContaining({ eventTarget: 'button#slow' }),
      }),
    ]);
    // Each vital once: reportAll* is off, so only final values are reported.
    for (const v of [...VITALS, 'first_input_delay_event'])
      expect(ofType(events, v)).toHaveLength(1);
    expect(con.pageErrors).toEqual([]);
    expect(con.errors).toEqual([]);
  });

  it('has the values web-vitals reports on page hide in the hide flush itself', async () => {
    // No timer sends anything, and the page stops the client's pagehide listener: the only
    // request is the client's flush on visibilitychange to hidden, and it must already hold
    // CLS, INP and LCP, which web-vitals reports on that same event. The click comes just
    // before the close, as a click on a link that leaves the page would.
    const url = perfPage(
      'perf-hide.html',
      {},
      { dispatchInterval: 600_000 },
      "addEventListener('pagehide', (e) => e.stopImmediatePropagation(), true);",
    );
    const { ctx, page } = await openPage();
    const con = watchConsole(page);
    await page.goto(url);
    await clientReady(page);
    await perfLoaded(page);
    // Chromium creates the interaction's Event Timing entries after the next frame: a page
    // closed at once never has them. Once they exist, web-vitals would process them in an idle
    // callback (headless Chromium runs those only at its 1 s timeout): the hide must do it.
    await clickSlow(page);
    expect(t.site.emu.events()).toHaveLength(0);
    const events = await closeAndDrain(page, ctx);
    expect(allAccepted()).toHaveLength(1);
    expect(ofType(events, 'performance_navigation_event')).toHaveLength(1);
    expect(ofType(events, 'interaction_to_next_paint_event')[0].value).toBeGreaterThanOrEqual(140);
    for (const v of VITALS) expect(ofType(events, v)).toHaveLength(1);
    expect(con.pageErrors).toEqual([]);
  });

  it('records no URL at all with recordResourceUrl: false, and applies ignore and sampleTypes', async () => {
    const url = perfPage(
      'perf-nourl.html',
      {
        eventLimit: 50,
        sampleTypes: ['image', 'other'],
        ignore: (e: PerformanceEntry) => e.name.indexOf('perf-data') >= 0,
      },
      { dispatchInterval: 200, recordResourceUrl: false },
    );
    const { ctx, page } = await openPage();
    const con = watchConsole(page);
    await page.goto(url);
    await clientReady(page);
    await perfLoaded(page);
    await clickSlow(page);
    const events = await closeAndDrain(page, ctx);
    allAccepted();
    const resources = ofType(events, 'performance_resource_event');
    // The four recorded-all; every image (the six, and the favicon Chromium fetched too);
    // the fetches were ignored.
    const images = resources.filter((r) => r.fileType === 'image');
    expect(images.length).toBeGreaterThanOrEqual(6);
    expect(resources).toHaveLength(4 + images.length);
    expect(resources.filter((r) => r.fileType === 'other')).toHaveLength(0);
    const perf = events.filter((e) =>
      /performance_|paint|layout_shift|first_byte|first_input/.test(e.event.type),
    );
    expect(perf.length).toBeGreaterThanOrEqual(17);
    for (const e of perf) {
      const json = JSON.stringify(e.event.details);
      expect(json).not.toMatch(/https?:|127\.0\.0\.1|perf-|\.png|\.js|\.css/);
    }
    expect(ofType(events, 'largest_contentful_paint_event')[0].attribution).not.toHaveProperty(
      'url',
    );
    expect(con.pageErrors).toEqual([]);
  });
});
