// jsdom's XMLHttpRequest makes real requests (with CORS), so these run against a real
// loopback server. Chromium runs the same wrapper in test/e2e/http.test.ts, which also
// covers synchronous requests (jsdom's would deadlock against a server in this process).
import type { RequestObserver } from '../../../src/browser/requests';
import { type AppServer, startAppServer } from '../../app-server';
import { tracer } from './tracer';

type XhrModule = typeof import('../../../src/browser/xhr');

const proto = XMLHttpRequest.prototype;
const originals = {
  open: proto.open,
  send: proto.send,
  setRequestHeader: proto.setRequestHeader,
};

const descriptors = Object.fromEntries(
  Object.keys(originals).map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)]),
);

const load = (): XhrModule => {
  let m: XhrModule | undefined;
  jest.isolateModules(() => {
    m = jest.requireActual<XhrModule>('../../../src/browser/xhr');
  });
  return m!;
};

let server: AppServer;
let errors: jest.SpyInstance;
const stops: (() => void)[] = [];

beforeAll(async () => {
  server = await startAppServer();
});
afterAll(() => server.close());
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  stops.splice(0).forEach((s) => s());
  Object.assign(proto, originals);
  jest.restoreAllMocks();
});

const observe = (m: XhrModule, o: RequestObserver) => {
  const stop = m.observeXhr(o);
  stops.push(stop);
  return stop;
};

interface Outcome {
  status: number;
  statusText: string;
  text: string;
  events: string[];
}

/** Runs one request the way an app would; resolves at loadend with what the app saw. */
const run = (
  method: string,
  url: string,
  setup: (x: XMLHttpRequest) => void = () => undefined,
  body?: string,
): Promise<Outcome> =>
  new Promise((resolve) => {
    const x = new XMLHttpRequest();
    const events: string[] = [];
    for (const t of ['loadstart', 'load', 'error', 'abort', 'timeout'])
      x.addEventListener(t, () => events.push(t));
    x.onloadend = () =>
      resolve({ status: x.status, statusText: x.statusText, text: x.responseText, events });
    x.open(method, url);
    setup(x);
    x.send(body);
  });

describe('observeXhr', () => {
  it('observes method, absolute URL and status, and the app sees the same outcome', async () => {
    const m = load();
    const plain = await run('GET', server.origin + '/status/404');
    const { o, seen } = tracer(undefined);
    observe(m, o);
    const observed = await run('get', server.origin + '/status/404');
    expect(observed).toEqual(plain);
    expect(seen).toEqual([
      {
        method: 'GET',
        url: server.origin + '/status/404',
        end: { status: 404, statusText: 'Not Found' },
      },
    ]);
  });

  it('resolves a relative URL against the document', async () => {
    const m = load();
    const { o, seen } = tracer(undefined);
    observe(m, o);
    const x = new XMLHttpRequest();
    x.open('GET', '/relative?q=1');
    expect(seen).toEqual([]);
    x.abort();
    // Observers are called at send time; open() only remembers the request.
    const done = run('GET', server.origin + '/json');
    await done;
    expect(seen.map((s) => s.url)).toEqual([server.origin + '/json']);
    expect(new URL('/relative?q=1', document.baseURI).href).toBe('http://localhost/relative?q=1');
  });

  it('adds the header at send, keeps the app headers, and never joins a header the app set', async () => {
    const m = load();
    observe(m, tracer().o);
    const a = await run(
      'POST',
      server.origin + '/echo',
      (x) => x.setRequestHeader('x-app', '1'),
      'b',
    );
    expect(JSON.parse(a.text)).toMatchObject({
      method: 'POST',
      body: 'b',
      headers: { 'x-app': '1', 'x-amzn-trace-id': 'Root=1-test' },
    });
    const b = await run('GET', server.origin + '/echo', (x) =>
      x.setRequestHeader('x-amzn-trace-id', 'Root=app'),
    );
    expect(JSON.parse(b.text).headers['x-amzn-trace-id']).toBe('Root=app');
  });

  it('reports a network failure, an abort and a timeout, as the app sees them', async () => {
    const m = load();
    const plain = [
      await run('GET', server.unreachable),
      await run('GET', server.origin + '/slow', (x) => setTimeout(() => x.abort(), 50)),
      await run('GET', server.origin + '/slow', (x) => (x.timeout = 50)),
    ];
    const { o, seen } = tracer(undefined);
    observe(m, o);
    const observed = [
      await run('GET', server.unreachable),
      await run('GET', server.origin + '/slow', (x) => setTimeout(() => x.abort(), 50)),
      await run('GET', server.origin + '/slow', (x) => (x.timeout = 50)),
    ];
    expect(observed).toEqual(plain);
    expect(observed.map((r) => r.events)).toEqual([
      ['loadstart', 'error'],
      ['loadstart', 'abort'],
      ['loadstart', 'timeout'],
    ]);
    expect(seen.map((s) => s.end)).toEqual([
      { error: { name: 'NetworkError', message: 'XMLHttpRequest error' }, aborted: false },
      { error: { name: 'AbortError', message: 'XMLHttpRequest abort' }, aborted: true },
      { error: { name: 'TimeoutError', message: 'XMLHttpRequest timeout' }, aborted: false },
    ]);
  });

  it('observes each request of a reused XHR once, and ends one cancelled by open()', async () => {
    const m = load();
    const { o, seen } = tracer(undefined);
    observe(m, o);
    const x = new XMLHttpRequest();
    x.open('GET', server.origin + '/slow');
    x.send();
    x.open('GET', server.origin + '/json');
    await new Promise<void>((r) => {
      x.onloadend = () => r();
      x.send();
    });
    x.onloadend = null;
    await new Promise<void>((r) => {
      x.open('GET', server.origin + '/status/500');
      x.onloadend = () => r();
      x.send();
    });
    expect(seen.map((s) => [s.url.replace(server.origin, ''), s.end])).toEqual([
      ['/slow', { error: { name: 'AbortError', message: 'XMLHttpRequest abort' }, aborted: true }],
      ['/json', { status: 200, statusText: 'OK' }],
      ['/status/500', { status: 500, statusText: 'Internal Server Error' }],
    ]);
  });

  it('leaves the browser errors to the app, unchanged', () => {
    const m = load();
    const { o, seen } = tracer();
    observe(m, o);
    const x = new XMLHttpRequest();
    expect(() => x.send()).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    expect(() => x.open('GET', 'http://[bad')).toThrow(
      expect.objectContaining({ name: 'SyntaxError' }),
    );
    expect(() => x.setRequestHeader('a', 'b')).toThrow(
      expect.objectContaining({ name: 'InvalidStateError' }),
    );
    x.open('GET', server.origin + '/slow');
    x.send();
    // A second send while one is in flight: the browser's error, and no second request.
    expect(() => x.send()).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    x.abort();
    expect(seen).toHaveLength(1);
    expect(seen[0].end).toMatchObject({ aborted: true });
  });

  it('looks like the native methods: same name and length, and `new` throws a TypeError at once', () => {
    const m = load();
    observe(m, tracer().o);
    for (const [k, original] of Object.entries(originals)) {
      const wrapper = proto[k as keyof typeof originals] as unknown as new () => unknown;
      expect(wrapper).not.toBe(original);
      expect([wrapper.name, wrapper.length, 'prototype' in wrapper]).toEqual([
        original.name,
        original.length,
        'prototype' in original,
      ]);
      expect(() => new wrapper()).toThrow(TypeError);
    }
  });

  it('passes on exactly the arguments the app gave', () => {
    const m = load();
    const counts: Record<string, number[]> = { open: [], send: [], setRequestHeader: [] };
    for (const k of Object.keys(counts))
      (proto as unknown as Record<string, unknown>)[k] = function (...args: unknown[]) {
        counts[k].push(args.length);
      };
    observe(m, tracer().o);
    const x = new XMLHttpRequest();
    x.open('GET', server.origin + '/json', true, undefined, undefined);
    x.setRequestHeader('x-app', '1');
    x.send();
    expect(counts).toEqual({ open: [5], setRequestHeader: [2, 2], send: [0] });
  });

  it('keeps the app working when an observer throws, at the start or at the end', async () => {
    const m = load();
    observe(m, () => {
      throw new Error('start bug');
    });
    observe(m, () => () => {
      throw new Error('end bug');
    });
    const { o, seen } = tracer();
    observe(m, o);
    const r = await run('GET', server.origin + '/json');
    expect(r).toMatchObject({ status: 200, text: '{"hello":"world"}' });
    expect(seen).toHaveLength(1);
    expect(errors).toHaveBeenCalledTimes(2);
  });

  it('wraps once, restores the prototype when the last observer leaves, and re-wraps once', async () => {
    const m = load();
    const a = tracer(undefined);
    const b = tracer(undefined);
    const stopA = observe(m, a.o);
    const sendWrapper = proto.send;
    expect(sendWrapper).not.toBe(originals.send);
    const stopB = observe(m, b.o);
    expect(proto.send).toBe(sendWrapper);
    await run('GET', server.origin + '/json');
    expect([a.seen.length, b.seen.length]).toEqual([1, 1]);
    stopA();
    stopB();
    expect({
      open: proto.open,
      send: proto.send,
      setRequestHeader: proto.setRequestHeader,
    }).toEqual(originals);
    for (const k of Object.keys(originals))
      expect(Object.getOwnPropertyDescriptor(proto, k)).toEqual(descriptors[k]);
    observe(m, a.o);
    expect(proto.send).not.toBe(originals.send);
    await run('GET', server.origin + '/json');
    expect(a.seen).toHaveLength(2);
  });

  it('passes through when another script wrapped after us, and reuses our wrapper later', async () => {
    const m = load();
    const { o, seen } = tracer();
    const stop = observe(m, o);
    const ours = proto.send;
    const theirs = function (
      this: XMLHttpRequest,
      body?: Document | XMLHttpRequestBodyInit | null,
    ) {
      return ours.call(this, body);
    };
    proto.send = theirs;
    stop();
    expect(proto.send).toBe(theirs);
    expect(proto.open).toBe(originals.open);
    const r = await run('GET', server.origin + '/echo');
    expect(JSON.parse(r.text).headers['x-amzn-trace-id']).toBeUndefined();
    expect(seen).toHaveLength(0);
    observe(m, o);
    expect(proto.send).toBe(theirs);
    const again = await run('GET', server.origin + '/echo');
    expect(JSON.parse(again.text).headers['x-amzn-trace-id']).toBe('Root=1-test');
    expect(seen).toHaveLength(1);
  });
});
