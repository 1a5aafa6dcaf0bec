/**
 * How the CDN build is hosted: cwr-all.js alone (every chunk inlined), and cwr.js without its
 * chunk files beside it (the client says which file and what to do).
 */
import fs from 'fs';
import http from 'http';
import path from 'path';
import type { AddressInfo } from 'net';
import { renderSnippet } from '../../../snippet';
import {
  APP_ID,
  CREDS,
  REGION,
  short,
  useBrowserAndSite,
  waitFor,
  waitForEvents,
  type Page,
} from '../harness';

jest.setTimeout(60_000);

const t = useBrowserAndSite();
let cdn: http.Server;
let cdnUrl: string;
/** The files the CDN host serves (the others get a 404), and what was asked of it. */
let hosted: string[] = [];
const asked: string[] = [];

beforeAll(async () => {
  const dir = path.resolve(__dirname, '../../../dist/cdn');
  cdn = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname);
    asked.push(name);
    if (!hosted.includes(name)) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'text/javascript' })
      .end(fs.readFileSync(path.join(dir, name)));
  });
  await new Promise<void>((r) => cdn.listen(0, '127.0.0.1', r));
  cdnUrl = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => cdn.close(r)));
beforeEach(() => void (asked.length = 0));

const open = async (file: string, config: object): Promise<{ page: Page; console: string[] }> => {
  const snippet = renderSnippet({
    appMonitorId: APP_ID,
    appVersion: '1.0.0',
    region: REGION,
    clientUrl: `${cdnUrl}/${file}`,
    config: { endpoint: t.site.emu.url, dispatchInterval: 200, ...config },
  });
  const url = t.site.page(
    'hosted.html',
    `<!doctype html><html><head><title>hosted</title><script>${snippet}</script>
<script>cwr('setAwsCredentials', ${JSON.stringify(CREDS)});</script></head>
<body><button id="b">b</button><img src="favicon.ico"></body></html>`,
  );
  const page = await t.browser.newPage();
  const messages: string[] = [];
  page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  await page.goto(url);
  return { page, console: messages };
};

it('cwr-all.js alone: signing, performance, interaction and the words of a problem, with no other file', async () => {
  hosted = ['cwr-all.js'];
  const { page, console } = await open('cwr-all.js', {
    telemetries: [
      'errors',
      'http',
      'performance',
      ['interaction', { events: [{ event: 'click', elementId: 'b' }] }],
    ],
    dispatchIntervl: 100,
  });
  await page.click('#b');
  const events = await waitForEvents(t.site.emu, (e) =>
    ['performance_navigation_event', 'dom_event', 'page_view_event'].every((type) =>
      e.some((x) => short(x.event.type) === type),
    ),
  );
  expect(events.every((e) => e.signed)).toBe(true);
  // The bad option's message is in the diagnostics chunk's words ("did you mean").
  expect(console.some((m) => /dispatchIntervl.*dispatchInterval/.test(m))).toBe(true);
  expect(asked).toEqual(['cwr-all.js']);
  await page.close();
});

it('cwr.js without its chunks: one message names the file and the fix, and no credential problem', async () => {
  hosted = ['cwr.js'];
  const { page, console } = await open('cwr.js', { telemetries: [] });
  await page.evaluate(() =>
    (window as unknown as { cwr: (c: string, p: unknown) => void }).cwr('recordEvent', {
      type: 'app.step',
      data: {},
    }),
  );
  await waitFor(
    () => console.some((m) => m.includes('cwr-auth.js could not be loaded')),
    'the message that cwr-auth.js could not be loaded',
    10_000,
    () => JSON.stringify(console),
  );
  // Later dispatches try the chunk again, and are not said again.
  await page.waitForFunction(() => performance.getEntriesByType('resource').length > 3);
  const said = console.filter((m) => m.includes('cwr-auth.js could not be loaded'));
  expect(said).toHaveLength(1);
  expect(said[0]).toMatch(
    /^error: \[cwr\] http:\/\/127\.0\.0\.1:\d+\/cwr-auth\.js could not be loaded: host the cwr-\*\.js files beside cwr\.js, or use cwr-all\.js/,
  );
  expect(console.filter((m) => /credentials/i.test(m))).toEqual([]);
  const d = (await page.evaluate(() =>
    (window as unknown as { cwr: (c: string) => unknown }).cwr('diagnose'),
  )) as { problems: { code: string; message: string }[] };
  expect(d.problems.map((p) => p.code)).toContain('chunk-missing');
  expect(d.problems.map((p) => p.code)).not.toContain('no-credentials');
  await page.close();
});
