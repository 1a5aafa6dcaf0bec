import {
  clientReady,
  cwr,
  OPEN_APP_ID,
  short,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
  type Page,
} from '../harness';

// Reloads and new page loads in a session the cwr_s cookie keeps, as aws-rum-web 3.x does them
// (seen from outside): the same page again is resumed, with no page view and no new session;
// another page's view links to the page the cookie kept.
jest.setTimeout(60_000);
const t = useBrowserAndSite();

const config = (allowCookies: boolean) => ({
  endpoint: t.site.emu.url,
  signing: false,
  telemetries: [],
  dispatchInterval: 100,
  allowCookies,
});
const pages = (allowCookies: boolean) => {
  for (const [name, next] of [
    ['a.html', 'b.html'],
    ['b.html', 'a.html'],
  ])
    t.site.page(
      name,
      snippetPage({
        appMonitorId: OPEN_APP_ID,
        config: config(allowCookies),
        body: `<a id="next" href="${next}">next</a>`,
      }),
    );
};
const types = () => t.site.emu.events().map((e) => short(e.event.type));
const views = () => t.site.emu.events().filter((e) => short(e.event.type) === 'page_view_event');
/** Loads (or reloads) and waits until an event recorded after the load has arrived. */
const settle = async (page: Page, label: string) => {
  await clientReady(page);
  await cwr(page, 'recordEvent', { type: 'loaded', data: { label } });
  await waitForEvents(t.site.emu, (e) =>
    e.some(
      (x) => x.event.type === 'loaded' && (x.event.details as { label: string }).label === label,
    ),
  );
};

it('resumes the page on a reload with cookies: no page view, no session start; the next page links to it', async () => {
  pages(true);
  const page = await t.browser.newPage();
  await page.goto(t.site.url('a.html'));
  await settle(page, 'first');
  await page.reload();
  await settle(page, 'reloaded');
  expect(types().filter((x) => x !== 'loaded')).toEqual(['session_start_event', 'page_view_event']);
  // Events after the reload belong to the resumed page.
  const reloaded = t.site.emu
    .events()
    .find((e) => (e.event.details as { label?: string }).label === 'reloaded')!;
  expect(reloaded.event.metadata).toMatchObject({ pageId: '/a.html', interaction: 0 });
  await page.click('#next');
  await settle(page, 'b');
  const b = views()[1].event;
  expect(b.details).toMatchObject({
    pageId: '/b.html',
    interaction: 1,
    parentPageInteractionId: '/a.html-0',
    timeOnParentPage: expect.any(Number),
  });
  expect(b.metadata).toMatchObject({ parentPageId: '/a.html', interaction: 1 });
  await page.reload();
  await settle(page, 'b again');
  expect(views()).toHaveLength(2);
  expect(new Set(t.site.emu.events().map((e) => e.userDetails.sessionId)).size).toBe(1);
  await page.close();
});

it('records a new session and page view on every load without cookies', async () => {
  pages(false);
  const page = await t.browser.newPage();
  await page.goto(t.site.url('a.html'));
  await settle(page, 'first');
  await page.reload();
  await settle(page, 'reloaded');
  expect(views()).toHaveLength(2);
  expect(types().filter((x) => x === 'session_start_event')).toHaveLength(2);
  await page.close();
});

it("continues the session of the predecessor's cwr_s cookie: no session start, the next interaction", async () => {
  pages(true);
  const context = await t.browser.newContext();
  const sessionId = '07e9c95a-4224-4b6a-8d78-a438a52cccd7';
  // As aws-rum-web 3.2.1 writes it after two page views (seen from outside).
  const theirs = {
    sessionId,
    record: true,
    eventCount: 3,
    page: {
      pageId: '/b.html',
      parentPageId: '/a.html',
      interaction: 1,
      referrer: '',
      referrerDomain: '',
      start: Date.now() - 4000,
    },
  };
  const url = new URL(t.site.emu.url);
  await context.addCookies([
    {
      name: 'cwr_s',
      value: encodeURIComponent(Buffer.from(JSON.stringify(theirs)).toString('base64')),
      domain: url.hostname,
      path: '/',
    },
  ]);
  const page = await context.newPage();
  await page.goto(t.site.url('a.html'));
  await settle(page, 'swapped');
  expect(types()).not.toContain('session_start_event');
  expect(views().map((v) => [v.userDetails.sessionId, v.event.details])).toEqual([
    [
      sessionId,
      expect.objectContaining({
        pageId: '/a.html',
        interaction: 2,
        parentPageInteractionId: '/b.html-1',
      }),
    ],
  ]);
  await context.close();
});
