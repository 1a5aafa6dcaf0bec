/**
 * cwr.js served from another origin (a CDN that sends no CORS headers), under a strict
 * Content-Security-Policy that allows the snippet by its hash and scripts from the CDN host
 * only — the set-up of the troubleshooting guide. The lazily loaded signer must load too.
 */
import fs from 'fs';
import http from 'http';
import path from 'path';
import type { AddressInfo } from 'net';
import { cspHash, renderSnippet } from '../../../snippet';
import { APP_ID, CREDS, REGION, useBrowserAndSite, waitForEvents, watchConsole } from '../harness';

jest.setTimeout(60_000);

const t = useBrowserAndSite();
let cdn: http.Server;
let cdnUrl: string;

beforeAll(async () => {
  const dir = path.resolve(__dirname, '../../../dist/cdn');
  cdn = http.createServer((req, res) => {
    const file = path.join(dir, path.basename(new URL(req.url ?? '/', 'http://x').pathname));
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => cdn.listen(0, '127.0.0.1', r));
  cdnUrl = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => cdn.close(r)));

it('loads cwr.js and its signer chunk from a CORS-less CDN host under a hash-based CSP', async () => {
  const snippet = renderSnippet({
    appMonitorId: APP_ID,
    appVersion: '1.0.0',
    region: REGION,
    clientUrl: `${cdnUrl}/cwr.js`,
    config: { endpoint: t.site.emu.url, dispatchInterval: 200, telemetries: [] },
  });
  const creds = `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`;
  const csp = `script-src ${cspHash(snippet)} ${cspHash(creds)} ${cdnUrl}; connect-src ${t.site.emu.url}`;
  const url = t.site.page(
    'csp.html',
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${csp}">
<title>csp</title><script>${snippet}</script><script>${creds}</script></head><body></body></html>`,
  );
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  await page.goto(url);
  const events = await waitForEvents(t.site.emu, (e) => e.length >= 2);
  expect(events.every((e) => e.signed)).toBe(true);
  expect(con.errors).toEqual([]);
  expect(con.pageErrors).toEqual([]);
  await page.close();
});
