/**
 * Where events go and who signs them (boot/send.ts): the credential chain (the app's
 * credentials, the cwr_c cache, the auth chunk) and the dispatcher, with each refusal and
 * miss said as a problem in the diagnostics chunk's words. A real chain and signer, a scripted
 * fetch and a fake clock.
 */
import { resolveConfig, type AwsRumConfig } from '../../../src/boot/config';
import { createProblems } from '../../../src/boot/problems';
import { startSending } from '../../../src/boot/send';
import { memoryStore } from '../../../src/browser/storage';
import { createEventCache } from '../../../src/domain/event-cache';
import * as diagnostics from '../../../src/lazy/diagnostics';
import { createLogger } from '../../../src/tools/logger';
import { CREDS } from '../core-harness';
import { APP_ID, fakeClock, fakeFetch, response } from '../fakes';
import { event } from '../transport/helpers';

const setup = (options: AwsRumConfig = {}, answers: Parameters<typeof fakeFetch>[0] = []) => {
  const config = resolveConfig(
    'us-west-2',
    { signing: false, telemetries: [], ...options },
    () => undefined,
  );
  const clock = fakeClock();
  const store = memoryStore();
  const net = fakeFetch(answers);
  const cache = createEventCache(config.eventCacheSize);
  const beacons: { url: string; body: string }[] = [];
  const problems = createProblems(
    createLogger(() => false),
    () => Promise.resolve(diagnostics),
    // (As the core gives it: the config as resolved, and where the credentials came from.)
    () => ({ ...config, appMonitorId: APP_ID, region: 'us-west-2', credentialSource: 'test' }),
  );
  const { credentials, dispatcher } = startSending(
    APP_ID,
    '1.2.3',
    'us-west-2',
    config,
    cache,
    problems,
    {
      clock,
      store,
      fetch: net.fetch,
      sendBeacon: (url, body) => (beacons.push({ url, body }), true),
      loadAuth: () => import('../../../src/lazy/auth'),
      loadSigner: () => import('../../../src/transport/sigv4'),
    },
  );
  let n = 0;
  /** Queues `k` events, telling the dispatcher of each, as the assembly does. */
  const record = (k = 1) => {
    for (let i = 0; i < k; i++) {
      cache.add(event(n++));
      dispatcher.added();
    }
  };
  const headers = (i: number) => net.requests[i].init.headers as Record<string, string>;
  return { credentials, dispatcher, problems, clock, store, net, beacons, record, headers };
};

let warns: jest.SpyInstance;
let errors: jest.SpyInstance;
beforeEach(() => {
  warns = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('sending: refusals in words', () => {
  it('says that events are kept and retried later when retries run out', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const t = setup({ retries: 1 }, [response(500, {}), response(503, {})]);
    t.record(2);
    await t.clock.advance(5000);
    await t.clock.advance(3000);
    expect(t.net.requests).toHaveLength(2);
    expect(warns).toHaveBeenCalledWith(
      expect.stringContaining('events are kept and retried later'),
    );
  });

  it('explains a batch refused as invalid, and that its events were dropped', async () => {
    const t = setup({}, [
      response(400, { message: 'bad event' }, { 'x-amzn-ErrorType': 'ValidationException' }),
    ]);
    t.record(2);
    await t.clock.advance(5000);
    expect(warns).toHaveBeenCalledWith(
      expect.stringMatching(/400 ValidationException: bad event.*2 events were dropped/),
    );
  });

  it('stops dispatching for the page after a second 403 in a row, keeping the events, and says why', async () => {
    const denied = () =>
      response(403, { message: 'no' }, { 'x-amzn-ErrorType': 'AccessDeniedException' });
    const t = setup({ signing: true }, [denied(), denied(), denied()]);
    t.credentials.setAppCredentials(async () => CREDS);
    t.record(2);
    await t.clock.advance(5000);
    expect(t.net.requests).toHaveLength(2);
    expect(warns).toHaveBeenCalledWith(
      expect.stringMatching(
        /403 AccessDeniedException.*may not send events to app monitor[^]*"Action": "rum:PutRumEvents"[^]*Dispatching is stopped for this page; 2 events are kept/,
      ),
    );
    expect(t.problems.shown().map((p) => p.code)).toEqual(['role-not-allowed']);
    t.record();
    await t.clock.advance(20_000);
    await t.dispatcher.flush();
    expect(t.net.requests).toHaveLength(2);
  });

  it('says there is no app monitor when the service does not know it', async () => {
    const t = setup({}, [response(404, {}, { 'x-amzn-ErrorType': 'ResourceNotFoundException' })]);
    t.record();
    await t.clock.advance(5000);
    expect(warns).toHaveBeenCalledWith(expect.stringContaining('no app monitor'));
  });
});

describe('sending: the credentials', () => {
  it('on a 403 while signing, asks the app for fresh credentials and retries once, then succeeds', async () => {
    const provider = jest.fn(async () => CREDS);
    const t = setup({ signing: true }, [
      response(403, {}, { 'x-amzn-ErrorType': 'ExpiredTokenException' }),
    ]);
    t.credentials.setAppCredentials(provider);
    t.record();
    await t.clock.advance(5000);
    expect(t.net.requests).toHaveLength(2);
    expect(provider).toHaveBeenCalledTimes(2);
    expect(errors).not.toHaveBeenCalled();
    expect(warns).not.toHaveBeenCalled();
  });

  it('signs each request with SigV4 headers for the rum service, without host', async () => {
    const t = setup({ signing: true });
    t.credentials.setAppCredentials(CREDS);
    t.record();
    await t.clock.advance(5000);
    const h = t.headers(0);
    expect(h.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-west-2\/rum\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/,
    );
    expect(h['x-amz-security-token']).toBe('token');
    expect(h['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(h.host).toBeUndefined();
  });

  it('accepts credentials as a JSON string or a provider function', async () => {
    const a = setup({ signing: true });
    a.credentials.setAppCredentials(JSON.stringify(CREDS));
    a.record();
    await a.clock.advance(5000);
    expect(a.net.requests).toHaveLength(1);
    expect(a.headers(0).authorization).toContain('Credential=AKIDTEST/');
    const b = setup({ signing: true });
    const provider = jest.fn(async () => ({
      ...CREDS,
      expiration: new Date(Date.now() + 3600_000),
    }));
    b.credentials.setAppCredentials(provider);
    b.record();
    await b.clock.advance(5000);
    expect(b.net.requests).toHaveLength(1);
    expect(provider).toHaveBeenCalledTimes(1);
  });

  it('takes the credentials of config.credentials', async () => {
    const t = setup({ signing: true, credentials: CREDS } as never);
    t.record();
    await t.clock.advance(5000);
    expect(t.headers(0)['x-amz-security-token']).toBe('token');
  });

  it('uses valid cached credentials from cwr_c', async () => {
    const t = setup({ signing: true });
    t.store.set(
      'cwr_c',
      JSON.stringify({ ...CREDS, expiration: new Date(t.clock.now() + 3600_000).toISOString() }),
    );
    t.record();
    await t.clock.advance(5000);
    expect(t.headers(0).authorization).toContain('Credential=AKIDTEST/');
    expect(t.credentials.source()).toBe('cwr_c cache');
  });

  it('says when cwr_c holds credentials of another app monitor, and suggests unique cookies', async () => {
    const t = setup({ signing: true, identityPoolId: 'us-west-2:pool' });
    t.store.set(
      'cwr_c',
      JSON.stringify({
        accessKeyId: 'A',
        secretAccessKey: 'B',
        appMonitorId: 'other-monitor',
        identityPoolId: 'us-west-2:pool',
      }),
    );
    t.credentials.setAppCredentials(async () => undefined);
    t.record();
    await t.clock.advance(5000);
    const [p] = t.problems.shown().filter((x) => x.code === 'foreign-credentials');
    expect(p.message).toContain('cached for app monitor other-monitor');
    expect(p.message).toContain('cookieAttributes: { unique: true }');
  });

  it('presigns the page-hide beacon with the credentials', async () => {
    const t = setup({ signing: true });
    t.credentials.setAppCredentials(CREDS);
    t.dispatcher.warmUp();
    await t.clock.advance(10); // the signer is loaded
    t.record(3);
    await t.dispatcher.flushOnHide();
    expect(t.net.requests).toHaveLength(0);
    expect(t.beacons).toHaveLength(1);
    const u = new URL(t.beacons[0].url);
    expect(u.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(u.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(u.searchParams.get('X-Amz-Security-Token')).toBe('token');
    expect(JSON.parse(t.beacons[0].body).RumEvents).toHaveLength(3);
  });
});
