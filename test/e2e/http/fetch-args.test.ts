/**
 * What a fetch wrapper of the app's, installed before the client (so the client wraps over it),
 * is called with, in Chromium: the app's own arguments, with the trace header added to a copy
 * of `init` — never one Request object in their place — and Request inputs that keep their
 * method, headers and body.
 */
import { type AppServer, startAppServer } from '../../app-server';
import { clientReady, CREDS, type Page, snippetPage, useBrowserAndSite } from '../harness';

jest.setTimeout(60_000);

const t = useBrowserAndSite();
let api: AppServer;
beforeAll(async () => {
  api = await startAppServer();
});
afterAll(() => api?.close());
beforeEach(() => {
  api.received.length = 0;
});

// The app's wrapper, as apps write them: it reads init.headers without a guard (an init is
// always given), and notes what it was called with.
const WRAPPER = `
window.__calls = [];
(function () {
  var below = window.fetch;
  window.fetch = function (input, init) {
    var h = init.headers;
    window.__init = init;
    window.__calls.push({
      args: arguments.length,
      input: typeof input === 'string' ? input : input instanceof Request ? 'Request ' + input.url : String(input),
      sameInput: input === window.__lastInput,
      method: init.method,
      body: init.body,
      form: h instanceof Headers ? 'Headers' : Array.isArray(h) ? 'array' : typeof h,
      auth: h instanceof Headers ? h.get('x-app') : h && h['x-app'],
      trace: h instanceof Headers ? h.get('x-amzn-trace-id') : h && h['X-Amzn-Trace-Id'],
      app: h instanceof Headers ? h.get('x-app') : undefined,
    });
    return below.apply(this, arguments);
  };
  window.__wrapper = window.fetch;
})();`;

const open = async (name: string, http: object, config: object = {}) => {
  const page = await t.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(
    t.site.page(
      name,
      snippetPage({
        config: {
          endpoint: t.site.emu.url,
          dispatchInterval: 60_000,
          telemetries: [['http', http]],
          ...config,
        },
        before: WRAPPER + `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
      }),
    ),
  );
  await clientReady(page);
  await page.waitForFunction(() => window.fetch !== (window as unknown as W).__wrapper);
  return { page, errors };
};

type W = Window & { __calls: Record<string, unknown>[]; __lastInput: unknown; __wrapper: unknown };
const calls = (page: Page) => page.evaluate(() => (window as unknown as W).__calls);
const TRACE = /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$/;

it('passes the app its own (input, init), the trace header in a copy of init.headers', async () => {
  const { page, errors } = await open(
    'args.html',
    { addXRayTraceIdHeader: true },
    { enableXRay: true },
  );
  const app = await page.evaluate(async (origin) => {
    const init = { method: 'POST', body: 'b', headers: { 'x-app': 't' } };
    (window as unknown as W).__lastInput = origin + '/echo';
    const res = await fetch(origin + '/echo', init);
    return { echo: await res.json(), init: JSON.stringify(init) };
  }, api.origin);
  expect(await calls(page)).toEqual([
    {
      args: 2,
      input: api.origin + '/echo',
      sameInput: true,
      method: 'POST',
      body: 'b',
      form: 'object',
      auth: 't',
      trace: expect.stringMatching(TRACE),
      app: undefined,
    },
  ]);
  // The server got the app's request, with the header; the app's init is as it was.
  expect(app.echo).toMatchObject({
    method: 'POST',
    body: 'b',
    headers: { 'x-app': 't', 'x-amzn-trace-id': expect.stringMatching(TRACE) },
  });
  expect(app.init).toBe('{"method":"POST","body":"b","headers":{"x-app":"t"}}');
  expect(errors).toEqual([]);
  await page.close();
});

it('keeps a Request input as it is: its method, headers and body, the header in a new init', async () => {
  const { page, errors } = await open('request.html', { addXRayTraceIdHeader: true });
  const app = await page.evaluate(async (origin) => {
    const req = new Request(origin + '/echo', {
      method: 'PUT',
      body: 'request body',
      headers: { 'x-app': '1' },
    });
    (window as unknown as W).__lastInput = req;
    // The wrapper reads init.headers: the app gives an init without headers.
    const res = await fetch(req, { cache: 'no-store' });
    return { echo: await res.json(), own: [...req.headers] };
  }, api.origin);
  expect(await calls(page)).toEqual([
    expect.objectContaining({
      args: 2,
      input: `Request ${api.origin}/echo`,
      sameInput: true,
      form: 'Headers',
      trace: expect.stringMatching(TRACE),
      app: '1',
    }),
  ]);
  expect(app.echo).toMatchObject({
    method: 'PUT',
    body: 'request body',
    headers: { 'x-app': '1', 'x-amzn-trace-id': expect.stringMatching(TRACE) },
  });
  // The app's Request is not changed.
  expect(app.own.map(([name]) => name)).toEqual(['content-type', 'x-app']);
  expect(errors).toEqual([]);
  await page.close();
});

it('calls the wrapper with exactly the app arguments when no header is added', async () => {
  const { page } = await open('plain.html', { recordAllRequests: true });
  const same = await page.evaluate(async (origin) => {
    const init = { headers: { 'x-app': 't' } };
    await fetch(origin + '/echo', init);
    return (window as unknown as { __init: unknown }).__init === init;
  }, api.origin);
  expect(same).toBe(true);
  expect(await calls(page)).toEqual([
    expect.objectContaining({ args: 2, form: 'object', auth: 't', trace: undefined }),
  ]);
  await page.close();
});
