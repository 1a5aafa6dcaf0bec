import type { KeyValueStore } from '../browser/storage';
import type { QueuedEvent } from '../domain/event-cache';
import { CUSTOM_TYPE_RE, isUuid, MAX_EVENT_BYTES } from '../domain/rules';
import type { Tell } from '../domain/types';

export interface OutboxLimits {
  /** At most this many events are kept (the event cache's size). */
  maxEvents: number;
  /** At most this many characters of JSON (localStorage allows about 5 million per site). */
  maxChars: number;
  /** Events older than this (the session length) are not worth sending later. */
  maxAgeMs: number;
}

/** One saved event: session, user, id, timestamp, type, details, index of its metadata. */
type Saved = [string, string, string, number, string, string, number];
interface Stored {
  v: 1;
  /** Metadata strings, each once: the events of a page mostly share one. */
  m: string[];
  e: Saved[];
}

/**
 * Events that could not leave before the page was hidden, kept in localStorage (one key per
 * app monitor) for the next page of the site, or for this one if it comes back. Whoever
 * restores them removes them first, so each is sent once. Bounded in count, size and age.
 */
export const createOutbox = (
  store: KeyValueStore,
  key: string,
  limits: OutboxLimits,
  now: () => number,
  /** Debug notes, by message key (src/diagnostics/messages.ts). */
  note: Tell = () => undefined,
) => {
  const read = (): QueuedEvent[] => {
    const raw = store.get(key);
    if (!raw) return [];
    let stored: Partial<Stored> | undefined;
    try {
      stored = JSON.parse(raw);
    } catch {
      // corrupt: nothing to restore
    }
    const events: QueuedEvent[] = [];
    const m: unknown[] = Array.isArray(stored?.m) ? stored.m : [];
    const e: unknown[] = stored?.v === 1 && Array.isArray(stored.e) ? stored.e : [];
    const oldest = (now() - limits.maxAgeMs) / 1000;
    const newest = now() / 1000 + 60;
    // Each entry checked field by field: storage is the page's, anyone may write it.
    for (const x of e) {
      const [sessionId, userId, id, timestamp, type, details, i] = Array.isArray(x) ? x : [];
      const metadata = m[i];
      if (
        events.length < limits.maxEvents &&
        isUuid(sessionId) &&
        isUuid(userId) &&
        isUuid(id) &&
        typeof timestamp == 'number' &&
        timestamp >= oldest &&
        timestamp <= newest &&
        typeof type == 'string' &&
        CUSTOM_TYPE_RE.test(type) &&
        typeof details == 'string' &&
        typeof metadata == 'string' &&
        details.length + metadata.length <= MAX_EVENT_BYTES
      )
        events.push({ sessionId, userId, event: { id, timestamp, type, details, metadata } });
    }
    if (events.length < e.length || !e.length)
      note('outbox-bad', { key, count: e.length - events.length });
    return events;
  };

  const write = (events: QueuedEvent[]): number => {
    const all = read().concat(events);
    const m: string[] = [];
    const index = new Map<string, number>();
    const e: Saved[] = [];
    let chars = 0;
    for (const q of all) {
      const { id, timestamp, type, details, metadata } = q.event;
      let i = index.get(metadata);
      let size = details.length + type.length + 120;
      if (i === undefined) {
        size += metadata.length;
        if (chars + size > limits.maxChars) break;
        index.set(metadata, (i = m.push(metadata) - 1));
      }
      if (e.length >= limits.maxEvents || chars + size > limits.maxChars) break;
      chars += size;
      e.push([q.sessionId, q.userId, id, timestamp, type, details, i]);
    }
    const lost = all.length - e.length;
    const saved = store.set(key, JSON.stringify({ v: 1, m, e } satisfies Stored));
    const kept = saved ? Math.max(0, events.length - lost) : 0;
    if (kept < events.length) note('outbox-full', { count: events.length - kept });
    return kept;
  };

  return {
    /**
     * Saves events for later, after any already saved (by another tab, or earlier). Returns
     * how many of `events` were saved; the rest did not fit the bounds.
     */
    save(events: QueuedEvent[]): number {
      if (!events.length) return 0;
      try {
        return write(events);
      } catch (e) {
        note('outbox-failed', { error: e });
        return 0;
      }
    },
    /** Takes the saved events out of storage (dropping those older than the session). */
    restore(): QueuedEvent[] {
      const events = read();
      // Removed whatever it held: bad stored state is discarded once, not met on every load.
      store.remove(key);
      return events;
    },
  };
};
