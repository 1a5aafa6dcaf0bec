/**
 * The store's read side: events and request records by filter, and the delivery accounting of
 * `stats()`. Plain functions over what the store holds; nothing here changes it.
 */
import type { DeliveryStats, EventFilter, RequestRecord, StoredEvent } from './types';

/** How many repeated ids `stats()` lists. */
const MAX_DUPLICATE_IDS = 50;

/**
 * Stored events, oldest first, matching every filter given: app monitor (any case), session,
 * full type, `seq` above `since`, and at most `limit` of them.
 */
export function filterEvents(events: readonly StoredEvent[], filter: EventFilter): StoredEvent[] {
  const monitor = filter.appMonitorId?.toLowerCase();
  const out: StoredEvent[] = [];
  const limit = filter.limit ?? Infinity;
  for (let i = firstAfter(events, filter.since); i < events.length; i++) {
    if (out.length >= limit) break;
    const e = events[i];
    if (monitor && e.appMonitorId.toLowerCase() !== monitor) continue;
    if (filter.sessionId && e.userDetails.sessionId !== filter.sessionId) continue;
    if (filter.type && e.event.type !== filter.type) continue;
    out.push(e);
  }
  return out;
}

/**
 * Request records, oldest first: with `seq` above `since`, for a session when asked (a
 * PutRumEvents call whose batch named it), at most `limit` of them.
 */
export function filterRequests(
  records: readonly RequestRecord[],
  filter: { since?: number; limit?: number; sessionId?: string },
): RequestRecord[] {
  const out: RequestRecord[] = [];
  const limit = filter.limit ?? Infinity;
  for (let i = firstAfter(records, filter.since); i < records.length; i++) {
    if (out.length >= limit) break;
    const r = records[i];
    if (filter.sessionId && !r.sessionIds?.includes(filter.sessionId)) continue;
    out.push(r);
  }
  return out;
}

/**
 * Delivery accounting by event id: repeats are stored like any event, and counted here.
 * `putCalls` and `acceptedBatches` count by app monitor id (lower case).
 */
export function deliveryStats(
  events: readonly StoredEvent[],
  putCalls: Map<string, number>,
  acceptedBatches: Map<string, number>,
  filter: { appMonitorId?: string },
): DeliveryStats {
  const wanted = filter.appMonitorId?.toLowerCase();
  const matches = (id: string) => !wanted || id.toLowerCase() === wanted;
  const seen = new Set<string>();
  const repeated = new Set<string>();
  let count = 0;
  let duplicates = 0;
  for (const stored of events) {
    if (!matches(stored.appMonitorId)) continue;
    count += 1;
    const id = stored.event.id;
    if (seen.has(id)) {
      duplicates += 1;
      repeated.add(id);
    } else {
      seen.add(id);
    }
  }
  const total = (calls: Map<string, number>) =>
    [...calls].reduce((n, [id, calls]) => (matches(id) ? n + calls : n), 0);
  return {
    requests: total(putCalls),
    accepted: total(acceptedBatches),
    events: count,
    unique: seen.size,
    duplicates,
    duplicateIds: [...repeated].slice(0, MAX_DUPLICATE_IDS),
  };
}

/** One more for `appMonitorId` (counted in lower case). */
export function increment(counts: Map<string, number>, appMonitorId: string): void {
  const key = appMonitorId.toLowerCase();
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Index of the first item with `seq` above `since` (items are in `seq` order). */
function firstAfter(items: ReadonlyArray<{ seq: number }>, since: number | undefined): number {
  if (since === undefined) return 0;
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (items[middle].seq <= since) low = middle + 1;
    else high = middle;
  }
  return low;
}
