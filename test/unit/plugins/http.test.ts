import { resolveConfig } from '../../../src/boot/config';
import { HTTP, XRAY_TRACE } from '../../../src/domain/event-types';
import { createHttpPlugin } from '../../../src/plugins/http';
import type { Plugin, PluginContext } from '../../../src/plugins/plugin';
import { showPageDebug } from '../../../src/tools/logger';
import { type AppServer, startAppServer } from '../../app-server';
import { collectWarnings, fakeClock, response } from '../fakes';
import Ajv2020 from 'ajv/dist/2020';
import { DETAILS_SCHEMAS } from '../../../emulator/schemas';
import { schemaValidator } from '../domain/schema';

const httpErrors = schemaValidator('http-event.json');
// xray-trace-event.json spells its anchors draft-04 style: validate as the emulator does.
const xrayValidate = new Ajv2020({ strict: false, allErrors: true }).compile(
  DETAILS_SCHEMAS.get(XRAY_TRACE)!,
);
const xrayErrors = (d: unknown) =>
  xrayValidate(JSON.parse(JSON.stringify(d))) ? [] : xrayValidate.errors;

// jsdom has no fetch and no Request: a fake fetch answers by path, and a minimal Request
// (jsdom's Headers inside) stands for the browser's. The wrapper's real-fetch semantics are
// tested in test/unit/browser/fetch.test.ts and in Chromium.
class FakeRequest {
  url: string;
  method: string;
  headers: Headers;
  signal?: AbortSignal;
  constructor(input: string | FakeRequest, init: RequestInit = {}) {
    const req = typeof input === 'string' ? undefined : input;
    this.url = req ? req.url : new URL(input as string, document.baseURI).href;
    this.method = init.method ?? req?.method ?? 'GET';
    this.headers = new Headers(init.headers ?? req?.headers);
    this.signal = init.signal ?? req?.signal;
  }
}

interface Call {
  args: unknown[];
  url: string;
  headers: Headers;
}
const calls: Call[] = [];
const fakeFetch = jest.fn(async (...args: unknown[]) => {
  const [input, init] = args as [string | FakeRequest, RequestInit | undefined];
  const req = input instanceof FakeRequest ? input : new FakeRequest(input, init);
  calls.push({ args, url: req.url, headers: req.headers });
  const path = new URL(req.url).pathname;
  if (req.signal?.aborted) throw req.signal.reason;
  if (path === '/fail') throw new TypeError('Failed to fetch');
  const status = Number(/^\/(\d{3})$/.exec(path)?.[1] ?? 200);
  return response(status, {});
}) as unknown as typeof fetch;

const PAGE_XHR = XMLHttpRequest.prototype;
const xhrOriginals = { open: PAGE_XHR.open, send: PAGE_XHR.send };

let server: AppServer;
let optionWarnings = collectWarnings();
let errors: jest.SpyInstance;
const plugins: Plugin[] = [];

beforeAll(async () => {
  server = await startAppServer();
});
afterAll(() => server.close());
beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  optionWarnings = collectWarnings();
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  Object.assign(window, { fetch: fakeFetch, Request: FakeRequest });
  calls.length = 0;
});
afterEach(() => {
  plugins.splice(0).forEach((p) => p.disable());
  const restored = [window.fetch, PAGE_XHR.open, PAGE_XHR.send];
  delete (window as { fetch?: unknown }).fetch;
  delete (window as { Request?: unknown }).Request;
  // (jsdom reports the failed connection of the network-error cases on the console.)
  const ours = errors.mock.calls.filter((c) => String(c[0]).startsWith('[cwr]'));
  jest.restoreAllMocks();
  expect(restored).toEqual([fakeFetch, xhrOriginals.open, xhrOriginals.send]);
  expect(ours).toEqual([]);
});

const start = (
  options: Record<string, unknown> = {},
  config: Record<string, unknown> = {},
  sampled = true,
) => {
  const clock = fakeClock(1_700_000_000_000);
  const records: { type: string; details: Record<string, unknown> }[] = [];
  const ctx = {
    config: resolveConfig('us-west-2', config, () => undefined),
    record: (type: string, details: object) => {
      records.push({ type, details: details as Record<string, unknown> });
      clock.set(clock.now() + 5);
    },
    getSession: () => ({ sessionId: 's', record: sampled, eventCount: 0 }),
  } as unknown as PluginContext;
  const plugin = createHttpPlugin(options, optionWarnings.warn, clock);
  plugins.push(plugin);
  plugin.load(ctx);
  const http = () => records.filter((r) => r.type === HTTP).map((r) => r.details);
  const xray = () => records.filter((r) => r.type === XRAY_TRACE).map((r) => r.details);
  return { plugin, records, http, xray, clock };
};

const settle = (p: Promise<unknown>) => p.catch(() => undefined);

/** An XHR request as an app makes it; resolves at loadend with the status. */
const xhr = (method: string, url: string, body?: string) =>
  new Promise<XMLHttpRequest>((resolve) => {
    const x = new XMLHttpRequest();
    x.onloadend = () => resolve(x);
    x.open(method, url);
    x.send(body);
  });

const X_RAY_HEADER = /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$/;
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

describe('the http telemetry', () => {
  it('records failures only by default: non-2xx responses and network errors, not aborts', async () => {
    const { plugin, http } = start();
    expect(plugin.getPluginId()).toBe('http');
    await fetch('/ok');
    await fetch('https://api.example.com/404', { method: 'post' });
    await fetch(new Request('/500') as RequestInfo);
    await settle(fetch('/fail'));
    const c = new AbortController();
    c.abort();
    await settle(fetch('/ok', { signal: c.signal }));
    expect(http()).toEqual([
      {
        version: '1.0.0',
        request: { method: 'POST', url: 'https://api.example.com/404' },
        response: { status: 404, statusText: undefined },
      },
      {
        version: '1.0.0',
        request: { method: 'GET', url: 'http://localhost/500' },
        response: { status: 500, statusText: undefined },
      },
      {
        version: '1.0.0',
        request: { method: 'GET', url: 'http://localhost/fail' },
        error: expect.objectContaining({
          version: '1.0.0',
          type: 'TypeError',
          message: 'Failed to fetch',
          stack: expect.any(String),
        }),
      },
    ]);
    http().forEach((d) => expect(httpErrors(d)).toEqual([]));
  });

  it('records every request with recordAllRequests, aborted ones with their error', async () => {
    const { http } = start({ recordAllRequests: true, stackTraceLength: 0 });
    await fetch('/ok');
    const c = new AbortController();
    c.abort();
    await settle(fetch('/ok', { signal: c.signal }));
    expect(http()).toEqual([
      expect.objectContaining({ response: { status: 200, statusText: undefined } }),
      expect.objectContaining({
        error: { version: '1.0.0', type: 'AbortError', message: expect.any(String) },
      }),
    ]);
    http().forEach((d) => expect(httpErrors(d)).toEqual([]));
  });

  it('records XMLHttpRequest requests too', async () => {
    const { http } = start();
    await xhr('GET', server.origin + '/json');
    await xhr('PUT', server.origin + '/status/503', 'x');
    await xhr('GET', server.unreachable);
    expect(http()).toEqual([
      {
        version: '1.0.0',
        request: { method: 'PUT', url: server.origin + '/status/503' },
        response: { status: 503, statusText: 'Service Unavailable' },
      },
      {
        version: '1.0.0',
        request: { method: 'GET', url: server.unreachable },
        error: { version: '1.0.0', type: 'NetworkError', message: 'XMLHttpRequest error' },
      },
    ]);
    http().forEach((d) => expect(httpErrors(d)).toEqual([]));
  });

  it('records XMLHttpRequest requests when fetch cannot be wrapped, and fetch when XHR cannot', async () => {
    const debug = jest.spyOn(console, 'debug').mockImplementation(() => undefined);
    showPageDebug(); // (what a client with config.debug does)
    const open = Object.getOwnPropertyDescriptor(PAGE_XHR, 'open')!;
    Object.defineProperty(window, 'fetch', {
      value: fakeFetch,
      writable: false,
      configurable: true,
    });
    try {
      const { plugin, http } = start({ recordAllRequests: true });
      expect(window.fetch).toBe(fakeFetch);
      await fetch('/locked');
      await xhr('GET', server.origin + '/json');
      expect(http().map((d) => (d.request as { url: string }).url)).toEqual([
        server.origin + '/json',
      ]);
      plugin.disable();
      expect(debug.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(/^\[cwr\] could not wrap fetch: TypeError/),
      ]);
      // The other way round: XMLHttpRequest.prototype.open is read-only, fetch is not.
      Object.defineProperty(window, 'fetch', {
        value: fakeFetch,
        writable: true,
        configurable: true,
      });
      Object.defineProperty(PAGE_XHR, 'open', { ...open, writable: false });
      const other = start({ recordAllRequests: true });
      expect(PAGE_XHR.open).toBe(xhrOriginals.open);
      await fetch('/ok');
      await xhr('GET', server.origin + '/json');
      expect(other.http().map((d) => (d.request as { url: string }).url)).toEqual([
        'http://localhost/ok',
      ]);
      expect(String(debug.mock.calls[1]?.[0])).toMatch(/^\[cwr\] could not wrap open: TypeError/);
    } finally {
      Object.defineProperty(PAGE_XHR, 'open', open);
    }
  });

  it('applies urlsToInclude, then urlsToExclude', async () => {
    const { http } = start({
      recordAllRequests: true,
      urlsToInclude: [/api\.example\.com/],
      urlsToExclude: [/\/health$/],
    });
    await fetch('https://api.example.com/users');
    await fetch('https://api.example.com/health');
    await fetch('https://cdn.example.com/users');
    expect(http().map((d) => (d.request as { url: string }).url)).toEqual([
      'https://api.example.com/users',
    ]);
  });

  it("never records the client's own requests: PutRumEvents, Cognito, STS", async () => {
    const { http } = start(
      { recordAllRequests: true },
      {
        endpoint: 'https://proxy.example.com/rum/',
        cognitoEndpoint: 'https://auth.example.com/cognito',
        stsEndpoint: 'https://auth.example.com/sts/',
      },
    );
    for (const url of [
      'https://proxy.example.com/rum/appmonitors/abc/',
      'https://auth.example.com/cognito',
      'https://auth.example.com/sts/',
      'https://dataplane.rum.us-west-2.amazonaws.com/appmonitors/abc/',
      'https://cognito-identity.eu-west-1.amazonaws.com/',
      'https://sts.us-east-1.amazonaws.com/',
      'https://sts.cn-north-1.amazonaws.com.cn/',
    ])
      await fetch(url + '?n=1', { method: 'POST' }).then(() => fetch(url, { method: 'POST' }));
    // The same hosts' other paths are the app's.
    await fetch('https://proxy.example.com/rum/other');
    await fetch('https://auth.example.com/cognito/other');
    expect(http().map((d) => (d.request as { url: string }).url)).toEqual([
      'https://auth.example.com/cognito?n=1',
      'https://auth.example.com/sts/?n=1',
      'https://proxy.example.com/rum/other',
      'https://auth.example.com/cognito/other',
    ]);
  });

  it('changes no request by default: the app arguments go to fetch as they are', async () => {
    const { http } = start({ recordAllRequests: true });
    const init = { headers: { a: '1' } };
    await fetch('/ok', init);
    expect(calls[0].args).toEqual(['/ok', init]);
    expect(calls[0].args[1]).toBe(init);
    expect(calls[0].headers.has('x-amzn-trace-id')).toBe(false);
    expect(http()[0]).not.toHaveProperty('trace_id');
  });

  it('sends X-Amzn-Trace-Id with addXRayTraceIdHeader, and the event carries the same ids', async () => {
    const { http, clock } = start({ addXRayTraceIdHeader: true, recordAllRequests: true });
    await fetch('/ok', { headers: [['x-app', '1']] });
    const x = await xhr('GET', server.origin + '/echo');
    const sent = [
      calls[0].headers.get('x-amzn-trace-id')!,
      JSON.parse(x.responseText).headers['x-amzn-trace-id'],
    ];
    expect(calls[0].headers.get('x-app')).toBe('1');
    const events = http();
    sent.forEach((h, i) => {
      expect(h).toMatch(X_RAY_HEADER);
      expect(h).toBe(`Root=${events[i].trace_id};Parent=${events[i].segment_id};Sampled=1`);
    });
    const epoch = Math.floor(1_700_000_000_000 / 1000).toString(16);
    expect((events[0].trace_id as string).slice(2, 10)).toBe(epoch);
    expect(clock.now()).toBeGreaterThan(1_700_000_000_000);
    events.forEach((d) => expect(httpErrors(d)).toEqual([]));
  });

  it('sends traceparent instead with enableW3CTraceId; trace_id stays in X-Ray form', async () => {
    const { http } = start(
      { addXRayTraceIdHeader: true, recordAllRequests: true },
      { enableW3CTraceId: true },
    );
    await fetch('/ok');
    const x = await xhr('GET', server.origin + '/echo');
    const echoed = JSON.parse(x.responseText).headers;
    expect(echoed['x-amzn-trace-id']).toBeUndefined();
    const sent = [calls[0].headers.get('traceparent')!, echoed.traceparent];
    expect(calls[0].headers.has('x-amzn-trace-id')).toBe(false);
    http().forEach((d, i) => {
      expect(sent[i]).toMatch(TRACEPARENT);
      const id = d.trace_id as string;
      expect(id).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
      expect(id).toHaveLength(35);
      expect(sent[i]).toBe(`00-${id.slice(2, 10)}${id.slice(11)}-${d.segment_id}-01`);
      expect(httpErrors(d)).toEqual([]);
    });
  });

  it('sends the header only to URLs matching addXRayTraceIdHeader: RegExp[]', async () => {
    start({ addXRayTraceIdHeader: [/api\.example\.com/] });
    await fetch('https://api.example.com/a');
    await fetch('https://other.example.com/b');
    expect(calls.map((c) => c.headers.has('x-amzn-trace-id'))).toEqual([true, false]);
    expect(calls[1].args).toEqual(['https://other.example.com/b']);
  });

  it('records an X-Ray segment for every request with enableXRay; failures also as http events', async () => {
    const { http, xray } = start({}, { enableXRay: true });
    await fetch('/ok');
    await fetch('/404');
    await fetch('/429');
    await fetch('/503');
    await settle(fetch('/fail'));
    expect(http().map((d) => (d.response as { status: number })?.status ?? 'failed')).toEqual([
      404,
      429,
      503,
      'failed',
    ]);
    const segments = xray();
    expect(segments).toHaveLength(5);
    // As the predecessor sends it: the client's segment, with the request as a remote
    // subsegment named for the server's host.
    const flags = { error: false, throttle: false, fault: false };
    const times = { start_time: 1_700_000_000, end_time: 1_700_000_000 };
    expect(segments[0]).toEqual({
      version: '1.0.0',
      name: 'rum.aws.amazon.com',
      origin: 'AWS::RUM::AppMonitor',
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      trace_id: expect.stringMatching(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/),
      ...times,
      ...flags,
      subsegments: [
        {
          id: expect.stringMatching(/^[0-9a-f]{16}$/),
          name: 'localhost',
          ...times,
          namespace: 'remote',
          http: {
            request: { method: 'GET', url: 'http://localhost/ok', traced: false },
            response: { status: 200 },
          },
          ...flags,
        },
      ],
    });
    const sub = (s: Record<string, unknown>) => (s.subsegments as Record<string, unknown>[])[0];
    expect(sub(segments[0]).id).not.toBe(segments[0].id);
    for (const s of [(x: Record<string, unknown>) => x, sub])
      expect(segments.map((x) => [s(x).error, s(x).throttle, s(x).fault])).toEqual([
        [false, false, false],
        [true, false, false],
        [true, true, false],
        [false, false, true],
        [false, false, true],
      ]);
    expect(sub(segments[4]).cause).toEqual({
      exceptions: [{ type: 'TypeError', message: 'Failed to fetch' }],
    });
    // Each failure's http event names its subsegment, the Parent the server would see.
    http().forEach((d, i) => {
      expect(d.trace_id).toBe(segments[i + 1].trace_id);
      expect(d.segment_id).toBe(sub(segments[i + 1]).id);
    });
    segments.forEach((s) => expect(xrayErrors(s)).toEqual([]));
    http().forEach((d) => expect(httpErrors(d)).toEqual([]));
  });

  it('names the segment logicalServiceName and the subsegment for the host, port left out', async () => {
    const { xray } = start({ logicalServiceName: 'checkout-web' }, { enableXRay: true });
    await fetch('https://api.example.com:8443/cart?x=1');
    await fetch('http://[::1]:8080/x');
    expect(xray().map((s) => [s.name, (s.subsegments as { name: string }[])[0].name])).toEqual([
      ['checkout-web', 'api.example.com'],
      ['checkout-web', '[::1]'],
    ]);
    xray().forEach((s) => expect(xrayErrors(s)).toEqual([]));
  });

  it('leaves the requests of a session that is not recorded alone', async () => {
    const { records } = start({ addXRayTraceIdHeader: true, recordAllRequests: true }, {}, false);
    await fetch('/404');
    expect(calls[0].args).toEqual(['/404']);
    expect(records).toEqual([]);
  });

  it('omits URLs with recordResourceUrl: false', async () => {
    const { http, xray } = start(
      { recordAllRequests: true },
      { recordResourceUrl: false, enableXRay: true },
    );
    await fetch('/ok?secret=1');
    expect(http()[0].request).toEqual({ method: 'GET' });
    const [sub] = xray()[0].subsegments as { http: { request: object } }[];
    expect(sub.http.request).toEqual({
      method: 'GET',
      traced: false,
    });
    expect(httpErrors(http()[0])).toEqual([]);
  });

  it('records URLs grouped by urlNormalizer (the X-Ray subsegment too)', async () => {
    const { http, xray } = start(
      { recordAllRequests: true },
      { urlNormalizer: true, enableXRay: true },
    );
    await fetch('/ok?order=12345');
    expect(http()[0].request).toEqual({ method: 'GET', url: location.origin + '/ok?order=:id' });
    const [sub] = xray()[0].subsegments as { http: { request: { url: string } } }[];
    expect(sub.http.request.url).toBe(location.origin + '/ok?order=:id');
    expect(httpErrors(http()[0])).toEqual([]);
  });

  it('restores fetch and XHR when disabled, re-wraps once when enabled again', async () => {
    const { plugin, http } = start({ recordAllRequests: true });
    const wrappedFetch = window.fetch;
    expect(wrappedFetch).not.toBe(fakeFetch);
    expect(PAGE_XHR.send).not.toBe(xhrOriginals.send);
    plugin.disable();
    expect(window.fetch).toBe(fakeFetch);
    expect(PAGE_XHR.send).toBe(xhrOriginals.send);
    await fetch('/ok');
    await xhr('GET', server.origin + '/json');
    expect(http()).toHaveLength(0);
    plugin.enable();
    plugin.enable();
    expect(window.fetch).not.toBe(fakeFetch);
    await fetch('/ok');
    await xhr('GET', server.origin + '/json');
    expect(http()).toHaveLength(2);
    plugin.disable();
    plugin.disable();
    expect(window.fetch).toBe(fakeFetch);
  });

  it('records nothing for a request that ends after the plugin was disabled', async () => {
    let answer: (r: Response) => void = () => undefined;
    window.fetch = (() => new Promise<Response>((r) => (answer = r))) as typeof fetch;
    const { plugin, http } = start({ recordAllRequests: true });
    const p = fetch('/slow');
    plugin.disable();
    answer(response(500, {}));
    await p;
    expect(http()).toEqual([]);
    window.fetch = fakeFetch;
  });

  it('does nothing before it is loaded', () => {
    const plugin = createHttpPlugin({}, optionWarnings.warn);
    plugin.enable();
    expect(window.fetch).toBe(fakeFetch);
    plugin.disable();
  });

  it('warns once per bad option, naming it, and uses the default', async () => {
    const { http } = start({
      urlsToInclude: '.*',
      urlsToExclude: [/a/, 'b'],
      stackTraceLength: -1,
      recordAllRequests: 'yes',
      addXRayTraceIdHeader: 'true',
      recordEverything: true,
    });
    expect(optionWarnings.messages).toEqual([
      'telemetries http.urlsToInclude must be an array of RegExp, got ".*"; using the default [/.*/].',
      'telemetries http.urlsToExclude must be an array of RegExp, got [/a/, "b"]; using the default [].',
      'telemetries http.stackTraceLength must be a whole number >= 0, got -1; using the default 1000.',
      'telemetries http.recordAllRequests must be true or false, got "yes"; using the default false.',
      'telemetries http.addXRayTraceIdHeader must be true, false or an array of RegExp, got "true"; using the default false.',
      'telemetries http.recordEverything is not a known option; it is ignored.',
    ]);
    await fetch('/ok');
    await fetch('/404');
    expect(http()).toHaveLength(1);
    expect(calls[0].headers.has('x-amzn-trace-id')).toBe(false);
  });
});
