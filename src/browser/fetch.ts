/* eslint-disable prefer-rest-params -- the wrappers pass on `arguments` as the app gave them */
import { monitor, reportInternalError } from '../tools/monitor';
import { absolute, begin, createObservable, type RequestEnd } from './requests';

type FetchArgs = [RequestInfo | URL, RequestInit | undefined];

const fetchObservable = createObservable(
  () => (typeof fetch === 'function' ? globalThis : undefined),
  {
    // A method with the native's one parameter: named fetch, length 1, no constructor. The
    // arguments are passed on as the app gave them (how many matters: fetch() must throw).
    fetch: (original, live) => ({
      fetch(this: unknown, _input: unknown) {
        const args = arguments as unknown as unknown[];
        if (!live()) return original.apply(this, args);
        let call = args;
        let ends: ((end: RequestEnd) => void)[] = [];
        let signal: AbortSignal | null | undefined;
        try {
          const [input, init] = args as FetchArgs;
          // A Request (also one from another frame): it carries its own method, URL, signal.
          const req = typeof (input as Request)?.url === 'string' ? (input as Request) : undefined;
          signal = init && 'signal' in init ? init.signal : req?.signal;
          const headers: [string, string][] = [];
          ends = begin(fetchObservable._observers, {
            method: String(init?.method ?? req?.method ?? 'GET').toUpperCase(),
            url: req ? req.url : absolute(String(input)),
            setHeader: (name, value) => headers.push([name, value]),
          });
          // The app's arguments as it gave them, but for a copy of init with our headers added
          // (a fetch wrapper under us may read init.headers): to a copy of its object, else to
          // a Headers with its own (pairs, a Headers). An init without headers leaves a Request
          // its own: they are copied into the new init's.
          if (headers.length)
            try {
              const given = init?.headers ?? req?.headers;
              const h = new Headers(given);
              const add = headers.filter(([name]) => !h.has(name));
              add.forEach(([name, value]) => h.set(name, value));
              if (add.length)
                (call = [...args])[1] = {
                  ...init,
                  headers:
                    given && !(Symbol.iterator in given)
                      ? { ...given, ...Object.fromEntries(add) }
                      : h,
                };
            } catch {
              // Headers the browser refuses: the call fails just as it would without us.
            }
        } catch (e) {
          reportInternalError(e);
        }
        const p = original.apply(this, call) as Promise<Response>;
        if (!ends.length || typeof p?.then !== 'function') return p;
        // Reading the outcome is ours too (a fetch wrapper under us may resolve oddly).
        const done = monitor((end: () => RequestEnd) => {
          const e = end();
          ends.forEach((f) => f(e));
        });
        // The app gets the same Response object and the same rejection reason. A promise
        // derived from the original (not the original with our handlers on it), so that a
        // rejection the app leaves unhandled still reaches `unhandledrejection`.
        return p.then(
          (res) => {
            done(() => ({ status: res.status, statusText: res.statusText }));
            return res;
          },
          (error: unknown) => {
            done(() => ({ error, aborted: !!signal?.aborted }));
            throw error;
          },
        );
      },
    }),
  },
);

/**
 * Observes every request the page makes with `fetch` (see `RequestObserver`). `window.fetch`
 * is wrapped once for all observers; the stop function undoes it (see `createObservable`).
 * Does nothing where there is no fetch.
 *
 * @example
 * const stop = observeFetch((req) => (end) => console.log(req.method, req.url, end.status));
 */
export const observeFetch = fetchObservable.observe;
