import { createAssembly } from '../../../src/boot/assembly';
import { resolveConfig, type AwsRumConfig } from '../../../src/boot/config';
import { createProblems } from '../../../src/boot/problems';
import { createViews } from '../../../src/boot/views';
import { createCookieJar } from '../../../src/browser/cookies';
import { createEventCache } from '../../../src/domain/event-cache';
import { createSessions } from '../../../src/domain/session';
import * as diagnostics from '../../../src/lazy/diagnostics';
import { createLogger } from '../../../src/tools/logger';
import { fakeClock } from '../fakes';

// An event's last steps (boot/assembly.ts) and the page views (boot/views.ts), composed as the
// core composes them, with a real session over jsdom's cookies and a fake clock.
const setup = (options: AwsRumConfig = {}, random = () => 0) => {
  const config = resolveConfig('us-west-2', { telemetries: [], ...options }, () => undefined);
  const clock = fakeClock();
  const log = createLogger(() => false);
  const problems = createProblems(
    log,
    () => Promise.resolve(diagnostics),
    () => ({
      appMonitorId: 'a',
      region: 'us-west-2',
      endpoint: 'https://x/',
    }),
  );
  const cache = createEventCache(config.eventCacheSize);
  let open = true;
  const added = jest.fn();
  const sessions = createSessions(
    {
      ...config,
      sessionCookie: 'cwr_s',
      userCookie: 'cwr_u',
    },
    clock,
    createCookieJar(config.cookieAttributes),
    () => undefined,
    random,
    log,
  );
  const views = createViews(
    config,
    clock,
    sessions,
    problems.say,
    () => assembly,
    () => open,
  );
  const assembly = createAssembly({
    config,
    client: 'test',
    clock,
    sessions,
    cache,
    problems,
    log,
    open: () => open && views.allowed(),
    here: views.here,
    added,
  });
  const take = () =>
    cache.takeAll().map((q) => ({
      type: q.event.type,
      details: JSON.parse(q.event.details),
      metadata: JSON.parse(q.event.metadata),
    }));
  return { assembly, views, sessions, cache, clock, added, take, close: () => (open = false) };
};
let warns: jest.SpyInstance;
let errors: jest.SpyInstance;
beforeEach(() => {
  document.cookie = 'cwr_s=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  history.replaceState(null, '', '/');
  document.title = 'Home';
  warns = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('assembly: the gates, the metadata and the hooks', () => {
  it('queues an event of a sampled session with the page’s metadata, and counts it', () => {
    const { assembly, sessions, added, take } = setup();
    const s = sessions.get();
    const id = assembly.push(s, 'my.event', { a: 1 });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(added).toHaveBeenCalledTimes(1);
    expect(s.eventCount).toBe(1);
    const [e] = take();
    expect(e).toMatchObject({ type: 'my.event', details: { a: 1 } });
    expect(e.metadata).toMatchObject({
      version: '1.0.0',
      pageId: '/',
      title: 'Home',
      'aws:client': 'test',
    });
  });

  it('queues nothing for a session sampled out, or when closed', () => {
    const out = setup({ sessionSampleRate: 0.5 }, () => 0.9);
    expect(out.assembly.push(out.sessions.get(), 'x', {})).toBeUndefined();
    const closed = setup();
    closed.close();
    expect(closed.assembly.push(closed.sessions.get(), 'x', {})).toBeUndefined();
    expect(out.cache.size + closed.cache.size).toBe(0);
  });

  it('stops at sessionEventLimit and counts what it dropped', () => {
    const { assembly, sessions, cache } = setup({ sessionEventLimit: 2 });
    const s = sessions.get();
    for (let i = 0; i < 5; i++) assembly.push(s, 'n', { i });
    expect(cache.size).toBe(2);
    expect(assembly.droppedOverLimit()).toBe(3);
  });

  it('drops a custom event over 6 KB, and one whose data is not JSON, each with a message', async () => {
    const { assembly, sessions, cache } = setup();
    const s = sessions.get();
    assembly.push(s, 'big', { v: 'x'.repeat(7000) });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assembly.push(s, 'cyclic', cyclic);
    // (A built-in event may be larger: rrweb's are.)
    assembly.push(s, 'com.amazon.rum.rrweb_event', { v: 'x'.repeat(7000) });
    expect(cache.size).toBe(1);
    await settle();
    expect(warns.mock.calls.map((c) => c[0])).toEqual([
      '[cwr] event big was dropped: its details and metadata exceed 6144 bytes.',
      expect.stringMatching(
        /^\[cwr\] event cyclic was dropped: its data cannot be turned into JSON/,
      ),
    ]);
  });

  it('builds the metadata once per change: a new title is seen within 250 ms', async () => {
    const { assembly, sessions, clock, take } = setup();
    const s = sessions.get();
    assembly.push(s, 'a', {});
    document.title = 'Renamed';
    assembly.push(s, 'b', {});
    await clock.advance(251);
    assembly.push(s, 'c', {});
    expect(take().map((e) => e.metadata.title)).toEqual(['Home', 'Home', 'Renamed']);
  });

  it('lets beforeSend scrub or drop, keeps version and domain the client’s, and fails closed', async () => {
    const { assembly, sessions, take } = setup({
      beforeSend: (e) =>
        e.type === 'drop'
          ? null
          : e.type === 'boom'
            ? (() => {
                throw new Error('bug');
              })()
            : {
                ...e,
                details: { scrubbed: true },
                metadata: { ...e.metadata, version: '9', extra: 'y' },
              },
    });
    const s = sessions.get();
    assembly.push(s, 'keep', { secret: 1 });
    assembly.push(s, 'drop', {});
    assembly.push(s, 'boom', {});
    assembly.push(s, 'boom', {});
    const sent = take();
    expect(sent.map((e) => e.type)).toEqual(['keep']);
    expect(sent[0].details).toEqual({ scrubbed: true });
    expect(sent[0].metadata).toMatchObject({ version: '1.0.0', domain: 'localhost', extra: 'y' });
    await settle();
    expect(errors.mock.calls.filter((c) => /beforeSend threw \(bug\)/.test(c[0]))).toHaveLength(1);
  });

  it('queues what a hook records after the hook returns, and drops what a hook of that records', async () => {
    const order: string[] = [];
    const fx: ReturnType<typeof setup> = setup({
      beforeSend: (e) => {
        order.push(e.type);
        if (e.type === 'outer') fx.assembly.push(fx.sessions.get(), 'inner', {});
        if (e.type === 'inner') fx.assembly.push(fx.sessions.get(), 'innermost', {});
        return e;
      },
    });
    fx.assembly.push(fx.sessions.get(), 'outer', {});
    expect(order).toEqual(['outer', 'inner']);
    expect(fx.take().map((e) => e.type)).toEqual(['outer', 'inner']);
    await settle();
    expect(warns).toHaveBeenCalledWith(
      '[cwr] events a hook records for its own events are dropped.',
    );
  });

  it('keeps at most 10 custom attributes, session attributes replacing their own keys', async () => {
    const { assembly, sessions, take } = setup({ applicationAttributes: { app: 'a' } } as never);
    const attrs = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]));
    assembly.addSessionAttributes(attrs);
    assembly.addSessionAttributes({ k0: 'changed' });
    assembly.push(sessions.get(), 'e', {});
    const [e] = take();
    expect(Object.keys(e.metadata).filter((k) => /^k\d+$|^app$/.test(k))).toHaveLength(10);
    expect(e.metadata.k0).toBe('changed');
  });

  it('runs the metadata hook, and keeps the metadata when it throws', async () => {
    const { assembly, sessions, take } = setup();
    assembly.setMetadataHook((_t: string, _d: object, m: Record<string, unknown>) => ({
      ...m,
      via: 'hook',
    }));
    assembly.push(sessions.get(), 'a', {});
    assembly.setMetadataHook(() => {
      throw new Error('x');
    });
    assembly.push(sessions.get(), 'b', {});
    assembly.clearMetadataHook();
    assembly.push(sessions.get(), 'c', {});
    assembly.setMetadataHook('not a function');
    expect(take().map((e) => e.metadata.via)).toEqual(['hook', undefined, undefined]);
    await settle();
    expect(errors.mock.calls.map((c) => c[0])).toEqual([
      '[cwr] the event metadata hook threw (Error: x); the event keeps its metadata.',
      '[cwr] setEventMetadataHook needs a function (type, data, metadata) => metadata.',
    ]);
  });
});

describe('views: page views and the pages that record', () => {
  it('links each page view to the one before, and stamps events with the view', () => {
    const { views, take } = setup();
    views.recordPageView('/a');
    views.recordPageView({ pageId: '/b', pageTags: ['t', 3], pageAttributes: { section: 's' } });
    const sent = take();
    expect(sent.map((e) => e.details)).toEqual([
      expect.objectContaining({ pageId: '/a', interaction: 0 }),
      expect.objectContaining({ pageId: '/b', interaction: 1, parentPageInteractionId: '/a-0' }),
    ]);
    expect(sent[1].metadata).toMatchObject({ pageId: '/b', pageTags: ['t'], section: 's' });
  });

  it('resumes the page a reload comes back to, with no page view', () => {
    const first = setup({ allowCookies: true, cookieAttributes: { secure: false } } as never);
    first.views.recordPageView('/a');
    const again = setup({ allowCookies: true, cookieAttributes: { secure: false } } as never);
    again.views.recordPageView('/a');
    again.assembly.push(again.sessions.get(), 'after.reload', {});
    const sent = again.take();
    expect(sent.map((e) => e.type)).toEqual(['after.reload']);
    expect(sent[0].metadata).toMatchObject({ pageId: '/a', interaction: 0 });
  });

  it('refuses a page view without a page id', async () => {
    const { views, cache } = setup();
    views.recordPageView({ pageTags: [] });
    views.recordPageView(42);
    expect(cache.size).toBe(0);
    await settle();
    expect(errors).toHaveBeenCalledTimes(2);
    expect(String(errors.mock.calls[0][0])).toMatch(/recordPageView needs a page id string/);
  });

  it('checks pagesToExclude when the location changes, not for every event', () => {
    const { views, assembly, sessions, cache } = setup({ pagesToExclude: [/private/] });
    assembly.push(sessions.get(), 'home', {});
    history.pushState(null, '', '/private');
    assembly.push(sessions.get(), 'not.yet.checked', {});
    views.moved();
    assembly.push(sessions.get(), 'private', {});
    views.viewHere(true);
    history.pushState(null, '', '/public');
    views.moved();
    views.viewHere();
    expect(cache.takeAll().map((q) => q.event.type)).toEqual([
      'home',
      'not.yet.checked',
      'com.amazon.rum.page_view_event',
    ]);
  });
});
