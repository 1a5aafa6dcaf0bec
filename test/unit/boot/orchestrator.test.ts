import { makeRum, CREDS } from '../core-harness';
import { APP_ID, fakeClock, fakeFetch, flushPromises, response } from '../fakes';
import { memoryStore } from '../../../src/browser/storage';
import { UUID_RE } from '../../../src/domain/rules';
import { NIL_UUID } from '../../../src/tools/ids';
import type { Plugin, PluginContext } from '../../../src/plugins/plugin';

let errors: jest.SpyInstance;
let warns: jest.SpyInstance;
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  warns = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  document.cookie
    .split('; ')
    .forEach(
      (c) =>
        (document.cookie = c.split('=')[0] + '=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'),
    );
  history.replaceState(null, '', '/');
});
afterEach(() => jest.restoreAllMocks());
/** Lets the diagnostics chunk load and its words arrive. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the orchestrator', () => {
  it('records session_start and a page view on load and sends them after dispatchInterval', async () => {
    const { net, clock, sentTypes } = makeRum();
    await clock.advance(4999);
    expect(net.requests).toHaveLength(0);
    await clock.advance(1);
    expect(net.requests).toHaveLength(1);
    const { url, body, init } = net.requests[0];
    expect(url).toBe(`https://dataplane.rum.us-west-2.amazonaws.com/appmonitors/${APP_ID}/`);
    expect(init.method).toBe('POST');
    expect(body.BatchId).toMatch(UUID_RE);
    expect(body.AppMonitorDetails).toEqual({ id: APP_ID, version: '1.2.3' });
    expect((body.UserDetails as { userId: string }).userId).toBe(NIL_UUID);
    expect((body.UserDetails as { sessionId: string }).sessionId).toMatch(UUID_RE);
    expect(sentTypes()).toEqual(['session_start_event', 'page_view_event']);
    const meta = JSON.parse(body.RumEvents[1].metadata);
    expect(meta).toMatchObject({
      version: '1.0.0',
      domain: 'localhost',
      pageId: '/',
      'aws:client': 'arw-module',
      platformType: 'web',
    });
    expect(JSON.parse(body.RumEvents[1].details)).toEqual({
      version: '1.0.0',
      pageId: '/',
      interaction: 0,
      pageInteractionId: '/-0',
    });
  });

  it('records nothing for a session sampled out, and decides once per session', async () => {
    const random = jest.fn(() => 0.7);
    const { rum, clock, net } = makeRum({ sessionSampleRate: 0.5 }, { random });
    rum.recordEvent('x', {});
    rum.recordError(new Error('e'));
    await clock.advance(60_000);
    expect(net.requests).toHaveLength(0);
    expect(random).toHaveBeenCalledTimes(1);
  });

  it('records everything with sampling 1', async () => {
    const { rum, clock, sentTypes } = makeRum({ sessionSampleRate: 1 }, { random: () => 0.999999 });
    rum.recordEvent('custom.type', { a: 1 });
    await clock.advance(5000);
    expect(sentTypes()).toEqual(['session_start_event', 'page_view_event', 'custom.type']);
  });

  it('enforces sessionEventLimit and says so once', async () => {
    const { rum, clock, sentEvents } = makeRum({ sessionEventLimit: 5 });
    for (let i = 0; i < 10; i++) rum.recordEvent('n', { i });
    await clock.advance(5000);
    expect(sentEvents()).toHaveLength(5);
    expect(
      warns.mock.calls.filter((c) => /session event limit reached \(5 events\)/.test(c[0])),
    ).toHaveLength(1);
  });

  it('has no limit with sessionEventLimit 0', async () => {
    const { rum, clock, sentEvents } = makeRum({ sessionEventLimit: 0 });
    for (let i = 0; i < 300; i++) rum.recordEvent('n', { i });
    await clock.advance(5000);
    expect(sentEvents()).toHaveLength(302);
  });

  it('drains a backlog in consecutive requests of batchLimit within one tick', async () => {
    const { rum, clock, net } = makeRum({ batchLimit: 10, sessionEventLimit: 0 });
    for (let i = 0; i < 25; i++) rum.recordEvent('n', { i });
    await clock.advance(5000);
    expect(net.requests.map((r) => r.body.RumEvents.length)).toEqual([10, 10, 7]);
  });

  it('sends a full batch at once instead of waiting for the timer; the rest waits', async () => {
    const { rum, clock, net } = makeRum({ batchLimit: 10, sessionEventLimit: 0 });
    await clock.advance(5000); // session start and page view sent
    const before = net.requests.length;
    for (let i = 0; i < 9; i++) rum.recordEvent('n', { i });
    await clock.advance(0);
    expect(net.requests).toHaveLength(before); // not full yet: the timer will send them
    for (let i = 9; i < 23; i++) rum.recordEvent('n', { i });
    await clock.advance(0);
    expect(net.requests.slice(before).map((r) => r.body.RumEvents.length)).toEqual([10, 10, 3]);
  });

  it('does not retry a full batch on every new event while there are no credentials', async () => {
    const { rum, clock, net } = makeRum({ batchLimit: 5, sessionEventLimit: 0, signing: true });
    for (let i = 0; i < 50; i++) {
      rum.recordEvent('n', { i });
      await clock.advance(0);
    }
    expect(net.requests).toHaveLength(0);
    expect(clock.pending()).toBeLessThanOrEqual(3);
    rum.setAwsCredentials(CREDS);
    await clock.advance(5000);
    expect(net.requests.flatMap((r) => r.body.RumEvents)).toHaveLength(52);
  });

  it('sends session-wide metadata once per batch, and times in whole seconds', async () => {
    const { rum, clock, net, sentEvents } = makeRum();
    rum.recordEvent('n', { i: 1 });
    await clock.advance(5000);
    const body = net.requests[0].body as unknown as {
      SessionMetadata: string;
      RumEvents: { timestamp: number }[];
    };
    const common = JSON.parse(body.SessionMetadata);
    expect(common).toMatchObject({ version: '1.0.0', domain: 'localhost', platformType: 'web' });
    // On the wire, each event carries only what is its own…
    const raw = JSON.parse((net.requests[0].init.body as string) ?? '{}') as {
      RumEvents: { metadata: string }[];
    };
    for (const e of raw.RumEvents) {
      const own = JSON.parse(e.metadata);
      expect(own).not.toHaveProperty('domain');
      expect(own).toHaveProperty('pageId');
    }
    // …and merged, as the service does, every event has all of it.
    for (const e of sentEvents()) expect(JSON.parse(e.metadata).domain).toBe('localhost');
    for (const e of body.RumEvents) expect(Number.isInteger(e.timestamp)).toBe(true);
  });

  it('keeps a metadata key per event when the events of a batch disagree on it', async () => {
    const { rum, clock, net } = makeRum();
    rum.recordEvent('a', {});
    rum.setEventMetadataHook((type, _d, m) => {
      if (type !== 'b') return m;
      const { browserLanguage: _l, ...rest } = m;
      return rest;
    });
    rum.recordEvent('b', {});
    await clock.advance(5000);
    const raw = JSON.parse(net.requests[0].init.body as string) as {
      SessionMetadata: string;
      RumEvents: { type: string; metadata: string }[];
    };
    expect(JSON.parse(raw.SessionMetadata)).not.toHaveProperty('browserLanguage');
    const meta = (t: string) => JSON.parse(raw.RumEvents.find((e) => e.type === t)!.metadata);
    expect(meta('a')).toHaveProperty('browserLanguage');
    expect(meta('b')).not.toHaveProperty('browserLanguage');
  });

  it('refuses new events when eventCacheSize events wait', async () => {
    const { rum, clock, sentEvents } = makeRum({ eventCacheSize: 3 });
    for (let i = 0; i < 5; i++) rum.recordEvent('n', { i });
    await clock.advance(5000);
    expect(sentEvents()).toHaveLength(3);
    expect(warns).toHaveBeenCalledWith(expect.stringContaining('event cache is full (3 events'));
  });

  it('retries 5xx and 429 with backoff, and keeps the batch when retries run out', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5); // jitter × 1
    const { clock, net } = makeRum(
      { retries: 1 },
      {
        answers: [
          response(500, {}),
          response(429, { __type: 'ThrottlingException' }),
          response(503, {}),
          response(500, {}),
        ],
      },
    );
    await clock.advance(5000);
    await clock.advance(3000);
    expect(net.requests).toHaveLength(2);
    expect(warns).toHaveBeenCalledWith(
      expect.stringContaining('events are kept and retried later'),
    );
    // The next drain waits 2 × dispatchInterval after a failed one: 503, then 500 → kept again.
    await clock.advance(7000);
    expect(net.requests).toHaveLength(2);
    await clock.advance(2000);
    expect(net.requests).toHaveLength(4);
    // Two failed drains in a row: 4 × dispatchInterval.
    await clock.advance(19_000);
    expect(net.requests).toHaveLength(4);
    await clock.advance(1000);
    expect(net.requests).toHaveLength(5);
    expect(net.requests[4].body.RumEvents).toHaveLength(2);
    // The kept batch is the same events: the session_start and page view recorded at load.
    expect(net.requests[4].body.RumEvents.map((e) => e.id)).toEqual(
      net.requests[0].body.RumEvents.map((e) => e.id),
    );
  });

  it('honours Retry-After: waits as long as asked before the next request', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const { clock, net } = makeRum(
      {},
      { answers: [response(429, { __type: 'ThrottlingException' }, { 'retry-after': '30' })] },
    );
    await clock.advance(5000);
    expect(net.requests).toHaveLength(1);
    await clock.advance(29_000);
    expect(net.requests).toHaveLength(1);
    await clock.advance(1000);
    expect(net.requests).toHaveLength(2);
    expect(net.requests[1].body.RumEvents.map((e) => e.id)).toEqual(
      net.requests[0].body.RumEvents.map((e) => e.id),
    );
  });

  it('sends nothing while offline and resumes on the online event', async () => {
    const onLine = jest.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const { clock, net } = makeRum();
    await clock.advance(60_000);
    expect(net.requests).toHaveLength(0);
    onLine.mockReturnValue(true);
    window.dispatchEvent(new Event('online'));
    await clock.advance(0);
    expect(net.requests).toHaveLength(1);
    expect(warns).not.toHaveBeenCalled();
  });

  it('retries network errors', async () => {
    const { clock, net } = makeRum({}, { answers: [new TypeError('Failed to fetch')] });
    await clock.advance(5000);
    await clock.advance(2000);
    expect(net.requests).toHaveLength(2);
    expect(errors).not.toHaveBeenCalled();
  });

  it('drops a batch the service refuses as invalid, explains why, and goes on', async () => {
    const { rum, clock, net } = makeRum(
      {},
      {
        answers: [
          response(400, { message: 'bad event' }, { 'x-amzn-ErrorType': 'ValidationException' }),
        ],
      },
    );
    await clock.advance(5000);
    expect(warns).toHaveBeenCalledWith(
      expect.stringMatching(/400 ValidationException: bad event.*2 events were dropped/),
    );
    rum.recordEvent('after', {});
    await clock.advance(5000);
    expect(net.requests).toHaveLength(2);
    expect(net.requests[1].body.RumEvents.map((e) => e.type)).toEqual(['after']);
  });

  it('on a 403 while signing, fetches fresh credentials and retries once, then succeeds', async () => {
    const provider = jest.fn(async () => CREDS);
    const { rum, clock, net } = makeRum(
      { signing: true },
      { answers: [response(403, {}, { 'x-amzn-ErrorType': 'ExpiredTokenException' })] },
    );
    rum.setAwsCredentials(provider);
    await clock.advance(5000);
    expect(net.requests).toHaveLength(2);
    expect(provider).toHaveBeenCalledTimes(2);
    expect(errors).not.toHaveBeenCalled();
  });

  it('stops dispatching for the page after a second 403 in a row, keeping the events', async () => {
    const denied = () =>
      response(403, { message: 'no' }, { 'x-amzn-ErrorType': 'AccessDeniedException' });
    const { rum, clock, net } = makeRum(
      { signing: true },
      { answers: [denied(), denied(), denied()] },
    );
    rum.setAwsCredentials(async () => CREDS);
    await clock.advance(5000);
    expect(net.requests).toHaveLength(2);
    expect(warns).toHaveBeenCalledWith(
      expect.stringMatching(
        /403 AccessDeniedException.*may not send events to app monitor[^]*"Action": "rum:PutRumEvents"[^]*Dispatching is stopped for this page; 2 events are kept/,
      ),
    );
    expect(rum.diagnose()?.problems.map((p) => p.code)).toEqual(['role-not-allowed']);
    rum.recordEvent('later', {});
    await clock.advance(20_000);
    await rum.dispatch();
    expect(net.requests).toHaveLength(2);
  });

  it('stops at once on a 403 without signing (nothing to refresh) and on an unknown app monitor', async () => {
    const a = makeRum(
      {},
      {
        answers: [response(403, {}, { 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' })],
      },
    );
    await a.clock.advance(5000);
    a.rum.recordEvent('x', {});
    await a.rum.dispatch();
    expect(a.net.requests).toHaveLength(1);
    const b = makeRum(
      {},
      { answers: [response(404, {}, { 'x-amzn-ErrorType': 'ResourceNotFoundException' })] },
    );
    await b.clock.advance(5000);
    await b.rum.dispatch();
    expect(b.net.requests).toHaveLength(1);
    expect(warns).toHaveBeenCalledWith(expect.stringContaining('no app monitor'));
  });

  it('signs with app-supplied credentials, and waits for them when there are none', async () => {
    const { rum, clock, net } = makeRum({ signing: true });
    await clock.advance(5000);
    expect(net.requests).toHaveLength(0);
    expect(warns.mock.calls.filter((c) => /no AWS credentials/.test(c[0]))).toHaveLength(1);
    rum.setAwsCredentials(CREDS);
    await clock.advance(5000);
    expect(net.requests).toHaveLength(1);
    const h = net.requests[0].init.headers as Record<string, string>;
    expect(h.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-west-2\/rum\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/,
    );
    expect(h['x-amz-security-token']).toBe('token');
    expect(h['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(h.host).toBeUndefined();
  });

  it('accepts credentials as a JSON string or a provider function', async () => {
    const a = makeRum({ signing: true });
    a.rum.setAwsCredentials(JSON.stringify(CREDS));
    await a.clock.advance(5000);
    expect(a.net.requests).toHaveLength(1);
    const b = makeRum({ signing: true });
    const provider = jest.fn(async () => ({
      ...CREDS,
      expiration: new Date(Date.now() + 3600_000),
    }));
    b.rum.setAwsCredentials(provider);
    await b.clock.advance(5000);
    expect(b.net.requests).toHaveLength(1);
    expect(provider).toHaveBeenCalledTimes(1);
  });

  it('uses valid cached credentials from cwr_c', async () => {
    const { clock, net, store } = makeRum({ signing: true });
    store.set(
      'cwr_c',
      JSON.stringify({ ...CREDS, expiration: new Date(clock.now() + 3600_000).toISOString() }),
    );
    await clock.advance(5000);
    expect((net.requests[0].init.headers as Record<string, string>).authorization).toContain(
      'Credential=AKIDTEST/',
    );
  });

  it('flushes with a presigned sendBeacon when the page hides', async () => {
    const { rum, clock, net, beacons } = makeRum({ signing: true });
    rum.setAwsCredentials(CREDS);
    await rum.dispatch();
    for (let i = 0; i < 3; i++) rum.recordEvent('late', { i });
    await clock.advance(10); // the signer chunk is loaded
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    await clock.advance(0);
    delete (document as { visibilityState?: string }).visibilityState;
    expect(net.requests).toHaveLength(1);
    expect(beacons).toHaveLength(1);
    const u = new URL(beacons[0].url);
    expect(u.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(u.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(u.searchParams.get('X-Amz-Security-Token')).toBe('token');
    expect(JSON.parse(beacons[0].body).RumEvents).toHaveLength(3);
  });

  it('lets a telemetry record what it held back at the hide, before the flush sends (Plugin.beforeHide)', async () => {
    const { rum, clock, beacons } = makeRum({ signing: true });
    rum.setAwsCredentials(CREDS);
    await rum.dispatch();
    await clock.advance(10); // the signer chunk is loaded
    let context: PluginContext | undefined;
    let calls = 0;
    rum.addPlugin({
      getPluginId: () => 'held',
      load: (c) => void (context = c),
      enable: () => undefined,
      disable: () => undefined,
      beforeHide: () => void (calls++, context!.record('held', { at: 'hide' })),
    });
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    await clock.advance(0);
    delete (document as { visibilityState?: string }).visibilityState;
    expect(calls).toBe(1);
    const sent = beacons.flatMap((b) => JSON.parse(b.body).RumEvents as { type: string }[]);
    expect(sent.map((e) => e.type)).toContain('held');
  });

  it('sends events recorded as the page hides exactly once, by fetch or by beacon', async () => {
    const { rum, clock, net, beacons } = makeRum({ signing: true, batchLimit: 5 });
    rum.setAwsCredentials(CREDS);
    await rum.dispatch();
    await clock.advance(10); // the signer chunk is loaded
    const sentBefore = net.requests.length;
    for (let i = 0; i < 7; i++) rum.recordEvent('late', { i });
    await clock.advance(0); // a full batch is taken and its request prepared…
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange')); // …when the page hides
    await clock.advance(0);
    await clock.advance(5000);
    delete (document as { visibilityState?: string }).visibilityState;
    const viaFetch = net.requests
      .slice(sentBefore)
      .flatMap((r) => r.body.RumEvents)
      .filter((e) => e.type === 'late');
    const viaBeacon = beacons
      .flatMap((b) => JSON.parse(b.body).RumEvents as { type: string; details: string }[])
      .filter((e) => e.type === 'late');
    const all = [...viaFetch, ...viaBeacon].map((e) => JSON.parse(e.details).i).sort();
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6]); // each exactly once
  });

  it('leaves the session and first page view for idle time, unless an event comes first', async () => {
    const idleQueue: (() => void)[] = [];
    const { AwsRum } = await import('../../../src/boot/aws-rum');
    const clock = fakeClock();
    const net = fakeFetch();
    const rum = new AwsRum(
      APP_ID,
      '1.2.3',
      'us-west-2',
      { signing: false, telemetries: [] },
      { clock, fetch: net.fetch, store: memoryStore(), idle: (fn) => idleQueue.push(fn) },
    );
    expect(idleQueue).toHaveLength(1);
    rum.recordEvent('early', {}); // before the page was idle: the start finishes first
    idleQueue[0](); // and the idle callback then has nothing left to do
    await rum.dispatch();
    expect(net.requests.flatMap((r) => r.body.RumEvents).map((e) => e.type)).toEqual([
      'com.amazon.rum.session_start_event',
      'com.amazon.rum.page_view_event',
      'early',
    ]);
  });

  it('records the first page view when the page hides before it was idle', async () => {
    const { beacons, store } = makeRum({}, { idle: () => undefined });
    window.dispatchEvent(new Event('pagehide'));
    await flushPromises();
    const sent = beacons.flatMap((b) => JSON.parse(b.body).RumEvents as { type: string }[]);
    const saved = store.get(`cwr_q_${APP_ID}`) ?? '';
    expect(
      sent.some((e) => e.type.endsWith('page_view_event')) || saved.includes('page_view_event'),
    ).toBe(true);
  });

  it('writes cookies when the session starts, on page views and when the page hides, not per event', async () => {
    const set = jest.spyOn(document, 'cookie', 'set');
    // jsdom refuses Secure cookies on http://localhost (Chromium accepts them; see the e2e tests).
    const get = jest.spyOn(document, 'cookie', 'get');
    const { rum, clock } = makeRum({ allowCookies: true, cookieAttributes: { secure: false } });
    // Loading the client touches no cookie: the session is read and written in idle time.
    expect(get).not.toHaveBeenCalled();
    expect(set).not.toHaveBeenCalled();
    await clock.advance(0);
    const atStart = set.mock.calls.length;
    // cwr_u, cwr_s for the new session, cwr_s again with the first page (a reload resumes it).
    expect(atStart).toBe(3);
    expect(document.cookie).toMatch(/cwr_s=/);
    expect(document.cookie).toMatch(/cwr_u=/);
    for (let i = 0; i < 50; i++) rum.recordEvent('n', { i });
    expect(set.mock.calls.length).toBe(atStart);
    window.dispatchEvent(new Event('pagehide'));
    expect(set.mock.calls.length).toBe(atStart + 1);
    history.pushState({}, '', '/next-page');
    expect(set.mock.calls.length).toBe(atStart + 2);
    await clock.advance(0);
  });

  it('starts a new session after sessionLengthSeconds of inactivity', async () => {
    const { rum, clock, net } = makeRum({ sessionLengthSeconds: 60 });
    const first = rum.getSessionId();
    await clock.advance(59_000);
    rum.recordEvent('still', {});
    expect(rum.getSessionId()).toBe(first);
    await clock.advance(61_000);
    rum.recordEvent('later', {});
    expect(rum.getSessionId()).not.toBe(first);
    await clock.advance(5000);
    const sessions = net.requests.map(
      (r) => (r.body.UserDetails as { sessionId: string }).sessionId,
    );
    expect(new Set(sessions).size).toBe(2);
    expect(
      net.requests.at(-1)!.body.RumEvents.map((e) => e.type.replace('com.amazon.rum.', '')),
    ).toEqual(['session_start_event', 'page_view_event', 'later']);
  });

  it('records page views on History API changes, per pageIdFormat, within pagesToInclude/Exclude', async () => {
    const { clock, sentEvents } = makeRum({
      pageIdFormat: 'PATH_AND_HASH',
      pagesToExclude: [/\/private/],
    });
    history.pushState(null, '', '/a#x');
    history.pushState(null, '', '/a#x'); // same page: no new view
    history.pushState(null, '', '/private');
    history.replaceState(null, '', '/b');
    await clock.advance(5000);
    const views = sentEvents()
      .filter((e) => e.type.endsWith('page_view_event'))
      .map((e) => JSON.parse(e.details));
    expect(views.map((v) => v.pageId)).toEqual(['/', '/a#x', '/b']);
    expect(views[2]).toMatchObject({ interaction: 3, parentPageInteractionId: '/private-2' });
  });

  it('does not record automatic page views with disableAutoPageView', async () => {
    const { rum, clock, sentTypes, sentEvents } = makeRum({ disableAutoPageView: true });
    history.pushState(null, '', '/x');
    rum.recordPageView({ pageId: '/manual', pageTags: ['t'], pageAttributes: { plan: 'pro' } });
    rum.recordEvent('e', {});
    await clock.advance(5000);
    expect(sentTypes()).toEqual(['session_start_event', 'page_view_event', 'e']);
    expect(JSON.parse(sentEvents()[2].metadata)).toMatchObject({
      pageId: '/manual',
      pageTags: ['t'],
      plan: 'pro',
    });
  });

  it('validates custom events and attributes', async () => {
    const { rum, clock, sentEvents } = makeRum({ sessionAttributes: { tier: 'gold' } as never });
    rum.recordEvent('bad type!', {});
    rum.recordEvent('big', { blob: 'x'.repeat(7000) });
    rum.addSessionAttributes({ ok: 1, 'aws:nope': 2, long: 'y'.repeat(300) });
    rum.recordEvent('good', { a: 1 }, { extra: true });
    await clock.advance(5000);
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining('recordEvent: the type must match'),
    );
    expect(warns).toHaveBeenCalledWith(expect.stringContaining('event big was dropped'));
    expect(warns).toHaveBeenCalledWith(
      expect.stringContaining('addSessionAttributes.aws:nope was left out'),
    );
    expect(warns).toHaveBeenCalledWith(
      expect.stringContaining('addSessionAttributes.long was left out'),
    );
    const good = sentEvents().find((e) => e.type === 'good')!;
    expect(JSON.parse(good.metadata)).toMatchObject({ tier: 'gold', ok: 1, extra: true });
    expect(JSON.parse(good.metadata)).not.toHaveProperty('long');
  });

  it('clips title metadata to the 256 characters the service allows, and sends no page URL', async () => {
    history.replaceState(null, '', '/' + 'p'.repeat(400) + '?token=secret#access_token=x');
    document.title = 't'.repeat(300);
    const { clock, sentEvents } = makeRum();
    await clock.advance(5000);
    const meta = JSON.parse(sentEvents()[0].metadata);
    expect(meta.title).toHaveLength(256);
    expect(meta).not.toHaveProperty('url');
    expect(JSON.stringify(sentEvents())).not.toContain('secret');
    document.title = '';
  });

  it('applies a metadata hook and survives one that throws', async () => {
    const { rum, clock, sentEvents } = makeRum();
    rum.setEventMetadataHook((type, _d, m) => ({ ...m, hooked: type }));
    rum.recordEvent('a', {});
    rum.setEventMetadataHook(() => {
      throw new Error('boom');
    });
    rum.recordEvent('b', {});
    await clock.advance(5000);
    const [a, b] = sentEvents()
      .slice(-2)
      .map((e) => JSON.parse(e.metadata));
    expect(a.hooked).toBe('a');
    expect(b.hooked).toBeUndefined();
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('the event metadata hook threw'));
  });

  it('stops on disable and resumes on enable', async () => {
    const { rum, clock, net } = makeRum();
    rum.disable();
    rum.recordEvent('while-off', {});
    await clock.advance(10_000);
    expect(net.requests).toHaveLength(0);
    rum.enable();
    await clock.advance(5000);
    expect(net.requests.flatMap((r) => r.body.RumEvents).map((e) => e.type)).not.toContain(
      'while-off',
    );
    expect(net.requests).toHaveLength(1);
  });

  it('pins and starts sessions for host-managed ids', async () => {
    const { rum } = makeRum();
    const [session, user, second] = [
      '0f8fad5b-d9cb-469f-a165-70867728950e',
      '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      '16fd2706-8baf-433b-82eb-8c7fada847da',
    ];
    rum.pinSessionId(session);
    rum.pinUserId(user);
    expect(rum.getSessionId()).toBe(session);
    expect(rum.getUserId()).toBe(user);
    rum.startSession({ sessionId: second });
    expect(rum.getSessionId()).toBe(second);
  });

  it('refuses host-managed ids that are not UUIDs (the service would refuse every batch)', async () => {
    const { rum } = makeRum();
    const before = rum.getSessionId();
    rum.pinSessionId('host-session');
    rum.pinUserId('host-user');
    rum.startSession({ sessionId: 'second' });
    expect(rum.getSessionId()).toBe(before);
    expect(rum.getUserId()).not.toBe('host-user');
    await settle(); // (the words are in the diagnostics chunk)
    for (const what of ['pinSessionId', 'pinUserId', 'startSession sessionId'])
      expect(errors).toHaveBeenCalledWith(expect.stringContaining(`${what} needs a UUID`));
  });

  it('runs with an app monitor id that is not a UUID (a proxy may route it), and says so', async () => {
    const { AwsRum } = jest.requireActual('../../../src/boot/aws-rum');
    const net = fakeFetch();
    const rum = new AwsRum(
      'abc123',
      '1',
      'us-west-2',
      { signing: false, telemetries: [] },
      { clock: fakeClock(), fetch: net.fetch, store: memoryStore() },
    );
    rum.recordEvent('x', {});
    await rum.dispatch();
    await settle();
    expect(net.requests.some((r) => r.url.endsWith('/appmonitors/abc123/'))).toBe(true);
    expect(warns).toHaveBeenCalledWith(
      expect.stringContaining('the app monitor id "abc123" is not a UUID'),
    );
  });

  it('refuses a bad app monitor id or region without throwing', () => {
    const { AwsRum } = jest.requireActual('../../../src/boot/aws-rum');
    const rum = new AwsRum('not a uuid!', '1', 'us-west-2');
    expect(() => rum.recordEvent('x', {})).not.toThrow();
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining('the app monitor id must be a UUID'),
    );
    new AwsRum(APP_ID, '1', 'mars');
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining('the region must be an AWS region like \'us-west-2\', got "mars"'),
    );
  });

  it('loads plugins from eventPluginsToLoad and addPlugin, and gives them a working context', async () => {
    const contexts: PluginContext[] = [];
    const plugin = (id: string, onLoad?: () => void): Plugin => ({
      getPluginId: () => id,
      load: (ctx) => {
        contexts.push(ctx);
        onLoad?.();
      },
      enable: jest.fn(),
      disable: jest.fn(),
    });
    const first = plugin('first');
    const { rum, clock, sentEvents } = makeRum({ eventPluginsToLoad: [first] });
    rum.addPlugin(plugin('second'));
    rum.addPlugin(plugin('first'));
    rum.addPlugin(
      plugin('throws', () => {
        throw new Error('plugin bug');
      }),
    );
    expect(contexts.map((c) => c.applicationId)).toEqual([APP_ID, APP_ID, APP_ID]);
    await settle(); // (the words are in the diagnostics chunk)
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining('a plugin with id "first" is already loaded'),
    );
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('plugin bug'));
    contexts[1].record('com.amazon.rum.js_error_event', {
      version: '1.0.0',
      type: 'E',
      message: 'm',
    });
    expect(contexts[0].getSession()).toMatchObject({ record: true, sessionId: rum.getSessionId() });
    rum.disable();
    expect(first.disable).toHaveBeenCalled();
    rum.enable();
    expect(first.enable).toHaveBeenCalled();
    await clock.advance(5000);
    expect(sentEvents().map((e) => e.type)).toContain('com.amazon.rum.js_error_event');
  });

  it('enables a plugin after loading it, as the predecessor does (plugins listen in enable)', async () => {
    const calls: string[] = [];
    const plugin: Plugin = {
      getPluginId: () => 'lifecycle',
      load: () => calls.push('load'),
      enable: () => calls.push('enable'),
      disable: () => calls.push('disable'),
    };
    const { rum } = makeRum({ eventPluginsToLoad: [plugin] });
    expect(calls).toEqual(['load', 'enable']);
    rum.disable();
    rum.addPlugin({ ...plugin, getPluginId: () => 'later' });
    expect(calls).toEqual(['load', 'enable', 'disable', 'load', 'disable']);
  });

  it('hands a plugin the id of each event it recorded, and nothing for one that was not queued', async () => {
    const { rum, clock, sentEvents } = makeRum({
      beforeSend: (e: { type: string }) => (e.type === 'drop.me' ? null : e),
    } as never);
    let ctx: PluginContext | undefined;
    rum.addPlugin({
      getPluginId: () => 'ids',
      load: (c) => void (ctx = c),
      enable: () => undefined,
      disable: () => undefined,
    });
    const kept = ctx!.record('keep.me', { a: 1 });
    const dropped = ctx!.record('drop.me', { a: 2 });
    await clock.advance(5000);
    expect(typeof kept).toBe('string');
    expect(sentEvents().find((e) => e.type === 'keep.me')!.id).toBe(kept);
    expect(dropped).toBeUndefined();
    rum.disable();
    expect(ctx!.record('keep.me', {})).toBeUndefined();
  });

  it("gives plugins the config without the app's AWS credentials", () => {
    let seen: PluginContext['config'] | undefined;
    const { rum } = makeRum({ credentials: CREDS, signing: true, sessionSampleRate: 1 } as never);
    rum.addPlugin({
      getPluginId: () => 'curious',
      load: (c) => void (seen = c.config),
      enable: () => undefined,
      disable: () => undefined,
    });
    expect(seen).toMatchObject({ signing: true, sessionSampleRate: 1 });
    expect(seen).not.toHaveProperty('credentials');
    expect(JSON.stringify(seen)).not.toContain(CREDS.secretAccessKey);
  });

  it('refuses a plugin without the plugin interface', async () => {
    const { rum } = makeRum();
    rum.addPlugin({} as Plugin);
    await settle(); // (the words are in the diagnostics chunk)
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('addPlugin needs a plugin object'));
  });

  // As the predecessor (aws-rum-web 3.x) does, seen black-box: apps in webviews and Electron
  // name their own domain and browser.
  it('lets custom attributes replace built-in metadata, except version and pageId', async () => {
    const { rum, clock, sentEvents } = makeRum({
      applicationAttributes: { domain: 'app.example', browserName: 'Electron' },
    } as never);
    rum.addSessionAttributes({
      version: '9.9',
      pageId: '/not-mine',
      osName: 'Kiosk OS',
      interaction: 7,
      title: 'Session title',
    });
    rum.recordEvent('e', {});
    await clock.advance(5000);
    const meta = JSON.parse(sentEvents().at(-1)!.metadata);
    expect(meta).toMatchObject({
      version: '1.0.0',
      domain: 'app.example',
      browserName: 'Electron',
      osName: 'Kiosk OS',
      interaction: 7,
      // The document's title wins over an app or session title.
      title: document.title,
    });
    expect(meta.pageId).not.toBe('/not-mine');
    for (const key of ['version', 'pageId'])
      expect(warns).toHaveBeenCalledWith(
        expect.stringContaining(
          `addSessionAttributes.${key} was left out: the client sets this metadata itself`,
        ),
      );
  });

  it('refuses a replacement of built-in metadata whose type the schema refuses', async () => {
    const { rum, clock, sentEvents } = makeRum();
    rum.addSessionAttributes({ domain: 5, interaction: 'x', browserName: true, 'aws:client': 'x' });
    rum.recordEvent('e', {});
    await clock.advance(5000);
    const meta = JSON.parse(sentEvents().at(-1)!.metadata);
    expect(meta.domain).toBe('localhost');
    expect(meta['aws:client']).not.toBe('x');
    expect(meta).not.toHaveProperty('interaction', 'x');
    expect(meta.browserName).not.toBe(true);
    for (const m of [
      'addSessionAttributes.domain was left out: its value must be a string',
      'addSessionAttributes.interaction was left out: its value must be a number',
      'addSessionAttributes.browserName was left out: its value must be a string',
    ])
      expect(warns).toHaveBeenCalledWith(expect.stringContaining(m));
  });

  it("lets a page view's pageAttributes replace the title", async () => {
    const { rum, clock, sentEvents } = makeRum({ disableAutoPageView: true });
    rum.recordPageView({
      pageId: '/p',
      pageAttributes: { title: 'Page title', domain: 'p.example' },
    });
    rum.recordEvent('e', {});
    await clock.advance(5000);
    expect(JSON.parse(sentEvents().at(-1)!.metadata)).toMatchObject({
      pageId: '/p',
      title: 'Page title',
      domain: 'p.example',
    });
  });

  it('lets an attribute be updated when ten are set', async () => {
    const { rum, clock, sentEvents } = makeRum();
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, i]));
    rum.addSessionAttributes(ten);
    rum.addSessionAttributes({ a3: 'updated', a10: 'one too many' });
    rum.recordEvent('e', {});
    await clock.advance(5000);
    const meta = JSON.parse(sentEvents().at(-1)!.metadata);
    expect(meta.a3).toBe('updated');
    expect(meta).not.toHaveProperty('a10');
    expect(warns).toHaveBeenCalledWith(
      expect.stringContaining('addSessionAttributes.a10 was left out'),
    );
  });

  it('sends what a metadata hook returns, made safe: removals kept, bad values dropped', async () => {
    const { rum, clock, sentEvents } = makeRum();
    rum.setEventMetadataHook((_t, _d, m) => {
      const { url: _url, ...rest } = m;
      return { ...rest, version: '2', nested: { no: 1 }, big: 'x'.repeat(300), n: 5 };
    });
    rum.recordEvent('hooked', {});
    await clock.advance(5000);
    const meta = JSON.parse(sentEvents().at(-1)!.metadata);
    expect(meta).not.toHaveProperty('url');
    expect(meta).not.toHaveProperty('nested');
    expect(meta.version).toBe('1.0.0');
    expect(meta.big).toHaveLength(256);
    expect(meta.n).toBe(5);
  });

  it('keeps dispatching after a dispatch found nothing to send', async () => {
    const { rum, clock, net } = makeRum();
    await rum.dispatch();
    await rum.dispatch(); // nothing waiting now
    rum.recordEvent('later', {});
    await rum.dispatch();
    expect(net.requests.map((r) => r.body.RumEvents.length)).toEqual([2, 1]);
    await clock.advance(0);
  });

  it('diagnose() reports the session, credentials, last dispatch and problems', async () => {
    const { rum, clock } = makeRum(
      { sessionEventLimit: 3, endpoint: 'https://dataplane.rum.eu-west-1.amazonaws.com' },
      { answers: [response(500, {}), response(200, {})] },
    );
    for (let i = 0; i < 5; i++) rum.recordEvent('n', { i });
    await clock.advance(5000);
    await clock.advance(2000);
    const d = rum.diagnose()!;
    expect(d.session).toMatchObject({
      sampled: true,
      eventsRecorded: 3,
      eventLimit: 3,
      droppedOverLimit: 4,
    });
    expect(d.credentials).toEqual({ signing: false });
    expect(d.lastDispatch).toMatchObject({ ok: true, status: 200, events: 3 });
    // The event limit is hit at once; the config check comes from the lazily loaded chunk.
    expect(d.problems.map((p) => p.code).sort()).toEqual(['event-limit', 'region-mismatch']);
    expect(warns.mock.calls.filter((c) => /session event limit reached/.test(c[0]))).toHaveLength(
      1,
    );
  });

  it('says once that a session is not sampled, and why', async () => {
    const { rum } = makeRum({ sessionSampleRate: 0.25 }, { random: () => 0.9 });
    rum.recordEvent('x', {});
    await settle();
    expect(
      warns.mock.calls.filter((c) =>
        /this session is not recorded: config.sessionSampleRate is 0.25/.test(c[0]),
      ),
    ).toHaveLength(1);
    expect(rum.diagnose()!.session.sampled).toBe(false);
  });

  const violation = (
    blockedURI: string,
    effectiveDirective = 'connect-src',
    disposition = 'enforce',
  ) => {
    const e = new Event('securitypolicyviolation');
    Object.assign(e, { blockedURI, effectiveDirective, disposition });
    document.dispatchEvent(e);
  };

  it('names the exact connect-src values when the CSP blocks its requests, once', async () => {
    const { rum } = makeRum({
      signing: true,
      identityPoolId: 'us-east-1:abcd',
      guestRoleArn: 'arn:aws:iam::123456789012:role/R',
    });
    violation('https://example.org/other'); // not ours
    violation(
      'https://dataplane.rum.us-west-2.amazonaws.com/appmonitors/x/',
      'connect-src',
      'report',
    );
    expect(rum.diagnose()!.problems).toEqual([]);
    violation('https://dataplane.rum.us-west-2.amazonaws.com/appmonitors/x/');
    violation('https://cognito-identity.us-east-1.amazonaws.com/');
    await settle();
    // (Clients of earlier tests still listen; theirs name only the data plane.)
    const csp = warns.mock.calls.filter((c) =>
      /Content-Security-Policy blocked.*cognito-identity/.test(c[0]),
    );
    expect(csp).toHaveLength(1);
    expect(csp[0][0]).toContain(
      'Add to the policy: connect-src https://dataplane.rum.us-west-2.amazonaws.com https://cognito-identity.us-east-1.amazonaws.com https://sts.us-west-2.amazonaws.com',
    );
    // The pool's region differs from the app monitor's: said once, beside the CSP problem.
    expect(
      rum
        .diagnose()!
        .problems.map((p) => [p.code, p.count])
        .sort(),
    ).toEqual([
      ['csp-blocked', 2],
      ['pool-region', 1],
    ]);
  });

  it('names the script-src origin when the CSP blocks one of its chunks', async () => {
    const { rum } = makeRum();
    violation('https://cdn.example.com/rum/cwr-perf.js', 'script-src-elem');
    await settle();
    expect(rum.diagnose()!.problems[0].message).toContain(
      'Add to the policy: script-src-elem https://cdn.example.com',
    );
  });

  it('says when cwr_c holds credentials of another app monitor, and suggests unique cookies', async () => {
    const { rum, store, clock } = makeRum({ signing: true, identityPoolId: 'us-west-2:pool' });
    store.set(
      'cwr_c',
      JSON.stringify({
        accessKeyId: 'A',
        secretAccessKey: 'B',
        appMonitorId: 'other-monitor',
        identityPoolId: 'us-west-2:pool',
      }),
    );
    rum.setAwsCredentials(async () => undefined);
    await clock.advance(5000);
    const [p] = rum.diagnose()!.problems.filter((x) => x.code === 'foreign-credentials');
    expect(p.message).toContain('cached for app monitor other-monitor');
    expect(p.message).toContain('cookieAttributes: { unique: true }');
  });

  it('diagnose() names the credential source and counts drops over the event limit', async () => {
    const { rum, clock } = makeRum({ signing: true, sessionEventLimit: 2 });
    rum.setAwsCredentials(CREDS);
    for (let i = 0; i < 4; i++) rum.recordEvent('n', {});
    await clock.advance(5000);
    const d = rum.diagnose()!;
    expect(d.credentials).toMatchObject({ available: true, source: 'setAwsCredentials' });
    expect(d.problems).toEqual([expect.objectContaining({ code: 'event-limit', count: 4 })]);
  });

  it('applies registerDomEvents made before the interaction chunk has loaded', async () => {
    document.body.innerHTML = '<button id="buy">buy</button>';
    const { rum, clock, sentTypes, net } = makeRum({ telemetries: ['interaction'] });
    rum.registerDomEvents([{ event: 'click', elementId: 'buy' }]);
    expect(errors).not.toHaveBeenCalled();
    await settle(); // the chunk arrives
    document.getElementById('buy')!.click();
    await clock.advance(5000);
    expect(sentTypes()).toContain('dom_event');
    const dom = net.requests
      .flatMap((r) => r.body.RumEvents)
      .find((e) => e.type.endsWith('dom_event'))!;
    expect(JSON.parse(dom.details)).toMatchObject({ event: 'click', elementId: 'buy' });
  });

  it('beforeSend scrubs or drops events before they are queued; one that throws drops (fail closed)', async () => {
    const seen: string[] = [];
    const { rum, clock, net } = makeRum({
      beforeSend: (e) => {
        seen.push(e.type);
        if (e.type === 'drop.me') return false;
        if (e.type === 'boom') throw new Error('scrubber bug');
        const details = e.details as { email?: string };
        return {
          details: { ...details, email: details.email ? '[redacted]' : undefined },
          metadata: { ...e.metadata, url: 'https://example.com/[path]', version: 'x' },
        };
      },
    });
    rum.recordEvent('keep.me', { email: 'a@b.c', n: 1 });
    rum.recordEvent('drop.me', { n: 2 });
    rum.recordEvent('boom', { n: 3 });
    rum.recordEvent('boom', { n: 4 });
    await clock.advance(5000);
    const sent = net.requests.flatMap((r) => r.body.RumEvents);
    expect(sent.map((e) => e.type)).toEqual([
      'com.amazon.rum.session_start_event',
      'com.amazon.rum.page_view_event',
      'keep.me',
    ]);
    const kept = sent[2];
    expect(JSON.parse(kept.details)).toEqual({ email: '[redacted]', n: 1 });
    // The hook may change metadata, but not the schema's required fields.
    expect(JSON.parse(kept.metadata)).toMatchObject({
      url: 'https://example.com/[path]',
      version: '1.0.0',
      domain: 'localhost',
    });
    expect(seen).toEqual([
      'com.amazon.rum.session_start_event',
      'com.amazon.rum.page_view_event',
      'keep.me',
      'drop.me',
      'boom',
      'boom',
    ]);
    expect(
      errors.mock.calls.filter((c) => /config.beforeSend threw \(scrubber bug\)/.test(c[0])),
    ).toHaveLength(1);
  });

  it('rejects a beforeSend that is not a function, naming the key', async () => {
    const { rum } = makeRum({ beforeSend: 'nope' as never });
    await settle();
    const message =
      'config.beforeSend must be a function (event) => event | false, got "nope"; it is ignored.';
    expect(warns).toHaveBeenCalledWith('[cwr] ' + message);
    expect(rum.diagnose()!.problems).toEqual([{ code: 'bad-option', message, count: 1 }]);
  });

  it('contains a plugin that throws in load, enable or disable, and keeps recording', async () => {
    const boom = (where: string) => () => {
      throw new Error(`plugin ${where}`);
    };
    const bad: Plugin = {
      getPluginId: () => 'bad',
      load: boom('load'),
      enable: boom('enable'),
      disable: boom('disable'),
    };
    let ctx: PluginContext | undefined;
    const flaky: Plugin = {
      getPluginId: () => 'flaky',
      load: (c) => (ctx = c),
      enable: boom('enable'),
      disable: boom('disable'),
    };
    const { rum, clock, sentTypes } = makeRum({ eventPluginsToLoad: [bad, flaky] });
    expect(() => rum.disable()).not.toThrow();
    expect(() => rum.enable()).not.toThrow();
    ctx!.record('from.plugin', { ok: true });
    rum.recordEvent('after.plugins', {});
    await clock.advance(5000);
    expect(sentTypes()).toEqual(
      expect.arrayContaining(['from.plugin', 'after.plugins', 'session_start_event']),
    );
    // Each failure is the plugin's, named as such; the other plugins were still enabled.
    expect(errors).toHaveBeenCalledWith('[cwr] plugin "bad" threw: plugin load.');
    expect(errors).toHaveBeenCalledWith('[cwr] plugin "flaky" threw: plugin enable.');
    expect(errors.mock.calls.some((c) => /internal error/.test(c[0]))).toBe(false);
  });
});
