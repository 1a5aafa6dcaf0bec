import path from 'path';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { APP_ID, CREDS, short, useBrowserAndSite, waitForEvents, watchConsole } from '../harness';

jest.setTimeout(60_000);

const t = useBrowserAndSite();
beforeAll(async () => {
  // Bundle the app the way a site would: ESM entry, dependencies resolved from node_modules,
  // the signer left as a lazily loaded chunk.
  const bundle = await rollup({
    input: path.join(__dirname, 'app.js'),
    plugins: [nodeResolve({ browser: true })],
    onwarn: () => undefined,
  });
  await bundle.write({ dir: t.site.dir, format: 'es', entryFileNames: 'app.js' });
  await bundle.close();
});

it('an app bundling the npm module sends signed events with cookies', async () => {
  const url = t.site.page(
    'npm.html',
    `<!doctype html><html><head><title>npm app</title><script>window.E2E = ${JSON.stringify({
      appMonitorId: APP_ID,
      endpoint: t.site.emu.url,
      credentials: CREDS,
    })};</script><script type="module" src="/app.js"></script></head><body></body></html>`,
  );
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  await page.goto(url);
  const events = await waitForEvents(t.site.emu, (e) => e.length >= 3);
  expect(events.map((e) => short(e.event.type))).toEqual([
    'session_start_event',
    'page_view_event',
    'npm.app.started',
  ]);
  expect(events.every((e) => e.signed)).toBe(true);
  expect(events[0].event.metadata['aws:client']).toBe('arw-module');
  const cookies = await page.context().cookies();
  const names = cookies.map((c) => c.name).sort();
  expect(names).toEqual(['cwr_s', 'cwr_u']);
  const sessionId = await page.evaluate(() =>
    (window as unknown as { rum: { getSessionId(): string } }).rum.getSessionId(),
  );
  expect(events[0].userDetails.sessionId).toBe(sessionId);
  expect(events[0].userDetails.userId).toBe(cookies.find((c) => c.name === 'cwr_u')!.value);

  // A reload keeps the session (no second session_start) and the user, and resumes the page
  // (no second page view), as the predecessor does.
  t.site.emu.reset();
  await page.reload();
  const again = await waitForEvents(t.site.emu, (e) => e.length >= 1);
  expect(again.map((e) => short(e.event.type))).toEqual(['npm.app.started']);
  expect(again[0].userDetails.sessionId).toBe(sessionId);
  expect(again[0].event.metadata).toMatchObject({ pageId: '/npm.html', interaction: 0 });
  expect(con.pageErrors).toEqual([]);
  expect(con.errors).toEqual([]);
  await page.close();
});
