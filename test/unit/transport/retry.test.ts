/**
 * The retry strategy, with the real HTTP request over a scripted fetch: backoff with jitter
 * (the waits asserted on a fake clock), Retry-After, the clock-skew and credential retries,
 * halting, offline, and what becomes of the batch each time.
 */
import { createEventCache } from '../../../src/domain/event-cache';
import { createHttpRequest } from '../../../src/transport/http-request';
import { createRetryStrategy } from '../../../src/transport/retry';
import { createSigning } from '../../../src/transport/signing';
import { fakeClock, fakeFetch, response } from '../fakes';
import { URL_, events, fakeChain, fakeSigner, plainTicket, settings } from './helpers';

const T0 = Date.UTC(2026, 0, 1, 12);

const setup = (
  answers: Parameters<typeof fakeFetch>[0],
  o: { signing?: boolean; retries?: number; random?: number; creds?: boolean } = {},
) => {
  const clock = fakeClock(T0);
  const cache = createEventCache(100);
  const { fetch, requests } = fakeFetch(answers);
  const times: number[] = [];
  const timedFetch = ((url: string, init: RequestInit) => {
    times.push(clock.now() - T0);
    return fetch(url, init);
  }) as typeof globalThis.fetch;
  const { signer, dates } = fakeSigner();
  const signing = createSigning(async () => signer, clock);
  const chain = fakeChain();
  if (o.creds === false) chain.creds = undefined;
  const refused = jest.fn();
  const noCredentials = jest.fn();
  const net = { online: true };
  const s = settings({ signing: o.signing ?? true, retries: o.retries ?? 2 });
  const deps = {
    clock,
    random: () => o.random ?? 0.5,
    onLine: () => net.online,
    credentials: chain,
    refused,
    noCredentials,
  };
  const retry = createRetryStrategy(
    cache,
    s,
    deps,
    createHttpRequest(s, { clock, fetch: timedFetch }, URL_, signing),
    signing,
  );
  const batch = events(3);
  const ticket = plainTicket(batch);
  const send = () => retry._send({ body: '{"RumEvents":[]}', bytes: 16 }, ticket);
  return {
    clock,
    cache,
    requests,
    times,
    dates,
    signing,
    chain,
    refused,
    noCredentials,
    net,
    retry,
    ticket,
    send,
  };
};

const err = (status: number, type: string, headers: Record<string, string> = {}, message = 'no') =>
  response(status, { message }, { 'x-amzn-ErrorType': type, ...headers });

describe('retry strategy', () => {
  it('delivers at the first try: true, nothing kept, nothing reported, last dispatch noted', async () => {
    const t = setup([]);
    await expect(t.send()).resolves.toBe(true);
    expect(t.requests).toHaveLength(1);
    expect(t.cache.size).toBe(0);
    expect(t.refused).not.toHaveBeenCalled();
    expect(t.retry._last).toMatchObject({
      ok: true,
      status: 200,
      events: 3,
      halted: false,
      at: T0,
    });
  });

  it('retries 5xx and 429 with exponential backoff (1 s, 2 s, times the jitter), up to `retries`', async () => {
    const t = setup([
      err(500, 'InternalServerError'),
      err(429, 'ThrottlingException'),
      response(200, {}),
    ]);
    const p = t.send();
    await t.clock.advance(999);
    expect(t.times).toEqual([0]);
    await t.clock.advance(1); // 1 s × jitter 1 (random 0.5)
    expect(t.times).toEqual([0, 1000]);
    await t.clock.advance(1999);
    expect(t.times).toHaveLength(2);
    await t.clock.advance(1); // 2 s later
    await expect(p).resolves.toBe(true);
    expect(t.times).toEqual([0, 1000, 3000]);
    expect(t.retry._failures).toBe(0);
  });

  it('draws the jitter from the injected randomness: 0.5 to 1.5 times the backoff', async () => {
    const t = setup([err(503, 'ServiceUnavailable'), err(503, 'ServiceUnavailable')], {
      random: 0,
    });
    const p = t.send();
    await t.clock.advance(10_000);
    await p;
    expect(t.times).toEqual([0, 500, 1500]);
  });

  it('after `retries` failures keeps the batch, reports once and counts a failed drain', async () => {
    const t = setup([err(500, 'X'), err(500, 'X'), err(500, 'X'), err(500, 'X')]);
    const p = t.send();
    await t.clock.advance(10_000);
    await expect(p).resolves.toBe(false);
    expect(t.requests).toHaveLength(3); // 1 + retries (2)
    expect(t.cache.size).toBe(3);
    expect(t.retry._failures).toBe(1);
    expect(t.refused).toHaveBeenCalledTimes(1);
    expect(t.refused.mock.calls[0][1]).toMatchObject({ status: 500, count: 3, halt: false });
  });

  it('a network error is retried like a 5xx', async () => {
    const t = setup([new TypeError('Failed to fetch'), response(200, {})]);
    const p = t.send();
    await t.clock.advance(1000);
    await expect(p).resolves.toBe(true);
    expect(t.times).toEqual([0, 1000]);
  });

  it('does not retry another 4xx: the batch is dropped (its content was refused) and reported', async () => {
    const t = setup([err(400, 'ValidationException')]);
    const p = t.send();
    await t.clock.advance(60_000);
    await expect(p).resolves.toBe(false);
    expect(t.requests).toHaveLength(1);
    expect(t.cache.size).toBe(0);
    expect(t.retry._failures).toBe(0);
    expect(t.retry._halted).toBeUndefined();
    expect(t.refused.mock.calls[0][0]).toMatchObject({
      status: 400,
      errorType: 'ValidationException',
    });
  });

  it('waits at least what a Retry-After says, when it is short', async () => {
    const t = setup([err(429, 'ThrottlingException', { 'retry-after': '5' }), response(200, {})]);
    const p = t.send();
    await t.clock.advance(4999);
    expect(t.requests).toHaveLength(1);
    await t.clock.advance(1);
    await expect(p).resolves.toBe(true);
    expect(t.times).toEqual([0, 5000]);
  });

  it('a long Retry-After (a date) ends the drain: the batch is kept and a pause set', async () => {
    const at = new Date(T0 + 60_000).toUTCString();
    const t = setup([err(503, 'ServiceUnavailable', { 'retry-after': at })]);
    const p = t.send();
    await t.clock.advance(0);
    await expect(p).resolves.toBe(false);
    expect(t.requests).toHaveLength(1);
    expect(t.cache.size).toBe(3);
    expect(t.retry._pauseUntil).toBe(T0 + 60_000);
    expect(t.refused).not.toHaveBeenCalled();
  });

  it('403 "Signature expired": learns the clock offset from Date, signs with it and retries at once', async () => {
    const server = T0 + 10 * 60_000; // our clock is 10 minutes slow
    const t = setup([
      err(
        403,
        'InvalidSignatureException',
        { date: new Date(server).toUTCString() },
        'Signature expired: 20260101T120000Z is now earlier than …',
      ),
      response(200, {}),
    ]);
    await expect(t.send()).resolves.toBe(true);
    expect(t.times).toEqual([0, 0]); // no backoff
    expect(t.dates.map((d) => d.getTime())).toEqual([T0, server]);
    expect(t.signing._offset).toBe(server - T0);
    expect(t.chain.invalidated).toBe(0); // the credentials were fine
  });

  it('403 while signing: forgets the credentials, fetches fresh ones and retries once, at once', async () => {
    const t = setup([err(403, 'ExpiredTokenException'), response(200, {})]);
    await expect(t.send()).resolves.toBe(true);
    expect(t.times).toEqual([0, 0]);
    expect(t.chain.invalidated).toBe(1);
    expect(t.retry._halted).toBeUndefined();
  });

  it('a second 403 in a row halts dispatching for the page, keeping the events', async () => {
    const t = setup([err(403, 'AccessDeniedException'), err(403, 'AccessDeniedException')]);
    await expect(t.send()).resolves.toBe(false);
    expect(t.requests).toHaveLength(2);
    expect(t.chain.invalidated).toBe(1);
    expect(t.retry._halted).toMatchObject({ status: 403, errorType: 'AccessDeniedException' });
    expect(t.retry._last?.halted).toBe(true);
    expect(t.cache.size).toBe(3);
    expect(t.refused.mock.calls).toHaveLength(1);
    expect(t.refused.mock.calls[0][1]).toMatchObject({ halt: true, count: 3 });
  });

  it('halts at once on a 403 without signing, and on a 404 (an unknown app monitor)', async () => {
    for (const [status, signing] of [
      [403, false],
      [404, true],
    ] as const) {
      const t = setup([err(status, 'X')], { signing });
      await expect(t.send()).resolves.toBe(false);
      expect(t.requests).toHaveLength(1);
      expect(t.retry._halted).toMatchObject({ status });
      expect(t.cache.size).toBe(3);
    }
  });

  it('without credentials: nothing sent, the batch kept, noCredentials called', async () => {
    const t = setup([], { creds: false });
    await expect(t.send()).resolves.toBe(false);
    expect(t.requests).toHaveLength(0);
    expect(t.cache.size).toBe(3);
    expect(t.noCredentials).toHaveBeenCalledTimes(1);
  });

  it('offline (a network error while onLine is false): kept, no retry counted, nothing reported', async () => {
    const t = setup([new TypeError('Failed to fetch')]);
    t.net.online = false;
    const p = t.send();
    await t.clock.advance(60_000);
    await expect(p).resolves.toBe(false);
    expect(t.requests).toHaveLength(1);
    expect(t.cache.size).toBe(3);
    expect(t.retry._failures).toBe(0);
    expect(t.refused).not.toHaveBeenCalled();
  });

  it('a batch the page-hide flush took while it waited for a retry is let go, not kept twice', async () => {
    const t = setup([err(500, 'X')]);
    const p = t.send();
    await t.clock.advance(0);
    t.ticket._reclaimed = true; // the flush has it now
    await t.clock.advance(1000);
    await expect(p).resolves.toBe(false);
    expect(t.requests).toHaveLength(1);
    expect(t.cache.size).toBe(0);
  });
});
