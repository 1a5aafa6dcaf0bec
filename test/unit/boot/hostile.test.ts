/**
 * The client against hostile page state, through the whole core (fake network and clock):
 * a corrupt saved backlog, storage that throws, polluted prototypes, hooks that record,
 * consent withdrawn before the start. Each case here once broke the client.
 */
import { createCore } from '../../../src/boot/core';
import { type KeyValueStore, memoryStore } from '../../../src/browser/storage';
import type { Plugin, PluginContext } from '../../../src/plugins/plugin';
import { CREDS, makeRum } from '../core-harness';
import { APP_ID, fakeClock, fakeFetch, flushPromises } from '../fakes';

const QUEUE_KEY = `cwr_q_${APP_ID}`;
let errors: jest.SpyInstance;
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  jest.spyOn(console, 'debug').mockImplementation(() => undefined);
  history.replaceState(null, '', '/');
});
afterEach(() => jest.restoreAllMocks());

const hide = async (clock: ReturnType<typeof fakeClock>) => {
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
  await clock.advance(0);
  delete (document as { visibilityState?: string }).visibilityState;
};

/** A saved backlog of `n` valid events of one session, as an earlier page writes it. */
const backlog = (n: number, sessionId = '0f8fad5b-d9cb-469f-a165-70867728950e') =>
  JSON.stringify({
    v: 1,
    m: ['{"version":"1.0.0","domain":"localhost"}'],
    e: Array.from({ length: n }, (_, i) => [
      sessionId,
      '00000000-0000-0000-0000-000000000000',
      `7c9e6679-7425-40de-944b-${String(i).padStart(12, '0')}`,
      Date.now() / 1000,
      'saved',
      `{"i":${i}}`,
      0,
    ]),
  });

describe('a corrupt saved backlog (cwr_q_<id>)', () => {
  it.each([['{"v":1,"m":[],"e":[null]}'], ['{"v":1,"e":[[null,null]]}'], ['{'], ['[1,2]']])(
    '%p is discarded once; the start goes on and later events are sent',
    async (raw) => {
      const store = memoryStore({ [QUEUE_KEY]: raw });
      const { rum, clock, sentTypes } = makeRum({}, { store });
      rum.recordEvent('after', {});
      await clock.advance(5000);
      expect(sentTypes()).toEqual(['session_start_event', 'page_view_event', 'after']);
      expect(store.get(QUEUE_KEY)).toBeNull();
      expect(rum.getSessionId()).toBeDefined();
    },
  );

  it('at page hide, events that cannot be saved stay queued: no rejection, none lost', async () => {
    const throwing: KeyValueStore = {
      get: () => '{"v":1,"m":[],"e":[null]}',
      set: () => {
        throw new Error('QuotaExceededError');
      },
      remove: () => undefined,
    };
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      // No credentials yet: the hide flush cannot send, so all goes to storage, which throws.
      const { rum, clock, net } = makeRum({ signing: true }, { store: throwing });
      rum.recordEvent('kept', {});
      await hide(clock);
      await flushPromises();
      expect(unhandled).not.toHaveBeenCalled();
      expect(net.requests).toHaveLength(0);
      // Still queued: sent once the page is back and credentials arrive.
      rum.setAwsCredentials(CREDS);
      await rum.dispatch();
      expect(net.requests.flatMap((r) => r.body.RumEvents).map((e) => e.type)).toContain('kept');
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('a restored backlog keeps to eventCacheSize and to the session event limit', async () => {
    const store = memoryStore({ [QUEUE_KEY]: backlog(5000) });
    const { clock, net, sentEvents } = makeRum(
      { eventCacheSize: 1000, sessionEventLimit: 200 },
      { store },
    );
    await clock.advance(60_000);
    const saved = sentEvents().filter((e) => e.type === 'saved');
    expect(saved).toHaveLength(200);
    expect(net.requests.length).toBeLessThanOrEqual(4);
  });
});

describe('hooks that record events', () => {
  it('a beforeSend that records an event for every event keeps to the limit, without recursion', async () => {
    const ref: { rum?: ReturnType<typeof makeRum>['rum'] } = {};
    const made = makeRum({
      sessionEventLimit: 200,
      beforeSend: (e) => {
        ref.rum?.recordEvent('from.hook', {});
        return e;
      },
    });
    const rum = (ref.rum = made.rum);
    for (let i = 0; i < 50; i++) rum.recordEvent('app', { i });
    await made.clock.advance(60_000);
    const sent = made.sentEvents();
    expect(sent.length).toBeLessThanOrEqual(200);
    expect(sent.filter((e) => e.type === 'app')).toHaveLength(50);
    // Each app event's hook recorded one; the hooks of those recorded none.
    expect(sent.filter((e) => e.type === 'from.hook').length).toBeGreaterThanOrEqual(50);
    expect(rum.diagnose()!.session.eventsRecorded).toBe(sent.length);
    expect(errors.mock.calls.some((c) => /internal error|Maximum call stack/.test(c[0]))).toBe(
      false,
    );
  });

  it('with no event limit, a recording hook still ends', async () => {
    const ref: { rum?: ReturnType<typeof makeRum>['rum'] } = {};
    const made = makeRum({
      sessionEventLimit: 0,
      beforeSend: (e) => (ref.rum?.recordEvent('from.hook', {}), e),
    });
    const rum = (ref.rum = made.rum);
    rum.recordEvent('app', {});
    await made.clock.advance(10_000);
    expect(made.sentEvents().filter((e) => e.type === 'from.hook')).toHaveLength(
      made.sentEvents().filter((e) => e.type !== 'from.hook').length,
    );
  });
});

describe('polluted prototypes', () => {
  const POLLUTED = {
    endpoint: 'https://evil.example/',
    fetchFunction: jest.fn(),
    signing: false,
    sessionSampleRate: 0,
    telemetries: ['nope'],
    headers: { 'x-evil': '1' },
    pageId: '/evil',
    sessionId: '11111111-1111-4111-8111-111111111111',
    details: { evil: true },
    metadata: { evil: 'yes' },
    c: { endpoint: 'https://evil.example/' },
  };
  const pollute = () => {
    for (const [k, v] of Object.entries(POLLUTED))
      Object.defineProperty(Object.prototype, k, { value: v, configurable: true, writable: true });
  };
  const clean = () => {
    for (const k of Object.keys(POLLUTED)) delete (Object.prototype as Record<string, unknown>)[k];
  };

  it('config, options and commands read own properties only', async () => {
    pollute();
    try {
      const { rum, clock, net, sentEvents } = makeRum({ beforeSend: (e) => ({ ...e }) });
      rum.recordPageView({ pageId: '/mine' });
      rum.startSession({});
      rum.recordEvent('after', { a: 1 });
      await clock.advance(10_000);
      expect(POLLUTED.fetchFunction).not.toHaveBeenCalled();
      expect(net.requests.length).toBeGreaterThan(0);
      for (const r of net.requests) {
        expect(r.url.startsWith('https://dataplane.rum.us-west-2.amazonaws.com/')).toBe(true);
        expect(new Headers(r.init.headers).get('x-evil')).toBeNull();
      }
      const events = sentEvents();
      expect(events.map((e) => e.type)).toContain('after');
      expect(events.some((e) => e.details.includes('evil') || e.metadata.includes('evil'))).toBe(
        false,
      );
      expect(events.some((e) => JSON.parse(e.metadata).pageId === '/evil')).toBe(false);
      expect(rum.getSessionId()).not.toBe(POLLUTED.sessionId);
    } finally {
      clean();
    }
  });
});

describe('consent (disable / enable)', () => {
  /** The snippet's order: commands queued before the load (disable) run before start(). */
  const snippetCore = () => {
    const clock = fakeClock();
    const net = fakeFetch();
    const core = createCore(
      APP_ID,
      '1',
      'us-west-2',
      { signing: false, telemetries: [] },
      'arw-script',
      { clock, fetch: net.fetch, store: memoryStore(), idle: (fn) => clock.setTimeout(fn, 0) },
    );
    const sent = () =>
      net.requests
        .flatMap((r) => r.body.RumEvents)
        .map((e) => ({
          type: e.type.replace('com.amazon.rum.', ''),
          page: JSON.parse(e.metadata).pageId,
        }));
    return { core, clock, sent };
  };

  it('disabled before the start, then a route change, then enable: session start and the current page view', async () => {
    const { core, clock, sent } = snippetCore();
    core.disable();
    core.start();
    history.pushState(null, '', '/secret-page');
    core.recordEvent('while.off', {});
    await clock.advance(10_000);
    expect(sent()).toEqual([]);
    core.enable();
    core.recordEvent('after', {});
    await clock.advance(10_000);
    expect(sent()).toEqual([
      { type: 'session_start_event', page: '/secret-page' },
      { type: 'page_view_event', page: '/secret-page' },
      { type: 'after', page: '/secret-page' },
    ]);
  });

  it('a session started while disabled (getSessionId) gets its session_start on enable', async () => {
    const { rum, clock, sentTypes } = makeRum({}, { idle: () => undefined });
    rum.disable();
    const id = rum.getSessionId();
    history.pushState(null, '', '/elsewhere');
    rum.enable();
    await clock.advance(10_000);
    expect(rum.getSessionId()).toBe(id);
    expect(sentTypes()).toEqual(['session_start_event', 'page_view_event']);
  });

  it('after a page view, a route change while disabled is recorded on enable, once', async () => {
    const { rum, clock, sentTypes, sentEvents } = makeRum();
    await clock.advance(5000);
    rum.disable();
    history.pushState(null, '', '/a');
    history.pushState(null, '', '/b');
    rum.enable();
    rum.enable();
    await clock.advance(5000);
    expect(sentTypes()).toEqual(['session_start_event', 'page_view_event', 'page_view_event']);
    expect(JSON.parse(sentEvents()[2].details).pageId).toBe('/b');
  });

  it('tells plugins when the client was disabled, so they drop what was observed then', async () => {
    let ctx: PluginContext | undefined;
    const plugin: Plugin = {
      getPluginId: () => 'probe',
      load: (c) => (ctx = c),
      enable: () => undefined,
      disable: () => undefined,
    };
    const { rum, clock } = makeRum({ eventPluginsToLoad: [plugin] });
    await clock.advance(5000);
    const beforeOff = performance.now();
    rum.disable();
    const during = performance.now();
    await new Promise((r) => setTimeout(r, 5));
    rum.enable();
    const after = performance.now() + 1;
    expect(ctx!.disabledAt!(beforeOff - 1)).toBe(false);
    expect(ctx!.disabledAt!(during)).toBe(true);
    expect(ctx!.disabledAt!(after)).toBe(false);
  });

  it('disabled before it started: the page load itself counts as observed while disabled', () => {
    const { core } = snippetCore();
    let ctx: PluginContext | undefined;
    core.disable();
    core.addPlugin({
      getPluginId: () => 'probe',
      load: (c) => (ctx = c),
      enable: () => undefined,
      disable: () => undefined,
    });
    core.start();
    core.enable();
    expect(ctx!.disabledAt!(0)).toBe(true);
    expect(ctx!.disabledAt!(performance.now() + 1)).toBe(false);
  });
});
