import type { ProblemData } from '../diagnostics/explain';
import { reportInternalError } from '../tools/monitor';
import { own } from '../tools/own';

/** Starts the client with this config; `problem` says why the remote document was not used. */
export type StartWith = (config: unknown, problem?: ProblemData) => void;

/** An uncaught error that came while the config was on its way: an item of the snippet's queue. */
interface Waiting {
  e: Event;
  c?: string;
  p?: unknown;
}

// The client's own script files: an error from them is ours, never the app's (as the telemetry).
const OWN_FILE = /\/cwr(-[a-z]+)?\.js(\?|#|$)/;

/**
 * Makes the errors that came meanwhile `recordError` commands, in their places in the queue, as
 * the errors telemetry would have recorded them with this config (if it has the telemetry, and
 * its `ignore` does not skip them); the others leave the queue.
 */
const keepErrors = (q: unknown[], waiting: Waiting[], config: unknown) => {
  // The errors telemetry's options, if this config has it: `telemetries` as the client reads
  // it (not a list: the default list, which has it).
  let options: unknown;
  try {
    const t = own(config, 'telemetries');
    const entry = Array.isArray(t)
      ? t.find((x) => x == 'errors' || (Array.isArray(x) && own(x, 0) == 'errors'))
      : 'errors';
    options = entry && (Array.isArray(entry) ? own(entry, 1) || {} : {});
  } catch {
    // (A config that throws when read: the client says so, and records nothing yet.)
  }
  const ignore = own(options, 'ignore');
  for (const item of waiting) {
    const { e } = item;
    let keep = !!options && !OWN_FILE.test((e as ErrorEvent).filename || '');
    try {
      if (keep && typeof ignore == 'function') keep = !ignore(e);
    } catch {
      // (As the telemetry does: an error its ignore throws on is recorded.)
    }
    if (keep) {
      item.c = 'recordError';
      item.p = e.type == 'error' ? e : (e as PromiseRejectionEvent).reason;
    }
  }
  q.splice(0, q.length, ...q.filter((x) => !waiting.includes(x as Waiting) || own(x, 'c')));
};

/**
 * The snippet's config URL (its 7th argument, `u`), in the cwr-config.js chunk: fetches
 * `{ "clientConfig": { … } }` and starts the client with the inline config laid over it (own
 * keys; the inline config wins, key by key), checked like any config. A document that cannot
 * be used (HTTP error, network, CSP, not JSON, no clientConfig object) starts it with the
 * inline config alone, and says why. Commands queued meanwhile keep their order, and so do the
 * uncaught errors (see keepErrors).
 */
export const fetchConfig = (u: unknown, inline: unknown, q: unknown[], start: StartWith): void => {
  let url = String(u);
  let csp: string | undefined;
  const waiting: Waiting[] = [];
  const onError = (e: Event) => {
    const item = { e };
    waiting.push(item);
    q.push(item);
  };
  const onCsp = (e: SecurityPolicyViolationEvent) => {
    if (e.blockedURI == url) csp = e.effectiveDirective;
  };
  const listen = (f: typeof addEventListener) => {
    f('error', onError);
    f('unhandledrejection', onError);
    f('securitypolicyviolation', onCsp as EventListener);
  };
  const done = (config: unknown, problem?: ProblemData) => {
    listen(removeEventListener);
    keepErrors(q, waiting, config);
    start(config, problem);
  };
  listen(addEventListener);
  new Promise<Response>((r) => r(fetch((url = new URL(url, location.href).href))))
    .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
    .then(
      (d) => {
        const x = own(d, 'clientConfig');
        // (`got` in a list: an absent clientConfig is undefined.)
        if (!x || typeof x != 'object' || Array.isArray(x)) done(inline, { url, got: [x] });
        else done({ ...x, ...(inline as object) });
      },
      // (A CSP report comes after the failed fetch: wait a task for it.)
      (error) => setTimeout(() => done(inline, { url, error, csp })),
    )
    .catch(reportInternalError);
};
