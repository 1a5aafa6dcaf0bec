import type { CredentialChain } from '../auth/chain';
import type { Credentials } from '../auth/credentials';
import type { EventCache, QueuedEvent } from '../domain/event-cache';
import type { Clock } from '../tools/clock';
import { uuid } from '../tools/ids';
import { reportInternalError } from '../tools/monitor';
import { gzip } from './compress';
import type { SigV4, UnsignedRequest } from './sigv4';

export interface DispatchSettings {
  endpointUrl: URL;
  appMonitorId: string;
  appVersion: string;
  region: string;
  signing: boolean;
  headers: Record<string, string>;
  alias?: string;
  batchLimit: number;
  retries: number;
  compression: boolean;
  useBeacon: boolean;
  dispatchInterval: number;
}

export interface DispatchDeps {
  clock: Clock;
  /** The native, unwrapped fetch: the client never records its own requests. */
  fetch: typeof fetch;
  sendBeacon?: (url: string, data: string) => boolean;
  credentials: CredentialChain;
  loadSigner: () => Promise<SigV4>;
  /** PutRumEvents refused or could not be reached: reported (and explained) once per cause. */
  refused: (o: Outcome, data: Record<string, unknown>) => void;
  /** No source had credentials when a batch was due. */
  noCredentials: () => void;
}

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
  /** The page hid before the request was safely on its way: the page-hide flush took it. */
  reclaimed?: boolean;
}

/**
 * sendBeacon and keepalive fetch share a quota of 64 KiB of bodies in flight per page; a
 * page-hide flush can send about that much, in requests that each stay under it.
 */
export const BEACON_MAX_BYTES = 63_000;
const KEEPALIVE_MAX_BYTES = 16_000;
/** Most JSON characters of events per request: bodies stay under 1 MiB (rrweb events are large). */
const BATCH_MAX_CHARS = 640_000;

const utf8Length = (s: string): number => new TextEncoder().encode(s).byteLength;
const BACKOFF_MS = 1000;
/** A longer wait (Retry-After, repeated failures) ends this drain; a timer starts the next. */
const MAX_INLINE_WAIT_MS = 10_000;
const MAX_PAUSE_MS = 300_000;
const jitter = () => 0.5 + Math.random();
const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

const errorTypeOf = async (res: Response): Promise<[string | undefined, string | undefined]> => {
  let type = res.headers.get('x-amzn-ErrorType') ?? undefined;
  let message: string | undefined;
  try {
    const body = await res.json();
    type ??= body.__type;
    message = body.message ?? body.Message;
  } catch {
    // no JSON body
  }
  // The header may carry a namespace suffix or prefix: "Name:http://..." or "ns#Name".
  return [type?.split(':')[0].split('#').pop(), message];
};

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

/** The batch of the drain, from the queue until its request has an answer. */
interface Flight {
  batch: QueuedEvent[];
  /** Its request is on its way: it is the browser's now, never taken back. */
  safe: boolean;
  /** Taken back by the page-hide flush before its request started. */
  reclaimed: boolean;
  /** Stops waiting for the answer (the page came back from the back-forward cache). */
  restored?: () => void;
  /** A page hide happened while its request was on its way. */
  hidden?: boolean;
}

/**
 * Sends queued events to PutRumEvents: a timer every `dispatchInterval` while events wait,
 * batches of up to `batchLimit` (a backlog drains in consecutive requests), retries with
 * exponential backoff, gzip for large bodies, and a synchronous-as-possible flush by beacon
 * or keepalive fetch when the page hides.
 */
export const createDispatcher = (cache: EventCache, s: DispatchSettings, deps: DispatchDeps) => {
  const { clock, credentials } = deps;
  let timer: unknown;
  /** The delay the pending timer was set with (-1: no timer). */
  let timerDelay = -1;
  /** The last drain stopped with events left (failure, no credentials, offline, a pause). */
  let stalled = false;
  let draining: Promise<void> | undefined;
  let enabled = true;
  /** Set when the service refused in a way that retrying will not fix; nothing more is sent. */
  let halted: Outcome | undefined;
  /** 403s in a row while signing (reset by a success). */
  let authRefusals = 0;
  /** Drains in a row that ended in a failure worth retrying (reset by a success). */
  let failures = 0;
  /** No request before this time (a Retry-After). */
  let pauseUntil = 0;
  if (typeof addEventListener === 'function') addEventListener('online', () => void flush());
  let signer: SigV4 | undefined;
  /** Server time minus our time, learned from a "Signature expired" answer. */
  let clockOffset = 0;
  /**
   * The batch the drain has taken from the queue. Until its request is on its way (while it
   * is compressed and signed), a page-hide flush takes it back: it is then sent with the
   * rest, and the drain lets it go.
   */
  let inFlight: Flight | undefined;
  /** Bytes of keepalive requests of the drain still in flight: they count against the quota. */
  let keepaliveBytes = 0;

  const url = new URL(`appmonitors/${s.appMonitorId}/`, s.endpointUrl);

  let signerLoad: Promise<SigV4> | undefined;
  const getSigner = (): Promise<SigV4> =>
    (signerLoad ??= deps.loadSigner().then(
      (m) => (signer = m),
      (e) => {
        signerLoad = undefined; // try again next time
        throw e;
      },
    ));

  const body = (batch: QueuedEvent[]): string => {
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

  const signingDate = () => new Date(clock.now() + clockOffset);

  /**
   * A batch's body as it goes out: gzipped when that pays and the engine can (WebKit's
   * CompressionStream fails once a navigation has started: then it goes as it is). A batch
   * whose body is over KEEPALIVE_MAX_BYTES gives its second half back to the queue until it
   * fits, so that every request can be keepalive: a request on its way is never taken back.
   */
  const prepare = async (batch: QueuedEvent[], flight: Flight) => {
    for (;;) {
      const json = body(batch);
      let payload: string | Uint8Array = json;
      const gz = s.compression ? await gzip(json).catch(() => undefined) : undefined;
      if (gz) payload = gz;
      if (flight.reclaimed) return;
      const bytes = gz ? gz.byteLength : utf8Length(json);
      if (bytes <= KEEPALIVE_MAX_BYTES || batch.length < 2)
        return { payload, gzipped: !!gz, bytes };
      cache.putBack(batch.splice(batch.length >> 1));
    }
  };

  /** One PutRumEvents request with fetch. */
  const sendOnce = async (
    prepared: { payload: string | Uint8Array; gzipped: boolean; bytes: number },
    creds: Credentials | undefined,
    flight: Flight,
  ): Promise<Outcome> => {
    const { payload, bytes } = prepared;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...s.headers };
    if (prepared.gzipped) headers['content-encoding'] = 'gzip';
    const req: UnsignedRequest = { url, headers, body: payload };
    let sent = headers;
    const reclaimed = { ok: false, reclaimed: true } as Outcome;
    if (creds) {
      let sig: SigV4;
      try {
        sig = await getSigner();
      } catch (e) {
        // The auth chunk (cwr-auth.js beside cwr.js) did not load: offline, or blocked by CSP.
        return { ok: false, retry: true, message: `the signer could not be loaded: ${String(e)}` };
      }
      sent = await sig.sign(req, creds, s.region, signingDate());
    }
    // The page was hidden meanwhile: the page-hide flush has the batch now.
    if (flight.reclaimed) return reclaimed;
    // keepalive lets the request outlive the page, so from here on the batch is the
    // browser's to deliver and a page-hide flush leaves it alone: a request that may have
    // arrived is never sent twice. Only one event alone over the keepalive limit (a replay
    // snapshot) goes without: if the page is unloaded before its answer, it may be lost.
    const keepalive = bytes <= KEEPALIVE_MAX_BYTES || bytes <= BEACON_MAX_BYTES - keepaliveBytes;
    flight.safe = true;
    if (keepalive) keepaliveBytes += bytes;
    let res: Response | undefined;
    try {
      res = await Promise.race([
        deps.fetch(url.href, {
          method: 'POST',
          headers: sent,
          body: payload as BodyInit,
          keepalive,
          credentials: 'omit',
        }),
        // Restored from the back-forward cache: a keepalive request that was in flight when
        // the page was frozen may never settle there (WebKit); the browser has delivered it.
        new Promise<undefined>((r) => (flight.restored = () => r(undefined))),
      ]);
    } catch (e) {
      // Rejected after the page hid: the page is being unloaded, and the request goes on
      // without it (keepalive) or was already answered. Not a failure to send again.
      if (flight.hidden) return { ok: true, status: 0 };
      return { ok: false, retry: true, message: String(e) };
    } finally {
      if (keepalive) keepaliveBytes -= bytes;
      // Answered (or failed): until a retry starts, the batch is in memory again.
      flight.safe = flight.hidden = false;
    }
    if (!res) return { ok: true, status: 0 };
    if (res.ok) return { ok: true, status: res.status };
    const [errorType, message] = await errorTypeOf(res);
    const outcome: Outcome = { ok: false, status: res.status, errorType, message };
    if (res.status === 429 || res.status >= 500) outcome.retry = true;
    // Retry-After: seconds, or an HTTP date.
    const after = res.headers.get('retry-after');
    if (after) {
      const ms = /^\d+$/.test(after) ? +after * 1000 : Date.parse(after) - clock.now();
      if (ms > 0) outcome.wait = Math.min(ms, MAX_PAUSE_MS);
    }
    // A clock that is off by more than 5 minutes: learn the offset from the server's Date.
    const serverDate = Date.parse(res.headers.get('date') ?? '');
    if (
      errorType === 'InvalidSignatureException' &&
      /expired|clock|time/i.test(message ?? '') &&
      serverDate
    ) {
      clockOffset = serverDate - clock.now();
      outcome.retry = outcome.again = true;
    }
    return outcome;
  };

  const sleep = (ms: number) => new Promise<void>((r) => clock.setTimeout(r, ms));

  /** The last PutRumEvents answer, for diagnose(). */
  let last: (Outcome & { at: number; events: number; halted: boolean }) | undefined;

  const report = (o: Outcome, count: number, halt = false) =>
    deps.refused(o, { ...o, count, halt });

  /**
   * Sends one batch: retries with backoff when worth it; on a 403 while signing, forgets the
   * credentials and tries once more with fresh ones; a refusal that will not go away (a second
   * 403 in a row, an unknown app monitor) stops dispatching for this page, keeping the events.
   * Resolves true when the queue may keep draining.
   */
  const sendBatch = async (batch: QueuedEvent[]): Promise<boolean> => {
    const flight: Flight = (inFlight = {
      batch,
      safe: false,
      reclaimed: false,
    });
    try {
      return await sendFlight(flight);
    } finally {
      inFlight = undefined;
    }
  };

  const sendFlight = async (flight: Flight): Promise<boolean> => {
    const { batch } = flight;
    /** Back to the queue, unless the page-hide flush has taken it already. */
    const keep = () => {
      if (!flight.reclaimed) cache.putBack(batch);
    };
    const prepared = await prepare(batch, flight);
    if (!prepared) return false;
    let outcome: Outcome = { ok: false };
    let refetched = false;
    for (let attempt = 0; attempt <= s.retries; attempt++) {
      if (attempt && !outcome.again) {
        const wait = Math.max(BACKOFF_MS * 2 ** (attempt - 1) * jitter(), outcome.wait ?? 0);
        if (wait > MAX_INLINE_WAIT_MS) {
          // Asked to wait long: keep the batch and come back then.
          pauseUntil = clock.now() + wait;
          keep();
          return false;
        }
        await sleep(wait);
        if (flight.reclaimed) return false;
      }
      let creds: Credentials | undefined;
      if (s.signing) {
        creds = await credentials.get();
        if (!creds) {
          keep();
          deps.noCredentials();
          return false;
        }
      }
      outcome = await sendOnce(prepared, creds, flight);
      if (outcome.reclaimed || flight.reclaimed) return false;
      last = { ...outcome, at: clock.now(), events: batch.length, halted: false };
      if (outcome.ok) {
        authRefusals = failures = 0;
        stalled = false;
        return true;
      }
      if (!outcome.status && offline()) {
        // No network: keep the batch; the 'online' event resumes sending.
        keep();
        return false;
      }
      if (outcome.status === 403 && s.signing && !outcome.again && !refetched) {
        // Expired, revoked or foreign credentials: fetch new ones and try once more.
        refetched = true;
        authRefusals++;
        credentials.invalidate();
        outcome.again = true;
        attempt--;
        continue;
      }
      if (!outcome.retry) break;
    }
    if (outcome.status === 404 || (outcome.status === 403 && (!s.signing || authRefusals > 0))) {
      halted = outcome;
      if (last) last.halted = true;
      keep();
      report(outcome, batch.length, true);
      return false;
    }
    report(outcome, batch.length);
    if (outcome.retry) {
      keep();
      failures++;
    }
    return false;
  };

  const drain = async (): Promise<void> => {
    let batch: QueuedEvent[] = [];
    try {
      while (enabled && cache.size && !offline()) {
        batch = cache.take(s.batchLimit, BATCH_MAX_CHARS);
        const more = await sendBatch(batch);
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
    if (!enabled || halted || !cache.size) return Promise.resolve();
    const wait = pauseUntil - clock.now();
    if (wait > 0) {
      schedule(wait);
      return Promise.resolve();
    }
    // Cleared in a .finally (always asynchronous), so never before `draining` is assigned.
    const p = drain().finally(() => {
      draining = undefined;
      stalled = cache.size > 0;
      // After failures in a row, wait longer each time (with jitter), up to 5 minutes.
      if (cache.size)
        schedule(
          failures
            ? Math.min(s.dispatchInterval * 2 ** failures * jitter(), MAX_PAUSE_MS)
            : undefined,
        );
    });
    draining = p;
    return p;
  };

  /**
   * An event was queued. A full batch goes now (after the current task, so that a burst of
   * events is batched), unless the last drain stopped short (no credentials, offline, the
   * service asked us to slow down); otherwise the timer sends it.
   */
  const added = (): void => {
    if (cache.size >= s.batchLimit && !stalled && !draining && timerDelay !== 0) {
      clock.clearTimeout(timer);
      timer = undefined;
      timerDelay = -1;
      schedule(0);
    } else schedule();
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
        Math.max(delay, pauseUntil - clock.now()),
      );
    }
  }

  /**
   * Sends everything now, for a page that is going away: sendBeacon (with a presigned URL when
   * signing) or keepalive fetch, in requests that fit the ~64 KiB beacon quota. No gzip and
   * no waiting for macrotasks: everything happens before the page may be frozen.
   */
  const flushOnHide = async (beacon = s.useBeacon): Promise<number> => {
    if (!enabled || halted) return 0;
    const creds = s.signing ? credentials.peek() : undefined;
    // The drain's batch not on its way yet (being compressed or signed): take it back, so
    // that it goes with the rest. One on its way is left to the browser.
    if (inFlight && !inFlight.safe && !inFlight.reclaimed) {
      inFlight.reclaimed = true;
      cache.putBack(inFlight.batch);
    }
    if (inFlight?.safe) inFlight.hidden = true;
    if (s.signing && (!creds || !signer)) return 0;
    let sent = 0;
    // keepalive fetch reports an exhausted quota only later, by rejecting: keep count here,
    // starting from what the drain's own keepalive requests still hold.
    let budget = BEACON_MAX_BYTES - keepaliveBytes;
    while (cache.size) {
      // Take a batch, then halve it until its body fits one keepalive request.
      const batch = cache.take(s.batchLimit, BEACON_MAX_BYTES);
      let json = body(batch);
      // The quota counts bytes: measure the UTF-8 body, not the string.
      while (utf8Length(json) > BEACON_MAX_BYTES && batch.length > 1) {
        cache.putBack(batch.splice(batch.length >> 1));
        json = body(batch);
      }
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
          ? await signer!.presign(req, creds, s.region, signingDate())
          : url.href;
        try {
          ok = deps.sendBeacon(target, json);
        } catch {
          ok = false;
        }
      } else if (utf8Length(json) > budget) {
        ok = false;
      } else {
        budget -= utf8Length(json);
        const headers = creds
          ? await signer!.sign(req, creds, s.region, signingDate())
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
    /**
     * Gets ready what a page-hide flush needs, since it cannot wait: the signer and
     * credentials. Called once the app has had its say (queued setAwsCredentials included).
     */
    warmUp(): void {
      if (s.signing) {
        getSigner().catch(() => undefined);
        credentials.get().catch(() => undefined);
      }
    },
    schedule,
    added,
    flush,
    /**
     * The page came back from the back-forward cache: stop waiting for an answer to the
     * request that was on its way when it was frozen, and send what waits.
     */
    restored(): void {
      if (inFlight?.hidden) inFlight.restored?.();
      if (cache.size) schedule();
    },
    last: () => (last ? { ...last } : undefined),
    flushOnHide,
    enable(): void {
      enabled = true;
      if (cache.size) schedule();
    },
    disable(): void {
      enabled = false;
      clock.clearTimeout(timer);
      timer = undefined;
      timerDelay = -1;
    },
  };
};

export type Dispatcher = ReturnType<typeof createDispatcher>;
