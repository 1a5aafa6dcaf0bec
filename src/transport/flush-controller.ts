import { onLine, onOnline } from '../browser/connectivity';
import type { EventCache, QueuedEvent } from '../domain/event-cache';
import { reportInternalError } from '../tools/monitor';
import {
  BATCH_MAX_CHARS,
  MAX_PAUSE_MS,
  type DispatchDeps,
  type DispatchSettings,
} from './settings';

/** What the sending has learnt that decides when to send next (retry.ts keeps it). */
export interface Pace {
  /** Refused for good: nothing more is sent for this page. */
  _halted?: unknown;
  /** Drains in a row that ended in a failure worth retrying. */
  _failures: number;
  /** No request before this time (a Retry-After). */
  _pauseUntil: number;
}

/**
 * When batches go: a timer `dispatchInterval` after the first waiting event, whose tick
 * drains the queue one request at a time; a full batch at once (after the current task), unless
 * the last drain stopped short; never before a Retry-After's pause ends, and after failures
 * in a row, later each time. Nothing while disabled or offline; the `online` event drains.
 * `send` sends a batch, retries included, and resolves true when the queue may keep draining.
 */
export const createFlushController = (
  cache: EventCache,
  s: Pick<DispatchSettings, 'batchLimit' | 'dispatchInterval'>,
  deps: Pick<DispatchDeps, 'clock' | 'random' | 'onLine' | 'onOnline'>,
  send: (batch: QueuedEvent[]) => Promise<boolean>,
  pace: Pace,
) => {
  const { clock } = deps;
  let timer: unknown;
  /** The delay the pending timer was set with (-1: no timer). */
  let timerDelay = -1;
  /** The last drain stopped with events left (failure, no credentials, offline, a pause). */
  let stalled = false;
  let draining: Promise<void> | undefined;
  let enabled = true;

  const clear = () => {
    clock.clearTimeout(timer);
    timer = undefined;
    timerDelay = -1;
  };
  const disable = () => {
    enabled = false;
    clear();
  };

  const drain = async (): Promise<void> => {
    let batch: QueuedEvent[] = [];
    try {
      while (enabled && cache.size && (deps.onLine ?? onLine)()) {
        batch = cache.take(s.batchLimit, BATCH_MAX_CHARS);
        const more = await send(batch);
        batch = [];
        if (!more) break;
      }
    } catch (e) {
      // A bug of ours must not lose the batch in hand.
      cache.putBack(batch);
      reportInternalError(e);
    }
  };

  /** Sends everything waiting, one request at a time; concurrent calls share one drain. */
  const flush = (): Promise<void> => {
    if (draining) return draining;
    if (!enabled || pace._halted || !cache.size) return Promise.resolve();
    const wait = pace._pauseUntil - clock.now();
    if (wait > 0) {
      schedule(wait);
      return Promise.resolve();
    }
    // Cleared in a .then (always asynchronous), so never before `draining` is assigned.
    const p = drain()
      .then(() => {
        draining = undefined;
        stalled = cache.size > 0;
        // After failures in a row, wait longer each time (with jitter), up to 5 minutes.
        if (stalled)
          schedule(
            pace._failures
              ? Math.min(
                  s.dispatchInterval * 2 ** pace._failures * (0.5 + (deps.random ?? Math.random)()),
                  MAX_PAUSE_MS,
                )
              : undefined,
          );
      })
      .catch(reportInternalError);
    draining = p;
    return p;
  };

  function schedule(delay = s.dispatchInterval): void {
    if (timer === undefined && enabled && s.dispatchInterval > 0) {
      timerDelay = delay;
      timer = clock.setTimeout(
        () => {
          timer = undefined;
          timerDelay = -1;
          void flush();
        },
        Math.max(delay, pace._pauseUntil - clock.now()),
      );
    }
  }

  const stopOnline = (deps.onOnline ?? onOnline)(() => void flush());

  return {
    flush,
    schedule,
    /**
     * An event was queued. A full batch goes now (after the current task, so that a burst of
     * events is batched), unless the last drain stopped short (no credentials, offline, the
     * service asked us to slow down); otherwise the timer sends it.
     */
    added(): void {
      if (cache.size >= s.batchLimit && !stalled && !draining && timerDelay !== 0) {
        clear();
        schedule(0);
      } else schedule();
    },
    _enabled: () => enabled,
    enable(): void {
      enabled = true;
      if (cache.size) schedule();
    },
    disable,
    /** For good: no timer, and no more listening for the network. */
    stop(): void {
      disable();
      stopOnline();
    },
  };
};

export type FlushController = ReturnType<typeof createFlushController>;
