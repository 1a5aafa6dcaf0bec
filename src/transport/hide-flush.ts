import type { EventCache, QueuedEvent } from '../domain/event-cache';
import type { Ticket } from './http-request';
import { BEACON_MAX_BYTES, type DispatchDeps, type DispatchSettings } from './settings';
import type { UnsignedRequest } from './sigv4';
import type { Signing } from './signing';
import { requestBody, utf8Length } from './wire';

/**
 * The page is going away: everything waiting goes at once, by sendBeacon (signed in the query
 * string) or keepalive fetch, within the ~64 KiB quota both share. The drain's batch is in its
 * care until its request starts (`carry`): the flush takes it back and sends it with the rest;
 * a request that has started is the browser's, and nothing that may have arrived is sent twice.
 */
export const createHideFlush = (
  cache: EventCache,
  s: DispatchSettings,
  deps: Pick<DispatchDeps, 'fetch' | 'sendBeacon' | 'credentials'>,
  url: URL,
  signing: Signing,
) => {
  /** The drain's batch, while it is compressed, signed, sent or waits for a retry. */
  let inFlight: Ticket | undefined;

  /** Runs `send` with the drain's `batch` in the flush's care; its ticket tells what happened. */
  const carry = async <T>(batch: QueuedEvent[], send: (t: Ticket) => Promise<T>): Promise<T> => {
    try {
      return await send((inFlight = { _batch: batch }));
    } finally {
      inFlight = undefined;
    }
  };

  /**
   * Sends everything now: sendBeacon (with a presigned URL when signing) or keepalive fetch,
   * in requests that fit the beacon quota. No gzip and no waiting for macrotasks: everything
   * happens before the page may be frozen (so signing is in sync mode: WebCrypto answers in a
   * later task, which an unloading page never runs). Resolves to the number of events sent.
   */
  const flush = async (beacon: boolean): Promise<number> => {
    const creds = s.signing ? deps.credentials.peek() : undefined;
    // The drain's batch not on its way yet (being compressed or signed): take it back, so
    // that it goes with the rest. One on its way is left to the browser.
    if (inFlight && !inFlight._safe && !inFlight._reclaimed) {
      inFlight._reclaimed = true;
      cache.putBack(inFlight._batch);
    }
    if (inFlight?._safe) inFlight._hidden = true;
    const signer = signing._signer;
    if (s.signing && (!creds || !signer)) return 0;
    let sent = 0;
    // keepalive fetch reports an exhausted quota only later, by rejecting: keep count here,
    // starting from what the drain's own keepalive request still holds.
    let budget = BEACON_MAX_BYTES - (inFlight?._held || 0);
    while (cache.size) {
      // Take a batch, then halve it until its body fits one keepalive request.
      const batch = cache.take(s.batchLimit, BEACON_MAX_BYTES);
      let json = requestBody(batch, s);
      // The quota counts bytes: measure the UTF-8 body, not the string.
      while (utf8Length(json) > BEACON_MAX_BYTES && batch.length > 1) {
        cache.putBack(batch.splice(batch.length >> 1));
        json = requestBody(batch, s);
      }
      const bytes = utf8Length(json);
      const req: UnsignedRequest = {
        url,
        headers: { 'content-type': 'application/json', ...s.headers },
        body: json,
      };
      let ok: boolean;
      if (beacon && deps.sendBeacon && !Object.keys(s.headers).length) {
        // sendBeacon cannot set headers: sign in the query string. It answers false when the
        // keepalive quota is used up, and then a fetch would be refused too.
        const target = creds
          ? await signer!.presign(req, creds, s.region, signing._date(), true)
          : url.href;
        try {
          ok = deps.sendBeacon(target, json);
        } catch {
          ok = false;
        }
      } else if (bytes > budget) {
        ok = false;
      } else {
        budget -= bytes;
        const headers = creds
          ? await signer!.sign(req, creds, s.region, signing._date(), true)
          : req.headers;
        // Not awaited: the request outlives the page. A synchronous throw means it was refused.
        try {
          deps
            .fetch(url.href, {
              method: 'POST',
              headers,
              body: json,
              keepalive: true,
              credentials: 'omit',
            })
            // Refused after all (the quota): back to the queue, for a page still alive.
            .catch(() => cache.putBack(batch));
          ok = true;
        } catch {
          ok = false;
        }
      }
      if (!ok) {
        cache.putBack(batch);
        break;
      }
      sent += batch.length;
    }
    return sent;
  };

  return {
    _carry: carry,
    _flush: flush,
    /**
     * The page came back from the back-forward cache: stop waiting for an answer to the
     * request that was on its way when it was frozen.
     */
    _restored(): void {
      if (inFlight?._hidden) inFlight._abandon?.();
    },
  };
};

export type HideFlush = ReturnType<typeof createHideFlush>;
