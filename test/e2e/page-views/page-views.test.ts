import { clientReady, CREDS, snippetPage, useBrowserAndSite, waitForEvents } from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

it('records SPA page views for pushState, replaceState, back and hash changes, linked to their parents', async () => {
  const url = t.site.page(
    'spa.html',
    snippetPage({
      config: {
        endpoint: t.site.emu.url,
        dispatchInterval: 300,
        telemetries: [],
        pageIdFormat: 'PATH_AND_HASH',
      },
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
    }),
  );
  const page = await t.browser.newPage();
  await page.goto(url);
  await clientReady(page);
  await page.evaluate(async () => {
    // The History API methods tell the client at once (it wraps them); back() and a hash
    // change are asynchronous: each is awaited by its event before the next change.
    const landed = (type: 'popstate' | 'hashchange', change: () => void) =>
      new Promise((r) => {
        addEventListener(type, r, { once: true });
        change();
      });
    history.pushState({}, '', '/products');
    history.replaceState({}, '', '/products?sort=price'); // same page id: no new view
    history.pushState({}, '', '/products/42');
    await landed('popstate', () => history.back());
    await landed('hashchange', () => (location.hash = 'reviews'));
    (window as unknown as { cwr: (c: string, p: unknown) => void }).cwr('recordPageView', {
      pageId: '/manual',
      pageTags: ['checkout'],
      pageAttributes: { step: 2 },
    });
  });
  const events = await waitForEvents(
    t.site.emu,
    (e) => e.filter((x) => x.event.type.endsWith('page_view_event')).length >= 6,
  );
  const views = events.filter((x) => x.event.type.endsWith('page_view_event'));
  expect(views.map((v) => v.event.details.pageId)).toEqual([
    '/spa.html',
    '/products',
    '/products/42',
    '/products',
    '/products#reviews',
    '/manual',
  ]);
  expect(views.map((v) => v.event.details.interaction)).toEqual([0, 1, 2, 3, 4, 5]);
  expect(views[2].event.details).toMatchObject({
    parentPageInteractionId: '/products-1',
    timeOnParentPage: expect.any(Number),
  });
  expect(views[5].event.metadata).toMatchObject({
    pageId: '/manual',
    pageTags: ['checkout'],
    step: 2,
    parentPageId: '/products#reviews',
  });
  await page.close();
});
