/**
 * `npm start` as a new user runs it: the CLI's start command, a real browser on its demo page,
 * and the demo's own view of what the emulator accepted.
 */
import { spawn, type ChildProcess } from 'child_process';
import path from 'path';
import { type Browser, launchBrowser, watchConsole } from './harness';

jest.setTimeout(60_000);

let browser: Browser;
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  browser = await launchBrowser();
  child = spawn(
    process.execPath,
    [
      path.join(__dirname, '../../bin/cloudwatch-rum-web.js'),
      'start',
      '--port',
      '0',
      '--no-data-file',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /Demo page: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`start exited with ${code}: ${out}`)));
  });
});
afterAll(async () => {
  child?.kill('SIGINT');
  await browser?.close();
});

it('serves a demo page whose events, signed, show up at the emulator and on the page', async () => {
  const page = await browser.newPage();
  const con = watchConsole(page);
  await page.goto(url);
  await page.click('#custom');
  await page.click('#error');
  await page.click('#navigate');
  await page.click('#dispatch');
  await page.waitForFunction(() => document.querySelectorAll('#events tr').length >= 5, null, {
    timeout: 15_000,
  });
  const types = await page.$$eval('#events tr td:nth-child(2)', (tds) =>
    tds.map((t) => t.textContent),
  );
  expect(types).toEqual(
    expect.arrayContaining([
      'session_start_event',
      'page_view_event',
      'demo.button_clicked',
      'js_error_event',
    ]),
  );
  const res = await (await fetch(new URL('/_emulator/events', url))).json();
  // Signed with credentials the emulator's Cognito identity pool vended.
  expect(
    res.events.every(
      (e: { signed: boolean; accessKeyId: string }) => e.signed && e.accessKeyId.startsWith('ASIA'),
    ),
  ).toBe(true);
  expect(
    res.events.map((e: { event: { metadata: { pageId: string } } }) => e.event.metadata.pageId),
  ).toContain('/route-3');
  expect(con.pageErrors).toEqual([]);
  expect(con.errors).toEqual([]);
  await page
    .screenshot({ path: path.join(__dirname, '../../.rum-emulator/demo.png') })
    .catch(() => undefined);
  await page.close();
});
