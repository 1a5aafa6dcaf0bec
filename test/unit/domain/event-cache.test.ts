import { createEventCache, eventSize, type QueuedEvent } from '../../../src/domain/event-cache';

const ev = (n: number, sessionId = 's1', userId = 'u1', details = '{}'): QueuedEvent => ({
  event: { id: `e${n}`, timestamp: n, type: 't', details, metadata: '{}' },
  sessionId,
  userId,
});
const ids = (batch: QueuedEvent[]) => batch.map((q) => q.event.id);

describe('createEventCache', () => {
  it('refuses events beyond its limit and counts them, without dropping older ones', () => {
    const cache = createEventCache(3);
    expect([1, 2, 3, 4, 5].map((n) => cache.add(ev(n)))).toEqual([true, true, true, false, false]);
    expect(cache.size).toBe(3);
    expect(cache.dropped).toBe(2);
    expect(ids(cache.take(10))).toEqual(['e1', 'e2', 'e3']);
    expect(cache.add(ev(6))).toBe(true);
    expect(cache.dropped).toBe(2);
  });

  it('takes at most max events, oldest first', () => {
    const cache = createEventCache(10);
    for (let i = 1; i <= 5; i++) cache.add(ev(i));
    expect(ids(cache.take(2))).toEqual(['e1', 'e2']);
    expect(ids(cache.take(2))).toEqual(['e3', 'e4']);
    expect(ids(cache.take(2))).toEqual(['e5']);
    expect(cache.take(2)).toEqual([]);
    expect(cache.size).toBe(0);
  });

  it('stops a batch where the session or the user changes', () => {
    const cache = createEventCache(10);
    cache.add(ev(1, 's1', 'u1'));
    cache.add(ev(2, 's1', 'u1'));
    cache.add(ev(3, 's2', 'u1'));
    cache.add(ev(4, 's2', 'u2'));
    cache.add(ev(5, 's2', 'u2'));
    expect(ids(cache.take(100))).toEqual(['e1', 'e2']);
    expect(ids(cache.take(100))).toEqual(['e3']);
    expect(ids(cache.take(100))).toEqual(['e4', 'e5']);
  });

  it('keeps a batch within maxChars, but always returns at least one event', () => {
    const cache = createEventCache(10);
    const big = 'x'.repeat(1000);
    for (let i = 1; i <= 4; i++) cache.add(ev(i, 's1', 'u1', big));
    const one = eventSize(ev(0, 's1', 'u1', big));
    expect(ids(cache.take(100, one * 2))).toEqual(['e1', 'e2']);
    // Smaller than one event: the oldest still goes, alone.
    expect(ids(cache.take(100, 10))).toEqual(['e3']);
    expect(ids(cache.take(100, 0))).toEqual(['e4']);
  });

  it('puts a batch back at the front, in its original order', () => {
    const cache = createEventCache(10);
    for (let i = 1; i <= 5; i++) cache.add(ev(i));
    const batch = cache.take(3);
    cache.add(ev(6));
    cache.putBack(batch);
    expect(cache.size).toBe(6);
    expect(ids(cache.take(100))).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
  });

  it('clears everything', () => {
    const cache = createEventCache(10);
    cache.add(ev(1));
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.take(1)).toEqual([]);
  });
});
