/**
 * Route timing in a real browser (docs/insights.md): a single-page app's route change is
 * timed to its last request or DOM change before the page is quiet, or to the app's
 * pageLoaded(); recorded as a performance_navigation_event with initiatorType "route_change".
 */
import type { StoredEvent } from '../../../emulator';
import {
  clientReady,
  CREDS,
  cwr,
  type Page,
  sendMarker,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

/** The app's API answers after this long (the server's latency, not a wait in the test). */
const SLOW_MS = 400;

/** An app whose `go(path)` changes the route, fetches the view's data, then renders it. */
const APP = `
window.go = (path) => {
  history.pushState({}, '', path);
  document.body.insertAdjacentHTML('beforeend', '<p class="spinner">loading</p>');
  return fetch('/api/view?path=' + encodeURIComponent(path))
    .then((r) => r.text())
    .then((text) => {
      document.querySelector('.spinner').remove();
      document.body.insertAdjacentHTML('beforeend', '<main>' + text + '</main>');
    });
};`;

const open = async (name: string, performance: Record<string, unknown>): Promise<Page> => {
  const url = t.site.page(
    name,
    snippetPage({
      config: {
        endpoint: t.site.emu.url,
        dispatchInterval: 300,
        telemetries: [['performance', performance]],
      },
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});${APP}`,
    }),
  );
  const page = await t.browser.newPage();
  await page.route('**/api/view*', async (route) => {
    await new Promise((r) => setTimeout(r, SLOW_MS));
    await route.fulfill({ status: 200, contentType: 'text/plain', body: 'the view' });
  });
  await page.goto(url);
  await clientReady(page);
  // The performance chunk is loaded once it has recorded the page's load.
  await waitForEvents(t.site.emu, (e) => e.some(isNavigation('navigation')));
  return page;
};

const isNavigation =
  (initiator: string) =>
  (e: StoredEvent): boolean =>
    e.event.type.endsWith('performance_navigation_event') &&
    e.event.details.initiatorType === initiator;

const insightsLoads = () =>
  t.site.emu.requests().filter((r) => r.path.endsWith('/cwr-insights.js')).length;

const routeChanges = (events: StoredEvent[]) =>
  events.filter(isNavigation('route_change')).map((e) => ({
    pageId: e.event.metadata.pageId,
    duration: e.event.details.duration as number,
    startTime: e.event.details.startTime as number,
    navigationType: e.event.details.navigationType,
  }));

it('times a route change to its last request and DOM change once the page is quiet', async () => {
  const page = await open('spa.html', { routeTiming: true });
  const before = await page.evaluate(() => performance.now());
  await page.evaluate(() =>
    (window as unknown as { go: (p: string) => Promise<void> }).go('/orders'),
  );
  const after = await page.evaluate(() => performance.now());
  const events = await waitForEvents(t.site.emu, (e) => e.some(isNavigation('route_change')));
  const [route, ...more] = routeChanges(events);
  expect(more).toEqual([]);
  expect(route.pageId).toBe('/orders');
  expect(route.navigationType).toBe('navigate');
  expect(route.startTime).toBeGreaterThanOrEqual(Math.floor(before));
  expect(route.startTime).toBeLessThan(after);
  // The request's latency and the render after it; not the 100 ms of quiet after that.
  expect(route.duration).toBeGreaterThanOrEqual(SLOW_MS);
  expect(route.duration).toBeLessThanOrEqual(after - route.startTime + 1);
  // Route timing is in the insights chunk, loaded once.
  expect(insightsLoads()).toBe(1);
  await page.close();
});

it('ends the timing at pageLoaded() once the app calls it, whatever the quiet says', async () => {
  const page = await open('spa-loaded.html', { routeTiming: true });
  // On the first view it measures nothing; from now on the app's word ends each view.
  await cwr(page, 'pageLoaded');
  await page.evaluate(async () => {
    history.pushState({}, '', '/checkout');
    // The view renders at once, then its data arrives after a timer the quiet cannot see.
    document.body.insertAdjacentHTML('beforeend', '<main>checkout</main>');
    await new Promise((r) => setTimeout(r, 600));
    (window as unknown as { cwr: (c: string) => void }).cwr('pageLoaded');
  });
  const events = await waitForEvents(t.site.emu, (e) => e.some(isNavigation('route_change')));
  const routes = routeChanges(events);
  expect(routes.map((r) => r.pageId)).toEqual(['/checkout']);
  expect(routes[0].duration).toBeGreaterThanOrEqual(600);
  await page.close();
});

it('times nothing without routeTiming', async () => {
  const page = await open('spa-off.html', {});
  await page.evaluate(() =>
    (window as unknown as { go: (p: string) => Promise<void> }).go('/orders'),
  );
  // Everything the page recorded before the marker has arrived before it.
  const events = await sendMarker(page, t.site.emu);
  expect(events.filter((e) => e.event.type.endsWith('page_view_event'))).toHaveLength(2);
  expect(routeChanges(events)).toEqual([]);
  // Nor is the insights chunk loaded: a page that asks for none of it does not pay for it.
  expect(insightsLoads()).toBe(0);
  await page.close();
});
