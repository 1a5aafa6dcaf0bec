/**
 * When batches go: the timer, a full batch at once, pauses, the backoff after failed drains,
 * enable/disable, offline and the network coming back (injected: no navigator involved).
 */
import { createEventCache, type QueuedEvent } from '../../../src/domain/event-cache';
import { createFlushController, type Pace } from '../../../src/transport/flush-controller';
import { fakeClock } from '../fakes';
import { event, settings } from './helpers';

const T0 = Date.UTC(2026, 0, 1, 12);

const setup = (
  o: { answer?: boolean | ((b: QueuedEvent[]) => boolean); dispatchInterval?: number } = {},
) => {
  const clock = fakeClock(T0);
  const cache = createEventCache(1000);
  const sent: { at: number; ids: string[] }[] = [];
  const pace: Pace = { _failures: 0, _pauseUntil: 0 };
  const net = { online: true, listeners: [] as (() => void)[], stopped: 0 };
  const send = jest.fn(async (batch: QueuedEvent[]) => {
    sent.push({ at: clock.now() - T0, ids: batch.map((q) => q.event.id) });
    const a = o.answer ?? true;
    const ok = typeof a === 'function' ? a(batch) : a;
    if (!ok) cache.putBack(batch);
    return ok;
  });
  const c = createFlushController(
    cache,
    settings({ batchLimit: 5, dispatchInterval: o.dispatchInterval ?? 5000 }),
    {
      clock,
      random: () => 0.5,
      onLine: () => net.online,
      onOnline: (fn) => {
        net.listeners.push(fn);
        return () => void net.stopped++;
      },
    },
    send,
    pace,
  );
  let n = 0;
  const add = (k: number) => {
    for (let i = 0; i < k; i++) cache.add(event(n++));
    c.added();
  };
  return { clock, cache, sent, pace, net, send, c, add };
};

describe('flush controller', () => {
  it('the timer fires dispatchInterval after the first waiting event and drains every batch', async () => {
    const t = setup();
    t.add(1);
    await t.clock.advance(2000);
    t.add(1);
    await t.clock.advance(2999);
    expect(t.sent).toHaveLength(0);
    await t.clock.advance(1);
    expect(t.sent).toEqual([{ at: 5000, ids: ['id-0', 'id-1'] }]);
    expect(t.clock.pending()).toBe(0); // nothing waits: no timer
  });

  it('a backlog drains in one tick, in batches of batchLimit', async () => {
    const t = setup();
    for (let i = 0; i < 12; i++) t.cache.add(event(i));
    t.c.schedule();
    await t.clock.advance(5000);
    expect(t.sent.map((s) => s.ids.length)).toEqual([5, 5, 2]);
    expect(t.sent.every((s) => s.at === 5000)).toBe(true);
  });

  it('a full batch goes at once (after the current task), not at the timer', async () => {
    const t = setup();
    t.add(3);
    t.add(2); // 5: a full batch
    expect(t.sent).toHaveLength(0);
    await t.clock.advance(0);
    expect(t.sent).toEqual([{ at: 0, ids: ['id-0', 'id-1', 'id-2', 'id-3', 'id-4'] }]);
  });

  it('after a drain that stopped short, a full batch waits for the timer, which backs off', async () => {
    const t = setup({ answer: false });
    t.pace._failures = 1; // what the retry strategy counted
    t.add(5);
    await t.clock.advance(0);
    expect(t.sent).toHaveLength(1);
    t.add(5); // stalled: no send at once
    await t.clock.advance(9_999);
    expect(t.sent).toHaveLength(1);
    t.pace._failures = 7; // after this drain, the wait is capped at 5 minutes
    await t.clock.advance(1); // 2^1 × 5 s × jitter 1
    expect(t.sent.map((s) => s.at)).toEqual([0, 10_000]);
    await t.clock.advance(299_999);
    expect(t.sent).toHaveLength(2);
    await t.clock.advance(1);
    expect(t.sent.map((s) => s.at)).toEqual([0, 10_000, 310_000]);
  });

  it('nothing goes before a pause (Retry-After) ends', async () => {
    const t = setup();
    t.pace._pauseUntil = T0 + 60_000;
    t.add(1);
    await expect(t.c.flush()).resolves.toBeUndefined();
    await t.clock.advance(59_999);
    expect(t.sent).toHaveLength(0);
    await t.clock.advance(1);
    expect(t.sent.map((s) => s.at)).toEqual([60_000]);
  });

  it('halted: nothing more is sent', async () => {
    const t = setup();
    t.pace._halted = { ok: false, status: 404 };
    t.add(5);
    await t.c.flush();
    await t.clock.advance(60_000);
    expect(t.send).not.toHaveBeenCalled();
    expect(t.cache.size).toBe(5);
  });

  it('concurrent flushes share one drain', async () => {
    const t = setup();
    t.add(2);
    const a = t.c.flush();
    expect(t.c.flush()).toBe(a);
    await a;
    expect(t.sent).toHaveLength(1);
  });

  it('offline: no request at all until the online event, which drains at once', async () => {
    const t = setup();
    t.net.online = false;
    t.add(3);
    await t.clock.advance(60_000);
    await t.c.flush();
    expect(t.send).not.toHaveBeenCalled();
    t.net.online = true;
    t.net.listeners.forEach((fn) => fn());
    await t.clock.advance(0);
    expect(t.sent).toEqual([{ at: 60_000, ids: ['id-0', 'id-1', 'id-2'] }]);
  });

  it('disable stops the timer and sending; enable resumes', async () => {
    const t = setup();
    t.add(2);
    t.c.disable();
    expect(t.clock.pending()).toBe(0);
    await t.c.flush();
    t.add(1);
    await t.clock.advance(60_000);
    expect(t.send).not.toHaveBeenCalled();
    t.c.enable();
    await t.clock.advance(5000);
    expect(t.sent.map((s) => s.ids.length)).toEqual([3]);
  });

  it('stop removes the online listener and the timer', async () => {
    const t = setup();
    t.add(1);
    t.c.stop();
    expect(t.net.stopped).toBe(1);
    expect(t.clock.pending()).toBe(0);
  });

  it('with dispatchInterval 0 there is no timer: only flush() sends', async () => {
    const t = setup({ dispatchInterval: 0 });
    t.add(5);
    await t.clock.advance(60_000);
    expect(t.send).not.toHaveBeenCalled();
    await t.c.flush();
    expect(t.sent).toHaveLength(1);
  });

  it('a bug while sending does not lose the batch in hand; it is reported, not thrown', async () => {
    const t = setup({
      answer: (b) => {
        if (b[0].event.id === 'id-0') throw new Error('bug');
        return true;
      },
    });
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    t.add(2);
    await t.c.flush();
    expect(t.cache.size).toBe(2);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('internal error'));
    error.mockRestore();
  });

  it('a full batch sends all that waits then; until it is full, the timer waits', async () => {
    const t = setup();
    for (let i = 0; i < 4; i++) t.add(1);
    await t.clock.advance(0);
    expect(t.sent).toHaveLength(0); // not full yet: the timer will send them
    for (let i = 0; i < 8; i++) t.add(1);
    await t.clock.advance(0);
    expect(t.sent.map((s) => [s.at, s.ids.length])).toEqual([
      [0, 5],
      [0, 5],
      [0, 2],
    ]);
  });

  it('keeps sending after a flush found nothing to send', async () => {
    const t = setup();
    t.add(2);
    await t.c.flush();
    await t.c.flush(); // nothing waiting now
    t.add(1);
    await t.c.flush();
    expect(t.sent.map((s) => s.ids.length)).toEqual([2, 1]);
  });
});
