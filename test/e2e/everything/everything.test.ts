/**
 * One page that exercises every telemetry at once, as a site would: the count of each event
 * type the emulator accepted (each one schema-valid, or the emulator would have refused the
 * batch) is printed for the record and checked for presence.
 */
import {
  clientReady,
  CREDS,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
  watchConsole,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

/** What the busy page records before it hides (LCP comes at the hide). */
const BEFORE_HIDE = [
  'session_start_event',
  'page_view_event',
  'js_error_event',
  'http_event',
  'xray_trace_event',
  'performance_navigation_event',
  'performance_resource_event',
  'dom_event',
  'first_contentful_paint_event',
  'time_to_first_byte_event',
];

it('records every kind of event from one busy page', async () => {
  t.site.page('style.css', 'body { font: 16px sans-serif } .big { height: 40px }');
  t.site.page('data.json', '{"items":[1,2,3]}');
  const url = t.site.page(
    'everything.html',
    snippetPage({
      config: {
        endpoint: t.site.emu.url,
        dispatchInterval: 500,
        enableXRay: true,
        telemetries: [
          'errors',
          ['http', { recordAllRequests: true }],
          'performance',
          ['interaction', { events: [{ event: 'click', cssLocator: 'button' }] }],
        ],
      },
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
      body: `<link rel="stylesheet" href="/style.css"><h1>Everything</h1><button id="go">Go</button><div id="grow"></div>
<script>
document.getElementById('go').addEventListener('click', function () {
  var d = document.createElement('div'); d.className = 'big'; d.textContent = 'shifted';
  document.body.insertBefore(d, document.body.firstChild);
});
</script>`,
    }),
  );
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  await page.goto(url);
  await clientReady(page);
  await page.waitForLoadState('load');
  await page.click('#go');
  await page.evaluate(async () => {
    const cwr = (window as unknown as { cwr: (c: string, p?: unknown) => void }).cwr;
    await fetch('/data.json').then((r) => r.json());
    await fetch('/missing.json');
    const x = new XMLHttpRequest();
    x.open('GET', '/data.json');
    await new Promise((r) => ((x.onloadend = r), x.send()));
    Promise.reject(new Error('unhandled'));
    cwr('recordError', new Error('handled'));
    cwr('recordEvent', { type: 'checkout.completed', data: { total: 42 } });
    history.pushState({}, '', '/everything/step-2');
  });
  // What the page has recorded by now has been sent the usual way, by the timer; the
  // performance chunk (loaded in idle time) with it. LCP and CLS are reported when the page hides.
  await waitForEvents(t.site.emu, (e) => {
    const seen = new Set(e.map((x) => x.event.type));
    return ['checkout.completed', ...BEFORE_HIDE.map((x) => 'com.amazon.rum.' + x)].every((x) =>
      seen.has(x),
    );
  });
  await page.close({ runBeforeUnload: true });
  const events = await waitForEvents(
    t.site.emu,
    (e) => e.some((x) => x.event.type.endsWith('cumulative_layout_shift_event')),
    15_000,
  ).catch(() => t.site.emu.events());
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.event.type] = (counts[e.event.type] ?? 0) + 1;
  console.log('events by type from the busy page:\n' + JSON.stringify(counts, null, 2));
  for (const type of [...BEFORE_HIDE, 'largest_contentful_paint_event']) {
    expect(counts['com.amazon.rum.' + type]).toBeGreaterThan(0);
  }
  expect(counts['checkout.completed']).toBe(1);
  expect(
    t.site.emu.requests().filter((r) => r.status >= 400 && r.operation === 'PutRumEvents'),
  ).toEqual([]);
  expect(con.errors.filter((m) => m.includes('[cwr]'))).toEqual([]);
});
