import { clientReady, CREDS, snippetPage, useBrowserAndSite, waitForEvents } from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

it('groups page ids, request URLs and resource URLs with urlNormalizer: true', async () => {
  const url = t.site.page(
    'orders.html',
    snippetPage({
      config: {
        endpoint: t.site.emu.url,
        dispatchInterval: 300,
        urlNormalizer: true,
        telemetries: [
          ['http', { recordAllRequests: true }],
          ['performance', { recordAllTypes: ['image'], sampleTypes: [] }],
        ],
      },
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
    }),
  );
  const page = await t.browser.newPage();
  await page.goto(url);
  await clientReady(page);
  await page.evaluate(async () => {
    history.pushState({}, '', '/orders/12345');
    await fetch('/api/orders/12345?session=9f86d081884c7d65').catch(() => undefined);
    history.pushState({}, '', '/orders/67890');
    await fetch('/api/orders/67890?session=9f86d081884c7d66').catch(() => undefined);
    const img = new Image();
    img.src = '/img/3f2504e0-4f89-41d3-9a0c-0305e82c3301.png';
    await new Promise((r) => (img.onload = img.onerror = r));
  });
  const events = await waitForEvents(t.site.emu, (e) => {
    const n = (s: string) => e.filter((x) => x.event.type.endsWith(s)).length;
    // (The image's resource event, not the favicon's, which may come first.)
    const image = e.some((x) => String(x.event.details.targetUrl).endsWith('.png'));
    return n('page_view_event') >= 3 && n('http_event') >= 2 && image;
  });
  const of = (s: string) => events.filter((x) => x.event.type.endsWith(s)).map((x) => x.event);
  // Two orders, one page: each move is a view of its own, with the same page id.
  expect(of('page_view_event').map((v) => v.details.pageId)).toEqual([
    '/orders.html',
    '/orders/:id',
    '/orders/:id',
  ]);
  const origin = new URL(url).origin;
  expect(
    of('http_event').map((h) => [(h.details.request as { url: string }).url, h.metadata.pageId]),
  ).toEqual([
    [origin + '/api/orders/:id?session=:hash', '/orders/:id'],
    [origin + '/api/orders/:id?session=:hash', '/orders/:id'],
  ]);
  expect(of('resource_event').map((r) => r.details.targetUrl)).toContain(origin + '/img/:uuid.png');
  expect(JSON.stringify(events)).not.toMatch(/12345|67890|3f2504e0/);
  await page.close();
});
