// The signing proxy against the emulator as its upstream, which verifies the proxy's SigV4
// signatures for real: the proxy signs with static keys it reads, as the AWS SDK's default
// chain does, from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { startEmulator, type Emulator } from '../../emulator';
import { startProxy, type Proxy, type ProxyOptions } from '../../proxy';
import { handler, handleWith, resetLambda } from '../../proxy/lambda';
import { metrics as metricsAt } from './load';
import {
  batch,
  pageView,
  sessionStart,
  wireEvent,
  MONITOR_ID,
  OTHER_MONITOR_ID,
  REGION,
} from '../emulator/helpers';

const PROXY_KEY = { accessKeyId: 'AKIDPROXY00000000001', secretAccessKey: 'proxy-secret' };
const SITE = 'https://shop.example.com';

process.env.AWS_ACCESS_KEY_ID = PROXY_KEY.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = PROXY_KEY.secretAccessKey;
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;

let emu: Emulator;
const proxies: Proxy[] = [];

beforeAll(async () => {
  emu = await startEmulator({
    appMonitors: [
      { id: MONITOR_ID, region: REGION },
      { id: OTHER_MONITOR_ID, region: REGION },
    ],
    credentials: [PROXY_KEY],
  });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

const start = async (o: Partial<ProxyOptions> = {}): Promise<Proxy> => {
  const proxy = await startProxy({
    upstream: emu.url,
    region: REGION,
    appMonitors: [MONITOR_ID],
    allowOrigins: [SITE],
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    ...o,
  });
  proxies.push(proxy);
  return proxy;
};

const putUrl = (proxy: Proxy, id = MONITOR_ID) => `${proxy.url}/appmonitors/${id}/`;

const send = (
  proxy: Proxy,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
  id = MONITOR_ID,
) =>
  fetch(putUrl(proxy, id), {
    method: 'POST',
    headers: { origin: SITE, 'content-type': 'application/json', ...headers },
    body: body as BodyInit,
  });

/** The counters /metrics reports, by series (`name{labels}` → value). */
const metrics = (proxy: Proxy) => metricsAt(proxy.url);

const expectError = async (res: Response, status: number, type: string) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('x-amzn-errortype')).toBe(type);
  const body = (await res.json()) as { __type: string; message: string };
  expect(body.__type).toBe(type);
  return body.message;
};

describe('forwarding', () => {
  test('an unsigned batch arrives signed with the server-side key, readable by the page', async () => {
    const proxy = await start();
    const b = batch();
    const res = await send(proxy, JSON.stringify(b));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/x-amzn-ErrorType/);
    const stored = emu.events();
    expect(stored.map((e) => e.event.id)).toEqual(b.RumEvents.map((e) => e.id));
    expect(stored.every((e) => e.signed && e.accessKeyId === PROXY_KEY.accessKeyId)).toBe(true);
  });

  test('a gzip body is forwarded compressed, as sent; a beacon (text/plain) is taken', async () => {
    const proxy = await start();
    const zipped = batch();
    expect(
      (await send(proxy, gzipSync(JSON.stringify(zipped)), { 'content-encoding': 'gzip' })).status,
    ).toBe(200);
    const beacon = batch();
    expect(
      (await send(proxy, JSON.stringify(beacon), { 'content-type': 'text/plain;charset=UTF-8' }))
        .status,
    ).toBe(200);
    const byBatch = (id: string) => emu.events().filter((e) => e.batchId === id);
    expect(byBatch(zipped.BatchId)[0].contentEncoding).toBe('gzip');
    expect(byBatch(beacon.BatchId)).toHaveLength(2);
    expect(byBatch(beacon.BatchId)[0].contentType).toBe('application/json');
  });

  test('a preflight from an allowed origin is granted, with the headers the page asks for', async () => {
    const proxy = await start();
    const res = await fetch(putUrl(proxy), {
      method: 'OPTIONS',
      headers: {
        origin: SITE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,content-encoding,x-app',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'content-type,content-encoding,x-app',
    );
    expect((await metrics(proxy)).cwr_proxy_preflights_total).toBe(1);
  });

  test('a proxy behind a path prefix and an app monitor id in any case are served', async () => {
    const proxy = await start();
    const b = batch();
    const res = await fetch(`${proxy.url}/rum/appmonitors/${MONITOR_ID.toUpperCase()}`, {
      method: 'POST',
      headers: { origin: SITE, 'content-type': 'application/json' },
      body: JSON.stringify({
        ...b,
        AppMonitorDetails: { id: MONITOR_ID.toUpperCase(), version: '1' },
      }),
    });
    expect(res.status).toBe(200);
    expect(emu.events()).toHaveLength(2);
  });

  test('/healthz says ok; /metrics counts requests, events and upstream latency', async () => {
    const proxy = await start();
    expect(await (await fetch(`${proxy.url}/healthz`)).json()).toEqual({ status: 'ok' });
    await send(proxy, JSON.stringify(batch()));
    const m = await metrics(proxy);
    expect(m['cwr_proxy_requests_total{outcome="forwarded"}']).toBe(1);
    expect(m.cwr_proxy_events_total).toBe(2);
    expect(m['cwr_proxy_upstream_requests_total{status="2xx"}']).toBe(1);
    expect(m.cwr_proxy_upstream_latency_seconds_count).toBe(1);
    expect(m.process_resident_memory_bytes).toBeGreaterThan(0);
  });
});

describe('refusals: the status and type the service would give, counted in /metrics', () => {
  test('a page of another origin, and a caller with no Origin, are refused before any read', async () => {
    const proxy = await start();
    const other = await send(proxy, JSON.stringify(batch()), { origin: 'https://evil.example' });
    expect(await expectError(other, 403, 'AccessDeniedException')).toMatch(
      /evil\.example.*allowOrigins/,
    );
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const none = await fetch(putUrl(proxy), { method: 'POST', body: JSON.stringify(batch()) });
    await expectError(none, 403, 'AccessDeniedException');
    const preflight = await fetch(putUrl(proxy), {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect((await metrics(proxy))['cwr_proxy_refusals_total{reason="origin"}']).toBe(3);
    expect(emu.stats().requests).toBe(0);
  });

  test('an app monitor the proxy does not serve is ResourceNotFoundException', async () => {
    const proxy = await start();
    const res = await send(
      proxy,
      JSON.stringify(batch(undefined, OTHER_MONITOR_ID)),
      {},
      OTHER_MONITOR_ID,
    );
    expect(await expectError(res, 404, 'ResourceNotFoundException')).toMatch(MONITOR_ID);
    expect((await metrics(proxy))['cwr_proxy_refusals_total{reason="app_monitor"}']).toBe(1);
    expect(emu.stats().requests).toBe(0);
  });

  test('an invalid event, bad JSON and a mismatched id are ValidationException, never forwarded', async () => {
    const proxy = await start();
    const badEvent = batch([wireEvent('com.amazon.rum.page_view_event', { version: '1.0.0' })]);
    expect(
      await expectError(await send(proxy, JSON.stringify(badEvent)), 400, 'ValidationException'),
    ).toMatch(/RumEvents\[0\]/);
    await expectError(await send(proxy, '{"BatchId":'), 400, 'ValidationException');
    await expectError(
      await send(proxy, JSON.stringify(batch(undefined, OTHER_MONITOR_ID))),
      400,
      'ValidationException',
    );
    await expectError(
      await send(proxy, gzipSync('x'), { 'content-encoding': 'br' }),
      400,
      'ValidationException',
    );
    const m = await metrics(proxy);
    expect(m['cwr_proxy_refusals_total{reason="invalid"}']).toBe(3);
    expect(m['cwr_proxy_refusals_total{reason="content_type"}']).toBe(1);
    expect(emu.stats().requests).toBe(0);
  });

  test('an oversize body, sent as is or inflating past the limit, is RequestEntityTooLargeException', async () => {
    const proxy = await start({ maxBodyBytes: 64 * 1024 });
    const big = JSON.stringify(batch([wireEvent('app.big', { text: 'x'.repeat(70 * 1024) })]));
    await expectError(await send(proxy, big), 413, 'RequestEntityTooLargeException');
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expectError(
      await send(proxy, bomb, { 'content-encoding': 'gzip' }),
      413,
      'RequestEntityTooLargeException',
    );
    expect((await metrics(proxy))['cwr_proxy_refusals_total{reason="too_large"}']).toBe(2);
    expect(emu.stats().requests).toBe(0);
  });

  test('a flood from one session is ThrottlingException with Retry-After; other sessions go on', async () => {
    const proxy = await start({ rateSession: { perSecond: 0.1, burst: 3 } });
    const session = randomUUID();
    const ofSession = () => {
      const b = batch();
      return JSON.stringify({ ...b, UserDetails: { ...b.UserDetails, sessionId: session } });
    };
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await send(proxy, ofSession())).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await send(proxy, ofSession());
    expect(await expectError(refused, 429, 'ThrottlingException')).toMatch(/session/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await send(proxy, JSON.stringify(batch()))).status).toBe(200);
    expect((await metrics(proxy))['cwr_proxy_refusals_total{reason="rate_session"}']).toBe(3);
    expect(emu.stats().accepted).toBe(4);
  });

  test('a flood from one address is refused; behind a trusted balancer, X-Forwarded-For says who', async () => {
    const proxy = await start({ rateAddress: { perSecond: 0.1, burst: 2 }, trustProxy: 1 });
    const from = (address: string) =>
      send(proxy, JSON.stringify(batch()), { 'x-forwarded-for': `10.9.9.9, ${address}` });
    expect((await from('203.0.113.7')).status).toBe(200);
    expect((await from('203.0.113.7')).status).toBe(200);
    await expectError(await from('203.0.113.7'), 429, 'ThrottlingException');
    // Another address of the same IPv6 /64 is the same client; another /64 is not.
    expect((await from('2001:db8:1:2::1')).status).toBe(200);
    expect((await from('2001:db8:1:2:ffff::9')).status).toBe(200);
    expect((await from('2001:db8:1:2:0:0:0:5')).status).toBe(429);
    expect((await from('2001:db8:1:3::1')).status).toBe(200);
    expect((await metrics(proxy))['cwr_proxy_refusals_total{reason="rate_address"}']).toBe(2);
  });

  test('the rate tables never hold more keys than rateKeys, whatever a flood of sessions does', async () => {
    const proxy = await start({ rateKeys: 50 });
    await Promise.all(Array.from({ length: 200 }, () => send(proxy, JSON.stringify(batch()))));
    const m = await metrics(proxy);
    // One address plus at most 50 sessions.
    expect(m.cwr_proxy_rate_keys).toBe(51);
    expect(m['cwr_proxy_requests_total{outcome="forwarded"}']).toBe(200);
  });

  test('past the memory budget for bodies, new requests are ServiceUnavailableException', async () => {
    const proxy = await start({ maxBufferedBytes: 1000 });
    emu.addFault({ delayMs: 300, count: 1 });
    const body = JSON.stringify(batch());
    expect(body.length).toBeGreaterThan(500);
    const first = send(proxy, body);
    // The first request holds its body until its (late) answer; the second would pass 1000 B.
    await waitFor(() => proxy.core.buffered > 0);
    const second = await send(proxy, body);
    expect(await expectError(second, 503, 'ServiceUnavailableException')).toMatch(/memory/);
    expect(second.headers.get('retry-after')).toBe('1');
    expect((await first).status).toBe(200);
    expect(proxy.core.buffered).toBe(0);
  });
});

describe('the upstream', () => {
  test('5xx and throttling answers are tried again with backoff, and the batch stored once', async () => {
    const proxy = await start();
    emu.addFault({ status: 500, errorType: 'InternalServerException', count: 1 });
    emu.addFault({ status: 429, errorType: 'ThrottlingException', retryAfter: 1, count: 1 });
    const b = batch();
    const res = await send(proxy, JSON.stringify(b));
    expect(res.status).toBe(200);
    const stats = emu.stats();
    expect(stats.requests).toBe(3);
    expect(stats.events).toBe(2);
    expect(stats.duplicates).toBe(0);
    expect((await metrics(proxy)).cwr_proxy_upstream_retries_total).toBe(2);
  });

  test('when every try fails, the browser gets the service error as it came', async () => {
    const proxy = await start({ maxAttempts: 2 });
    emu.addFault({
      status: 503,
      errorType: 'ServiceUnavailableException',
      count: 2,
      message: 'busy',
    });
    const res = await send(proxy, JSON.stringify(batch()));
    expect(await expectError(res, 503, 'ServiceUnavailableException')).toBe('busy');
    expect(emu.stats().requests).toBe(2);
    expect((await metrics(proxy))['cwr_proxy_requests_total{outcome="upstream_failed"}']).toBe(1);
  });

  test('a lost answer is not sent again by the proxy (it may be stored): 502 to the browser', async () => {
    const proxy = await start();
    emu.addFault({ drop: 'after', count: 1 });
    const res = await send(proxy, JSON.stringify(batch()));
    await expectError(res, 502, 'InternalServerException');
    const stats = emu.stats();
    expect(stats.requests).toBe(1);
    expect(stats.accepted).toBe(1);
    expect(stats.duplicates).toBe(0);
  });

  test("the service's refusal of the proxy's own credentials reaches the browser as its type", async () => {
    const proxy = await start({
      credentials: () =>
        Promise.resolve({ accessKeyId: 'AKIDUNKNOWN000000001', secretAccessKey: 'x' }),
    });
    const res = await send(proxy, JSON.stringify(batch()));
    await expectError(res, 403, 'UnrecognizedClientException');
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect((await metrics(proxy))['cwr_proxy_requests_total{outcome="upstream_refused"}']).toBe(1);
  });

  test('no credentials: one clear message, 500 to the browser', async () => {
    const lines: string[] = [];
    const proxy = await start({
      credentials: () => Promise.reject(new Error('Could not load credentials from any providers')),
      logLevel: 'info',
      log: (line) => lines.push(line),
    });
    const res = await send(proxy, JSON.stringify(batch()));
    expect(await expectError(res, 500, 'InternalServerException')).toMatch(/no AWS credentials/);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.find((l) => l.msg === 'upstream failed')).toMatchObject({
      level: 'error',
      message: expect.stringMatching(/Could not load credentials/),
    });
  });

  test('an upstream that is down: tried again, then 502', async () => {
    const down = await startEmulator({ appMonitors: [{ id: MONITOR_ID, region: REGION }] });
    const url = down.url;
    await down.close();
    const proxy = await start({ upstream: url });
    const res = await send(proxy, JSON.stringify(batch()));
    expect(await expectError(res, 502, 'InternalServerException')).toMatch(/ECONNREFUSED/);
    expect((await metrics(proxy))['cwr_proxy_upstream_requests_total{status="error"}']).toBe(3);
  });
});

describe('structured logs', () => {
  test('one JSON line per forwarded batch; refusals in a flood are sampled', async () => {
    const lines: string[] = [];
    const proxy = await start({ logLevel: 'info', log: (line) => lines.push(line) });
    await send(proxy, JSON.stringify(batch()));
    for (let i = 0; i < 20; i++)
      await send(proxy, JSON.stringify(batch()), { origin: 'https://x.example' });
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.find((l) => l.msg === 'forwarded')).toMatchObject({
      level: 'info',
      appMonitorId: MONITOR_ID,
      status: 200,
      events: 2,
      attempts: 1,
    });
    const refused = logged.filter((l) => l.msg === 'refused');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThan(5);
    expect(refused[0]).toMatchObject({
      level: 'warn',
      reason: 'origin',
      origin: 'https://x.example',
    });
  });
});

describe('as a Lambda function URL', () => {
  const env = {
    CWR_PROXY_UPSTREAM: '',
    CWR_PROXY_REGION: REGION,
    CWR_PROXY_APP_MONITORS: MONITOR_ID,
    CWR_PROXY_ALLOW_ORIGINS: SITE,
    CWR_PROXY_LOG_LEVEL: 'silent',
  };
  afterEach(() => resetLambda());
  const event = (body: string, origin = SITE) => ({
    rawPath: `/appmonitors/${MONITOR_ID}/`,
    headers: { Origin: origin, 'Content-Type': 'application/json' },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
    requestContext: { http: { method: 'POST', sourceIp: '198.51.100.4' } },
  });

  test('forwards a batch and refuses another origin, configured by the environment', async () => {
    const e = { ...env, CWR_PROXY_UPSTREAM: emu.url };
    const ok = await handleWith(event(JSON.stringify(batch([sessionStart(), pageView()]))), e);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(SITE);
    expect(emu.events()).toHaveLength(2);
    const refused = await handleWith(event(JSON.stringify(batch()), 'https://evil.example'), e);
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(Buffer.from(refused.body, 'base64').toString())).toMatchObject({
      __type: 'AccessDeniedException',
    });
  });
});

describe('as a Lambda function URL, called as Lambda calls it', () => {
  const saved = { ...process.env };
  afterEach(() => {
    resetLambda();
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  });

  test('handler(event, context) reads its settings from process.env, not from the context', async () => {
    Object.assign(process.env, {
      CWR_PROXY_UPSTREAM: emu.url,
      CWR_PROXY_REGION: REGION,
      CWR_PROXY_APP_MONITORS: MONITOR_ID,
      CWR_PROXY_ALLOW_ORIGINS: SITE,
      CWR_PROXY_LOG_LEVEL: 'silent',
    });
    const context = { functionName: 'rum-proxy', awsRequestId: randomUUID() };
    const call = handler as unknown as (e: unknown, c: unknown) => ReturnType<typeof handler>;
    const result = await call(
      {
        rawPath: `/appmonitors/${MONITOR_ID}/`,
        headers: { origin: SITE, 'content-type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify(batch()),
        isBase64Encoded: false,
        requestContext: { http: { method: 'POST', sourceIp: '198.51.100.5' } },
      },
      context,
    );
    expect(result.statusCode).toBe(200);
    expect(emu.events()).toHaveLength(2);
  });
});

/** Polls a condition (every 10 ms, at most 5 s). */
async function waitFor(test: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('condition not met in 5 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}
