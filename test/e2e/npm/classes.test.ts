/**
 * The predecessor's plugin classes in an app that bundles the npm module, in Chromium against
 * the emulator: each class records its own events and only those, given in
 * eventPluginsToLoad or with addPlugin; one whose telemetry is configured too is ignored;
 * TTIPlugin measures time to interactive; PageViewPlugin changes nothing.
 */
import path from 'path';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import {
  APP_ID,
  CREDS,
  type Page,
  short,
  useBrowserAndSite,
  waitForEvents,
  watchConsole,
} from '../harness';
import type { StoredEvent } from '../../../emulator';

jest.setTimeout(60_000);

const t = useBrowserAndSite();
beforeAll(async () => {
  const bundle = await rollup({
    input: path.join(__dirname, 'classes.js'),
    plugins: [nodeResolve({ browser: true })],
    onwarn: () => undefined,
  });
  await bundle.write({ dir: t.site.dir, format: 'es', entryFileNames: 'classes-app.js' });
  await bundle.close();
  t.site.page('classes.css', 'h1 { color: teal }');
});

type Via = 'config' | 'addPlugin';

/** Opens the app with `plugins` ([class name, options]) installed `via` config or addPlugin. */
const open = async (
  name: string,
  plugins: [string, object?][],
  via: Via,
  config: object = {},
): Promise<{ page: Page; warnings: string[]; con: ReturnType<typeof watchConsole> }> => {
  const e2e = { appMonitorId: APP_ID, endpoint: t.site.emu.url, credentials: CREDS };
  const url = t.site.page(
    name + '.html',
    `<!doctype html><html><head><title>classes</title><link rel="stylesheet" href="/classes.css">
<script>window.E2E = ${JSON.stringify({ ...e2e, plugins, via, config })};</script>
<script type="module" src="/classes-app.js"></script></head>
<body><h1>npm classes</h1><button id="b">b</button></body></html>`,
  );
  const page = await t.browser.newPage();
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  const con = watchConsole(page);
  await page.goto(url);
  await page.waitForFunction(() => 'rum' in window && document.readyState === 'complete');
  return { page, warnings, con };
};

/**
 * Does what every telemetry records something for, then records a marker and sends. First,
 * each class has its telemetry (a chunk of its own for some, and the modules it shares with
 * another in one more): a click before the interaction chunk has run is no one's to see.
 * (`loaded` false: a class the client ignores has none.)
 */
const act = (page: Page, loaded = true) =>
  page
    .waitForFunction(
      (all) =>
        !all ||
        (window as unknown as { plugins: { _inner?: unknown }[] }).plugins.every((p) => p._inner),
      loaded,
    )
    .then(() =>
      page.evaluate(async () => {
        setTimeout(() => {
          throw new Error('app error');
        });
        await fetch('/nope-fetch').catch(() => 0);
        await new Promise((r) => {
          const x = new XMLHttpRequest();
          x.open('GET', '/nope-xhr');
          x.onloadend = r;
          x.send();
        });
        document.getElementById('b')!.click();
      }),
    )
    .then(async () => {
      // The rest of the start (session, page view, the performance chunk) runs in idle time:
      // once its page view has arrived, the telemetries are installed; the performance one
      // records the page load a task after load, vitals soon after. Two idle periods, each
      // followed by a task, leave them that; then the marker goes after what they recorded.
      await waitForEvents(t.site.emu, (e) =>
        e.some((x) => short(x.event.type) === 'page_view_event'),
      );
      await page.evaluate(async () => {
        const w = window as unknown as { rum: { recordEvent(t: string, d: object): void } };
        for (let i = 0; i < 2; i++)
          await new Promise((r) => requestIdleCallback(() => setTimeout(r), { timeout: 1000 }));
        w.rum.recordEvent('probe.done', {});
      });
    });

const BASE = ['session_start_event', 'page_view_event', 'probe.done'];
const types = (events: StoredEvent[]) =>
  [...new Set(events.map((e) => short(e.event.type)))].filter((x) => !BASE.includes(x)).sort();
const httpUrls = (events: StoredEvent[]) =>
  events
    .filter((e) => short(e.event.type) === 'http_event')
    .map((e) => new URL((e.event.details.request as { url: string }).url).pathname);
const VITALS = [
  'first_contentful_paint_event',
  'time_to_first_byte_event',
  'largest_contentful_paint_event',
  'cumulative_layout_shift_event',
  'first_input_delay_event',
  'interaction_to_next_paint_event',
];

// Each class, what it must record, and (fetch/XHR) the one request of the two it sees.
const CASES: [string, object | undefined, string[], string[] | undefined][] = [
  ['JsErrorPlugin', undefined, ['js_error_event'], undefined],
  ['FetchPlugin', undefined, ['http_event'], ['/nope-fetch']],
  ['XhrPlugin', undefined, ['http_event'], ['/nope-xhr']],
  ['NavigationPlugin', undefined, ['performance_navigation_event'], undefined],
  ['ResourcePlugin', undefined, ['performance_resource_event'], undefined],
  ['DomEventPlugin', { events: [{ event: 'click', elementId: 'b' }] }, ['dom_event'], undefined],
];
const VIAS: Via[] = ['config', 'addPlugin'];

describe.each(VIAS)('a plugin class given via %s', (via) => {
  it.each(CASES)('%s records its events and no other', async (name, options, want, urls) => {
    const { page, con } = await open(`${name}-${via}`, [[name, options]], via);
    await act(page);
    // The marker, and what the class must record (the page load may come a moment later).
    const events = await waitForEvents(
      t.site.emu,
      (e) =>
        e.some((x) => x.event.type === 'probe.done') &&
        want.every((w) => e.some((x) => short(x.event.type) === w)),
    );
    expect(types(events)).toEqual(want);
    if (urls) expect(httpUrls(events)).toEqual(urls);
    expect(con.pageErrors).toEqual(['Error: app error']);
    await page.close();
  });

  it('WebVitalsPlugin records web vitals, not the page load or resources', async () => {
    const { page } = await open(`vitals-${via}`, [['WebVitalsPlugin']], via);
    await act(page);
    const events = await waitForEvents(
      t.site.emu,
      (e) =>
        e.some((x) => x.event.type === 'probe.done') &&
        e.some((x) => short(x.event.type) === 'first_contentful_paint_event'),
    );
    expect(types(events).length).toBeGreaterThan(0);
    expect(types(events).filter((x) => !VITALS.includes(x))).toEqual([]);
    await page.close();
  });

  it('TTIPlugin records time to interactive: the end of the last long task before 5 s without one', async () => {
    const { page } = await open(`tti-${via}`, [['TTIPlugin']], via);
    // One long task (250 ms) well after the first contentful paint.
    const ended = await page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          setTimeout(() => {
            const until = performance.now() + 250;
            while (performance.now() < until);
            resolve(performance.now());
          }, 300),
        ),
    );
    const fcp = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0].startTime,
    );
    const events = await waitForEvents(
      t.site.emu,
      (e) => e.some((x) => short(x.event.type) === 'time_to_interactive_event'),
      20_000,
    );
    const tti = events.filter((x) => short(x.event.type) === 'time_to_interactive_event');
    expect(tti).toHaveLength(1);
    const { value } = tti[0].event.details as { value: number };
    expect(fcp).toBeLessThan(ended - 250);
    // Not FCP: the long task's end (a later long task of the browser's own may follow it).
    expect(value).toBeGreaterThanOrEqual(Math.floor(ended) - 2);
    expect(value).toBeLessThan(ended + 5000);
    // Recorded once the quiet window had passed.
    expect(await page.evaluate(() => performance.now())).toBeGreaterThan(value + 5000);
    await page.close();
  });
});

it('ignores a class whose telemetry is in config.telemetries too, with one warning: nothing is recorded twice', async () => {
  const { page, warnings } = await open('twice', [['FetchPlugin']], 'config', {
    telemetries: ['http'],
  });
  await act(page, false);
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => x.event.type === 'probe.done'),
  );
  // The telemetry's: both requests, each once.
  expect(httpUrls(events).sort()).toEqual(['/nope-fetch', '/nope-xhr']);
  expect(warnings.filter((w) => w.includes('FetchPlugin is ignored'))).toHaveLength(1);
  await page.close();
});

it('a class for a whole telemetry replaces the default one: JsErrorPlugin with its options, each error once', async () => {
  const { page, warnings } = await open(
    'whole',
    [['JsErrorPlugin', { stackTraceLength: 5 }]],
    'config',
    {
      telemetries: null,
    },
  );
  await act(page);
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => x.event.type === 'probe.done'),
  );
  const errors = events.filter((e) => short(e.event.type) === 'js_error_event');
  expect(errors).toHaveLength(1);
  expect((errors[0].event.details as { stack?: string }).stack?.length).toBeLessThanOrEqual(5);
  // The other default telemetries stay.
  expect(httpUrls(events).sort()).toEqual(['/nope-fetch', '/nope-xhr']);
  expect(warnings.filter((w) => w.includes('is ignored'))).toEqual([]);
  await page.close();
});

it('PageViewPlugin changes nothing: page views are the client’s own, each once', async () => {
  const { page, con } = await open('pageview', [['PageViewPlugin']], 'config');
  await page.evaluate(() => history.pushState(null, '', '/next'));
  await act(page);
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => x.event.type === 'probe.done'),
  );
  const views = events.filter((e) => short(e.event.type) === 'page_view_event');
  expect(views.map((v) => v.event.details.pageId)).toEqual(['/pageview.html', '/next']);
  expect(
    await page.evaluate(() =>
      (window as unknown as { plugins: { getPluginId(): string }[] }).plugins[0].getPluginId(),
    ),
  ).toBe('com.amazonaws.rum.page-view');
  // (The requests of act() get 404s.)
  expect(con.errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
  await page.close();
});
