/**
 * @jest-environment node
 */
// Node's own fetch (undici) is a real WHATWG fetch with Request, Headers, streams and
// AbortSignal, so the wrapper is tested against real semantics and a real loopback server.
import { createObservable, type RequestObserver } from '../../../src/browser/requests';
import { logger } from '../../../src/tools/logger';
import { type AppServer, startAppServer } from '../../app-server';
import { tracer } from './tracer';

type FetchModule = typeof import('../../../src/browser/fetch');

const realFetch = globalThis.fetch;

/** A fresh copy of the module (no wrapper installed yet). */
const load = (): FetchModule => {
  let m: FetchModule | undefined;
  jest.isolateModules(() => {
    m = jest.requireActual<FetchModule>('../../../src/browser/fetch');
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
  globalThis.fetch = realFetch;
});
afterEach(() => {
  stops.splice(0).forEach((s) => s());
  globalThis.fetch = realFetch;
  jest.restoreAllMocks();
});

const observe = (m: FetchModule, o: RequestObserver) => {
  const stop = m.observeFetch(o);
  stops.push(stop);
  return stop;
};

const echo = async (p: Promise<Response>) =>
  (await (await p).json()) as { method: string; headers: Record<string, string>; body: string };

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('observeFetch: call forms', () => {
  it.each<[string, () => [RequestInfo | URL, RequestInit?]]>([
    ['a string', () => [server.origin + '/echo']],
    ['a URL', () => [new URL(server.origin + '/echo')]],
    ['a string and init without headers', () => [server.origin + '/echo', { method: 'GET' }]],
    ['a Request', () => [new Request(server.origin + '/echo', { headers: { 'x-app': '1' } })]],
    [
      'a Request and an init that replaces its headers',
      () => [
        new Request(server.origin + '/echo', { headers: { 'x-old': '1' } }),
        { headers: { 'x-app': '1' } },
      ],
    ],
    [
      'a Headers instance',
      () => [server.origin + '/echo', { headers: new Headers({ 'x-app': '1' }) }],
    ],
    ['a plain object', () => [server.origin + '/echo', { headers: { 'x-app': '1' } }]],
    ['an array of pairs', () => [server.origin + '/echo', { headers: [['x-app', '1']] }]],
  ])(
    'adds the header to %s, keeps the app headers, and changes none of its objects',
    async (_, make) => {
      const m = load();
      const { o, seen } = tracer();
      observe(m, o);
      const [input, init] = make();
      const before = init?.headers instanceof Headers ? [...init.headers] : JSON.stringify(init);
      const got = await echo(fetch(input, init));
      expect(got.headers['x-amzn-trace-id']).toBe('Root=1-test');
      if (JSON.stringify([input, init]).includes('x-app') || input instanceof Request)
        expect(got.headers['x-app'] ?? got.headers['x-old']).toBe('1');
      if (init?.headers) expect(got.headers['x-app']).toBe('1');
      // The app's init and Headers are not modified.
      expect(init?.headers instanceof Headers ? [...init.headers] : JSON.stringify(init)).toEqual(
        before,
      );
      if (input instanceof Request) expect(input.headers.has('x-amzn-trace-id')).toBe(false);
      expect(seen).toEqual([
        {
          method: 'GET',
          url: server.origin + '/echo',
          end: { status: 200, statusText: 'OK' },
        },
      ]);
    },
  );

  it('never replaces a header the app set itself', async () => {
    const m = load();
    observe(m, tracer().o);
    const got = await echo(
      fetch(server.origin + '/echo', { headers: { 'X-Amzn-Trace-Id': 'Root=app' } }),
    );
    expect(got.headers['x-amzn-trace-id']).toBe('Root=app');
  });

  it('observes the method of the init, else of the Request', async () => {
    const m = load();
    const { o, seen } = tracer(undefined);
    observe(m, o);
    await fetch(server.origin + '/echo', { method: 'post', body: 'x' });
    await fetch(new Request(server.origin + '/echo', { method: 'PUT', body: 'y' }));
    await fetch(new Request(server.origin + '/echo', { method: 'PUT', body: 'y' }), {
      method: 'PATCH',
    });
    expect(seen.map((s) => s.method)).toEqual(['POST', 'PUT', 'PATCH']);
  });
});

describe('observeFetch: bodies, streams and signals', () => {
  it('sends a Request body once, with the header, and uses the Request as fetch would', async () => {
    const m = load();
    observe(m, tracer().o);
    const req = new Request(server.origin + '/echo', { method: 'POST', body: 'request body' });
    const got = await echo(fetch(req));
    expect(got).toMatchObject({ method: 'POST', body: 'request body' });
    expect(got.headers['x-amzn-trace-id']).toBe('Root=1-test');
    // As without us: fetch used the Request's body.
    expect(req.bodyUsed).toBe(true);
    globalThis.fetch = realFetch;
    const plain = new Request(server.origin + '/echo', { method: 'POST', body: 'x' });
    await (await realFetch(plain)).text();
    expect(plain.bodyUsed).toBe(true);
  });

  it('streams a ReadableStream request body (duplex: half)', async () => {
    const m = load();
    observe(m, tracer().o);
    const parts = ['one;', 'two;', 'three'];
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        const p = parts.shift();
        if (p) c.enqueue(new TextEncoder().encode(p));
        else c.close();
      },
    });
    const got = await echo(
      fetch(server.origin + '/echo', {
        method: 'POST',
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(got.body).toBe('one;two;three');
    expect(got.headers['x-amzn-trace-id']).toBe('Root=1-test');
  });

  it('leaves a streamed response to the app: read in parts, cloned, never read by us', async () => {
    const m = load();
    const { o, seen } = tracer();
    observe(m, o);
    const res = await fetch(server.origin + '/stream');
    expect(res.bodyUsed).toBe(false);
    const copy = res.clone();
    const reader = res.body!.getReader();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toBe('part0;part1;part2;part3;part4;');
    expect(await copy.text()).toBe(text);
    expect(seen[0].end).toEqual({ status: 200, statusText: 'OK' });
  });

  it.each([
    ['the init', (s: AbortSignal) => [server.origin + '/slow', { signal: s }]],
    ['a Request', (s: AbortSignal) => [new Request(server.origin + '/slow', { signal: s })]],
  ])('aborts with the same reason through a signal in %s', async (_, make) => {
    const m = load();
    const { o, seen } = tracer();
    observe(m, o);
    const controller = new AbortController();
    const reason = new Error('user left');
    const p = fetch(...(make(controller.signal) as [string]));
    await until(() => server.received.some((r) => r.path === '/slow'));
    controller.abort(reason);
    await expect(p).rejects.toBe(reason);
    expect(seen[0].end).toEqual({ error: reason, aborted: true });
    server.received.length = 0;
  });

  it('rejects an already aborted signal at once, with its reason', async () => {
    const m = load();
    const { o, seen } = tracer();
    observe(m, o);
    const controller = new AbortController();
    controller.abort();
    const p = fetch(server.origin + '/json', { signal: controller.signal });
    await expect(p).rejects.toBe(controller.signal.reason);
    expect(seen[0].end).toMatchObject({ aborted: true });
  });

  it('lets a request the browser refuses fail as it would (same error type), and observes it', async () => {
    const m = load();
    const { o, seen } = tracer();
    observe(m, o);
    const used = new Request(server.origin + '/echo', { method: 'POST', body: 'x' });
    await used.text();
    const without = await realFetch(used).catch((e: Error) => e);
    const withUs = await fetch(used).catch((e: Error) => e);
    // (Node's errors come from another realm than the test's: compare names.)
    expect((withUs as Error).name).toBe('TypeError');
    expect((withUs as Error).message).toBe((without as Error).message);
    expect(seen[0].end?.error).toBe(withUs);
  });
});

describe('observeFetch: the app sees exactly what the original gave', () => {
  it('returns the original promise itself when no observer follows the request', async () => {
    const m = load();
    const promise = Promise.resolve(new Response('x'));
    const original = jest.fn((..._args: unknown[]) => promise);
    globalThis.fetch = original as unknown as typeof fetch;
    observe(m, () => undefined);
    const init = { method: 'POST' };
    const self = { any: 'this' };
    const call = fetch as unknown as (...a: unknown[]) => unknown;
    expect(call.call(self, 'http://a.test/x', init, 'extra')).toBe(promise);
    expect(original.mock.calls[0]).toEqual(['http://a.test/x', init, 'extra']);
    expect(original.mock.calls[0][1]).toBe(init);
    expect(original.mock.contexts[0]).toBe(self);
  });

  it('resolves with the same Response object and rejects with the same reason', async () => {
    const m = load();
    const res = new Response('body', { status: 201, statusText: 'Made' });
    const reason = new TypeError('Failed to fetch');
    const answers: (() => Promise<Response>)[] = [
      () => Promise.resolve(res),
      () => Promise.reject(reason),
    ];
    globalThis.fetch = (() => answers.shift()!()) as typeof fetch;
    const { o, seen } = tracer(undefined);
    observe(m, o);
    await expect(fetch('http://a.test/1')).resolves.toBe(res);
    await expect(fetch('http://a.test/2')).rejects.toBe(reason);
    expect(seen.map((s) => s.end)).toEqual([
      { status: 201, statusText: 'Made' },
      { error: reason, aborted: false },
    ]);
  });

  it('passes the app its call unchanged when the original throws synchronously', () => {
    const m = load();
    const boom = new Error('sync');
    globalThis.fetch = (() => {
      throw boom;
    }) as typeof fetch;
    observe(m, tracer(undefined).o);
    expect(() => fetch('http://a.test/')).toThrow(boom);
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
    const res = await fetch(server.origin + '/json');
    expect(await res.json()).toEqual({ hello: 'world' });
    await expect(fetch(server.unreachable)).rejects.toMatchObject({ name: 'TypeError' });
    expect(seen).toHaveLength(2);
    expect(errors.mock.calls.map((c) => c[0])).toEqual([
      expect.stringMatching(/internal error .*start bug/s),
      expect.stringMatching(/internal error .*end bug/s),
      expect.stringMatching(/internal error .*start bug/s),
      expect.stringMatching(/internal error .*end bug/s),
    ]);
  });

  it('keeps the app working when the fetch under us resolves with something odd', async () => {
    const m = load();
    globalThis.fetch = (() => Promise.resolve(null)) as unknown as typeof fetch;
    observe(m, tracer(undefined).o);
    await expect(fetch('http://a.test/')).resolves.toBeNull();
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it('keeps a non-promise result of a fetch under us as it is', () => {
    const m = load();
    const odd = { not: 'a promise' };
    globalThis.fetch = (() => odd) as unknown as typeof fetch;
    observe(m, tracer(undefined).o);
    expect(fetch('http://a.test/')).toBe(odd);
  });
});

describe('observeFetch: wrapping and undoing', () => {
  it('wraps once for any number of observers, and restores the original when the last leaves', async () => {
    const m = load();
    const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
    const a = tracer(undefined);
    const b = tracer(undefined);
    const stopA = observe(m, a.o);
    const wrapped = globalThis.fetch;
    expect(wrapped).not.toBe(realFetch);
    const stopB = observe(m, b.o);
    expect(globalThis.fetch).toBe(wrapped);
    await fetch(server.origin + '/json');
    expect([a.seen.length, b.seen.length]).toEqual([1, 1]);
    stopA();
    expect(globalThis.fetch).toBe(wrapped);
    stopB();
    expect(globalThis.fetch).toBe(realFetch);
    expect(Object.getOwnPropertyDescriptor(globalThis, 'fetch')?.value).toBe(
      before?.value ?? realFetch,
    );
    stopB();
    expect(globalThis.fetch).toBe(realFetch);
  });

  it('re-wraps once after a restore, and a removed wrapper kept by someone stays inert', async () => {
    const m = load();
    const { o, seen } = tracer(undefined);
    const stop = observe(m, o);
    const old = globalThis.fetch;
    stop();
    observe(m, o);
    const current = globalThis.fetch;
    expect(current).not.toBe(old);
    await old(server.origin + '/json');
    expect(seen).toHaveLength(0);
    await fetch(server.origin + '/json');
    expect(seen).toHaveLength(1);
  });

  it('leaves a wrapper another script wrapped in place, passing through; and reuses it', async () => {
    const m = load();
    const { o, seen } = tracer();
    const stop = observe(m, o);
    const ours = globalThis.fetch;
    const theirs = jest.fn(function (this: unknown, ...args: Parameters<typeof fetch>) {
      return ours.apply(this, args);
    });
    globalThis.fetch = theirs as typeof fetch;
    stop();
    expect(globalThis.fetch).toBe(theirs);
    const got = await echo(fetch(server.origin + '/echo'));
    expect(got.headers['x-amzn-trace-id']).toBeUndefined();
    expect(seen).toHaveLength(0);
    expect(theirs).toHaveBeenCalledTimes(1);
    // Enabled again: no second wrapper, the one in their chain observes again, once.
    observe(m, o);
    expect(globalThis.fetch).toBe(theirs);
    const again = await echo(fetch(server.origin + '/echo'));
    expect(again.headers['x-amzn-trace-id']).toBe('Root=1-test');
    expect(seen).toHaveLength(1);
  });

  it('looks like the native fetch: name, length, no prototype, and `new` throws a TypeError at once', () => {
    const m = load();
    observe(m, tracer().o);
    const wrapped = globalThis.fetch;
    expect(wrapped).not.toBe(realFetch);
    // The browser's fetch (WebIDL): name 'fetch', length 1, not a constructor.
    expect([wrapped.name, wrapped.length, 'prototype' in wrapped]).toEqual(['fetch', 1, false]);
    let thrown: unknown;
    let result: unknown;
    try {
      result = new (wrapped as unknown as new (u: string) => unknown)(server.origin + '/json');
    } catch (e) {
      thrown = e;
    }
    expect(result).toBeUndefined();
    expect(thrown).toBeInstanceOf(TypeError);
  });

  it('passes on exactly the arguments the app gave (none, one, more than two)', async () => {
    const m = load();
    const calls: number[] = [];
    globalThis.fetch = function (...args: unknown[]) {
      calls.push(args.length);
      return Promise.resolve(new Response('ok'));
    } as typeof fetch;
    const seen: string[] = [];
    // Adds no header, so the wrapper has no reason to build a Request of its own.
    observe(m, (req) => () => void seen.push(req.url));
    await (fetch as unknown as () => Promise<Response>)();
    await fetch('http://a.test/');
    await (fetch as unknown as (...a: unknown[]) => Promise<Response>)('http://a.test/', {}, 3);
    expect(calls).toEqual([0, 1, 3]);
    expect(seen).toHaveLength(3);
  });

  it('does nothing where there is no fetch', () => {
    const m = load();
    const own = Object.getOwnPropertyDescriptor(globalThis, 'fetch')!;
    delete (globalThis as { fetch?: unknown }).fetch;
    try {
      const stop = m.observeFetch(tracer().o);
      expect('fetch' in globalThis).toBe(false);
      stop();
      expect('fetch' in globalThis).toBe(false);
    } finally {
      Object.defineProperty(globalThis, 'fetch', own);
    }
  });
});

describe('createObservable', () => {
  type Fn = (...a: unknown[]) => unknown;
  /** A factory for any key: the same function under every name (createObservable picks one). */
  const any = (f: Fn) => new Proxy({}, { get: () => f }) as Record<string, Fn>;
  const wrapAll = (original: Fn) =>
    any(function (this: unknown, ...args: unknown[]) {
      return 'wrapped ' + original.apply(this, args);
    });

  it('wraps every method it can when one cannot be replaced, and says which in a debug note', () => {
    const debug = jest.spyOn(logger, 'debug').mockImplementation(() => undefined);
    const target = { a: () => 'a', b: () => 'b', c: () => 'c' } as Record<string, () => string>;
    Object.defineProperty(target, 'b', { writable: false, configurable: false });
    const { observe } = createObservable(() => target, { a: wrapAll, b: wrapAll, c: wrapAll });
    let stop: () => void = () => undefined;
    expect(() => (stop = observe(() => undefined))).not.toThrow();
    expect([target.a(), target.b(), target.c()]).toEqual(['wrapped a', 'b', 'wrapped c']);
    expect(debug).toHaveBeenCalledTimes(1);
    expect(debug.mock.calls[0][0]).toMatch(/^could not wrap b: TypeError: .*'b'/);
    stop();
    expect([target.a(), target.b(), target.c()]).toEqual(['a', 'b', 'c']);
  });

  it('never throws when a method cannot be restored; the wrapper left passes through, then is reused', () => {
    const target = { a: () => 'a', b: () => 'b' } as Record<string, () => string>;
    let seen = 0;
    const counting = (original: Fn, live: () => boolean) =>
      any(function (this: unknown, ...args: unknown[]) {
        if (live()) seen++;
        return original.apply(this, args);
      });
    const { observe } = createObservable(() => target, { a: counting, b: counting });
    const stop = observe(() => undefined);
    const wrapperA = target.a;
    Object.freeze(target);
    expect(stop).not.toThrow();
    expect(target.a).toBe(wrapperA);
    expect(target.a()).toBe('a');
    expect(seen).toBe(0);
    observe(() => undefined);
    expect(target.a).toBe(wrapperA);
    target.a();
    target.b();
    expect(seen).toBe(2);
  });

  it('restores an inherited method by deleting ours, and an own one by putting it back', () => {
    const inherited = () => 'inherited';
    const own = () => 'own';
    const target = Object.assign(Object.create({ a: inherited }), { b: own }) as Record<
      string,
      () => string
    >;
    const { observe } = createObservable(() => target, {
      a: wrapAll,
      b: wrapAll,
      missing: wrapAll,
    });
    const stop = observe(() => undefined);
    expect([target.a(), target.b()]).toEqual(['wrapped inherited', 'wrapped own']);
    expect('missing' in target).toBe(false);
    stop();
    expect(Object.prototype.hasOwnProperty.call(target, 'a')).toBe(false);
    expect(target.a).toBe(inherited);
    expect(Object.getOwnPropertyDescriptor(target, 'b')).toEqual({
      value: own,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  });
});
