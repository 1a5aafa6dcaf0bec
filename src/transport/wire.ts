import type { QueuedEvent } from '../domain/event-cache';
import { uuid } from '../tools/ids';
import type { DispatchSettings } from './settings';

/** The size of a body as the keepalive quota counts it: UTF-8 bytes, not characters. */
export const utf8Length = (s: string): number => new TextEncoder().encode(s).byteLength;

/**
 * Metadata keys that stay the same for a whole session. When every event of a batch has the
 * same value for one, it is sent once, in the batch's SessionMetadata (the service merges it
 * under each event's metadata, as it does for the predecessor's 3.x batches), not per event.
 */
const SESSION_KEYS = [
  'version',
  'domain',
  'browserLanguage',
  'browserName',
  'browserVersion',
  'osName',
  'osVersion',
  'deviceType',
  'platformType',
  'aws:client',
  'aws:clientVersion',
];

/**
 * A batch as it goes on the wire: the metadata common to all its events split out, each
 * event's own metadata after it, `details` last (what varies most, so gzip finds the rest
 * repeated), and the time in whole seconds as the service keeps it.
 */
export const wireEvents = (
  batch: QueuedEvent[],
): { common?: string; events: Record<string, unknown>[] } => {
  // Most events of a page share one metadata string: parse each distinct one once.
  const parsed = new Map<string, Record<string, unknown> | undefined>();
  const parse = (json: string) => {
    if (!parsed.has(json)) {
      let m: unknown;
      try {
        m = JSON.parse(json);
      } catch {
        // sent as it is
      }
      parsed.set(json, m && typeof m === 'object' && !Array.isArray(m) ? (m as never) : undefined);
    }
    return parsed.get(json);
  };
  const metas = batch.map((q) => parse(q.event.metadata));
  const common: Record<string, unknown> = {};
  for (const key of SESSION_KEYS) {
    const value = metas[0]?.[key];
    if (value !== undefined && metas.every((m) => m?.[key] === value)) common[key] = value;
  }
  const shared = Object.keys(common);
  const own = new Map<string, string>();
  const events = batch.map(({ event: e }, i) => {
    let metadata = e.metadata;
    if (shared.length && metas[i]) {
      if (!own.has(metadata)) {
        const m = { ...metas[i] };
        for (const key of shared) delete m[key];
        own.set(metadata, JSON.stringify(m));
      }
      metadata = own.get(metadata)!;
    }
    return {
      id: e.id,
      timestamp: Math.floor(e.timestamp),
      type: e.type,
      metadata,
      details: e.details,
    };
  });
  return { common: shared.length ? JSON.stringify(common) : undefined, events };
};

/**
 * The PutRumEvents request body of a batch (its events are of one session and user:
 * `UserDetails` is per request), with a new `BatchId`.
 */
export const requestBody = (
  batch: QueuedEvent[],
  s: Pick<DispatchSettings, 'appMonitorId' | 'appVersion' | 'alias'>,
): string => {
  const { common, events } = wireEvents(batch);
  return JSON.stringify({
    BatchId: uuid(),
    AppMonitorDetails: { id: s.appMonitorId, version: s.appVersion },
    UserDetails: { userId: batch[0].userId, sessionId: batch[0].sessionId },
    RumEvents: events,
    ...(common ? { SessionMetadata: common } : {}),
    ...(s.alias ? { Alias: s.alias } : {}),
  });
};
