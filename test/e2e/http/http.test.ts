/**
 * The http telemetry in Chromium. The page's own API is a separate loopback server (another
 * origin, CORS-open), so trace headers travel as they would to a real backend.
 *
 * The comparison suite runs the same fetch and XHR cases on a page with the client (http on,
 * every request recorded, trace headers added) and on a page without it, and requires the
 * app to observe exactly the same results.
 */
import { type AppServer, startAppServer } from '../../app-server';
import {
  clientReady,
  CREDS,
  type Page,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
  watchConsole,
} from '../harness';
import type { StoredEvent } from '../../../emulator';

jest.setTimeout(90_000);

const t = useBrowserAndSite();
let api: AppServer;
beforeAll(async () => {
  api = await startAppServer();
});
afterAll(() => api?.close());
beforeEach(() => {
  api.received.length = 0;
});

// Installed before the client loads, so the client wraps over it: it notes the Response the
// layer below the client resolved with, and lets the test check what is installed.
const PROBE = `
window.__probe = {};
(function () {
  var below = window.fetch;
  window.fetch = function () {
    return below.apply(this, arguments).then(function (r) { window.__probe.last = r; return r; });
  };
  window.__probe.fetch = window.fetch;
  window.__probe.send = XMLHttpRequest.prototype.send;
  window.__probe.open = XMLHttpRequest.prototype.open;
})();`;

const creds = `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`;

const clientPage = (name: string, config: object) =>
  t.site.page(
    name,
    snippetPage({
      config: { endpoint: t.site.emu.url, dispatchInterval: 60_000, ...config },
      before: PROBE + creds,
    }),
  );

const plainPage = (name: string) =>
  t.site.page(
    name,
    `<!doctype html><html><head><meta charset="utf-8"><title>e2e page</title><script>${PROBE}</script></head><body></body></html>`,
  );

type Win = Window & {
  __probe: { last?: Response; fetch: typeof fetch; send: unknown; open: unknown };
  cwr: (c: string, p?: unknown) => Promise<unknown>;
};

/** Opens a page with the client and waits until the http telemetry has wrapped fetch. */
const openClient = async (url: string) => {
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  await page.goto(url);
  await clientReady(page);
  await page.waitForFunction(() => window.fetch !== (window as unknown as Win).__probe.fetch);
  return { page, con };
};

const dispatch = (page: Page) => page.evaluate(() => (window as unknown as Win).cwr('dispatch'));

/**
 * What the app observes for each case: statuses, bodies, errors (name, message, identity of
 * the reason), XHR events and ready states; nothing that depends on timing.
 */
const appCases = async ({ api, unreachable }: { api: string; unreachable: string }) => {
  const probe = (window as unknown as { __probe: { last?: Response } }).__probe;
  const out: Record<string, unknown> = {};
  const unhandled: string[] = [];
  addEventListener('unhandledrejection', (e) =>
    unhandled.push(`${e.reason?.name}: ${e.reason?.message}`),
  );
  const u = (path: string, name: string) => `${api}${path}?case=${name}`;
  const fail = (e: unknown) => {
    const x = e as Error;
    return {
      error: {
        name: x?.name,
        message: x?.message,
        typeError: e instanceof TypeError,
        domException: e instanceof DOMException,
      },
    };
  };
  const info = async (res: Response, read: 'text' | 'echo' | 'none' = 'text') => {
    const r: Record<string, unknown> = {
      status: res.status,
      ok: res.ok,
      statusText: res.statusText,
      type: res.type,
      redirected: res.redirected,
      url: res.url,
      contentType: res.headers.get('content-type'),
      route: res.headers.get('x-route'),
      isResponse: res instanceof Response,
      sameAsBelow: res === probe.last,
      bodyUsed: res.bodyUsed,
    };
    if (read === 'echo') {
      const e = await res.json();
      r.echo = {
        method: e.method,
        body: e.body,
        app: e.headers['x-app'] ?? null,
        contentType: e.headers['content-type'] ?? null,
      };
    } else if (read === 'text') r.body = await res.text();
    r.bodyUsedAfter = res.bodyUsed;
    return r;
  };
  const run = async (name: string, f: () => unknown) => {
    try {
      out[name] = await f();
    } catch (e) {
      out[name] = fail(e);
    }
  };
  const slowAbort = async (name: string, make: (s: AbortSignal) => Promise<Response>) => {
    const c = new AbortController();
    const reason = new Error('user left');
    setTimeout(() => c.abort(reason), 100);
    try {
      await make(c.signal);
      return 'resolved';
    } catch (e) {
      return { ...fail(e), sameReason: e === reason, name };
    }
  };
  const stream = (parts: string[]) =>
    new ReadableStream<Uint8Array>({
      pull(c) {
        const p = parts.shift();
        if (p) c.enqueue(new TextEncoder().encode(p));
        else c.close();
      },
    });

  // fetch: every call form.
  await run('string', async () => info(await fetch(u('/json', 'string'))));
  await run('url', async () => info(await fetch(new URL(u('/json', 'url')))));
  await run('request', async () =>
    info(await fetch(new Request(u('/echo', 'request'), { headers: { 'x-app': 'r' } })), 'echo'),
  );
  await run('request+init', async () =>
    info(
      await fetch(new Request(u('/echo', 'request-init'), { headers: { 'x-app': 'old' } }), {
        headers: { 'x-app': 'new' },
        method: 'PUT',
        body: 'put body',
      }),
      'echo',
    ),
  );
  await run('headers', async () => {
    const headers = new Headers({ 'x-app': 'h' });
    const r = await info(await fetch(u('/echo', 'headers'), { headers }), 'echo');
    return { ...r, appHeadersAfter: [...headers] };
  });
  await run('object', async () => {
    const init = { headers: { 'x-app': 'o' } };
    const r = await info(await fetch(u('/echo', 'object'), init), 'echo');
    return { ...r, initAfter: JSON.stringify(init) };
  });
  await run('pairs', async () =>
    info(await fetch(u('/echo', 'pairs'), { headers: [['x-app', 'p']] }), 'echo'),
  );
  await run('this-undefined', async () =>
    info(await fetch.call(undefined, u('/json', 'this-undefined'))),
  );
  await run('this-illegal', async () => info(await fetch.call({}, u('/json', 'this-illegal'))));
  // Bodies.
  await run('post-string', async () =>
    info(await fetch(u('/echo', 'post-string'), { method: 'POST', body: 'hello' }), 'echo'),
  );
  await run('post-params', async () =>
    info(
      await fetch(u('/echo', 'post-params'), {
        method: 'POST',
        body: new URLSearchParams({ a: '1', b: 'two' }),
      }),
      'echo',
    ),
  );
  await run('post-blob', async () =>
    info(
      await fetch(u('/echo', 'post-blob'), {
        method: 'POST',
        body: new Blob(['{"x":1}'], { type: 'application/json' }),
      }),
      'echo',
    ),
  );
  await run('post-request', async () => {
    const req = new Request(u('/echo', 'post-request'), { method: 'POST', body: 'from request' });
    const r = await info(await fetch(req), 'echo');
    return { ...r, requestBodyUsed: req.bodyUsed };
  });
  await run('post-stream', async () =>
    info(
      await fetch(u('/echo', 'post-stream'), {
        method: 'POST',
        body: stream(['a', 'b']),
        duplex: 'half',
      } as RequestInit),
      'echo',
    ),
  );
  await run('request-stream', async () =>
    info(
      await fetch(
        new Request(u('/echo', 'request-stream'), {
          method: 'POST',
          body: stream(['c', 'd']),
          duplex: 'half',
        } as RequestInit),
      ),
      'echo',
    ),
  );
  await run('used-request', async () => {
    const req = new Request(u('/echo', 'used-request'), { method: 'POST', body: 'x' });
    await req.text();
    return info(await fetch(req));
  });
  await run('keepalive', async () =>
    info(await fetch(u('/json', 'keepalive'), { keepalive: true })),
  );
  await run('no-cors', async () => info(await fetch(u('/json', 'no-cors'), { mode: 'no-cors' })));
  await run('credentials', async () =>
    info(await fetch(u('/json', 'credentials'), { credentials: 'include' })),
  );
  // Statuses and failures.
  await run('s404', async () => info(await fetch(u('/status/404', 's404'))));
  await run('s500', async () => info(await fetch(u('/status/500', 's500'))));
  await run('network', async () => info(await fetch(unreachable + '?case=network')));
  await run('bad-url', async () => info(await fetch('http://[bad')));
  // Responses: streamed, cloned.
  await run('stream-read', async () => {
    const res = await fetch(u('/stream', 'stream-read'));
    const reader = res.body!.getReader();
    const chunks: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(new TextDecoder().decode(value));
    }
    return { text: chunks.join(''), bodyUsed: res.bodyUsed, sameAsBelow: res === probe.last };
  });
  await run('clone', async () => {
    const res = await fetch(u('/json', 'clone'));
    const copy = res.clone();
    return { a: await res.text(), b: await copy.json(), sameAsBelow: res === probe.last };
  });
  // Aborts.
  await run('abort-reason', () =>
    slowAbort('init', (signal) => fetch(u('/slow', 'abort-reason'), { signal })),
  );
  await run('abort-request', () =>
    slowAbort('request', (signal) => fetch(new Request(u('/slow', 'abort-request'), { signal }))),
  );
  await run('abort-default', async () => {
    const c = new AbortController();
    setTimeout(() => c.abort(), 100);
    try {
      await fetch(u('/slow', 'abort-default'), { signal: c.signal });
    } catch (e) {
      return { ...fail(e), sameReason: e === c.signal.reason };
    }
  });
  await run('abort-before', async () => {
    const c = new AbortController();
    c.abort('early');
    try {
      await fetch(u('/json', 'abort-before'), { signal: c.signal });
    } catch (e) {
      return { reason: e };
    }
  });
  await run('signal-timeout', async () => {
    try {
      await fetch(u('/slow', 'signal-timeout'), { signal: AbortSignal.timeout(100) });
    } catch (e) {
      return fail(e);
    }
  });
  // A rejection the app does not handle still reaches unhandledrejection.
  const reached = new Promise((r) => addEventListener('unhandledrejection', r, { once: true }));
  fetch(unreachable + '?case=unhandled');
  // Resolves at the event; the 10 s is only a bound (then `unhandled` is short, and says so).
  await Promise.race([reached, new Promise((r) => setTimeout(r, 10_000))]);

  // XMLHttpRequest.
  const xhr = (
    url: string,
    o: {
      method?: string;
      body?: string;
      header?: [string, string];
      timeout?: number;
      abortAfter?: number;
      responseType?: XMLHttpRequestResponseType;
      sync?: boolean;
    } = {},
  ) =>
    new Promise((resolve) => {
      const x = new XMLHttpRequest();
      const events: string[] = [];
      const states: number[] = [];
      const add = (list: unknown[], v: unknown) => list[list.length - 1] !== v && list.push(v);
      x.onreadystatechange = () => add(states, x.readyState);
      for (const type of ['loadstart', 'load', 'error', 'abort', 'timeout', 'loadend'])
        x.addEventListener(type, () => add(events, type));
      const result = () => ({
        status: x.status,
        statusText: x.statusText,
        body:
          x.responseType === 'json'
            ? x.response
            : x.responseText.startsWith('{"method"')
              ? ((e) => ({ method: e.method, body: e.body, app: e.headers['x-app'] ?? null }))(
                  JSON.parse(x.responseText),
                )
              : x.responseText,
        contentType: x.getResponseHeader('content-type'),
        responseURL: x.responseURL,
        events,
        states,
      });
      x.open(o.method ?? 'GET', url, !o.sync);
      if (o.header) x.setRequestHeader(...o.header);
      if (o.timeout) x.timeout = o.timeout;
      if (o.responseType) x.responseType = o.responseType;
      if (!o.sync) x.addEventListener('loadend', () => resolve(result()));
      try {
        x.send(o.body);
      } catch (e) {
        return resolve({ ...fail(e), events, states });
      }
      if (o.abortAfter) setTimeout(() => x.abort(), o.abortAfter);
      if (o.sync) resolve(result());
    });
  await run('xhr-json', () => xhr(u('/json', 'xhr-json')));
  await run('xhr-json-type', () => xhr(u('/json', 'xhr-json-type'), { responseType: 'json' }));
  await run('xhr-post', () =>
    xhr(u('/echo', 'xhr-post'), { method: 'POST', body: 'xhr body', header: ['x-app', 'x'] }),
  );
  await run('xhr-404', () => xhr(u('/status/404', 'xhr-404')));
  await run('xhr-500', () => xhr(u('/status/500', 'xhr-500')));
  await run('xhr-network', () => xhr(unreachable + '?case=xhr-network'));
  await run('xhr-abort', () => xhr(u('/slow', 'xhr-abort'), { abortAfter: 100 }));
  await run('xhr-timeout', () => xhr(u('/slow', 'xhr-timeout'), { timeout: 100 }));
  await run('xhr-stream', () => xhr(u('/stream', 'xhr-stream')));
  await run('xhr-sync', () => xhr(u('/json', 'xhr-sync'), { sync: true }));
  await run('xhr-sync-network', () => xhr(unreachable + '?case=xhr-sync-network', { sync: true }));
  await run('xhr-reuse', async () => {
    const x = new XMLHttpRequest();
    x.open('GET', u('/slow', 'xhr-reopened'));
    x.send();
    x.open('GET', u('/status/404', 'xhr-reuse'));
    await new Promise((r) => {
      x.onloadend = r;
      x.send();
    });
    return { status: x.status, text: x.responseText };
  });
  out.unhandled = unhandled;
  return out;
};

const httpEvents = (events: StoredEvent[]) =>
  events.filter((e) => e.event.type === 'com.amazon.rum.http_event');
const xrayEvents = (events: StoredEvent[]) =>
  events.filter((e) => e.event.type === 'com.amazon.rum.xray_trace_event');
type Sub = { id: string; name: string; namespace: string; http: { request: object } };
/** The remote subsegment of an X-Ray event (the request). */
const subOf = (e: StoredEvent) => (e.event.details.subsegments as Sub[])[0];
const urlOf = (e: StoredEvent) =>
  ((e.event.details.request ?? subOf(e).http.request) as { url: string }).url;
const caseOf = (e: StoredEvent) => {
  try {
    return new URL(urlOf(e)).searchParams.get('case') ?? urlOf(e);
  } catch {
    return urlOf(e);
  }
};

describe('the http telemetry in Chromium', () => {
  it('leaves every fetch and XHR result exactly as the app gets it without the client', async () => {
    const args = { api: api.origin, unreachable: api.unreachable };
    const plain = await t.browser.newPage();
    await plain.goto(plainPage('plain.html'));
    const without = await plain.evaluate(appCases, args);
    await plain.close();

    const { page, con } = await openClient(
      clientPage('compare.html', {
        telemetries: [['http', { recordAllRequests: true, addXRayTraceIdHeader: true }]],
      }),
    );
    const withClient = await page.evaluate(appCases, args);
    expect(withClient).toEqual(without);
    // The cases are meaningful: spot checks of what they saw.
    expect(without).toMatchObject({
      string: { status: 200, body: '{"hello":"world"}', sameAsBelow: true },
      request: { echo: { app: 'r', method: 'GET' } },
      'request+init': { echo: { app: 'new', method: 'PUT', body: 'put body' } },
      'post-request': { echo: { body: 'from request' }, requestBodyUsed: true },
      'this-illegal': { error: { name: 'TypeError', typeError: true } },
      s404: { status: 404, ok: false, body: 'status 404' },
      network: { error: { name: 'TypeError', message: 'Failed to fetch' } },
      'no-cors': { type: 'opaque', status: 0 },
      'stream-read': { text: 'part0;part1;part2;part3;part4;' },
      'abort-reason': { sameReason: true },
      'abort-request': { sameReason: true },
      'abort-default': { sameReason: true, error: { name: 'AbortError' } },
      'abort-before': { reason: 'early' },
      'signal-timeout': { error: { name: 'TimeoutError' } },
      'xhr-post': { status: 200, body: { method: 'POST', body: 'xhr body', app: 'x' } },
      'xhr-network': { status: 0, events: ['loadstart', 'error', 'loadend'] },
      'xhr-sync': { status: 200, body: '{"hello":"world"}' },
      'xhr-sync-network': { error: { name: 'NetworkError' } },
      unhandled: ['TypeError: Failed to fetch'],
    });

    // What the emulator received (it validates every event against its schema).
    await dispatch(page);
    const expected: Record<string, number | string> = {
      string: 200,
      request: 200,
      s404: 404,
      s500: 500,
      network: 'TypeError',
      unhandled: 'TypeError',
      'abort-reason': 'Error',
      'abort-default': 'AbortError',
      'signal-timeout': 'TimeoutError',
      'no-cors': 0,
      'xhr-json': 200,
      'xhr-404': 404,
      'xhr-network': 'NetworkError',
      'xhr-abort': 'AbortError',
      'xhr-timeout': 'TimeoutError',
      'xhr-sync': 200,
      'xhr-sync-network': 'NetworkError',
      'xhr-reopened': 'AbortError',
      'xhr-reuse': 404,
    };
    const events = httpEvents(
      await waitForEvents(t.site.emu, (e) => {
        const seen = new Set(httpEvents(e).map(caseOf));
        return Object.keys(expected).every((c) => seen.has(c));
      }),
    );
    const byCase = new Map<string, StoredEvent[]>();
    for (const e of events) byCase.set(caseOf(e), [...(byCase.get(caseOf(e)) ?? []), e]);
    for (const [c, outcome] of Object.entries(expected)) {
      const [e, ...more] = byCase.get(c)!;
      expect([c, more.length]).toEqual([c, 0]);
      const d = e.event.details as {
        response?: { status: number };
        error?: { type: string };
      };
      expect([c, typeof outcome === 'number' ? d.response?.status : d.error?.type]).toEqual([
        c,
        outcome,
      ]);
    }
    for (const e of events) {
      expect((e.event.details.trace_id as string).length).toBe(35);
      expect((e.event.details.segment_id as string).length).toBe(16);
    }
    // Never the client's own requests (PutRumEvents went to the emulator's origin).
    expect(events.filter((e) => urlOf(e).startsWith(t.site.emu.url))).toEqual([]);
    expect(
      t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents' && r.status === 200)
        .length,
    ).toBeGreaterThan(0);
    expect(con.errors.filter((m) => m.includes('[cwr]'))).toEqual([]);
    await page.close();
  });

  const forms = async (page: Page, origin: string) =>
    page.evaluate(async (api) => {
      const u = (form: string) => `${api}/echo?form=${form}`;
      await fetch(u('string'));
      await fetch(new URL(u('url')));
      await fetch(new Request(u('request')));
      await fetch(u('headers'), { headers: new Headers({ 'x-app': '1' }) });
      await fetch(u('object'), { headers: { 'x-app': '1' } });
      await fetch(u('pairs'), { headers: [['x-app', '1']] });
      await fetch(u('post'), { method: 'POST', body: 'b' });
      await new Promise((r) => {
        const x = new XMLHttpRequest();
        x.onloadend = r;
        x.open('GET', u('xhr'));
        x.setRequestHeader('x-app', '1');
        x.send();
      });
      const x = new XMLHttpRequest();
      x.open('GET', u('xhr-sync'), false);
      x.send();
    }, origin);

  const FORMS = [
    'string',
    'url',
    'request',
    'headers',
    'object',
    'pairs',
    'post',
    'xhr',
    'xhr-sync',
  ];
  const WITH_APP_HEADER = ['headers', 'object', 'pairs', 'xhr'];

  /** The echo requests the server received (no preflights), by form. */
  const receivedByForm = () =>
    new Map(
      api.received
        .filter((r) => r.method !== 'OPTIONS' && r.path.startsWith('/echo?form='))
        .map((r) => [r.path.slice('/echo?form='.length), r.headers]),
    );

  it('sends X-Amzn-Trace-Id to the page server with every call form, matching the X-Ray segments', async () => {
    const { page } = await openClient(
      clientPage('trace.html', {
        enableXRay: true,
        telemetries: [['http', { addXRayTraceIdHeader: true }]],
      }),
    );
    await forms(page, api.origin);
    await dispatch(page);
    const segments = xrayEvents(
      await waitForEvents(t.site.emu, (e) => xrayEvents(e).length >= FORMS.length),
    );
    const received = receivedByForm();
    expect([...received.keys()].sort()).toEqual([...FORMS].sort());
    for (const form of FORMS) {
      const headers = received.get(form)!;
      expect(headers.traceparent).toBeUndefined();
      const header = headers['x-amzn-trace-id'] as string;
      expect(header).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$/);
      if (WITH_APP_HEADER.includes(form)) expect(headers['x-app']).toBe('1');
      const event = segments.find((s) => urlOf(s).endsWith('form=' + form))!;
      const seg = event.event.details;
      // The server's Parent is the request's subsegment, under the client's segment.
      expect(header).toBe(`Root=${seg.trace_id};Parent=${subOf(event).id};Sampled=1`);
      expect(subOf(event).id).not.toBe(seg.id);
      expect((seg.trace_id as string).length).toBe(35);
      expect(seg).toMatchObject({
        version: '1.0.0',
        name: 'rum.aws.amazon.com',
        error: false,
        fault: false,
        subsegments: [
          {
            name: '127.0.0.1',
            namespace: 'remote',
            http: { request: { traced: true }, response: { status: 200 } },
            error: false,
            fault: false,
          },
        ],
      });
    }
    // Successes are not http events by default; X-Ray segments are recorded for all.
    expect(httpEvents(t.site.emu.events())).toEqual([]);
    await page.close();
  });

  it('sends traceparent with enableW3CTraceId; events keep the 35-character X-Ray trace id', async () => {
    const { page } = await openClient(
      clientPage('w3c.html', {
        enableXRay: true,
        enableW3CTraceId: true,
        telemetries: [['http', { addXRayTraceIdHeader: true, recordAllRequests: true }]],
      }),
    );
    await forms(page, api.origin);
    await dispatch(page);
    const events = await waitForEvents(
      t.site.emu,
      (e) => xrayEvents(e).length >= FORMS.length && httpEvents(e).length >= FORMS.length,
    );
    const received = receivedByForm();
    for (const form of FORMS) {
      const headers = received.get(form)!;
      expect(headers['x-amzn-trace-id']).toBeUndefined();
      const http = httpEvents(events).find((e) => urlOf(e).endsWith('form=' + form))!.event.details;
      const id = http.trace_id as string;
      expect(id).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
      expect(headers.traceparent).toBe(
        `00-${id.slice(2, 10)}${id.slice(11)}-${http.segment_id}-01`,
      );
    }
    for (const e of xrayEvents(events))
      expect((e.event.details.trace_id as string).length).toBe(35);
    await page.close();
  });

  it('sends the header only to URLs matching addXRayTraceIdHeader: RegExp[], none by default', async () => {
    const { page } = await openClient(
      clientPage('regexp.html', {
        telemetries: [['http', { addXRayTraceIdHeader: [/form=(object|xhr)$/] }]],
      }),
    );
    await forms(page, api.origin);
    const received = receivedByForm();
    expect(FORMS.filter((f) => received.get(f)!['x-amzn-trace-id'])).toEqual(['object', 'xhr']);
    await page.close();

    api.received.length = 0;
    const { page: plain } = await openClient(clientPage('default.html', {}));
    await forms(plain, api.origin);
    // No trace header, so no CORS preflight but those the app's own x-app header needs.
    expect(
      api.received
        .filter((r) => r.method === 'OPTIONS')
        .map((r) => [
          r.path.slice('/echo?form='.length),
          r.headers['access-control-request-headers'],
        ]),
    ).toEqual(WITH_APP_HEADER.map((f) => [f, 'x-app']));
    expect([...receivedByForm().values()].some((h) => h['x-amzn-trace-id'])).toBe(false);
    await plain.close();
  });

  it('restores fetch and XHR on disable, wraps once again on enable, and passes through under another wrapper', async () => {
    const { page } = await openClient(
      clientPage('toggle.html', {
        telemetries: [['http', { recordAllRequests: true }]],
      }),
    );
    const state = () =>
      page.evaluate(() => {
        const w = window as unknown as Win;
        return {
          fetchIsBelow: window.fetch === w.__probe.fetch,
          sendIsOriginal: XMLHttpRequest.prototype.send === w.__probe.send,
          openIsOriginal: XMLHttpRequest.prototype.open === w.__probe.open,
        };
      });
    const request = (name: string) =>
      page.evaluate(
        async ([api, name]) => {
          await fetch(`${api}/json?case=${name}`);
          await new Promise((r) => {
            const x = new XMLHttpRequest();
            x.onloadend = r;
            x.open('GET', `${api}/json?case=${name}-xhr`);
            x.send();
          });
        },
        [api.origin, name],
      );
    expect(await state()).toEqual({
      fetchIsBelow: false,
      sendIsOriginal: false,
      openIsOriginal: false,
    });
    await request('on');
    await page.evaluate(() => (window as unknown as Win).cwr('disable'));
    expect(await state()).toEqual({
      fetchIsBelow: true,
      sendIsOriginal: true,
      openIsOriginal: true,
    });
    await request('off');
    await page.evaluate(() => (window as unknown as Win).cwr('enable'));
    await page.evaluate(() => (window as unknown as Win).cwr('enable'));
    expect(await state()).toEqual({
      fetchIsBelow: false,
      sendIsOriginal: false,
      openIsOriginal: false,
    });
    await request('again');
    // Another script wraps fetch after us; disabling leaves its chain intact.
    await page.evaluate(() => {
      const ours = window.fetch;
      const theirs = function (this: unknown, ...a: Parameters<typeof fetch>) {
        return ours.apply(this, a);
      };
      (window as unknown as { __theirs: unknown }).__theirs = theirs;
      window.fetch = theirs;
    });
    await page.evaluate(() => (window as unknown as Win).cwr('disable'));
    expect(
      await page.evaluate(
        () => window.fetch === (window as unknown as { __theirs: unknown }).__theirs,
      ),
    ).toBe(true);
    await request('theirs-off');
    await page.evaluate(() => (window as unknown as Win).cwr('enable'));
    await request('theirs-on');
    await dispatch(page);
    const events = await waitForEvents(t.site.emu, (e) =>
      httpEvents(e).some((x) => caseOf(x) === 'theirs-on-xhr'),
    );
    expect(httpEvents(events).map(caseOf)).toEqual([
      'on',
      'on-xhr',
      'again',
      'again-xhr',
      'theirs-on',
      'theirs-on-xhr',
    ]);
    await page.close();
  });
});
