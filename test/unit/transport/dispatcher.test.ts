/**
 * The dispatcher on its own: what happens to a batch that is on its way when the page hides.
 * A batch the drain has taken but not yet handed to fetch (it is still being signed, or waits
 * for a retry) goes with the page-hide flush; one whose request has started is the browser's
 * (every request is keepalive) and is never sent twice.
 */
import { createEventCache } from '../../../src/domain/event-cache';
import { createDispatcher } from '../../../src/transport/dispatcher';
import type { SigV4 } from '../../../src/transport/sigv4';
import { fakeClock, fakeFetch, flushPromises, response } from '../fakes';
import { CREDS, event, fakeChain, fakeSigner, ids, settings } from './helpers';

const setup = (
  opts: {
    slowSign?: boolean;
    /** Requests stay open until `answer()` (a slow network), or never settle ('never'). */
    hold?: boolean | 'never' | 'reject';
    status?: number;
    compression?: boolean;
  } = {},
) => {
  const clock = fakeClock();
  const cache = createEventCache(1000);
  const fetched: { body: string; keepalive?: boolean; signal?: AbortSignal | null }[] = [];
  const beacons: string[] = [];
  let releaseSign: () => void = () => undefined;
  let signs = 0;
  const signer: SigV4 = {
    sign: async (req) => {
      if (opts.slowSign && signs++ === 0) await new Promise<void>((r) => (releaseSign = r));
      return { ...req.headers, authorization: 'AWS4-HMAC-SHA256 test' };
    },
    presign: async (req) => req.url.href + '?X-Amz-Signature=test',
  };
  const open: (() => void)[] = [];
  const fetch = jest.fn(
    (_url: string, init: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        fetched.push({ body: init.body as string, keepalive: init.keepalive, signal: init.signal });
        const status = opts.status ?? 200;
        const answer = () =>
          resolve({
            ok: status < 300,
            status,
            headers: new Headers(),
            json: async () => ({}),
          } as unknown as Response);
        if (!opts.hold) answer();
        // 'reject': the promise fails later, as a keepalive fetch's does when the page unloads.
        else if (opts.hold === 'reject') open.push(() => reject(new TypeError('Failed to fetch')));
        else if (opts.hold !== 'never') open.push(answer);
      }),
  );
  const d = createDispatcher(cache, settings({ compression: opts.compression ?? false }), {
    clock,
    fetch: fetch as unknown as typeof globalThis.fetch,
    sendBeacon: (_url, data) => {
      beacons.push(data);
      return true;
    },
    credentials: fakeChain(),
    loadSigner: async () => signer,
    refused: () => undefined,
    noCredentials: () => undefined,
  });
  return {
    d,
    cache,
    clock,
    fetched,
    beacons,
    ids,
    release: () => releaseSign(),
    /** The server's answers to the requests held open so far arrive. */
    answer: () => open.splice(0).forEach((a) => a()),
  };
};

describe('dispatcher: a batch in flight when the page hides', () => {
  it('takes back a batch still being signed; the drain then lets it go', async () => {
    const t = setup({ slowSign: true });
    t.d.warmUp();
    await t.clock.advance(0);
    for (let i = 0; i < 7; i++) t.cache.add(event(i));
    const draining = t.d.flush();
    await t.clock.advance(0); // the first batch (5) waits for its signature
    expect(t.fetched).toHaveLength(0);
    expect(t.cache.size).toBe(2);
    await t.d.flushOnHide(true);
    t.release();
    await draining;
    await t.clock.advance(0);
    expect(t.fetched).toHaveLength(0); // the drain did not send it after all
    expect(t.ids(t.beacons).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `id-${i}`));
    expect(t.cache.size).toBe(0);
  });

  it('splits a batch too big for keepalive; a request on its way at page hide is not sent again', async () => {
    const t = setup({ hold: true });
    t.d.warmUp();
    await t.clock.advance(0);
    for (let i = 0; i < 6; i++) t.cache.add(event(i, 4000)); // 5 × 4 KB: over keepalive's 16 KB
    const draining = t.d.flush();
    await t.clock.advance(0);
    // The batch of five gave back its second half until it fitted: 2 events, keepalive.
    expect(t.fetched).toHaveLength(1);
    expect(t.fetched[0].keepalive).toBe(true);
    expect(t.ids([t.fetched[0].body])).toEqual(['id-0', 'id-1']);
    expect(t.fetched[0].body.length).toBeLessThan(16_000);
    // The page hides before the answer comes back: that request is left to the browser.
    await t.d.flushOnHide(true);
    t.answer();
    await draining;
    await t.clock.advance(0);
    expect(t.ids(t.beacons).sort()).toEqual([2, 3, 4, 5].map((i) => `id-${i}`));
    const all = t.ids([...t.fetched.map((f) => f.body), ...t.beacons]);
    expect(all.sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `id-${i}`));
    expect(t.cache.size).toBe(0);
  });

  it('without compression (none in this engine, or it fails), every request still fits keepalive', async () => {
    // jsdom has no CompressionStream: gzip is unavailable, as in WebKit during a navigation.
    const t = setup({ compression: true });
    t.d.warmUp();
    await t.clock.advance(0);
    for (let i = 0; i < 5; i++) t.cache.add(event(i, 6000));
    await t.d.flush();
    // Halved until each fits: [0, 1], [2], [3, 4].
    expect(t.fetched.map((f) => f.keepalive)).toEqual([true, true, true]);
    expect(t.fetched.every((f) => f.body.length < 16_000)).toBe(true);
    expect(t.ids(t.fetched.map((f) => f.body))).toEqual([0, 1, 2, 3, 4].map((i) => `id-${i}`));
  });

  it('a request on its way whose promise fails after the page hid (an unload) is not sent again', async () => {
    const t = setup({ hold: 'reject' });
    t.d.warmUp();
    await t.clock.advance(0);
    for (let i = 0; i < 3; i++) t.cache.add(event(i));
    const draining = t.d.flush();
    await t.clock.advance(0);
    expect(t.fetched).toHaveLength(1);
    await t.d.flushOnHide(true); // visibilitychange: the request is left to the browser
    t.answer(); // the unload rejects its promise
    await t.clock.advance(0);
    await t.d.flushOnHide(true); // pagehide
    await t.clock.advance(60_000);
    await draining;
    expect(t.fetched).toHaveLength(1);
    expect(t.beacons).toHaveLength(0);
    expect(t.cache.size).toBe(0);
  });

  it('takes back a batch waiting for a retry, and sends it with the rest, once', async () => {
    const t = setup({ status: 500 });
    t.d.warmUp();
    await t.clock.advance(0);
    for (let i = 0; i < 3; i++) t.cache.add(event(i));
    const draining = t.d.flush();
    await t.clock.advance(0);
    expect(t.fetched).toHaveLength(1); // answered 500: the drain waits to try again
    await t.d.flushOnHide(true);
    await t.clock.advance(60_000);
    await draining;
    expect(t.fetched).toHaveLength(1); // the drain let it go
    expect(t.ids(t.beacons)).toEqual(['id-0', 'id-1', 'id-2']);
  });

  it('back from the back-forward cache: stops waiting for a request that never settles (WebKit), and sends on', async () => {
    const t = setup({ hold: 'never' });
    t.d.warmUp();
    await t.clock.advance(0);
    t.cache.add(event(0));
    void t.d.flush();
    await t.clock.advance(0);
    expect(t.fetched).toHaveLength(1);
    await t.d.flushOnHide(true); // frozen with the request on its way
    t.d.restored();
    await t.clock.advance(0);
    t.cache.add(event(1));
    t.d.schedule();
    await t.clock.advance(5000);
    // A new drain ran: the event recorded after the restore went in its own request.
    expect(t.ids(t.fetched.map((f) => f.body))).toEqual(['id-0', 'id-1']);
    expect(t.beacons).toHaveLength(0);
  });

  it('leaves a keepalive request alone: it outlives the page', async () => {
    const t = setup();
    t.d.warmUp();
    await t.clock.advance(0);
    for (let i = 0; i < 3; i++) t.cache.add(event(i));
    await t.d.flush();
    t.cache.add(event(3));
    await t.d.flushOnHide(true);
    expect(t.ids(t.fetched.map((f) => f.body))).toEqual(['id-0', 'id-1', 'id-2']);
    expect(t.ids(t.beacons)).toEqual(['id-3']);
  });
});

describe('dispatcher: large events (session replay)', () => {
  it('sends an event too big for keepalive alone, without keepalive; the next wait their turn', async () => {
    const { d, cache, fetched, ids } = setup({ hold: true });
    for (let i = 0; i < 3; i++) cache.add(event(i, 300_000));
    void d.flush();
    await flushPromises();
    expect(fetched).toHaveLength(1);
    expect(ids([fetched[0].body])).toEqual(['id-0']);
    expect(fetched[0].keepalive).toBe(false);
    expect(fetched[0].body.length).toBeLessThan(1024 * 1024);
    expect(cache.size).toBe(2);
  });
});

/** A dispatcher over a scripted fetch (fakes.ts), its jitter ×1 and its connectivity injected. */
const scripted = (
  answers: Parameters<typeof fakeFetch>[0] = [],
  o: { signing?: boolean; retries?: number; creds?: boolean } = {},
) => {
  const clock = fakeClock();
  const cache = createEventCache(1000);
  const net = fakeFetch(answers);
  const chain = fakeChain();
  if (o.creds === false) chain.creds = undefined;
  const get = jest.spyOn(chain, 'get');
  const { signer } = fakeSigner();
  const refused = jest.fn();
  const noCredentials = jest.fn();
  const online = { now: true, listeners: new Set<() => void>() };
  const beacons: string[] = [];
  const d = createDispatcher(
    cache,
    settings({ signing: o.signing ?? false, retries: o.retries ?? 2 }),
    {
      clock,
      fetch: net.fetch,
      sendBeacon: (_url, body) => (beacons.push(body), true),
      credentials: chain,
      loadSigner: async () => signer,
      refused,
      noCredentials,
      random: () => 0.5,
      onLine: () => online.now,
      onOnline: (fn) => (online.listeners.add(fn), () => online.listeners.delete(fn)),
    },
  );
  let n = 0;
  /** Queues `k` events, telling the dispatcher of each, as the assembly does. */
  const record = (k = 1) => {
    for (let i = 0; i < k; i++) {
      cache.add(event(n++));
      d.added();
    }
  };
  const sentIds = (i: number) => net.requests[i].body.RumEvents.map((e) => e.id);
  return {
    d,
    clock,
    cache,
    net,
    beacons,
    chain,
    get,
    refused,
    noCredentials,
    online,
    record,
    sentIds,
  };
};

describe('dispatcher: retries, pauses and refusals over time', () => {
  it('retries 5xx and 429 with backoff, keeps the batch when retries run out, and waits longer after each failed drain', async () => {
    const t = scripted(
      [
        response(500, {}),
        response(429, { __type: 'ThrottlingException' }),
        response(503, {}),
        response(500, {}),
      ],
      { retries: 1 },
    );
    t.record(2);
    await t.clock.advance(5000);
    await t.clock.advance(3000); // the retry 1 s after the first
    expect(t.net.requests).toHaveLength(2);
    expect(t.refused).toHaveBeenCalledTimes(1);
    expect(t.refused.mock.calls[0][1]).toMatchObject({ status: 429, count: 2, halt: false });
    // The next drain waits 2 × dispatchInterval after a failed one: 503, then 500 → kept again.
    await t.clock.advance(7000);
    expect(t.net.requests).toHaveLength(2);
    await t.clock.advance(2000);
    expect(t.net.requests).toHaveLength(4);
    // Two failed drains in a row: 4 × dispatchInterval.
    await t.clock.advance(19_000);
    expect(t.net.requests).toHaveLength(4);
    await t.clock.advance(1000);
    expect(t.net.requests).toHaveLength(5);
    // The kept batch is the same events.
    expect(t.sentIds(4)).toEqual(['id-0', 'id-1']);
    expect(t.sentIds(4)).toEqual(t.sentIds(0));
  });

  it('honours Retry-After: waits as long as asked before the next request', async () => {
    const t = scripted([response(429, { __type: 'ThrottlingException' }, { 'retry-after': '30' })]);
    t.record(2);
    await t.clock.advance(5000);
    expect(t.net.requests).toHaveLength(1);
    await t.clock.advance(29_000);
    expect(t.net.requests).toHaveLength(1);
    await t.clock.advance(1000);
    expect(t.net.requests).toHaveLength(2);
    expect(t.sentIds(1)).toEqual(t.sentIds(0));
  });

  it('retries a network error, and reports nothing when the retry is answered', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const t = scripted([new TypeError('Failed to fetch')]);
    t.record();
    await t.clock.advance(5000);
    await t.clock.advance(2000);
    expect(t.net.requests).toHaveLength(2);
    expect(t.refused).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    error.mockRestore();
  });

  it('drops a batch the service refuses as invalid, reports it, and goes on', async () => {
    const t = scripted([
      response(400, { message: 'bad event' }, { 'x-amzn-ErrorType': 'ValidationException' }),
    ]);
    t.record(2);
    await t.clock.advance(5000);
    expect(t.refused.mock.calls[0][1]).toMatchObject({
      status: 400,
      errorType: 'ValidationException',
      count: 2,
      halt: false,
    });
    t.record();
    await t.clock.advance(5000);
    expect(t.net.requests).toHaveLength(2);
    expect(t.sentIds(1)).toEqual(['id-2']);
  });

  it('stops for the page at once on a 403 without signing and on an unknown app monitor', async () => {
    for (const [status, type] of [
      [403, 'MissingAuthenticationTokenException'],
      [404, 'ResourceNotFoundException'],
    ] as const) {
      const t = scripted([response(status, {}, { 'x-amzn-ErrorType': type })]);
      t.record();
      await t.clock.advance(5000);
      t.record();
      await t.d.flush();
      await t.clock.advance(60_000);
      expect(t.net.requests).toHaveLength(1);
      expect(t.refused.mock.calls[0][1]).toMatchObject({ status, halt: true });
      expect(t.d.last()).toMatchObject({ status, halted: true });
    }
  });

  it('does not try a full batch on every new event while there are no credentials', async () => {
    const t = scripted([], { signing: true, creds: false });
    for (let i = 0; i < 50; i++) {
      t.record();
      await t.clock.advance(0);
    }
    expect(t.net.requests).toHaveLength(0);
    expect(t.clock.pending()).toBeLessThanOrEqual(3);
    expect(t.get.mock.calls.length).toBeLessThanOrEqual(2);
    t.chain.creds = CREDS;
    t.d.schedule();
    await t.clock.advance(5000);
    expect(t.net.requests.flatMap((r) => r.body.RumEvents)).toHaveLength(50);
  });

  it('sends events queued as the page hides exactly once, by fetch or by beacon', async () => {
    const t = scripted([], { signing: true });
    t.d.warmUp();
    await t.clock.advance(10); // the signer is loaded
    t.record(7);
    await t.clock.advance(0); // a full batch is taken and its request prepared…
    await t.d.flushOnHide(true); // …when the page hides
    await t.clock.advance(5000);
    const all = ids([...t.net.requests.map((r) => r.body), ...t.beacons]);
    expect(all.sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `id-${i}`)); // each exactly once
  });
});

describe('dispatcher: connectivity and stop, through the injected seams', () => {
  it('offline: no request until onOnline fires; stop() removes that listener', async () => {
    const t = scripted();
    t.online.now = false;
    t.record();
    await t.clock.advance(60_000);
    await t.d.flush();
    expect(t.net.requests).toHaveLength(0);
    t.online.now = true;
    t.online.listeners.forEach((fn) => fn());
    await t.clock.advance(0);
    expect(t.net.requests).toHaveLength(1);
    expect(t.refused).not.toHaveBeenCalled(); // offline is not a refusal: nothing is said
    expect(t.online.listeners.size).toBe(1);
    t.d.stop();
    expect(t.online.listeners.size).toBe(0);
    expect(t.clock.pending()).toBe(0);
  });
});
