import type { Credentials } from '../domain/types';
import type { QueuedEvent } from '../domain/event-cache';
import { errorTypeName } from '../domain/rules';
import type { Payload } from './batch';
import {
  BEACON_MAX_BYTES,
  MAX_PAUSE_MS,
  type DispatchDeps,
  type DispatchSettings,
} from './settings';
import type { Signing } from './signing';

/** What one PutRumEvents attempt came to. */
export interface Outcome {
  ok: boolean;
  /** Worth trying again: network error, 5xx, 429, or a problem fixed before the next try. */
  retry?: boolean;
  /** Try again at once: the cause (clock offset, credentials) was just fixed. */
  again?: boolean;
  status?: number;
  errorType?: string;
  message?: string;
  /** How long the service asked us to wait (Retry-After), in ms. */
  wait?: number;
  /** The service's clock minus ours, from the Date of a "Signature expired" answer. */
  skew?: number;
}

/**
 * The drain's batch from the queue until its request has an answer, shared with the page-hide
 * flush (hide-flush.ts): until its request starts, the flush may take the batch back; once it
 * has started, it is the browser's.
 */
export interface Ticket {
  /** The events the request carries. */
  _batch: QueuedEvent[];
  /** Taken back by the page-hide flush: it must not be sent from here. */
  _reclaimed?: boolean;
  /** Its request is on its way: it is the browser's now, never taken back. */
  _safe?: boolean;
  /** Bytes of its keepalive request on its way: they count against the page-hide quota. */
  _held?: number;
  /** A page hide happened while its request was on its way. */
  _hidden?: boolean;
  /** Stops waiting for the answer (the page came back from the back-forward cache). */
  _abandon?: () => void;
}

/**
 * What an answer says: its status and error; worth retrying (429, 5xx); how long to wait
 * (Retry-After, in seconds or as an HTTP date, at most 5 minutes); and, for a signature the
 * service found expired, how far our clock (`now`) is from the service's (its Date header).
 * The error type is the header's or the JSON body's `__type`, namespace cut off (errorTypeName).
 */
export const readAnswer = async (res: Response, now: number): Promise<Outcome> => {
  if (res.ok) return { ok: true, status: res.status };
  let type = res.headers.get('x-amzn-ErrorType') ?? undefined;
  let message: string | undefined;
  try {
    const body = await res.json();
    type ??= body.__type;
    message = body.message ?? body.Message;
  } catch {
    // no JSON body
  }
  const errorType = type && errorTypeName(type);
  const outcome: Outcome = { ok: false, status: res.status, errorType, message };
  if (res.status === 429 || res.status >= 500) outcome.retry = true;
  const after = res.headers.get('retry-after');
  if (after) {
    const ms = /^\d+$/.test(after) ? +after * 1000 : Date.parse(after) - now;
    if (ms > 0) outcome.wait = Math.min(ms, MAX_PAUSE_MS);
  }
  // A clock that is off by more than 5 minutes: the server's Date tells by how much.
  const serverDate = Date.parse(res.headers.get('date') ?? '');
  if (
    errorType === 'InvalidSignatureException' &&
    /expired|clock|time/i.test(message ?? '') &&
    serverDate
  ) {
    outcome.skew = serverDate - now;
    outcome.retry = true;
  }
  return outcome;
};

/** One PutRumEvents attempt: resolves to what it came to, never rejects for a network error. */
export type HttpRequest = (
  payload: Payload,
  creds: Credentials | undefined,
  ticket: Ticket,
) => Promise<Outcome>;

/**
 * One PutRumEvents attempt with fetch: the headers (gzip, the app's), the signature when
 * there are credentials, the request (keepalive when the quota allows), the answer read.
 */
export const createHttpRequest =
  (
    s: Pick<DispatchSettings, 'headers' | 'region'>,
    { clock, fetch }: Pick<DispatchDeps, 'clock' | 'fetch'>,
    url: URL,
    signing: Signing,
  ): HttpRequest =>
  async ({ body, bytes }, creds, ticket) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...s.headers };
    if (typeof body != 'string') headers['content-encoding'] = 'gzip';
    let sent = headers;
    if (creds) {
      let sig;
      try {
        sig = await signing._load();
      } catch (e) {
        // The auth chunk (cwr-auth.js beside cwr.js) did not load: offline, or blocked by CSP.
        return { ok: false, retry: true, message: `the signer could not be loaded: ${String(e)}` };
      }
      // Hashed by WebCrypto on a secure page, off the main thread (sigv4.ts).
      sent = await sig.sign({ url, headers, body }, creds, s.region, signing._date());
    }
    // The page was hidden meanwhile: the page-hide flush has the batch now.
    if (ticket._reclaimed) return { ok: false };
    // keepalive lets the request outlive the page, so from here on the batch is the
    // browser's to deliver and a page-hide flush leaves it alone: a request that may have
    // arrived is never sent twice. Only one event alone over the quota (a replay snapshot)
    // goes without: if the page is unloaded before its answer, it may be lost.
    const keepalive = bytes <= BEACON_MAX_BYTES;
    ticket._safe = true;
    if (keepalive) ticket._held = bytes;
    let res: Response | undefined;
    try {
      res = await Promise.race([
        fetch(url.href, {
          method: 'POST',
          headers: sent,
          body: body as BodyInit,
          keepalive,
          credentials: 'omit',
        }),
        // Back from the back-forward cache: a keepalive request that was in flight when the
        // page was frozen may never settle there (WebKit); the browser has delivered it.
        new Promise<undefined>((r) => (ticket._abandon = () => r(undefined))),
      ]);
    } catch (e) {
      // Rejected after the page hid: the page is being unloaded, and the request goes on
      // without it (keepalive) or was already answered. Not a failure to send again.
      return ticket._hidden
        ? { ok: true, status: 0 }
        : { ok: false, retry: true, message: String(e) };
    } finally {
      // Answered (or failed): until a retry starts, the batch is in memory again.
      ticket._held = 0;
      ticket._safe = ticket._hidden = false;
    }
    // No answer to wait for (back from the back-forward cache): the browser delivered it.
    return res ? readAnswer(res, clock.now()) : { ok: true, status: 0 };
  };
