import type { EventCache, QueuedEvent } from '../domain/event-cache';
import { gzip } from './compress';
import type { Ticket } from './http-request';
import { KEEPALIVE_MAX_BYTES, type DispatchSettings } from './settings';
import { requestBody, utf8Length } from './wire';

/** A batch's body as it goes out. */
export interface Payload {
  /** JSON, or (bytes) gzipped JSON. */
  body: string | Uint8Array;
  /** Its size in bytes, as the keepalive quota counts it. */
  bytes: number;
}

/**
 * A batch's body as it goes out: gzipped when that pays and the engine can (WebKit's
 * CompressionStream fails once a navigation has started: then it goes as it is). A batch
 * whose body is over KEEPALIVE_MAX_BYTES gives its second half back to the queue until it
 * fits, so that every request can be keepalive: a request on its way is never taken back.
 * Undefined when the page-hide flush took the batch meanwhile.
 */
export const preparePayload = async (
  batch: QueuedEvent[],
  cache: EventCache,
  s: Pick<DispatchSettings, 'appMonitorId' | 'appVersion' | 'alias' | 'compression'>,
  ticket: Pick<Ticket, '_reclaimed'>,
): Promise<Payload | undefined> => {
  for (;;) {
    const json = requestBody(batch, s);
    const gz = s.compression ? await gzip(json).catch(() => undefined) : undefined;
    if (ticket._reclaimed) return;
    const bytes = gz ? gz.byteLength : utf8Length(json);
    if (bytes <= KEEPALIVE_MAX_BYTES || batch.length < 2) return { body: gz ?? json, bytes };
    cache.putBack(batch.splice(batch.length >> 1));
  }
};
