import { GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { PutRumEventsCommand } from '@aws-sdk/client-rum';
import { startEmulator, type Emulator } from '../../emulator';
import {
  APP_MONITORS,
  KEY,
  MONITOR_ID,
  OPEN_MONITOR_ID,
  OTHER_MONITOR_ID,
  VENDING_OPTIONS,
  batch,
  cognitoClient,
  pageView,
  post,
  rawPost,
  rumClient,
  sdkError,
  sdkInput,
  sessionStart,
  signedHeaders,
} from './helpers';

/** Control POSTs take JSON, and say so. */
const JSON_BODY = { 'content-type': 'application/json' };

// Fault injection (errors, Retry-After, delays, dropped connections, probability), the clock
// offset and delivery accounting, over real HTTP on loopback.

const OPEN_PATH = `/appmonitors/${OPEN_MONITOR_ID}/`;
const openBatch = () => batch([sessionStart(), pageView()], OPEN_MONITOR_ID);

describe('fault injection', () => {
  let emu: Emulator;
  let url: string;
  beforeEach(async () => {
    emu = await startEmulator({
      appMonitors: APP_MONITORS,
      credentials: [KEY],
      ...VENDING_OPTIONS,
    });
    url = `${emu.url}${OPEN_PATH}`;
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await emu.close();
  });

  const addFault = (fault: unknown) =>
    fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      headers: JSON_BODY,
      body: JSON.stringify(fault),
    });

  test('an error fault with retryAfter sends Retry-After, readable by a page', async () => {
    const res = await addFault({
      status: 429,
      errorType: 'ThrottlingException',
      retryAfter: 7,
      message: 'Slow down',
    });
    expect(res.status).toBe(200);

    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
      body: JSON.stringify(openBatch()),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('x-amzn-errortype')).toBe('ThrottlingException');
    expect(await response.json()).toEqual({ __type: 'ThrottlingException', message: 'Slow down' });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const exposed = (response.headers.get('access-control-expose-headers') ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase());
    expect(exposed).toEqual(expect.arrayContaining(['retry-after', 'x-amzn-errortype', 'date']));

    // One shot: the next call is answered normally, without Retry-After.
    const next = await post(url, JSON.stringify(openBatch()));
    expect(next.status).toBe(200);
    expect(next.headers.get('retry-after')).toBeNull();
  });

  test('a fault without retryAfter sends no Retry-After; Cognito faults take it too', async () => {
    emu.addFault({ status: 503, errorType: 'ServiceUnavailableException' });
    const res = await post(url, JSON.stringify(openBatch()));
    expect([res.status, res.errorType]).toEqual([503, 'ServiceUnavailableException']);
    expect(res.headers.get('retry-after')).toBeNull();

    emu.addFault({
      operation: 'GetId',
      status: 400,
      errorType: 'TooManyRequestsException',
      retryAfter: 2,
    });
    const error = (await sdkError(
      cognitoClient(emu).send(
        new GetIdCommand({ IdentityPoolId: VENDING_OPTIONS.identityPools[0].id }),
      ),
    )) as Error & { $response?: { headers: Record<string, string> } };
    expect(error.name).toBe('TooManyRequestsException');
    expect(error.$response?.headers['retry-after']).toBe('2');
  });

  test('a throttle with Retry-After reaches the official SDK, which retries and succeeds', async () => {
    emu.addFault({ status: 429, errorType: 'ThrottlingException', retryAfter: 0 });
    await rumClient(emu, { maxAttempts: 2 }).send(new PutRumEventsCommand(sdkInput()));
    expect(emu.requests().map((r) => r.status)).toEqual([429, 200]);
  });

  test('delayMs alone: the normal answer, late; the batch is stored on arrival', async () => {
    emu.addFault({ delayMs: 300 });
    const started = Date.now();
    const res = await post(url, JSON.stringify(openBatch()));
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(emu.events()).toHaveLength(2);
    expect(emu.requests()[0]).toMatchObject({ status: 200, delayMs: 300 });
    expect(emu.requests()[0].dropped).toBeUndefined();

    // The fault was used up: the next answer is immediate.
    const again = Date.now();
    await post(url, JSON.stringify(openBatch()));
    expect(Date.now() - again).toBeLessThan(250);
  });

  test('delayMs with an error: the error, late', async () => {
    emu.addFault({ status: 500, errorType: 'InternalServerException', delayMs: 200 });
    const started = Date.now();
    const res = await post(url, JSON.stringify(openBatch()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect([res.status, res.errorType]).toEqual([500, 'InternalServerException']);
    expect(emu.events()).toHaveLength(0);
  });

  test('a client that gives up during a delay has still delivered its batch', async () => {
    emu.addFault({ delayMs: 1000 });
    const body = JSON.stringify(openBatch());
    await expect(
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();
    expect(emu.events()).toHaveLength(2);
    expect(emu.stats()).toMatchObject({ requests: 1, accepted: 1, events: 2 });
  });

  test('close() does not wait for a pending delay', async () => {
    const slow = await startEmulator({ appMonitors: APP_MONITORS });
    slow.addFault({ delayMs: 60_000 });
    const pending = rawPost(`${slow.url}${OPEN_PATH}`, JSON.stringify(openBatch()));
    // Until the call is there (counted on arrival, before its fault holds the answer back).
    while (slow.stats().requests < 1) await new Promise((r) => setImmediate(r));
    const started = Date.now();
    await slow.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await pending).kind).toBe('error');
  });

  test("drop 'before': no answer, nothing stored", async () => {
    await addFault({ drop: 'before' });
    const outcome = await rawPost(url, JSON.stringify(openBatch()));
    expect(outcome.kind).toBe('error');
    expect(outcome.kind === 'error' && outcome.code).toMatch(/ECONNRESET|socket hang up/i);
    expect(emu.events()).toHaveLength(0);
    expect(emu.requests()).toEqual([
      expect.objectContaining({ operation: 'PutRumEvents', status: 0, dropped: 'before' }),
    ]);
    expect(emu.stats()).toMatchObject({ requests: 1, accepted: 0, events: 0 });

    // fetch sees a network error too, once more.
    emu.addFault({ drop: 'before' });
    await expect(post(url, JSON.stringify(openBatch()))).rejects.toThrow(/fetch failed/);
    expect(emu.events()).toHaveLength(0);

    // Then the connection works again.
    expect((await post(url, JSON.stringify(openBatch()))).status).toBe(200);
  });

  test("drop 'after': the batch is stored, the answer is lost", async () => {
    emu.addFault({ drop: 'after' });
    const body = openBatch();
    const outcome = await rawPost(url, JSON.stringify(body));
    expect(outcome.kind).toBe('error');
    expect(emu.events().map((e) => e.event.id)).toEqual(body.RumEvents.map((e) => e.id));
    expect(emu.requests()[0]).toMatchObject({ status: 200, dropped: 'after', eventCount: 2 });
    expect(emu.stats()).toMatchObject({ requests: 1, accepted: 1, events: 2, duplicates: 0 });

    // A client that retries the lost call delivers every event twice.
    expect((await post(url, JSON.stringify(body))).status).toBe(200);
    expect(emu.stats()).toMatchObject({ requests: 2, accepted: 2, events: 4, duplicates: 2 });
  });

  test("drop 'after' on a signed call the SDK makes: the SDK sees a connection error", async () => {
    emu.addFault({ drop: 'after', appMonitorId: MONITOR_ID });
    const error = await sdkError(rumClient(emu).send(new PutRumEventsCommand(sdkInput())));
    expect(error.name).not.toMatch(/Exception$/);
    expect(emu.events({ appMonitorId: MONITOR_ID })).toHaveLength(2);
  });

  test('drop and delay combine: the connection closes only after the delay', async () => {
    emu.addFault({ drop: 'before', delayMs: 200 });
    const started = Date.now();
    const outcome = await rawPost(url, JSON.stringify(openBatch()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(outcome.kind).toBe('error');
    expect(emu.requests()[0]).toMatchObject({ dropped: 'before', delayMs: 200 });
  });

  test('drop works for Cognito operations too', async () => {
    emu.addFault({ operation: 'GetId', drop: 'before' });
    const error = await sdkError(
      cognitoClient(emu).send(
        new GetIdCommand({ IdentityPoolId: VENDING_OPTIONS.identityPools[0].id }),
      ),
    );
    expect(error.name).not.toBe('ResourceNotFoundException');
    expect(emu.identities()).toHaveLength(0);
    expect(emu.requests()[0]).toMatchObject({ operation: 'GetId', status: 0, dropped: 'before' });

    emu.addFault({ operation: 'GetId', drop: 'after' });
    await sdkError(
      cognitoClient(emu).send(
        new GetIdCommand({ IdentityPoolId: VENDING_OPTIONS.identityPools[0].id }),
      ),
    );
    expect(emu.identities()).toHaveLength(1);
  });

  test('count: a fault hits that many calls, then stops', async () => {
    emu.addFault({ status: 500, errorType: 'InternalServerException', count: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await post(url, JSON.stringify(openBatch()))).status);
    expect(statuses).toEqual([500, 500, 500, 200, 200]);
  });

  test('appMonitorId limits a fault to one app monitor', async () => {
    emu.addFault({ status: 500, errorType: 'InternalServerException', appMonitorId: MONITOR_ID });
    expect((await post(url, JSON.stringify(openBatch()))).status).toBe(200);
    const error = await sdkError(rumClient(emu).send(new PutRumEventsCommand(sdkInput())));
    expect(error.name).toBe('InternalServerException');
  });

  test('probability 0 never fires, 1 always does (within count)', async () => {
    emu.addFault({ status: 500, errorType: 'InternalServerException', probability: 0, count: 5 });
    for (let i = 0; i < 5; i++) {
      expect((await post(url, JSON.stringify(openBatch()))).status).toBe(200);
    }
    const res = await fetch(`${emu.url}/_emulator/faults`);
    expect((await res.json()).faults).toEqual([
      expect.objectContaining({ probability: 0, remaining: 5 }),
    ]);

    emu.reset();
    emu.addFault({ status: 500, errorType: 'InternalServerException', probability: 1, count: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await post(url, JSON.stringify(openBatch()))).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
  });

  test('probability draws from a PRNG seeded by faultSeed: a seed gives an exact pattern', async () => {
    // mulberry32(1) draws 0.627, 0.003, 0.527, 0.981, 0.968, 0.281, …: with probability 0.5,
    // the 2nd and the 6th call are hit, and then count (2) is used up.
    const pattern = async (e: Emulator) => {
      e.addFault({
        status: 503,
        errorType: 'ServiceUnavailableException',
        probability: 0.5,
        count: 2,
      });
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await post(`${e.url}${OPEN_PATH}`, JSON.stringify(openBatch()));
        statuses.push(res.status);
      }
      return statuses;
    };
    const expected = [200, 503, 200, 200, 200, 503, 200, 200];
    const seeded = await startEmulator({ appMonitors: APP_MONITORS, faultSeed: 1 });
    try {
      expect(seeded.faultSeed).toBe(1);
      const info = await fetch(`${seeded.url}/_emulator/info`);
      expect(await info.json()).toMatchObject({ faultSeed: 1 });
      expect(await pattern(seeded)).toEqual(expected);
      // reset() starts the draws over from the seed: the same calls, the same hits.
      seeded.reset();
      expect(await pattern(seeded)).toEqual(expected);
    } finally {
      await seeded.close();
    }
    // Another seed, another pattern: mulberry32(3) draws 0.720, 0.039, 0.456.
    const other = await startEmulator({ appMonitors: APP_MONITORS, faultSeed: 3 });
    try {
      expect(await pattern(other)).toEqual([200, 503, 503, 200, 200, 200, 200, 200]);
    } finally {
      await other.close();
    }
  });

  test('without faultSeed the seed is random, and reported so the run can be replayed', async () => {
    const seeds = new Set<number>();
    for (const e of [emu, await startEmulator(), await startEmulator()]) {
      expect(Number.isInteger(e.faultSeed)).toBe(true);
      const info = await fetch(`${e.url}/_emulator/info`);
      expect(await info.json()).toMatchObject({ faultSeed: e.faultSeed });
      seeds.add(e.faultSeed);
      if (e !== emu) await e.close();
    }
    // Three draws of 2^32 seeds: equal ones would be a broken default (odds about 1e-9).
    expect(seeds.size).toBe(3);
    // The reported seed replays the run: a new emulator with it hits the same calls.
    const hits = async (e: Emulator) => {
      e.addFault({
        status: 500,
        errorType: 'InternalServerException',
        probability: 0.5,
        count: 50,
      });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++)
        statuses.push((await post(`${e.url}${OPEN_PATH}`, JSON.stringify(openBatch()))).status);
      return statuses;
    };
    const first = await hits(emu);
    const replay = await startEmulator({ appMonitors: APP_MONITORS, faultSeed: emu.faultSeed });
    try {
      expect(await hits(replay)).toEqual(first);
    } finally {
      await replay.close();
    }
  });

  test('faultSeed must be a 32-bit unsigned integer', async () => {
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN, '7']) {
      await expect(startEmulator({ faultSeed: bad as number })).rejects.toThrow(
        /"faultSeed" must be a whole number from 0 to 4294967295/,
      );
    }
    const max = await startEmulator({ faultSeed: 2 ** 32 - 1 });
    expect(max.faultSeed).toBe(2 ** 32 - 1);
    await max.close();
  });

  test('a spared call falls through to the next matching fault', async () => {
    // mulberry32(1) first draws 0.627: a probability of 0.5 spares the call.
    const seeded = await startEmulator({ appMonitors: APP_MONITORS, faultSeed: 1 });
    try {
      seeded.addFault({ status: 503, errorType: 'ServiceUnavailableException', probability: 0.5 });
      seeded.addFault({ status: 429, errorType: 'ThrottlingException' });
      const res = await post(`${seeded.url}${OPEN_PATH}`, JSON.stringify(openBatch()));
      expect(res.errorType).toBe('ThrottlingException');
      // The spared fault is still pending, whole.
      const pending = await (await fetch(`${seeded.url}/_emulator/faults`)).json();
      expect(pending.faults).toEqual([
        expect.objectContaining({ errorType: 'ServiceUnavailableException', remaining: 1 }),
      ]);
    } finally {
      await seeded.close();
    }
  });

  test('probability with real randomness: about that share fails, never more than count', async () => {
    emu.addFault({
      status: 500,
      errorType: 'InternalServerException',
      probability: 0.5,
      count: 1000,
    });
    let failed = 0;
    for (let i = 0; i < 200; i++) {
      if ((await post(url, JSON.stringify(openBatch()))).status === 500) failed += 1;
    }
    expect(failed).toBeGreaterThan(50);
    expect(failed).toBeLessThan(150);

    emu.reset();
    emu.addFault({ status: 500, errorType: 'InternalServerException', probability: 0.5, count: 5 });
    failed = 0;
    for (let i = 0; i < 100; i++) {
      if ((await post(url, JSON.stringify(openBatch()))).status === 500) failed += 1;
    }
    expect(failed).toBe(5);
  });

  test('POST /_emulator/faults explains what is wrong with a fault', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /needs something to do/],
      [[1], /JSON object/],
      [{ status: 'x' }, /"status" must be a whole number/],
      [{ status: 503 }, /needs a string "errorType"/],
      [{ errorType: 'ThrottlingException' }, /"errorType" needs a numeric "status"/],
      [{ status: 0, errorType: 'X' }, /"errorType" needs a numeric "status"/],
      [{ drop: 'during' }, /"drop" must be "before"/],
      [{ drop: 'after', status: 500, errorType: 'X' }, /leave "status" and "errorType" out/],
      [{ delayMs: -1 }, /"delayMs" must be/],
      [{ delayMs: 'soon' }, /"delayMs" must be/],
      [{ delayMs: 100, retryAfter: 3 }, /"retryAfter" goes on an error answer/],
      [{ status: 429, errorType: 'T', retryAfter: -2 }, /"retryAfter" must be/],
      [
        { status: 429, errorType: 'T', probability: 1.5 },
        /"probability" must be a number from 0 to 1/,
      ],
      [{ status: 429, errorType: 'T', count: 1.5 }, /"count" must be a whole number/],
      [{ status: 429, errorType: 'T', appMonitorId: 7 }, /"appMonitorId" must be a string/],
    ];
    for (const [fault, message] of cases) {
      const res = await addFault(fault);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(message);
    }
    const bad = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      headers: JSON_BODY,
      body: 'not json',
    });
    expect(bad.status).toBe(400);

    // Accepted: the old shape, a pure delay, a drop, status 0 with a delay.
    for (const fault of [
      { status: 503, errorType: 'ServiceUnavailableException', count: 2 },
      { delayMs: 10 },
      { drop: 'after' },
      { status: 0, delayMs: 10 },
    ]) {
      expect((await addFault(fault)).status).toBe(200);
    }
    const { faults } = await (await fetch(`${emu.url}/_emulator/faults`)).json();
    expect(faults).toHaveLength(4);
  });

  test('addFault() throws a TypeError for a fault that makes no sense', () => {
    expect(() => emu.addFault({ status: 503 } as never)).toThrow(TypeError);
    expect(() => emu.addFault({ drop: 'later' } as never)).toThrow(/"drop" must be/);
    expect(() => emu.addFault({ probability: 0.5 })).toThrow(/needs something to do/);
  });

  test('the console line says when a fault delayed or dropped a call', async () => {
    const lines: string[] = [];
    const logged = await startEmulator({ appMonitors: APP_MONITORS, log: (l) => lines.push(l) });
    try {
      logged.addFault({ drop: 'before', delayMs: 20 });
      await rawPost(`${logged.url}${OPEN_PATH}`, JSON.stringify(openBatch()));
      expect(lines[0]).toMatch(/^PutRumEvents 0 app=\S+ unsigned delayed=20ms dropped-before/);
    } finally {
      await logged.close();
    }
  });
});

describe('clock offset', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({
      appMonitors: APP_MONITORS,
      credentials: [
        KEY,
        {
          ...KEY,
          accessKeyId: 'ASIASHORT',
          sessionToken: 't',
          expiration: Date.now() + 5 * 60_000,
        },
      ],
    });
  });
  afterEach(() => emu.close());

  const signedPost = async (
    options: { credentials?: typeof KEY & { sessionToken?: string } } = {},
  ) => {
    const body = JSON.stringify(batch());
    const { url, headers } = await signedHeaders(emu, {
      body,
      headers: { 'content-type': 'application/json' },
      credentials: options.credentials,
    });
    return post(url, body, headers);
  };

  test('+10 min: a request signed with the real time is "Signature expired"; 0 accepts it again', async () => {
    emu.setClockOffset(10 * 60_000);
    let res = await signedPost();
    expect(res.status).toBe(403);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than/,
    );
    // The Date header tells the client the emulator's (shifted) time.
    const serverDate = Date.parse(res.headers.get('date') ?? '');
    expect(Math.abs(serverDate - (Date.now() + 10 * 60_000))).toBeLessThan(5000);

    emu.setClockOffset(0);
    res = await signedPost();
    expect(res.status).toBe(200);
  });

  test('POST /_emulator/clock sets the offset; GET reads it; reset keeps it', async () => {
    const res = await fetch(`${emu.url}/_emulator/clock`, {
      method: 'POST',
      headers: JSON_BODY,
      body: JSON.stringify({ offsetMs: 10 * 60_000 }),
    });
    expect(res.status).toBe(200);
    const set = await res.json();
    expect(set).toMatchObject({ ok: true, offsetMs: 600_000 });
    expect(Math.abs(set.now - (Date.now() + 600_000))).toBeLessThan(5000);

    expect((await signedPost()).errorType).toBe('InvalidSignatureException');

    await fetch(`${emu.url}/_emulator/reset`, { method: 'POST', headers: JSON_BODY });
    expect((await (await fetch(`${emu.url}/_emulator/clock`)).json()).offsetMs).toBe(600_000);
    expect((await signedPost()).errorType).toBe('InvalidSignatureException');

    await fetch(`${emu.url}/_emulator/clock`, {
      method: 'POST',
      headers: JSON_BODY,
      body: '{"offsetMs":0}',
    });
    expect((await signedPost()).status).toBe(200);
  });

  test('a negative offset puts the clock back: a request "from the future"', async () => {
    emu.setClockOffset(-10 * 60_000);
    const res = await signedPost();
    expect(String(res.json.message)).toMatch(/Signature not yet current/);
  });

  test('credential expiry follows the shifted clock', async () => {
    const short = { ...KEY, accessKeyId: 'ASIASHORT', sessionToken: 't' };
    expect((await signedPost({ credentials: short })).status).toBe(200);
    emu.setClockOffset(10 * 60_000);
    const res = await signedPost({ credentials: short });
    expect([res.status, res.errorType]).toEqual([403, 'ExpiredTokenException']);
  });

  test('stored events and requests carry the shifted time', async () => {
    emu.setClockOffset(-60_000);
    expect((await signedPost()).status).toBe(200);
    const { receivedAt } = emu.events()[0];
    expect(Math.abs(receivedAt - (Date.now() - 60_000))).toBeLessThan(5000);
    expect(emu.requests()[0].at).toBe(receivedAt);
  });

  test('a bad offset is refused', async () => {
    for (const body of ['{}', '{"offsetMs":"5"}', 'nope', '{"offsetMs":null}']) {
      const res = await fetch(`${emu.url}/_emulator/clock`, {
        method: 'POST',
        headers: JSON_BODY,
        body,
      });
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(/"offsetMs"/);
    }
    expect(() => emu.setClockOffset(Number.NaN)).toThrow(TypeError);
    expect(() => emu.setClockOffset(Infinity)).toThrow(TypeError);
  });

  test('the offset adds to a custom now()', async () => {
    const fixed = Date.UTC(2030, 0, 1);
    const custom = await startEmulator({ now: () => fixed });
    try {
      custom.setClockOffset(1000);
      const clock = await (await fetch(`${custom.url}/_emulator/clock`)).json();
      expect(clock).toEqual({ offsetMs: 1000, now: fixed + 1000 });
    } finally {
      await custom.close();
    }
  });
});

describe('delivery stats', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ appMonitors: APP_MONITORS, credentials: [KEY] });
  });
  afterEach(() => emu.close());

  const stats = async (appMonitorId?: string) => {
    const query = appMonitorId ? `?appMonitorId=${appMonitorId}` : '';
    const res = await fetch(`${emu.url}/_emulator/stats${query}`);
    expect(res.status).toBe(200);
    return res.json();
  };

  test('starts at zero', async () => {
    const empty = {
      requests: 0,
      accepted: 0,
      events: 0,
      unique: 0,
      duplicates: 0,
      duplicateIds: [],
    };
    expect(await stats()).toEqual(empty);
    expect(emu.stats()).toEqual(empty);
  });

  test('the same batch sent twice: duplicates equal its size, and both copies are stored', async () => {
    const body = JSON.stringify(openBatch());
    expect((await post(`${emu.url}${OPEN_PATH}`, body)).status).toBe(200);
    expect((await post(`${emu.url}${OPEN_PATH}`, body)).status).toBe(200);
    const ids = (JSON.parse(body) as ReturnType<typeof batch>).RumEvents.map((e) => e.id);

    const expected = {
      requests: 2,
      accepted: 2,
      events: 4,
      unique: 2,
      duplicates: 2,
      duplicateIds: ids,
    };
    expect(await stats(OPEN_MONITOR_ID)).toEqual(expected);
    expect(emu.stats({ appMonitorId: OPEN_MONITOR_ID.toUpperCase() })).toEqual(expected);
    expect(emu.stats()).toEqual(expected);
    expect(emu.events()).toHaveLength(4);
    expect(await stats(OTHER_MONITOR_ID)).toMatchObject({ requests: 0, events: 0 });
  });

  test('refused calls count as requests only; accepted batches by app monitor', async () => {
    // Unsigned to a monitor that needs signatures: refused.
    await post(`${emu.url}/appmonitors/${MONITOR_ID}/`, JSON.stringify(batch()));
    // An injected fault: refused.
    emu.addFault({ status: 500, errorType: 'InternalServerException' });
    await post(`${emu.url}${OPEN_PATH}`, JSON.stringify(openBatch()));
    // Accepted: one signed batch of 3, one unsigned of 2.
    await rumClient(emu).send(
      new PutRumEventsCommand(sdkInput([sessionStart(), pageView(), pageView()])),
    );
    await post(`${emu.url}${OPEN_PATH}`, JSON.stringify(openBatch()));

    expect(emu.stats()).toEqual({
      requests: 4,
      accepted: 2,
      events: 5,
      unique: 5,
      duplicates: 0,
      duplicateIds: [],
    });
    expect(emu.stats({ appMonitorId: MONITOR_ID })).toMatchObject({
      requests: 2,
      accepted: 1,
      events: 3,
    });
    expect(await stats(OPEN_MONITOR_ID)).toMatchObject({ requests: 2, accepted: 1, events: 2 });
  });

  test('an event id repeated in a later batch counts once per repeat; the list holds it once', async () => {
    const first = openBatch();
    const repeated = first.RumEvents[0];
    await post(`${emu.url}${OPEN_PATH}`, JSON.stringify(first));
    for (let i = 0; i < 3; i++) {
      await post(`${emu.url}${OPEN_PATH}`, JSON.stringify(batch([repeated], OPEN_MONITOR_ID)));
    }
    expect(emu.stats()).toMatchObject({
      events: 5,
      unique: 2,
      duplicates: 3,
      duplicateIds: [repeated.id],
    });
  });

  test('duplicateIds lists at most 50', async () => {
    const events = Array.from({ length: 60 }, () => pageView());
    const body = JSON.stringify(batch(events, OPEN_MONITOR_ID));
    await post(`${emu.url}${OPEN_PATH}`, body);
    await post(`${emu.url}${OPEN_PATH}`, body);
    const result = emu.stats();
    expect(result.duplicates).toBe(60);
    expect(result.duplicateIds).toEqual(events.slice(0, 50).map((e) => e.id));
  });

  test('reset clears the stats', async () => {
    const body = JSON.stringify(openBatch());
    await post(`${emu.url}${OPEN_PATH}`, body);
    await post(`${emu.url}${OPEN_PATH}`, body);
    await fetch(`${emu.url}/_emulator/reset`, { method: 'POST', headers: JSON_BODY });
    expect(await stats()).toEqual({
      requests: 0,
      accepted: 0,
      events: 0,
      unique: 0,
      duplicates: 0,
      duplicateIds: [],
    });
    // And an id seen before the reset is new again.
    await post(`${emu.url}${OPEN_PATH}`, body);
    expect(emu.stats()).toMatchObject({ events: 2, unique: 2, duplicates: 0 });
  });

  test('Cognito and STS calls are not PutRumEvents requests', async () => {
    const vending = await startEmulator({ appMonitors: APP_MONITORS, ...VENDING_OPTIONS });
    try {
      await cognitoClient(vending).send(
        new GetIdCommand({ IdentityPoolId: VENDING_OPTIONS.identityPools[0].id }),
      );
      expect(vending.stats().requests).toBe(0);
    } finally {
      await vending.close();
    }
  });
});
