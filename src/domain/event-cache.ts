import type { RumEvent } from './event-types';

/** An event waiting to be sent, with the user and session it belongs to. */
export interface QueuedEvent {
  event: RumEvent;
  sessionId: string;
  userId: string;
}

/** The size a queued event adds to a request body, in JSON characters (close to bytes). */
export const eventSize = (q: QueuedEvent): number =>
  q.event.details.length + q.event.metadata.length + q.event.type.length + 100;

/**
 * Events recorded but not yet sent, oldest first. When `limit` events are waiting, new ones
 * are refused (and counted) rather than pushing out older ones.
 */
export const createEventCache = (limit: number) => {
  let items: QueuedEvent[] = [];
  let dropped = 0;
  return {
    get size() {
      return items.length;
    },
    get dropped() {
      return dropped;
    },
    add(q: QueuedEvent): boolean {
      if (items.length >= limit) {
        dropped++;
        return false;
      }
      items.push(q);
      return true;
    },
    /**
     * Removes and returns the next batch: up to `max` events of the oldest event's session,
     * and (when `maxChars` is given) no more than fits in that many characters — at least one.
     */
    take(max: number, maxChars = Infinity): QueuedEvent[] {
      if (!items.length) return [];
      const { sessionId, userId } = items[0];
      let n = 0;
      let chars = 0;
      while (n < items.length && n < max) {
        const q = items[n];
        if (q.sessionId !== sessionId || q.userId !== userId) break;
        chars += eventSize(q);
        if (n > 0 && chars > maxChars) break;
        n++;
      }
      return items.splice(0, n);
    },
    /** Removes and returns every waiting event. */
    takeAll(): QueuedEvent[] {
      const all = items;
      items = [];
      return all;
    },
    /** Returns a batch that could not be sent to the front of the queue. */
    putBack(batch: QueuedEvent[]): void {
      items = batch.concat(items);
    },
    clear(): void {
      items = [];
    },
  };
};

export type EventCache = ReturnType<typeof createEventCache>;
