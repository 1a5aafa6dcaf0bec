/**
 * The framework entries in a real React app (issue #18, item 5): app.jsx, React with React
 * Router and the client from the npm module, bundled by esbuild as a site's build would (React's
 * production build), loaded in Chromium against the emulator. Its page views are the router
 * hook's (disableAutoPageView), one per route visited by the app's links; the route that throws
 * while rendering is one js_error, recorded by the boundary on that route with React's
 * component stack naming the component that threw.
 */
import fs from 'fs';
import path from 'path';
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

jest.setTimeout(90_000);

const t = useBrowserAndSite();

beforeAll(async () => {
  // A dev dependency ("Cannot find module 'esbuild'" until installed), typed here by what is used.
  const name = 'esbuild';
  const esbuild = (await import(name)) as { build(o: object): Promise<unknown> };
  // The app imports 'cloudwatch-rum-web', '…/react' and '…/react-router' by name: the package's
  // own exports (dist/, built), as an app that installed it resolves them.
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'app.jsx')],
    bundle: true,
    splitting: true,
    format: 'esm',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: t.site.dir,
    logLevel: 'silent',
  });
  expect(fs.existsSync(path.join(t.site.dir, 'app.js'))).toBe(true);
});

/** The app at the site's root ('/'), where BrowserRouter's first route is. */
const openApp = async (page: Page) => {
  t.site.page(
    'index.html',
    `<!doctype html><html><head><meta charset="utf-8"><title>React app</title><script>window.E2E = ${JSON.stringify(
      { appMonitorId: APP_ID, endpoint: t.site.emu.url, credentials: CREDS },
    )};</script><script type="module" src="/app.js"></script></head><body><div id="root"></div></body></html>`,
  );
  // Served at '/' (a static folder's index.html comes first there).
  await page.goto(t.site.url('/'));
  await page.waitForSelector('h1:text-is("Home")');
};

/** Follows one of the app's router links and waits until its route has rendered `shows`. */
const follow = async (page: Page, link: string, shows: string) => {
  await page.click('#' + link);
  await page.waitForSelector(shows);
};

const pageViews = (events: StoredEvent[]) =>
  events
    .filter((e) => short(e.event.type) === 'page_view_event')
    .map((e) => e.event.details.pageId);
const jsErrors = (events: StoredEvent[]) =>
  events.filter((e) => short(e.event.type) === 'js_error_event');

it('records a page view per route followed, and the error of the route that broke with its component stack', async () => {
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  await openApp(page);
  await follow(page, 'products', 'h1:text-is("Products")');
  await follow(page, 'order', 'h1:text-is("Order 42")');
  await follow(page, 'basket', '#fallback');
  expect(await page.textContent('#fallback')).toContain('Something went wrong (TypeError)');
  await follow(page, 'home', 'h1:text-is("Home")');

  // A marker after everything: what the app recorded before it has arrived by then.
  await page.evaluate(() => {
    const rum = (window as unknown as { rum: { recordEvent(t: string, d: object): void } }).rum;
    rum.recordEvent('e2e.marker', {});
  });
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => x.event.type === 'e2e.marker'),
  );

  expect(pageViews(events)).toEqual(['/', '/products', '/orders/42', '/basket', '/']);
  // Each view links to the one before.
  const views = events.filter((e) => short(e.event.type) === 'page_view_event');
  expect(views.slice(1).map((e) => e.event.details.parentPageInteractionId)).toEqual(
    views.slice(0, -1).map((e) => e.event.details.pageInteractionId),
  );

  // One js_error: the boundary's (the errors telemetry saw no uncaught error), on the route
  // that broke, after its page view.
  const errors = jsErrors(events);
  expect(errors).toHaveLength(1);
  const [error] = errors;
  expect(error.event.metadata.pageId).toBe('/basket');
  expect(events.indexOf(error)).toBeGreaterThan(events.indexOf(views[3]));
  expect(events.indexOf(error)).toBeLessThan(events.indexOf(views[4]));
  const details = error.event.details as { type: string; message: string; stack: string };
  expect(details.type).toBe('TypeError');
  expect(details.message).toMatch(/items/);
  expect(details.stack.length).toBeLessThanOrEqual(1000);
  const [js, components] = details.stack.split('\n\nComponent stack:\n');
  expect(js).toMatch(/^TypeError: .*items/);
  expect(js).toMatch(/at BrokenBasket \(http:\/\/127\.0\.0\.1:\d+\/app\.js:\d+:\d+\)/);
  // React's component stack, innermost first: the component that threw, then the app's
  // components around it up to the root.
  const names = [...components.matchAll(/^\s+at (\S+)/gm)].map((m) => m[1]);
  expect(names[0]).toBe('BrokenBasket');
  expect(names).toEqual(expect.arrayContaining(['RumErrorBoundary', 'Layout']));
  expect(names.indexOf('RumErrorBoundary')).toBeLessThan(names.indexOf('Layout'));

  expect(con.pageErrors).toEqual([]);
  // React logs the error its boundary caught (its default onCaughtError); nothing else is said.
  expect(con.errors).toHaveLength(1);
  expect(con.errors[0]).toMatch(/TypeError/);
  await page.close();
});

it('records no page view for a link to the route already shown', async () => {
  const page = await t.browser.newPage();
  await openApp(page);
  await follow(page, 'products', 'h1:text-is("Products")');
  await page.click('#products');
  await follow(page, 'home', 'h1:text-is("Home")');
  await page.evaluate(() => {
    const rum = (window as unknown as { rum: { recordEvent(t: string, d: object): void } }).rum;
    rum.recordEvent('e2e.marker', {});
  });
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => x.event.type === 'e2e.marker'),
  );
  expect(pageViews(events)).toEqual(['/', '/products', '/']);
  expect(jsErrors(events)).toEqual([]);
  await page.close();
});
