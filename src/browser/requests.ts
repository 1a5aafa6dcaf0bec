import { logger } from '../tools/logger';
import { monitor } from '../tools/monitor';

/** A request as fetch and XHR observers see it when it starts. */
export interface ObservedRequest {
  /** Upper case, e.g. 'GET'. */
  method: string;
  /** Absolute URL. */
  url: string;
  /** Adds a header to the request, unless the app set that header itself. */
  setHeader(name: string, value: string): void;
}

/** How a request ended: a response (any status), or a failure. */
export interface RequestEnd {
  status?: number;
  statusText?: string;
  /** The rejection reason (fetch) or a `{ name, message }` (XHR) when no response came. */
  error?: unknown;
  /** The failure was an abort (AbortSignal, xhr.abort()). */
  aborted?: boolean;
}

/**
 * Called as a request starts; may add headers, and returns the function to call when it
 * ends (or nothing, when it does not care about this request).
 */
export type RequestObserver = (req: ObservedRequest) => ((end: RequestEnd) => void) | void;

type Fn = (this: unknown, ...args: unknown[]) => unknown;
type Target = Record<string, Fn>;

/** Starts a request for every observer; returns the end callbacks (each behind monitor). */
export const begin = (observers: Set<RequestObserver>, req: ObservedRequest) => {
  const ends: ((end: RequestEnd) => void)[] = [];
  observers.forEach((o) => {
    const end = monitor(o)(req);
    if (end) ends.push(monitor(end));
  });
  return ends;
};

// A path (and query) the URL parser would leave exactly as it is: only characters it does not
// encode, no dot segments, no fragment.
const PLAIN_PATH =
  /^\/(?!\/)(?:[\w\-~!$&()*+,;=:@]|%(?!2e)|\.(?![./?]|$)|\/(?!\.))*(?:\?[\w\-.~!$&()*+,;=:@%/?]*)?$/i;
// An absolute http(s) URL the parser would leave as it is: a lower-case name (its last label
// not a number) or a plain IPv4 address, no default port.
const PLAIN_ORIGIN =
  /^https?:\/\/(?:(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*|(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))(?::(?!0)\d{1,5})?(?=\/)/;
let lastBase = '';
let baseOrigin = '';

/**
 * `u` resolved against the document's base URL (as fetch and XHR resolve it). Parsing a URL
 * costs microseconds on a slow device, on every request of the app: the usual forms — a path
 * from the root, or an absolute URL already in its parsed form — are recognised and put
 * together without parsing; anything else goes through the URL parser.
 */
export const absolute = (u: string): string => {
  try {
    const base = document.baseURI;
    const origin = PLAIN_ORIGIN.exec(u)?.[0];
    if (origin) {
      const port = origin.split(':')[2];
      if (!(port === (origin[4] === 's' ? '443' : '80')) && PLAIN_PATH.test(u.slice(origin.length)))
        return u;
    } else if (u[0] === '/' && PLAIN_PATH.test(u)) {
      if (base !== lastBase) {
        lastBase = base;
        baseOrigin = new URL(base).origin;
      }
      if (baseOrigin !== 'null') return baseOrigin + u;
    }
    return new URL(u, base).href;
  } catch {
    return u;
  }
};

/**
 * Shared, undoable method wrappers over `target()` (window for fetch, the XHR prototype).
 * `wrappers[key](original, live)[key]` is the replacement of `target[key]`; it must call
 * `original` unchanged whenever `live()` is false. It is a method (of an object the factory
 * returns) with the native's parameters, so that its name and length are the native's and
 * `new` throws a TypeError at once, as with the native: a method is no constructor.
 *
 * The first observer installs the wrappers, later ones share them. When the last one leaves,
 * each method whose wrapper is still the one installed is restored exactly (own property or
 * not). A wrapper another script has wrapped since stays in its chain, passing straight
 * through, and is reused (not wrapped again) by the next observer. A wrapper that was
 * removed never comes back to life, even if some script kept a reference to it.
 *
 * Each method stands alone: one the page made read-only (or a frozen target) is left as it
 * is, with a debug note naming it, and the others are wrapped all the same;
 * one that cannot be put back stays installed, passing through, and is reused later.
 *
 * @example
 * const observeX = createObservable(() => window, { x: (orig, live) => ({ x(a) {...} }) });
 * const stop = observeX((req) => (end) => console.log(req.url, end.status));
 */
export const createObservable = (
  target: () => object | undefined,
  wrappers: Record<string, (original: Fn, live: () => boolean) => Target>,
) => {
  const observers = new Set<RequestObserver>();
  // Per method: our installed wrapper, what it wraps, and whether that was an own property.
  const installed: Record<string, [Fn, Fn, boolean]> = {};
  const observe = (o: RequestObserver): (() => void) => {
    const t = target() as Target | undefined;
    if (!t) return () => undefined;
    observers.add(o);
    for (const k in wrappers) {
      const original = t[k];
      if (installed[k] || typeof original !== 'function') continue;
      const w: Fn = wrappers[k](original, () => installed[k]?.[0] === w && observers.size > 0)[k];
      const own = Object.prototype.hasOwnProperty.call(t, k);
      try {
        t[k] = w;
        installed[k] = [w, original, own];
      } catch (e) {
        // (e names the property and its owner, e.g. of '#<Window>'.)
        logger.debug(`could not wrap ${k}: ${e}`);
      }
    }
    return () => {
      if (!observers.delete(o) || observers.size) return;
      for (const k in installed) {
        const [w, original, own] = installed[k];
        if (t[k] !== w) continue;
        try {
          if (own) t[k] = original;
          else delete t[k];
          delete installed[k];
        } catch {
          // Frozen since: ours stays, passing through (no observer), and is reused later.
        }
      }
    };
  };
  return { observe, _observers: observers, _installed: installed };
};
