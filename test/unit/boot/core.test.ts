/**
 * The wiring of one client (boot/core.ts through the npm class): an event recorded by the API
 * reaches the wire; the config reaches the dispatcher, the signer and the plugins; the start,
 * the page's lifecycle and consent drive every step. What each step does on its own is in its
 * spec: assembly, views, send, plugins, lifecycle, problems and config in this folder, and the
 * transport's in ../transport/.
 */
import { makeRum, CREDS } from '../core-harness';
import { APP_ID, flushPromises, response } from '../fakes';
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
/** The page hides, for real as far as the client can tell. */
const hide = () => {
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
};
const show = () => delete (document as { visibilityState?: string }).visibilityState;

describe('the orchestrator: an event from the API to the wire', () => {
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
    // Session-wide metadata is said once per batch (transport/wire.ts), times in whole seconds.
    expect(JSON.parse(body.SessionMetadata as string)).toMatchObject({ domain: 'localhost' });
    const raw = JSON.parse(init.body as string) as { RumEvents: { metadata: string }[] };
    expect(JSON.parse(raw.RumEvents[1].metadata)).not.toHaveProperty('domain');
    for (const e of body.RumEvents as unknown as { timestamp: number }[])
      expect(Number.isInteger(e.timestamp)).toBe(true);
    expect(JSON.parse(body.RumEvents[1].details)).toEqual({
      version: '1.0.0',
      pageId: '/',
      interaction: 0,
      pageInteractionId: '/-0',
    });
  });

  it('signs with app-supplied credentials, and waits for them when there are none', async () => {
    const { rum, clock, net } = makeRum({ signing: true });
    await clock.advance(5000);
    expect(net.requests).toHaveLength(0);
    expect(warns.mock.calls.filter((c) => /no AWS credentials/.test(c[0]))).toHaveLength(1);
    rum.setAwsCredentials(CREDS);
    await clock.advance(5000);
    expect(net.requests).toHaveLength(1);
    expect((net.requests[0].init.headers as Record<string, string>).authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\//,
    );
    expect(rum.diagnose()!.credentials).toMatchObject({
      available: true,
      source: 'setAwsCredentials',
    });
  });

  it('at hide, lets a telemetry record what it held back (beforeHide), then flushes by presigned beacon', async () => {
    const { rum, clock, net, beacons } = makeRum({ signing: true });
    rum.setAwsCredentials(CREDS);
    await rum.dispatch();
    let context: PluginContext | undefined;
    let calls = 0;
    rum.addPlugin({
      getPluginId: () => 'held',
      load: (c) => void (context = c),
      enable: () => undefined,
      disable: () => undefined,
      beforeHide: () => void (calls++, context!.record('held', { at: 'hide' })),
    });
    for (let i = 0; i < 3; i++) rum.recordEvent('late', { i });
    await clock.advance(10); // the signer chunk is loaded
    hide();
    await clock.advance(0);
    show();
    expect(calls).toBe(1);
    expect(net.requests).toHaveLength(1);
    expect(beacons).toHaveLength(1);
    const u = new URL(beacons[0].url);
    expect(u.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(u.searchParams.get('X-Amz-Security-Token')).toBe('token');
    const sent = JSON.parse(beacons[0].body).RumEvents as { type: string }[];
    expect(sent.map((e) => e.type)).toEqual(['late', 'late', 'late', 'held']);
  });

  it('tells telemetries about each new view (before, with the old view current; after) and pageLoaded()', async () => {
    const { rum } = makeRum();
    await rum.dispatch();
    let context: PluginContext | undefined;
    const calls: string[] = [];
    const pageNow = () => {
      let id = '';
      // The metadata of an event recorded now names the view it belongs to.
      rum.setEventMetadataHook((_t, _d, m) => ((id = String(m.pageId)), m));
      context!.record('probe', {});
      rum.clearEventMetadataHook();
      return id;
    };
    rum.addPlugin({
      getPluginId: () => 'views',
      load: (c) => void (context = c),
      enable: () => undefined,
      disable: () => undefined,
      beforeView: (route) => void calls.push(`before ${route} ${pageNow()}`),
      afterView: (route) => void calls.push(`after ${route} ${pageNow()}`),
      pageLoaded: () => void calls.push('loaded'),
    } as Plugin);
    history.pushState(null, '', '/next');
    rum.recordPageView('/manual');
    rum.recordPageView('/manual'); // the view events are of already: no new view
    rum.pageLoaded();
    expect(calls).toEqual([
      'before true /',
      'after true /next',
      'before true /next',
      'after true /manual',
      'loaded',
    ]);
    rum.disable();
    rum.pageLoaded();
    expect(calls).toHaveLength(5);
  });

  it('leaves the session and first page view for idle time, unless an event comes first', async () => {
    const idleQueue: (() => void)[] = [];
    const { rum, sentTypes } = makeRum({}, { idle: (fn) => void idleQueue.push(fn) });
    expect(idleQueue).toHaveLength(1);
    rum.recordEvent('early', {}); // before the page was idle: the start finishes first
    idleQueue[0](); // and the idle callback then has nothing left to do
    await rum.dispatch();
    expect(sentTypes()).toEqual(['session_start_event', 'page_view_event', 'early']);
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
    // One read of document.cookie (a task's reads are one), however many cookies the start
    // looked at.
    expect(get.mock.calls.length).toBe(1);
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

  it('records page views on History API changes, and none automatically with disableAutoPageView', async () => {
    const auto = makeRum({ pageIdFormat: 'PATH_AND_HASH', pagesToExclude: [/\/private/] });
    history.pushState(null, '', '/a#x');
    history.pushState(null, '', '/private');
    history.replaceState(null, '', '/b');
    await auto.clock.advance(5000);
    const views = auto
      .sentEvents()
      .filter((e) => e.type.endsWith('page_view_event'))
      .map((e) => JSON.parse(e.details).pageId);
    expect(views).toEqual(['/', '/a#x', '/b']);
    history.replaceState(null, '', '/');
    const manual = makeRum({ disableAutoPageView: true });
    history.pushState(null, '', '/x');
    manual.rum.recordPageView({ pageId: '/manual', pageTags: ['t'] });
    manual.rum.recordEvent('e', {});
    await manual.clock.advance(5000);
    expect(manual.sentTypes()).toEqual(['session_start_event', 'page_view_event', 'e']);
    expect(JSON.parse(manual.sentEvents()[2].metadata)).toMatchObject({ pageId: '/manual' });
  });

  it("groups page ids with the app's urlNormalizer; one that throws keeps the id, said once", async () => {
    const { rum, clock, sentEvents } = makeRum({
      urlNormalizer: (url: string) => {
        if (url.startsWith('/bad')) throw new Error('no rule');
        return url.replace(/\/\d+$/, '/:n');
      },
    });
    history.pushState(null, '', '/items/42');
    history.pushState(null, '', '/bad/1');
    history.pushState(null, '', '/bad/2');
    rum.recordEvent('e', {});
    await clock.advance(5000);
    await settle();
    const views = sentEvents().filter((e) => e.type.endsWith('page_view_event'));
    expect(views.map((e) => JSON.parse(e.details).pageId)).toEqual([
      '/',
      '/items/:n',
      '/bad/1',
      '/bad/2',
    ]);
    const said = warns.mock.calls.filter((c) => /config\.urlNormalizer/.test(c[0]));
    expect(said).toHaveLength(1);
    expect(said[0][0]).toMatch(/threw \(no rule\) for \/bad\/1; the URL is kept/);
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

  it('checks what the commands are given: event types, host-managed ids (UUIDs only)', async () => {
    const { rum, clock, sentEvents } = makeRum();
    rum.recordEvent('bad type!', {});
    rum.recordEvent('good', { a: 1 }, { extra: true });
    await clock.advance(5000);
    expect(sentEvents().map((e) => e.type)).toContain('good');
    expect(JSON.parse(sentEvents().find((e) => e.type === 'good')!.metadata)).toMatchObject({
      extra: true,
    });
    const before = rum.getSessionId();
    rum.pinSessionId('host-session');
    rum.pinUserId('host-user');
    rum.startSession({ sessionId: 'second' });
    expect(rum.getSessionId()).toBe(before);
    expect(rum.getUserId()).not.toBe('host-user');
    await settle(); // (the words are in the diagnostics chunk)
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining('recordEvent: the type must match'),
    );
    for (const what of ['pinSessionId', 'pinUserId', 'startSession sessionId'])
      expect(errors).toHaveBeenCalledWith(expect.stringContaining(`${what} needs a UUID`));
    const session = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const [user, second] = [
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

  it('loads plugins from eventPluginsToLoad and addPlugin, with a working context and the config without credentials', async () => {
    const contexts: PluginContext[] = [];
    const plugin = (id: string): Plugin => ({
      getPluginId: () => id,
      load: (ctx) => void contexts.push(ctx),
      enable: jest.fn(),
      disable: jest.fn(),
    });
    const first = plugin('first');
    const { rum, clock, sentEvents } = makeRum({
      eventPluginsToLoad: [first],
      credentials: CREDS,
      signing: true,
      sessionSampleRate: 1,
      beforeSend: (e: { type: string }) => (e.type === 'drop.me' ? null : e),
    } as never);
    rum.addPlugin(plugin('second'));
    expect(contexts.map((c) => c.applicationId)).toEqual([APP_ID, APP_ID]);
    expect(contexts[0].config).toMatchObject({ signing: true, sessionSampleRate: 1 });
    expect(contexts[0].config).not.toHaveProperty('credentials');
    expect(JSON.stringify(contexts[0].config)).not.toContain(CREDS.secretAccessKey);
    const id = contexts[1].record('com.amazon.rum.js_error_event', {
      version: '1.0.0',
      type: 'E',
      message: 'm',
    });
    // The id of an event it recorded, and nothing for one that was not queued.
    expect(typeof id).toBe('string');
    expect(contexts[1].record('drop.me', { a: 2 })).toBeUndefined();
    expect(contexts[0].getSession()).toMatchObject({ record: true, sessionId: rum.getSessionId() });
    rum.disable();
    expect(first.disable).toHaveBeenCalled();
    expect(contexts[0].record('while.off', {})).toBeUndefined();
    rum.enable();
    expect(first.enable).toHaveBeenCalled();
    await clock.advance(5000);
    expect(sentEvents().find((e) => e.type === 'com.amazon.rum.js_error_event')!.id).toBe(id);
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
    expect(d.problems.map((p) => [p.code, p.count]).sort()).toEqual([
      ['event-limit', 4],
      ['region-mismatch', 1],
    ]);
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

  it('names the script-src origin when the CSP blocks one of its chunks', async () => {
    const { rum } = makeRum();
    const e = new Event('securitypolicyviolation');
    Object.assign(e, {
      blockedURI: 'https://cdn.example.com/rum/cwr-perf.js',
      effectiveDirective: 'script-src-elem',
      disposition: 'enforce',
    });
    document.dispatchEvent(e);
    await settle();
    expect(rum.diagnose()!.problems[0].message).toContain(
      'Add to the policy: script-src-elem https://cdn.example.com',
    );
  });
});
