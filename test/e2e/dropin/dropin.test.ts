/**
 * Drop-in behaviour a site written for aws-rum-web 3.x relies on, in Chromium against the
 * emulator: the plugin lifecycle, the referrer on every page view, app monitor ids that are
 * not UUIDs.
 */
import {
  clientReady,
  CREDS,
  cwr,
  short,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

const config = (over: object = {}) => ({
  endpoint: t.site.emu.url,
  dispatchInterval: 200,
  telemetries: [],
  credentials: CREDS,
  ...over,
});

/** Waits for a condition (10 s at most). */
const until = async (ok: () => boolean) => {
  for (const end = Date.now() + 10_000; !ok(); await new Promise((r) => setTimeout(r, 50)))
    if (Date.now() > end) throw new Error('timed out');
};

it('a plugin added with addPlugin is enabled after load, and listens from enable()', async () => {
  const url = t.site.page(
    'plugin.html',
    snippetPage({
      config: config(),
      // Written the way the predecessor's documentation shows: listeners attached in enable().
      before: `cwr('addPlugin', {
        getPluginId: () => 'clicks',
        load(context) { this.context = context; },
        enable() { this.on = (e) => this.context.record('app.click', { id: e.target.id }); addEventListener('click', this.on); },
        disable() { removeEventListener('click', this.on); },
      });`,
      body: '<button id="buy">buy</button>',
    }),
  );
  const page = await t.browser.newPage();
  await page.goto(url);
  await clientReady(page);
  await page.click('#buy');
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => x.event.type === 'app.click'),
  );
  expect(events.find((x) => x.event.type === 'app.click')!.event.details).toEqual({ id: 'buy' });
  await page.close();
});

it('every page view carries the referrer, route changes of a single-page app included', async () => {
  const url = t.site.page('spa.html', snippetPage({ config: config() }));
  const from = t.site.page('from.html', `<!doctype html><a id="go" href="${url}">go</a>`);
  const page = await t.browser.newPage();
  await page.goto(from);
  await page.click('#go');
  await clientReady(page);
  await page.evaluate(() => history.pushState(null, '', '/spa/next'));
  await cwr(page, 'dispatch');
  const events = await waitForEvents(
    t.site.emu,
    (e) => e.filter((x) => short(x.event.type) === 'page_view_event').length >= 2,
  );
  const views = events.filter((x) => short(x.event.type) === 'page_view_event');
  for (const v of views) {
    expect(v.event.details).toMatchObject({
      referrer: from,
      referrerDomain: new URL(from).hostname,
    });
  }
  expect(views[1].event.details).toMatchObject({ pageId: '/spa/next', interaction: 1 });
  await page.close();
});

it('runs with an app monitor id that is not a UUID, and says why the service would refuse it', async () => {
  const url = t.site.page(
    'abc123.html',
    snippetPage({ appMonitorId: 'abc123', config: config({ signing: false }) }),
  );
  const page = await t.browser.newPage();
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto(url);
  await clientReady(page);
  await cwr(page, 'recordEvent', { type: 'x', data: {} });
  await cwr(page, 'dispatch');
  await until(() => t.site.emu.requests().some((r) => r.path.includes('/appmonitors/abc123/')));
  // The words come with the diagnostics chunk, a moment later.
  await until(() => warnings.some((w) => w.includes('the app monitor id "abc123" is not a UUID')));
  await page.close();
});
