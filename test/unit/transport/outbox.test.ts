import { memoryStore, type KeyValueStore } from '../../../src/browser/storage';
import type { QueuedEvent } from '../../../src/domain/event-cache';
import { createOutbox } from '../../../src/transport/outbox';

const NOW = 1_800_000_000_000;
const ev = (i: number, meta = '{"version":"1.0.0","domain":"x"}', ageMs = 0): QueuedEvent => ({
  sessionId: 's1',
  userId: 'u1',
  event: {
    id: `id-${i}`,
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
    expect(box.restore().map((q) => q.event.id)).toEqual(['id-1', 'id-2', 'id-3', 'id-4']);
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
    expect(box.restore().map((q) => q.event.id)).toEqual(['id-2']);
  });

  it('survives corrupt or foreign data, and says 0 when storage refuses', () => {
    const store = memoryStore({ cwr_q_app: '{not json' });
    expect(make(store).box.restore()).toEqual([]);
    store.set('cwr_q_app', JSON.stringify({ v: 2, e: 'nope' }));
    expect(make(store).box.restore()).toEqual([]);
    const full: KeyValueStore = { get: () => null, set: () => false, remove: () => undefined };
    expect(make(full).box.save([ev(1)])).toBe(0);
  });
});
