/**
 * The dispatcher on its own: what happens to a batch that is on its way when the page hides.
 * A batch the drain has taken but not yet handed to fetch with keepalive (it is still being
 * signed, or it is too big for keepalive) must go with the page-hide flush, exactly once.
 */
import type { CredentialChain } from '../../../src/auth/chain';
import { createEventCache, type QueuedEvent } from '../../../src/domain/event-cache';
import { createDispatcher, wireEvents } from '../../../src/transport/dispatcher';
import type { SigV4 } from '../../../src/transport/sigv4';
import { APP_ID, fakeClock, flushPromises } from '../fakes';

const CREDS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

const chain = (): CredentialChain => ({
  get: async () => CREDS,
  peek: () => CREDS,
  setAppCredentials: () => undefined,
  invalidate: () => undefined,
  lastMiss: [],
  lastErrors: [],
  source: () => 'test',
});

const event = (i: number, pad = 0): QueuedEvent => ({
  event: {
    id: `id-${i}`,
    timestamp: 1_700_000_000.5 + i,
    type: 'late',
    details: JSON.stringify({ i, pad: 'x'.repeat(pad) }),
    metadata: JSON.stringify({ version: '1.0.0', domain: 'example.com', pageId: '/' }),
  },
  sessionId: 's',
  userId: 'u',
});

const setup = (opts: { slowSign?: boolean } = {}) => {
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
  const fetch = jest.fn(
    (_url: string, init: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        fetched.push({ body: init.body as string, keepalive: init.keepalive, signal: init.signal });
        // A request without keepalive stays open until aborted (the page goes away first).
        if (init.keepalive) resolve({ ok: true, status: 200 } as Response);
        else init.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      }),
  );
  const d = createDispatcher(
    cache,
    {
      endpointUrl: new URL('https://dataplane.rum.us-west-2.amazonaws.com'),
      appMonitorId: APP_ID,
      appVersion: '1.0.0',
      region: 'us-west-2',
      signing: true,
      headers: {},
      batchLimit: 5,
      retries: 2,
      compression: false,
      useBeacon: true,
      dispatchInterval: 5000,
    },
    {
      clock,
      fetch: fetch as unknown as typeof globalThis.fetch,
      sendBeacon: (_url, data) => {
        beacons.push(data);
        return true;
      },
      credentials: chain(),
      loadSigner: async () => signer,
      refused: () => undefined,
      noCredentials: () => undefined,
    },
  );
  const ids = (bodies: string[]) =>
    bodies.flatMap((b) => (JSON.parse(b).RumEvents as { id: string }[]).map((e) => e.id));
  return { d, cache, clock, fetched, beacons, ids, release: () => releaseSign() };
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

  it('aborts a request sent without keepalive (too big) and sends its batch with the rest', async () => {
    const t = setup();
    t.d.warmUp();
    await t.clock.advance(0);
    for (let i = 0; i < 6; i++) t.cache.add(event(i, 4000)); // 5 × 4 KB: over keepalive's share
    const draining = t.d.flush();
    await t.clock.advance(0);
    expect(t.fetched).toHaveLength(1);
    expect(t.fetched[0].keepalive).toBe(false);
    await t.d.flushOnHide(true);
    expect(t.fetched[0].signal?.aborted).toBe(true);
    await draining;
    await t.clock.advance(0);
    expect(t.ids(t.beacons).sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `id-${i}`));
    expect(t.fetched).toHaveLength(1); // not retried by the drain
    expect(t.cache.size).toBe(0);
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

describe('wireEvents', () => {
  it('moves the metadata all events share to SessionMetadata; times in whole seconds', () => {
    const { common, events } = wireEvents([event(0), event(1)]);
    expect(JSON.parse(common!)).toEqual({ version: '1.0.0', domain: 'example.com' });
    expect(events.map((e) => JSON.parse(e.metadata as string))).toEqual([
      { pageId: '/' },
      { pageId: '/' },
    ]);
    expect(events.map((e) => e.timestamp)).toEqual([1_700_000_000, 1_700_000_001]);
    expect(Object.keys(events[0])).toEqual(['id', 'timestamp', 'type', 'metadata', 'details']);
  });

  it('sends metadata that is not a JSON object as it is, with nothing shared', () => {
    const odd = event(0);
    odd.event.metadata = 'not json';
    const { common, events } = wireEvents([odd, event(1)]);
    expect(common).toBeUndefined();
    expect(events[0].metadata).toBe('not json');
  });
});

describe('dispatcher: large events (session replay)', () => {
  it('keeps each request under 1 MiB: a batch ends before its events pass 640,000 characters', async () => {
    const { d, cache, fetched, ids } = setup();
    for (let i = 0; i < 3; i++) cache.add(event(i, 300_000));
    void d.flush();
    await flushPromises();
    // Two of 300 KB fit; the third waits for the next request.
    expect(ids([fetched[0].body])).toEqual(['id-0', 'id-1']);
    expect(fetched[0].body.length).toBeLessThan(1024 * 1024);
  });
});
