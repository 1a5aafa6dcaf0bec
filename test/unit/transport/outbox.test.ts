import { memoryStore, type KeyValueStore } from '../../../src/browser/storage';
import type { QueuedEvent } from '../../../src/domain/event-cache';
import { createOutbox } from '../../../src/transport/outbox';

const NOW = 1_800_000_000_000;
const S1 = '11111111-1111-4111-8111-111111111111';
const U1 = '22222222-2222-4222-8222-222222222222';
/** The event id of event i: a UUID ending in i. */
const idOf = (i: number) => `33333333-3333-4333-8333-${String(i).padStart(12, '0')}`;
const ev = (
  i: number,
  meta = '{"version":"1.0.0","domain":"x"}',
  ageMs = 0,
  sessionId = S1,
): QueuedEvent => ({
  sessionId,
  userId: U1,
  event: {
    id: idOf(i),
    timestamp: (NOW - ageMs) / 1000,
    type: 'custom',
    details: `{"i":${i}}`,
    metadata: meta,
  },
});
const limits = { maxEvents: 100, maxChars: 100_000, maxAgeMs: 30 * 60_000 };
const make = (store: KeyValueStore = memoryStore(), l = limits) => ({
  store,
  box: createOutbox(store, 'cwr_q_app', l, () => NOW),
});

describe('the outbox (events saved for the next page)', () => {
  it('saves and restores events as they were, once, storing each metadata string once', () => {
    const { store, box } = make();
    const events = [ev(1), ev(2), ev(3, '{"other":true}')];
    expect(box.save(events)).toBe(3);
    const raw = JSON.parse(store.get('cwr_q_app')!);
    expect(raw.m).toEqual(['{"version":"1.0.0","domain":"x"}', '{"other":true}']);
    expect(box.restore()).toEqual(events);
    // Taken out: a second restore (another tab, a reload) finds nothing.
    expect(box.restore()).toEqual([]);
    expect(store.get('cwr_q_app')).toBeNull();
  });

  it('adds to what is already saved (another tab), within the bounds', () => {
    const { box } = make(memoryStore(), { ...limits, maxEvents: 4 });
    expect(box.save([ev(1), ev(2)])).toBe(2);
    // Only two more fit: of three new events, one is dropped.
    expect(box.save([ev(3), ev(4), ev(5)])).toBe(2);
    expect(box.restore().map((q) => q.event.id)).toEqual([1, 2, 3, 4].map(idOf));
  });

  it('keeps to the character bound', () => {
    const { box, store } = make(memoryStore(), { ...limits, maxChars: 600 });
    const saved = box.save(Array.from({ length: 20 }, (_, i) => ev(i)));
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(20);
    expect(store.get('cwr_q_app')!.length).toBeLessThan(900);
  });

  it('drops saved events older than the session on restore', () => {
    const { box } = make();
    box.save([ev(1, undefined, 31 * 60_000), ev(2, undefined, 60_000)]);
    expect(box.restore().map((q) => q.event.id)).toEqual([idOf(2)]);
  });

  it('survives corrupt or foreign data, and says 0 when storage refuses', () => {
    const store = memoryStore({ cwr_q_app: '{not json' });
    expect(make(store).box.restore()).toEqual([]);
    store.set('cwr_q_app', JSON.stringify({ v: 2, e: 'nope' }));
    expect(make(store).box.restore()).toEqual([]);
    const full: KeyValueStore = { get: () => null, set: () => false, remove: () => undefined };
    expect(make(full).box.save([ev(1)])).toBe(0);
  });

  const saved = (e: unknown[], m: unknown = ['{"version":"1.0.0","domain":"x"}']) =>
    JSON.stringify({ v: 1, m, e });
  const entry = (i: number, over: Record<number, unknown> = {}) => {
    const q = ev(i);
    const x: unknown[] = [q.sessionId, q.userId, q.event.id, q.event.timestamp, 'custom', '{}', 0];
    for (const [k, v] of Object.entries(over)) x[Number(k)] = v;
    return x;
  };

  it.each([
    ['a null entry', null],
    ['a number', 5],
    ['a short entry', [S1, U1]],
    ['a session id that is not a UUID', entry(9, { 0: 'abc' })],
    ['a user id that is not a UUID', entry(9, { 1: 7 })],
    ['an event id that is not a UUID', entry(9, { 2: 'x' })],
    ['a timestamp that is not a number', entry(9, { 3: '1' })],
    ['a timestamp in the future', entry(9, { 3: NOW / 1000 + 3600 })],
    ['an event type with spaces', entry(9, { 4: 'a b' })],
    ['details that are not a string', entry(9, { 5: {} })],
    ['a metadata index out of range', entry(9, { 6: 4 })],
    ['a metadata index that is a key', entry(9, { 6: 'length' })],
    ['details over the event size', entry(9, { 5: 'x'.repeat(7000) })],
  ])('restores the valid events and drops %s, and removes the entry', (_, bad) => {
    const store = memoryStore({ cwr_q_app: saved([entry(1), bad, entry(2)]) });
    expect(
      make(store)
        .box.restore()
        .map((q) => q.event.id),
    ).toEqual([idOf(1), idOf(2)]);
    expect(store.get('cwr_q_app')).toBeNull();
  });

  it.each([
    ['{"v":1,"m":[],"e":[null]}'],
    ['{"v":1,"m":"x","e":[[1,2,3,4,5,6,7]]}'],
    ['[]'],
    ['null'],
    ['"text"'],
    ['{"v":1,"e":{"length":3}}'],
  ])('discards a corrupt backlog %p once: nothing restored, nothing thrown', (raw) => {
    const store = memoryStore({ cwr_q_app: raw });
    const { box } = make(store);
    expect(box.restore()).toEqual([]);
    expect(store.get('cwr_q_app')).toBeNull();
    // Saving over a corrupt backlog keeps this page's events.
    store.set('cwr_q_app', raw);
    expect(box.save([ev(1)])).toBe(1);
    expect(box.restore().map((q) => q.event.id)).toEqual([idOf(1)]);
  });

  it('restores at most maxEvents of a forged backlog of 5,000', () => {
    const many = Array.from({ length: 5000 }, (_, i) => entry(i));
    const store = memoryStore({ cwr_q_app: saved(many) });
    const restored = make(store, { ...limits, maxEvents: 200 }).box.restore();
    expect(restored.map((q) => q.event.id)).toEqual(Array.from({ length: 200 }, (_, i) => idOf(i)));
  });

  it('says 0, and throws nothing, when storage throws on write', () => {
    const store: KeyValueStore = {
      get: () => {
        throw new Error('denied');
      },
      set: () => {
        throw new Error('denied');
      },
      remove: () => undefined,
    };
    expect(make(store).box.save([ev(1)])).toBe(0);
  });
});
