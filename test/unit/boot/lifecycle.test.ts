import { resolveConfig } from '../../../src/boot/config';
import { startLifecycle } from '../../../src/boot/lifecycle';
import { memoryStore } from '../../../src/browser/storage';
import { createEventCache, type QueuedEvent } from '../../../src/domain/event-cache';
import type { Sessions } from '../../../src/domain/session';
import type { Dispatcher } from '../../../src/transport/dispatcher';
import { APP_ID, fakeClock, flushPromises } from '../fakes';

const ID = { a: '7c9e6679-7425-40de-944b-e07fc1f90ae7', b: '16fd2706-8baf-433b-82eb-8c7fada847da' };
const event = (name: 'a' | 'b'): QueuedEvent => ({
  event: { id: ID[name], timestamp: Date.now() / 1000, type: 'x.y', details: '{}', metadata: '{}' },
  sessionId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  userId: '00000000-0000-0000-0000-000000000000',
});
const setVisibility = (v: 'hidden' | 'visible') =>
  Object.defineProperty(document, 'visibilityState', { value: v, configurable: true });

const setup = () => {
  const config = resolveConfig('us-west-2', {}, () => undefined);
  const cache = createEventCache(config.eventCacheSize);
  const store = memoryStore();
  const calls: string[] = [];
  const dispatcher = {
    flushOnHide: jest.fn(async () => void calls.push('flushOnHide')),
    schedule: () => void calls.push('schedule'),
    restored: () => void calls.push('dispatcher.restored'),
  } as unknown as Dispatcher;
  const sessions = {
    persist: () => void calls.push('persist'),
    reread: () => void calls.push('reread'),
  } as unknown as Sessions;
  const blocked: string[] = [];
  const life = startLifecycle({
    appMonitorId: APP_ID,
    config,
    clock: fakeClock(),
    store,
    cache,
    dispatcher,
    sessions,
    hiding: () => void calls.push('hiding'),
    restored: () => void calls.push('view'),
    blocked: (uri, directive) => void blocked.push(`${directive} ${uri}`),
  });
  return { life, cache, store, calls, blocked };
};
afterEach(() => setVisibility('visible'));

describe('the page lifecycle of a client', () => {
  it('at hide: lets plugins record, saves the session, sends, and keeps what is left for the next page', async () => {
    const { life, cache, store, calls } = setup();
    cache.add(event('a'));
    cache.add(event('b'));
    setVisibility('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    await flushPromises();
    expect(calls).toEqual(['hiding', 'persist', 'flushOnHide']);
    expect(cache.size).toBe(0);
    expect(store.get('cwr_q_' + APP_ID)).toContain(ID.a);
    // Shown again: the backlog is taken back and sent from here.
    setVisibility('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(cache.takeAll().map((q) => q.event.id)).toEqual([ID.a, ID.b]);
    expect(calls.at(-1)).toBe('schedule');
    life.stop();
  });

  it('keeps sending from here when the page is shown again before the flush ends', async () => {
    const { life, cache, store } = setup();
    cache.add(event('a'));
    setVisibility('hidden');
    window.dispatchEvent(new Event('pagehide'));
    setVisibility('visible');
    await flushPromises();
    expect(cache.size).toBe(1);
    expect(store.get('cwr_q_' + APP_ID)).toBeFalsy();
    life.stop();
  });

  it('back from the back-forward cache: sending starts again, the session is read again, a view', () => {
    const { life, calls } = setup();
    const show = new Event('pageshow') as PageTransitionEvent;
    Object.defineProperty(show, 'persisted', { value: true });
    window.dispatchEvent(show);
    window.dispatchEvent(new Event('pageshow')); // (a first load: nothing)
    expect(calls).toEqual(['dispatcher.restored', 'reread', 'view']);
    life.stop();
  });

  it('reports an enforced CSP violation of an http URL, and stops listening on stop()', () => {
    const { life, blocked } = setup();
    const violation = (uri: string, disposition = 'enforce') => {
      const e = new Event('securitypolicyviolation');
      Object.assign(e, { blockedURI: uri, effectiveDirective: 'connect-src', disposition });
      document.dispatchEvent(e);
    };
    violation('https://dataplane.rum.us-west-2.amazonaws.com/x');
    violation('https://report.only/', 'report');
    violation('inline');
    life.stop();
    violation('https://after.stop/');
    expect(blocked).toEqual(['connect-src https://dataplane.rum.us-west-2.amazonaws.com/x']);
  });
});
