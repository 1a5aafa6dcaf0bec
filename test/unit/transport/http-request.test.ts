/** One PutRumEvents attempt: the request as it goes (headers, signature, keepalive) and its answer read. */
import { createHttpRequest, readAnswer } from '../../../src/transport/http-request';
import { createSigning } from '../../../src/transport/signing';
import { presign, sign } from '../../../src/transport/sigv4';
import { fakeClock, fakeFetch, response } from '../fakes';
import { CREDS, URL_, events, fakeSigner, installSubtle, plainTicket, settings } from './helpers';

const T0 = Date.UTC(2026, 0, 1, 12);
const payload = { body: '{"RumEvents":[]}', bytes: 16 };

const setup = (
  answers: Parameters<typeof fakeFetch>[0] = [],
  o: { headers?: Record<string, string>; signer?: 'fails' } = {},
) => {
  const clock = fakeClock(T0);
  const { fetch, requests } = fakeFetch(answers);
  const { signer, dates } = fakeSigner();
  const signing = createSigning(
    o.signer === 'fails' ? () => Promise.reject(new Error('blocked by CSP')) : async () => signer,
    clock,
  );
  const request = createHttpRequest(
    settings({ headers: o.headers ?? {} }),
    { clock, fetch },
    URL_,
    signing,
  );
  return { clock, requests, dates, signing, request, ticket: plainTicket(events(1)) };
};

describe('http request', () => {
  it('POSTs the body, keepalive as the ticket allows, without cookies, signed with the credentials', async () => {
    const t = setup([], { headers: { 'x-app': '1' } });
    await expect(t.request(payload, CREDS, t.ticket)).resolves.toEqual({ ok: true, status: 200 });
    const [r] = t.requests;
    expect(r.url).toBe(URL_.href);
    expect(r.init).toMatchObject({
      method: 'POST',
      body: payload.body,
      keepalive: true,
      credentials: 'omit',
    });
    expect(r.init.headers).toEqual({
      'content-type': 'application/json',
      'x-app': '1',
      authorization: 'AWS4-HMAC-SHA256 test',
    });
    expect(t.dates.map((d) => d.getTime())).toEqual([T0]);
    // Answered: the batch is in memory again (a hide may take it back before a retry).
    expect(t.ticket).toMatchObject({ _safe: false, _held: 0 });
  });

  it('signs with WebCrypto on a secure page: the signature our own SHA-256 gives, off the main thread', async () => {
    const clock = fakeClock(T0);
    const { fetch, requests } = fakeFetch();
    const request = createHttpRequest(
      settings(),
      { clock, fetch },
      URL_,
      createSigning(async () => ({ sign, presign }), clock),
    );
    const unsigned = { url: URL_, headers: { 'content-type': 'application/json' }, ...payload };
    const expected = await sign(unsigned, CREDS, 'us-west-2', new Date(T0));
    const { subtle, undo } = installSubtle();
    try {
      await expect(request(payload, CREDS, plainTicket(events(1)))).resolves.toMatchObject({
        ok: true,
      });
      expect(subtle.digest).toHaveBeenCalledTimes(2);
      expect(subtle.sign).toHaveBeenCalled();
    } finally {
      undo();
    }
    expect(requests[0].init.headers).toEqual(expected);
  });

  it('on its way, the ticket is safe and holds its keepalive bytes; over 63 KB, no keepalive, nothing held', async () => {
    for (const [bytes, keepalive] of [
      [16, true],
      [63_000, true],
      [63_001, false],
    ] as const) {
      const seen: unknown[] = [];
      const clock = fakeClock(T0);
      const ticket = plainTicket(events(1));
      const fetch = jest.fn(async (_u: string, init: RequestInit) => {
        seen.push({ safe: ticket._safe, held: ticket._held, keepalive: init.keepalive });
        return response(200, {});
      });
      const request = createHttpRequest(
        settings(),
        { clock, fetch: fetch as never },
        URL_,
        createSigning(async () => fakeSigner().signer, clock),
      );
      await request({ ...payload, bytes }, undefined, ticket);
      expect(seen).toEqual([{ safe: true, held: keepalive ? bytes : undefined, keepalive }]);
    }
  });

  it('unsigned without credentials; a gzipped body says so', async () => {
    const t = setup();
    await t.request({ body: new Uint8Array([31, 139]), bytes: 2 }, undefined, t.ticket);
    expect(t.requests[0].init.headers).toEqual({
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(t.dates).toHaveLength(0);
  });

  it('signs with the learnt clock offset', async () => {
    const t = setup();
    t.signing._offset = 600_000;
    await t.request(payload, CREDS, t.ticket);
    expect(t.dates[0].getTime()).toBe(T0 + 600_000);
  });

  it('a signer that cannot load: worth retrying, nothing sent; the next attempt loads it again', async () => {
    let loads = 0;
    const clock = fakeClock(T0);
    const { fetch, requests } = fakeFetch();
    const { signer } = fakeSigner();
    const signing = createSigning(
      () => (loads++ ? Promise.resolve(signer) : Promise.reject(new Error('offline'))),
      clock,
    );
    const request = createHttpRequest(settings(), { clock, fetch }, URL_, signing);
    const ticket = plainTicket(events(1));
    await expect(request(payload, CREDS, ticket)).resolves.toMatchObject({
      ok: false,
      retry: true,
      message: 'the signer could not be loaded: Error: offline',
    });
    expect(requests).toHaveLength(0);
    await expect(request(payload, CREDS, ticket)).resolves.toMatchObject({ ok: true });
    expect(loads).toBe(2);
  });

  it('a batch the page-hide flush took while it was signed is not sent', async () => {
    const t = setup();
    t.ticket._reclaimed = true;
    await expect(t.request(payload, CREDS, t.ticket)).resolves.toEqual({
      ok: false,
    });
    expect(t.requests).toHaveLength(0);
    expect(t.ticket._safe).toBeUndefined();
  });

  it('a network error: worth retrying, unless the page hid meanwhile (an unload: not sent again)', async () => {
    const t = setup([new TypeError('Failed to fetch')]);
    await expect(t.request(payload, CREDS, t.ticket)).resolves.toEqual({
      ok: false,
      retry: true,
      message: 'TypeError: Failed to fetch',
    });
    const h = setup([new TypeError('Failed to fetch')]);
    const hidden = plainTicket(events(1), { hidden: true });
    await expect(h.request(payload, CREDS, hidden)).resolves.toEqual({ ok: true, status: 0 });
    expect(hidden._hidden).toBe(false);
  });

  it('stops waiting for an answer when the ticket is abandoned (back from the back-forward cache)', async () => {
    const clock = fakeClock(T0);
    const fetch = jest.fn(() => new Promise<Response>(() => undefined)); // never settles
    const { signer } = fakeSigner();
    const request = createHttpRequest(
      settings(),
      { clock, fetch: fetch as never },
      URL_,
      createSigning(async () => signer, clock),
    );
    const ticket = plainTicket(events(1));
    const p = request(payload, CREDS, ticket);
    await clock.advance(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(ticket._safe).toBe(true);
    ticket._abandon!();
    await expect(p).resolves.toEqual({ ok: true, status: 0 });
  });
});

describe('readAnswer', () => {
  const now = T0;
  it('a success is its status', async () => {
    await expect(readAnswer(response(202, {}), now)).resolves.toEqual({ ok: true, status: 202 });
  });

  it('the error type from the header, namespace cut off (errorTypeName), the message from the body', async () => {
    const o = await readAnswer(
      response(
        400,
        { Message: 'bad event' },
        { 'x-amzn-ErrorType': 'ValidationException:http://internal.amazon.com/' },
      ),
      now,
    );
    expect(o).toEqual({
      ok: false,
      status: 400,
      errorType: 'ValidationException',
      message: 'bad event',
    });
    const b = await readAnswer(
      response(403, { __type: 'com.amazon#AccessDeniedException', message: 'no' }),
      now,
    );
    expect(b).toMatchObject({ errorType: 'AccessDeniedException', message: 'no' });
    // A body that is not JSON: no type, no message.
    await expect(readAnswer(response(502, '<html>'), now)).resolves.toEqual({
      ok: false,
      status: 502,
      errorType: undefined,
      message: undefined,
      retry: true,
    });
  });

  it('429 and 5xx are worth retrying; other 4xx are not', async () => {
    for (const [status, retry] of [
      [429, true],
      [500, true],
      [503, true],
      [400, undefined],
      [403, undefined],
      [404, undefined],
    ] as const)
      expect((await readAnswer(response(status, {}), now)).retry).toBe(retry);
  });

  it('Retry-After in seconds, or as an HTTP date, in ms, at most 5 minutes; one in the past is none', async () => {
    const wait = async (v: string) =>
      (await readAnswer(response(503, {}, { 'retry-after': v }), now)).wait;
    expect(await wait('30')).toBe(30_000);
    expect(await wait(new Date(now + 90_000).toUTCString())).toBe(90_000);
    expect(await wait('3600')).toBe(300_000);
    expect(await wait(new Date(now - 5_000).toUTCString())).toBeUndefined();
    expect(await wait('soon')).toBeUndefined();
  });

  it('a signature the service found expired: its Date tells how far our clock is off', async () => {
    const date = new Date(now + 10 * 60_000).toUTCString();
    const expired = (message: string, headers: Record<string, string> = { date }) =>
      readAnswer(
        response(403, { message }, { 'x-amzn-ErrorType': 'InvalidSignatureException', ...headers }),
        now,
      );
    expect(
      await expired('Signature expired: 20260101T120000Z is now earlier than 20260101T120500Z'),
    ).toMatchObject({
      skew: 600_000,
      retry: true,
    });
    // Another signature problem, or no Date: nothing to learn.
    expect(
      (await expired('The request signature we calculated does not match')).skew,
    ).toBeUndefined();
    expect((await expired('Signature expired', {})).skew).toBeUndefined();
  });
});
