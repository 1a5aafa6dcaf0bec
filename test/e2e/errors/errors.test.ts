import fs from 'fs';
import path from 'path';
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

it('records uncaught errors, unhandled rejections of any value, and recordError calls', async () => {
  fs.copyFileSync(path.join(__dirname, 'app.js'), path.join(t.site.dir, 'errors-app.js'));
  const url = t.site.page(
    'errors.html',
    snippetPage({
      config: {
        endpoint: t.site.emu.url,
        dispatchInterval: 300,
        telemetries: [['errors', { stackTraceLength: 500 }]],
      },
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
      body: '<script src="/errors-app.js"></script>',
    }),
  );
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  await page.goto(url);
  await clientReady(page);
  await page.evaluate(() => (window as unknown as { runErrors: () => void }).runErrors());
  const events = await waitForEvents(
    t.site.emu,
    (e) => e.filter((x) => x.event.type.endsWith('js_error_event')).length >= 6,
  );
  const errors = events
    .filter((x) => x.event.type.endsWith('js_error_event'))
    .map((x) => x.event.details);
  expect(errors).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        type: 'TypeError',
        message: expect.stringContaining('null'),
        filename: expect.stringContaining('errors-app.js'),
        lineno: expect.any(Number),
        colno: expect.any(Number),
      }),
      expect.objectContaining({ type: 'RangeError', message: 'rejected with an Error' }),
      expect.objectContaining({ message: 'rejected with a string' }),
      expect.objectContaining({ message: 'undefined' }),
      expect.objectContaining({ type: 'SyntaxError' }),
      expect.objectContaining({ message: 'a message string' }),
    ]),
  );
  for (const e of errors) if (e.stack) expect((e.stack as string).length).toBeLessThanOrEqual(500);
  // The page's own errors still reach the page as they would without the client.
  expect(con.pageErrors.length).toBeGreaterThanOrEqual(1);
  expect(con.errors.filter((m) => m.includes('[cwr]'))).toEqual([]);
  await page.close();
});
