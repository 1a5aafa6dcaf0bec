import { APP_ID, fakeFetch, flushPromises } from '../fakes';
import { UUID_RE } from '../../../src/domain/rules';
import { NIL_UUID } from '../../../src/tools/ids';

type Cwr = (name: unknown, payload?: unknown) => unknown;
interface SnippetGlobal {
  q: { c: unknown; p: unknown }[];
  n: string;
  i: unknown;
  v: string;
  r: string;
  c?: unknown;
  u?: string;
}
const w = window as unknown as Record<string, unknown> & { AwsRumClient?: SnippetGlobal };
const cwr: Cwr = (name, payload) => (w.cwr as Cwr)(name, payload);

const originalPush = history.pushState;
const originalReplace = history.replaceState;

/** What the loader snippet leaves behind before cwr.js has loaded. */
const snippet = (over: Partial<SnippetGlobal> = {}, config: Record<string, unknown> = {}) => {
  const x: SnippetGlobal = {
    q: [],
    n: 'cwr',
    i: APP_ID,
    v: '1.0.0',
    r: 'us-west-2',
    c: {
      signing: false,
      dispatchInterval: 100,
      telemetries: [],
      endpoint: 'https://example.com',
      ...config,
    },
    u: undefined,
    ...over,
  };
  w.AwsRumClient = x;
  const stub = function (c: unknown, p: unknown) {
    x.q.push({ c, p });
  };
  w[x.n] = stub;
  return { x, stub };
};

/** bootFromSnippet from a fresh copy of the modules (the logger and History wrapper keep state). */
const boot = () => {
  jest.isolateModules(() => {
    (
      jest.requireActual('../../../src/cdn/boot') as typeof import('../../../src/cdn/boot')
    ).bootFromSnippet();
  });
};

let net: ReturnType<typeof fakeFetch>;
let errors: jest.SpyInstance;
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  jest.spyOn(console, 'info').mockImplementation(() => undefined);
  net = fakeFetch();
  w.fetch = net.fetch; // jsdom has no fetch; the client takes window.fetch when it boots
  localStorage.clear();
});
afterEach(() => {
  if (typeof w.cwr === 'function') cwr('disable'); // later tests must not hear this client
  delete w.AwsRumClient;
  delete w.cwr;
  delete w.fetch;
  history.pushState = originalPush;
  history.replaceState = originalReplace;
  jest.restoreAllMocks();
});

const sent = () => net.requests.flatMap((r) => r.body.RumEvents);
const types = () => sent().map((e) => e.type.replace('com.amazon.rum.', ''));

describe('bootFromSnippet', () => {
  it('runs the queued commands in order, before its own start', async () => {
    const { stub } = snippet();
    stub('addSessionAttributes', { plan: 'pro' });
    stub('recordEvent', { type: 'first', data: { n: 1 } });
    stub('recordPageView', '/manual');
    stub('recordError', new TypeError('queued'));
    stub('recordEvent', { type: 'second', data: { n: 2 }, metadata: { extra: true } });
    boot();
    expect(w.AwsRumClient!.q).toHaveLength(0);
    await cwr('dispatch');
    expect(net.requests).toHaveLength(1);
    const { url, body } = net.requests[0];
    expect(url).toBe(`https://example.com/appmonitors/${APP_ID}/`);
    expect(body.AppMonitorDetails).toEqual({ id: APP_ID, version: '1.0.0' });
    expect(types()).toEqual([
      'session_start_event',
      'page_view_event',
      'first',
      'page_view_event',
      'js_error_event',
      'second',
    ]);
    const events = sent();
    expect(JSON.parse(events[3].details).pageId).toBe('/manual');
    expect(JSON.parse(events[4].details)).toMatchObject({ type: 'TypeError', message: 'queued' });
    expect(JSON.parse(events[2].metadata)).toMatchObject({
      plan: 'pro',
      'aws:client': 'arw-script',
    });
    expect(JSON.parse(events[5].metadata)).toMatchObject({ plan: 'pro', extra: true });
    expect(errors).not.toHaveBeenCalled();
  });

  it('sends on the dispatchInterval from the snippet config', async () => {
    const { stub } = snippet();
    stub('recordEvent', { type: 'timed', data: {} });
    boot();
    expect(net.requests).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(types()).toEqual(['session_start_event', 'page_view_event', 'timed']);
  });

  it('starts the session and first page view itself when nothing was queued', async () => {
    snippet();
    boot();
    await cwr('dispatch');
    expect(types()).toEqual(['session_start_event', 'page_view_event']);
  });

  it('replaces window.cwr with a live function, and keeps the old stub working', async () => {
    const { stub } = snippet();
    boot();
    expect(w.cwr).not.toBe(stub);
    cwr('recordEvent', { type: 'via_cwr', data: {} });
    stub('recordEvent', { type: 'via_old_stub', data: {} });
    await cwr('dispatch');
    expect(types().slice(-2)).toEqual(['via_cwr', 'via_old_stub']);
  });

  it('answers getSessionId and getUserId through cwr', () => {
    snippet();
    boot();
    const sessionId = cwr('getSessionId');
    expect(typeof sessionId).toBe('string');
    expect(sessionId).toMatch(UUID_RE);
    expect(cwr('getSessionId')).toBe(sessionId);
    expect(cwr('getUserId')).toBe(NIL_UUID);
  });

  it('reports an unknown command with one console error listing the known ones, without throwing', async () => {
    const { stub } = snippet();
    stub('recordEvnt', { type: 'x', data: {} });
    stub('recordEvent', { type: 'still_runs', data: {} });
    boot();
    // (In the diagnostics chunk's words, a moment later.)
    await flushPromises();
    expect(errors).toHaveBeenCalledTimes(1);
    const msg = errors.mock.calls[0][0] as string;
    expect(msg).toMatch(/^\[cwr\] unknown command "recordEvnt"\. Known commands: /);
    // The commands are the core's methods but its wiring: exactly these, in this order.
    expect(msg.split('Known commands: ')[1]).toBe(
      'recordPageView, pageLoaded, recordError, recordEvent, addSessionAttributes, setAwsCredentials, ' +
        'allowCookies, enable, disable, dispatch, dispatchBeacon, addPlugin, registerDomEvents, ' +
        'getSessionId, getUserId, pinSessionId, pinUserId, startSession, setEventMetadataHook, ' +
        'clearEventMetadataHook, clearCookies, diagnose.',
    );
    for (const wiring of ['start', 'record', 'problem', 'shutdown', 'config']) {
      errors.mockClear();
      cwr(wiring);
      await flushPromises();
      expect(errors.mock.calls[0]?.[0]).toContain(`unknown command "${wiring}"`);
    }
    errors.mockClear();
    expect(() => cwr('toString')).not.toThrow();
    expect(() => cwr(42)).not.toThrow();
    await flushPromises();
    expect(errors).toHaveBeenCalledTimes(2);
    expect(errors.mock.calls[1][0]).toContain('unknown command of type number');
    expect(errors.mock.calls[0][0]).toContain('unknown command "toString"');
    await cwr('dispatch');
    expect(types()).toContain('still_runs');
  });

  it('contains a command that throws', () => {
    snippet();
    boot();
    const bad = {
      getPluginId: () => {
        throw new Error('plugin bug');
      },
      load: () => undefined,
    };
    expect(() => cwr('addPlugin', bad)).not.toThrow();
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/internal error.*plugin bug/s));
  });

  it.each([
    ['missing', undefined],
    ['without a queue', { n: 'cwr', i: APP_ID, v: '1', r: 'us-west-2' }],
    ['without a namespace', { q: [], i: APP_ID, v: '1', r: 'us-west-2' }],
  ])('logs an error when window.AwsRumClient is %s', async (_what, global) => {
    w.AwsRumClient = global as SnippetGlobal | undefined;
    expect(boot).not.toThrow();
    await flushPromises();
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][0]).toContain('window.AwsRumClient is missing or malformed');
    expect(net.fetch).not.toHaveBeenCalled();
  });

  it('disables itself, without throwing, for an app monitor id that cannot be one', async () => {
    const { stub } = snippet({ i: 'not a uuid!' });
    stub('recordEvent', { type: 'x', data: {} });
    expect(boot).not.toThrow();
    await flushPromises();
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][0]).toContain('the app monitor id must be a UUID');
    expect(errors.mock.calls[0][0]).toContain('"not a uuid!"');
    expect(() => cwr('recordEvent', { type: 'y', data: {} })).not.toThrow();
    expect(cwr('getSessionId')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 150));
    expect(net.fetch).not.toHaveBeenCalled();
  });

  it('uses the namespace the snippet chose', async () => {
    const { stub } = snippet({ n: 'myRum' });
    stub('recordEvent', { type: 'named', data: {} });
    boot();
    expect(w.myRum).not.toBe(stub);
    await (w.myRum as Cwr)('dispatch');
    expect(types()).toContain('named');
    (w.myRum as Cwr)('disable');
    delete w.myRum;
  });

  it('waits for consent: disable queued before load, then enable, still sends session_start and the page view', async () => {
    const { x } = snippet();
    x.q.push({ c: 'disable', p: undefined });
    boot();
    await cwr('dispatch');
    expect(sent()).toHaveLength(0);
    cwr('enable');
    cwr('recordEvent', { type: 'after.consent', data: {} });
    await cwr('dispatch');
    expect(types()).toEqual(['session_start_event', 'page_view_event', 'after.consent']);
  });

  it('skips a queue item that is not a command object', async () => {
    const { x } = snippet();
    (x.q as unknown[]).push(null, 42, { c: 'recordEvent', p: { type: 'ok', data: {} } });
    expect(() => boot()).not.toThrow();
    await cwr('dispatch');
    expect(types()).toContain('ok');
  });
});
