import { setup } from './event-steps';

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

  it('decides sampling once per session: sampled out, nothing is queued; rate 1 records all', () => {
    const random = jest.fn(() => 0.7);
    const out = setup({ sessionSampleRate: 0.5 }, random);
    out.assembly.push(out.sessions.get(), 'x', {});
    out.assembly.push(out.sessions.get(), 'com.amazon.rum.js_error_event', {});
    expect(out.cache.size).toBe(0);
    expect(random).toHaveBeenCalledTimes(1);
    const all = setup({ sessionSampleRate: 1 }, () => 0.999999);
    all.assembly.push(all.sessions.get(), 'custom.type', { a: 1 });
    expect(all.take().map((e) => e.type)).toEqual(['custom.type']);
  });

  it('says once that the session event limit is reached; 0 is no limit', async () => {
    const { assembly, sessions, cache } = setup({ sessionEventLimit: 5 });
    for (let i = 0; i < 10; i++) assembly.push(sessions.get(), 'n', { i });
    expect(cache.size).toBe(5);
    await settle();
    expect(
      warns.mock.calls.filter((c) => /session event limit reached \(5 events\)/.test(c[0])),
    ).toHaveLength(1);
    const none = setup({ sessionEventLimit: 0 });
    for (let i = 0; i < 300; i++) none.assembly.push(none.sessions.get(), 'n', { i });
    expect(none.cache.size).toBe(300);
  });

  it('refuses new events when eventCacheSize events wait, and says so', async () => {
    const { assembly, sessions, cache } = setup({ eventCacheSize: 3 });
    const ids = Array.from({ length: 5 }, (_, i) => assembly.push(sessions.get(), 'n', { i }));
    expect(cache.size).toBe(3);
    expect(ids.slice(3)).toEqual([undefined, undefined]);
    await settle();
    expect(warns).toHaveBeenCalledWith(expect.stringContaining('event cache is full (3 events'));
  });

  it('validates attributes: config.sessionAttributes, addSessionAttributes and an event’s own', async () => {
    const { assembly, sessions, take } = setup({ sessionAttributes: { tier: 'gold' } } as never);
    assembly.addSessionAttributes({ ok: 1, 'aws:nope': 2, long: 'y'.repeat(300) });
    assembly.push(sessions.get(), 'good', { a: 1 }, assembly.eventAttributes({ extra: true }));
    await settle();
    for (const m of [
      'addSessionAttributes.aws:nope was left out',
      'addSessionAttributes.long was left out',
    ])
      expect(warns).toHaveBeenCalledWith(expect.stringContaining(m));
    const [good] = take();
    expect(good.metadata).toMatchObject({ tier: 'gold', ok: 1, extra: true });
    expect(good.metadata).not.toHaveProperty('long');
  });

  it('clips title metadata to the 256 characters the service allows, and sends no page URL', () => {
    history.replaceState(null, '', '/' + 'p'.repeat(400) + '?token=secret#access_token=x');
    document.title = 't'.repeat(300);
    const { assembly, sessions, cache } = setup();
    assembly.push(sessions.get(), 'e', {});
    const [q] = cache.takeAll();
    const meta = JSON.parse(q.event.metadata);
    expect(meta.title).toHaveLength(256);
    expect(meta).not.toHaveProperty('url');
    expect(JSON.stringify(q)).not.toContain('secret');
  });

  // As the predecessor (aws-rum-web 3.x) does, seen black-box: apps in webviews and Electron
  // name their own domain and browser.
  it('lets custom attributes replace built-in metadata, except version and pageId', async () => {
    const { assembly, views, sessions, take } = setup({
      applicationAttributes: { domain: 'app.example', browserName: 'Electron' },
    } as never);
    views.recordPageView('/');
    assembly.addSessionAttributes({
      version: '9.9',
      pageId: '/not-mine',
      osName: 'Kiosk OS',
      interaction: 7,
      title: 'Session title',
    });
    assembly.push(sessions.get(), 'e', {});
    const meta = take().at(-1)!.metadata;
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
    await settle();
    for (const key of ['version', 'pageId'])
      expect(warns).toHaveBeenCalledWith(
        expect.stringContaining(
          `addSessionAttributes.${key} was left out: the client sets this metadata itself`,
        ),
      );
  });

  it('refuses a replacement of built-in metadata whose type the schema refuses', async () => {
    const { assembly, views, sessions, take } = setup();
    views.recordPageView('/');
    assembly.addSessionAttributes({
      domain: 5,
      interaction: 'x',
      browserName: true,
      'aws:client': 'x',
    });
    assembly.push(sessions.get(), 'e', {});
    const meta = take().at(-1)!.metadata;
    expect(meta.domain).toBe('localhost');
    expect(meta['aws:client']).not.toBe('x');
    expect(meta).not.toHaveProperty('interaction', 'x');
    expect(meta.browserName).not.toBe(true);
    await settle();
    for (const m of [
      'addSessionAttributes.domain was left out: its value must be a string',
      'addSessionAttributes.interaction was left out: its value must be a number',
      'addSessionAttributes.browserName was left out: its value must be a string',
    ])
      expect(warns).toHaveBeenCalledWith(expect.stringContaining(m));
  });

  it('lets an attribute be updated when ten are set', async () => {
    const { assembly, sessions, take } = setup();
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, i]));
    assembly.addSessionAttributes(ten);
    assembly.addSessionAttributes({ a3: 'updated', a10: 'one too many' });
    assembly.push(sessions.get(), 'e', {});
    const meta = take()[0].metadata;
    expect(meta.a3).toBe('updated');
    expect(meta).not.toHaveProperty('a10');
    await settle();
    expect(warns).toHaveBeenCalledWith(
      expect.stringContaining('addSessionAttributes.a10 was left out'),
    );
  });

  it('sends what a metadata hook returns, made safe: removals kept, bad values dropped', () => {
    const { assembly, sessions, take } = setup();
    assembly.setMetadataHook((_t: string, _d: object, m: Record<string, unknown>) => {
      const { title: _title, ...rest } = m;
      return { ...rest, version: '2', nested: { no: 1 }, big: 'x'.repeat(300), n: 5 };
    });
    assembly.push(sessions.get(), 'hooked', {});
    const meta = take()[0].metadata;
    expect(meta).not.toHaveProperty('title');
    expect(meta).not.toHaveProperty('nested');
    expect(meta.version).toBe('1.0.0');
    expect(meta.big).toHaveLength(256);
    expect(meta.n).toBe(5);
  });

  it('keeps a metadata key of one event that a hook removed from another', () => {
    const { assembly, sessions, take } = setup();
    assembly.push(sessions.get(), 'a', {});
    assembly.setMetadataHook((type: string, _d: object, m: Record<string, unknown>) => {
      if (type !== 'b') return m;
      const { browserLanguage: _l, ...rest } = m;
      return rest;
    });
    assembly.push(sessions.get(), 'b', {});
    const [a, b] = take();
    expect(a.metadata).toHaveProperty('browserLanguage');
    expect(b.metadata).not.toHaveProperty('browserLanguage');
  });

  it('runs beforeSend on built-in events too; false drops, and what it returns replaces', () => {
    const seen: string[] = [];
    const { assembly, views, sessions, take } = setup({
      beforeSend: (e) => {
        seen.push(e.type);
        if (e.type === 'drop.me') return false;
        const details = e.details as { email?: string };
        return {
          details: { ...details, email: details.email ? '[redacted]' : undefined },
          metadata: { ...e.metadata, url: 'https://example.com/[path]', version: 'x' },
        };
      },
    });
    views.recordPageView('/');
    assembly.push(sessions.get(), 'keep.me', { email: 'a@b.c', n: 1 });
    assembly.push(sessions.get(), 'drop.me', { n: 2 });
    const sent = take();
    expect(seen).toEqual(['com.amazon.rum.page_view_event', 'keep.me', 'drop.me']);
    expect(sent.map((e) => e.type)).toEqual(['com.amazon.rum.page_view_event', 'keep.me']);
    expect(sent[1].details).toEqual({ email: '[redacted]', n: 1 });
    // The hook may change metadata, but not the schema's required fields.
    expect(sent[1].metadata).toMatchObject({
      url: 'https://example.com/[path]',
      version: '1.0.0',
      domain: 'localhost',
    });
  });
});
