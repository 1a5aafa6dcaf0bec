import { ViewerStore, httpUrl } from '../../../emulator/viewer/state';
import { A, B, ev, putRequest, report, seeded, sync } from './components/harness';

describe('the viewer store', () => {
  it('keeps every slice of a sync that brings nothing new', () => {
    const store = seeded();
    const before = store.state;
    const after = store.apply(sync({ diagnostics: [report(B)] }));
    for (const slice of [
      'events',
      'sessions',
      'putRequests',
      'diagnostics',
      'durations',
      'session',
      'sessionEvents',
      'sessionRequests',
      'report',
    ] as const)
      expect(after[slice]).toBe(before[slice]);
  });

  it("makes new arrays for what grew, and only that session's", () => {
    const store = seeded();
    const before = store.state;
    const after = store.apply(sync({ events: [ev(A, 'dom_event', {})] }));
    expect(after.events).not.toBe(before.events);
    expect(after.events).toHaveLength(before.events.length + 1);
    expect(after.eventsBySession.get(A)).not.toBe(before.eventsBySession.get(A));
    expect(after.sessionEvents).toBe(before.sessionEvents);
    // A's summary changed (one more event); B's is kept.
    expect(after.sessions.find((s) => s.sessionId === B)).toBe(before.session);
    expect(after.sessions.find((s) => s.sessionId === A)).not.toBe(
      before.sessions.find((s) => s.sessionId === A),
    );
  });

  it('shows the session asked for when it is there, else the newest (which it then keeps)', () => {
    const asked = new ViewerStore(A);
    asked.apply(sync({ events: [ev(B, 'x', {}, { at: 2000 }), ev(A, 'x', {}, { at: 1000 })] }));
    expect(asked.state.shown).toBe(A);
    const missing = new ViewerStore(A);
    missing.apply(sync({ events: [ev(B, 'session_start_event', {})] }));
    expect(missing.state.shown).toBe(B);
    missing.apply(sync({ events: [ev(A, 'session_start_event', {}, { at: Date.now() })] }));
    expect(missing.state.shown).toBe(B);
  });

  it('starts over after a clear, keeping the choices', () => {
    const store = seeded();
    store.choose({ allRequests: true, sessionFilter: 'b' });
    const epoch = store.state.epoch;
    const after = store.apply({
      reset: true,
      events: [],
      requests: [],
      sessions: [],
      diagnostics: [],
    });
    expect(after.epoch).toBe(epoch + 1);
    expect(after.events).toHaveLength(0);
    expect(after.putRequests).toHaveLength(0);
    expect(after.pageViewVitals.size).toBe(0);
    expect(after.shown).toBeUndefined();
    expect(after.allRequests).toBe(true);
    expect(after.sessionFilter).toBe('b');
  });

  it('holds PutRumEvents calls only, by session', () => {
    const store = new ViewerStore();
    const s = store.apply(
      sync({
        requests: [putRequest(1, { sessionIds: [A, B] }), { ...putRequest(2), operation: 'GetId' }],
      }),
    );
    expect(s.putRequests.map((r) => r.seq)).toEqual([1]);
    expect(s.requestsBySession.get(A)).toHaveLength(1);
    expect(s.requestsBySession.get(B)).toHaveLength(1);
  });

  it('resets the type filter when another session is shown', () => {
    const store = seeded();
    store.choose({ timeline: { type: 'x', text: 'y', newestFirst: true } });
    expect(store.select(A).timeline).toEqual({ type: '', text: 'y', newestFirst: true });
  });

  it('links only to http and https demo URLs', () => {
    expect(httpUrl('http://127.0.0.1:4721')).toBe('http://127.0.0.1:4721/');
    expect(httpUrl('javascript:alert(1)')).toBeUndefined();
    expect(httpUrl(null)).toBeUndefined();
  });
});
