/**
 * Two clients for two app monitors on one page (`cookieAttributes.unique`): sessions, cookies,
 * credentials and events stay apart.
 */
import path from 'path';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import {
  APP_ID,
  CREDS,
  OPEN_APP_ID,
  useBrowserAndSite,
  waitForEvents,
  watchConsole,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();
const OTHER_CREDS = { accessKeyId: 'AKIDE2ETEST000000002', secretAccessKey: 'e2e-secret-2' };

beforeAll(async () => {
  t.site.emu.addCredential(OTHER_CREDS);
  const bundle = await rollup({
    input: path.join(__dirname, 'two.js'),
    plugins: [nodeResolve({ browser: true })],
    onwarn: () => undefined,
  });
  await bundle.write({ dir: path.join(t.site.dir, 'two'), format: 'es', entryFileNames: 'two.js' });
  await bundle.close();
});

it('keeps sessions, cookies, credentials and events of two app monitors apart', async () => {
  const url = t.site.page(
    'two.html',
    `<!doctype html><html><head><title>two</title><script>window.E2E = ${JSON.stringify({
      endpoint: t.site.emu.url,
      apps: [
        { appMonitorId: APP_ID, credentials: CREDS, name: 'a' },
        { appMonitorId: OPEN_APP_ID, credentials: OTHER_CREDS, name: 'b' },
      ],
    })};</script><script type="module" src="/two/two.js"></script></head><body></body></html>`,
  );
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  await page.goto(url);
  // One error on the page: each client records it for its own app monitor.
  await page.evaluate(() =>
    setTimeout(() => {
      throw new Error('shared page error');
    }),
  );
  const events = await waitForEvents(t.site.emu, (e) => e.length >= 8);
  const of = (id: string) => events.filter((e) => e.appMonitorId === id);
  const a = of(APP_ID);
  const b = of(OPEN_APP_ID);
  expect(a.map((e) => e.event.type).sort()).toEqual(
    [
      'com.amazon.rum.js_error_event',
      'com.amazon.rum.page_view_event',
      'com.amazon.rum.session_start_event',
      'two.a',
    ].sort(),
  );
  expect(b.map((e) => e.event.type).sort()).toEqual(
    [
      'com.amazon.rum.js_error_event',
      'com.amazon.rum.page_view_event',
      'com.amazon.rum.session_start_event',
      'two.b',
    ].sort(),
  );
  // Signed with their own keys.
  expect(new Set(a.map((e) => e.accessKeyId))).toEqual(new Set([CREDS.accessKeyId]));
  expect(new Set(b.map((e) => e.accessKeyId))).toEqual(new Set([OTHER_CREDS.accessKeyId]));
  // Sessions of their own, each in its own cookie.
  const sa = new Set(a.map((e) => e.userDetails.sessionId));
  const sb = new Set(b.map((e) => e.userDetails.sessionId));
  expect(sa.size).toBe(1);
  expect(sb.size).toBe(1);
  expect([...sa][0]).not.toBe([...sb][0]);
  const cookies = (await page.context().cookies()).map((c) => c.name).sort();
  expect(cookies).toEqual(
    [`cwr_s_${APP_ID}`, `cwr_s_${OPEN_APP_ID}`, `cwr_u_${APP_ID}`, `cwr_u_${OPEN_APP_ID}`].sort(),
  );
  expect(con.errors.filter((e) => e.includes('[cwr]'))).toEqual([]);
  await page.close();
});
