/**
 * The page-hide flush: beacon or keepalive fetch within the ~64 KiB quota, what does not fit
 * left in the queue, and the take-back rule for the drain's batch: until its request starts
 * the flush takes it; once started it is the browser's, and an answer that has arrived is an
 * answer.
 */
import { createEventCache } from '../../../src/domain/event-cache';
import { createHideFlush } from '../../../src/transport/hide-flush';
import { BEACON_MAX_BYTES } from '../../../src/transport/settings';
import { createSigning } from '../../../src/transport/signing';
import { presign, sign } from '../../../src/transport/sigv4';
import type { Ticket } from '../../../src/transport/http-request';
import { fakeClock, fakeFetch } from '../fakes';
import {
  CREDS,
  URL_,
  event,
  events,
  fakeChain,
  fakeSigner,
  ids,
  installSubtle,
  settings,
} from './helpers';

const setup = (
  o: {
    beaconAnswers?: boolean[];
    headers?: Record<string, string>;
    signing?: boolean;
    noBeacon?: boolean;
    warm?: boolean;
  } = {},
) => {
  const clock = fakeClock();
  const cache = createEventCache(1000);
  const { fetch, requests } = fakeFetch();
  const beacons: { url: string; data: string }[] = [];
  const { signer } = fakeSigner();
  const signing = createSigning(async () => signer, clock);
  const chain = fakeChain();
  const hide = createHideFlush(
    cache,
    settings({ batchLimit: 100, headers: o.headers ?? {}, signing: o.signing ?? true }),
    {
      fetch,
      credentials: chain,
      sendBeacon: o.noBeacon
        ? undefined
        : (url, data) => {
            const ok = o.beaconAnswers?.shift() ?? true;
            if (ok) beacons.push({ url, data });
            return ok;
          },
    },
    URL_,
    signing,
  );
  return { clock, cache, requests, beacons, signing, chain, hide };
};

/** What the HTTP request does to its ticket (http-request.ts): on its way, then answered. */
const onItsWay = (t: Ticket, keepaliveBytes: number) => {
  t._safe = true;
  t._held = keepaliveBytes;
  return new Promise<undefined>((r) => (t._abandon = () => r(undefined)));
};
const answered = (t: Ticket) => {
  const hidden = !!t._hidden;
  t._held = 0;
  t._safe = t._hidden = false;
  return hidden;
};

const ready = async (t: ReturnType<typeof setup>) => void (await t.signing._load());

describe('page-hide flush', () => {
  it('sends everything by beacon, signed in the query string', async () => {
    const t = setup();
    await ready(t);
    for (const e of events(3)) t.cache.add(e);
    await expect(t.hide._flush(true)).resolves.toBe(3);
    expect(t.beacons).toHaveLength(1);
    expect(t.beacons[0].url).toBe(URL_.href + '?X-Amz-Signature=test');
    expect(ids(t.beacons.map((b) => b.data))).toEqual(['id-0', 'id-1', 'id-2']);
    expect(t.cache.size).toBe(0);
  });

  it('splits into requests of at most 63,000 bytes (UTF-8), halving a batch until it fits', async () => {
    const t = setup();
    await ready(t);
    // 10 events of ~10 KB with multi-byte characters: more bytes than characters.
    for (let i = 0; i < 10; i++) {
      const e = event(i);
      e.event.details = JSON.stringify({ i, pad: 'é'.repeat(5000) });
      t.cache.add(e);
    }
    await expect(t.hide._flush(true)).resolves.toBe(10);
    const sizes = t.beacons.map((b) => new TextEncoder().encode(b.data).byteLength);
    expect(sizes.every((n) => n <= BEACON_MAX_BYTES)).toBe(true);
    expect(t.beacons.length).toBeGreaterThan(1);
    expect(ids(t.beacons.map((b) => b.data)).sort()).toEqual(
      events(10)
        .map((e) => e.event.id)
        .sort(),
    );
  });

  it('stops when the browser refuses a beacon (the quota is used up): the rest stays queued', async () => {
    const t = setup({ beaconAnswers: [true, false] });
    await ready(t);
    for (let i = 0; i < 10; i++) t.cache.add(event(i, 20_000));
    const sent = await t.hide._flush(true);
    expect(t.beacons).toHaveLength(1);
    expect(sent).toBe(ids(t.beacons.map((b) => b.data)).length);
    expect(t.cache.size).toBe(10 - sent);
  });

  it('with headers configured (a beacon cannot set them): keepalive fetch, signed, within the byte budget', async () => {
    const t = setup({ headers: { 'x-app': '1' } });
    await ready(t);
    for (let i = 0; i < 10; i++) t.cache.add(event(i, 20_000)); // ~200 KB: more than the quota
    const sent = await t.hide._flush(true);
    expect(t.beacons).toHaveLength(0);
    expect(t.requests.length).toBeGreaterThan(0);
    expect(t.requests.every((r) => r.init.keepalive === true)).toBe(true);
    const total = t.requests.reduce(
      (n, r) => n + new TextEncoder().encode(r.init.body as string).byteLength,
      0,
    );
    expect(total).toBeLessThanOrEqual(BEACON_MAX_BYTES);
    expect(t.requests[0].init.headers).toMatchObject({
      'x-app': '1',
      authorization: 'AWS4-HMAC-SHA256 test',
    });
    expect(t.cache.size).toBe(10 - sent);
    expect(sent).toBeGreaterThan(0);
  });

  it('useBeacon false, or no sendBeacon: keepalive fetch', async () => {
    for (const [o, beacon] of [
      [{}, false],
      [{ noBeacon: true }, true],
    ] as const) {
      const t = setup(o);
      await ready(t);
      t.cache.add(event(0));
      await expect(t.hide._flush(beacon)).resolves.toBe(1);
      expect(t.requests).toHaveLength(1);
      expect(t.beacons).toHaveLength(0);
    }
  });

  it('signs in sync mode: with WebCrypto there but never answering (an unloading page), beacon and keepalive fetch go at once, signed by our own SHA-256', async () => {
    for (const headers of [{}, { 'x-app': '1' }] as Record<string, string>[]) {
      const clock = fakeClock();
      const cache = createEventCache(100);
      const { fetch, requests } = fakeFetch();
      const beacons: { url: string; data: string }[] = [];
      const signing = createSigning(async () => ({ sign, presign }), clock);
      await signing._load();
      const hide = createHideFlush(
        cache,
        settings({ headers }),
        {
          fetch,
          credentials: fakeChain(),
          sendBeacon: (url, data) => beacons.push({ url, data }) > 0,
        },
        URL_,
        signing,
      );
      cache.add(event(0));
      const never = () => new Promise(() => undefined);
      const { calls, undo } = installSubtle({
        replace: { digest: never, importKey: never, sign: never },
      });
      let sent: number | undefined;
      try {
        void hide._flush(true).then((n) => (sent = n));
        for (let i = 0; i < 100; i++) await Promise.resolve(); // microtasks only
        expect(sent).toBe(1);
        expect(calls()).toBe(0);
      } finally {
        undo();
      }
      // What our own signer gives for that body (no WebCrypto here now).
      const unsigned = (body: string) => ({
        url: URL_,
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      const date = new Date(clock.now());
      if (beacons.length) {
        expect(beacons[0].url).toBe(
          await presign(unsigned(beacons[0].data), CREDS, 'us-west-2', date),
        );
      } else {
        const body = requests[0].init.body as string;
        expect(requests[0].init.headers).toEqual(
          await sign(unsigned(body), CREDS, 'us-west-2', date),
        );
      }
      expect(beacons.length + requests.length).toBe(1);
    }
  });

  it('a keepalive fetch refused later (its promise rejects) gives its batch back', async () => {
    const clock = fakeClock();
    const cache = createEventCache(100);
    const { signer } = fakeSigner();
    const signing = createSigning(async () => signer, clock);
    await signing._load();
    const hide = createHideFlush(
      cache,
      settings(),
      { fetch: (() => Promise.reject(new TypeError('quota'))) as never, credentials: fakeChain() },
      URL_,
      signing,
    );
    cache.add(event(0));
    await expect(hide._flush(false)).resolves.toBe(1);
    await clock.advance(0);
    expect(cache.size).toBe(1);
  });

  it('signing, but the signer or the credentials are not there yet: sends nothing (it cannot wait)', async () => {
    const t = setup();
    t.cache.add(event(0));
    await expect(t.hide._flush(true)).resolves.toBe(0); // signer not loaded
    await ready(t);
    t.chain.creds = undefined;
    await expect(t.hide._flush(true)).resolves.toBe(0);
    expect(t.cache.size).toBe(1);
    // Without signing, neither is needed.
    const u = setup({ signing: false });
    u.cache.add(event(0));
    await expect(u.hide._flush(true)).resolves.toBe(1);
    expect(u.beacons[0].url).toBe(URL_.href);
  });
});

describe('page-hide flush: the drain batch in its care', () => {
  it('takes back a batch whose request has not started, and the ticket says so', async () => {
    const t = setup();
    await ready(t);
    const batch = events(2);
    let release!: () => void;
    const carried = t.hide._carry(batch, async (ticket) => {
      await new Promise<void>((r) => (release = r)); // being compressed or signed
      return ticket._reclaimed;
    });
    await t.hide._flush(true);
    expect(ids(t.beacons.map((b) => b.data))).toEqual(['id-0', 'id-1']);
    release();
    await expect(carried).resolves.toBe(true);
  });

  it('leaves a request on its way alone; a failure after the hide is not one (an unload)', async () => {
    const t = setup();
    await ready(t);
    let ended: boolean | undefined;
    let fail!: () => void;
    const carried = t.hide._carry(events(2), async (ticket) => {
      void onItsWay(ticket, 100);
      await new Promise<void>((r) => (fail = r));
      ended = answered(ticket);
      return ticket._reclaimed;
    });
    await t.hide._flush(true);
    expect(t.beacons).toHaveLength(0); // not sent again
    fail();
    await expect(carried).resolves.toBeUndefined(); // never taken back
    expect(ended).toBe(true); // the page hid while it was on its way
  });

  it('an answer that has arrived is an answer: the batch is in memory again, and a hide before its retry starts takes it', async () => {
    const t = setup();
    await ready(t);
    const batch = events(2);
    let next!: () => void;
    const carried = t.hide._carry(batch, async (ticket) => {
      void onItsWay(ticket, 100);
      const hidden = answered(ticket); // answered (say a 500), before the hide
      await new Promise<void>((r) => (next = r)); // waits for a retry
      return [hidden, ticket._reclaimed];
    });
    await t.clock.advance(0);
    // The batch is in memory again: the flush takes it (a retry has not started).
    await t.hide._flush(true);
    next();
    await expect(carried).resolves.toEqual([false, true]);
    expect(ids(t.beacons.map((b) => b.data))).toEqual(['id-0', 'id-1']);
  });

  it("counts the drain's keepalive bytes in flight against the quota", async () => {
    const t = setup({ headers: { 'x-app': '1' } }); // keepalive fetch: the flush counts bytes
    await ready(t);
    let done!: () => void;
    const carried = t.hide._carry(events(1), async (ticket) => {
      void onItsWay(ticket, 50_000); // one event over 16 KB, keepalive (under 63 KB)
      await new Promise<void>((r) => (done = r));
      answered(ticket);
      return ticket._reclaimed;
    });
    t.cache.add(event(9, 20_000)); // ~20 KB: more than the 13 KB left
    await expect(t.hide._flush(true)).resolves.toBe(0);
    expect(t.requests).toHaveLength(0);
    done();
    await expect(carried).resolves.toBeUndefined(); // on its way: never taken back
    // The quota is free again.
    await expect(t.hide._flush(true)).resolves.toBe(1);
  });

  it('restored(): stops waiting for a request that was on its way when the page was frozen', async () => {
    const t = setup();
    await ready(t);
    const carried = t.hide._carry(events(1), async (ticket) => {
      const abandoned = onItsWay(ticket, 100);
      return Promise.race([abandoned, new Promise(() => undefined)]); // the fetch never settles
    });
    t.hide._restored(); // not hidden yet: nothing to stop
    await t.hide._flush(true); // frozen with the request on its way
    t.hide._restored();
    await expect(carried).resolves.toBeUndefined();
  });
});
