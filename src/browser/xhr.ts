/* eslint-disable prefer-rest-params -- the wrappers pass on `arguments` as the app gave them */
import { monitor } from '../tools/monitor';
import { absolute, begin, createObservable, type RequestEnd } from './requests';

// `_` names are internal: the CDN build shortens them.
interface XhrState {
  _method: string;
  _url: string;
  /** Headers the app set (lower case): ours never replace or join them. */
  _names: string[];
  /** Ends the request in flight, if any (listeners removed, observers told). */
  _end?: (kind: string) => void;
}

const states = new WeakMap<XMLHttpRequest, XhrState>();
const EVENTS = ['error', 'abort', 'timeout', 'loadend'];
const FAILURES: Record<string, string> = {
  error: 'NetworkError',
  abort: 'AbortError',
  timeout: 'TimeoutError',
};

const xhrObservable = createObservable(() => globalThis.XMLHttpRequest?.prototype, {
  // Methods with the native's parameters (see createObservable); the arguments are passed on
  // as the app gave them.
  open: (original, live) => ({
    open(this: unknown, method: unknown, url: unknown) {
      const xhr = this as XMLHttpRequest;
      const r = original.apply(this, arguments as never);
      // Only once the browser accepted the call: a refused open() changes nothing.
      if (live())
        monitor(() => {
          // open() on a request in flight cancels it without any event.
          states.get(xhr)?._end?.('abort');
          states.set(xhr, {
            _method: String(method).toUpperCase(),
            _url: absolute(String(url)),
            _names: [],
          });
        })();
      return r;
    },
  }),
  setRequestHeader: (original, live) => ({
    setRequestHeader(this: unknown, name: unknown, _value: unknown) {
      const r = original.apply(this, arguments as never);
      if (live()) states.get(this as XMLHttpRequest)?._names.push(String(name).toLowerCase());
      return r;
    },
  }),
  send: (original, live) => ({
    send(this: unknown) {
      const xhr = this as XMLHttpRequest;
      const state = live() ? states.get(xhr) : undefined;
      let end: ((kind: string) => void) | undefined;
      // Listeners go on before send: a synchronous request ends inside it. A send while one
      // is in flight throws in the browser; it is not a request.
      if (state && !state._end)
        monitor(() => {
          const setHeader = xhrObservable._installed.setRequestHeader?.[1];
          const ends = begin(xhrObservable._observers, {
            method: state._method,
            url: state._url,
            setHeader: (name, value) => {
              if (setHeader && !state._names.includes(name.toLowerCase()))
                setHeader.call(xhr, name, value);
            },
          });
          if (!ends.length) return;
          let failure = '';
          const listener = monitor((e: Event) => {
            if (e.type === 'loadend') end?.(failure);
            else failure = e.type;
          });
          end = (kind: string) => {
            state._end = undefined;
            EVENTS.forEach((t) => xhr.removeEventListener(t, listener, true));
            const outcome: RequestEnd = kind
              ? {
                  error: { name: FAILURES[kind], message: 'XMLHttpRequest ' + kind },
                  aborted: kind === 'abort',
                }
              : { status: xhr.status, statusText: xhr.statusText };
            ends.splice(0).forEach((f) => f(outcome));
          };
          state._end = end;
          // Capture phase: at the target it runs before the app's own (bubbling) listeners,
          // so an app listener calling stopImmediatePropagation cannot hide the end from us.
          EVENTS.forEach((t) => xhr.addEventListener(t, listener, true));
        })();
      try {
        return original.apply(this, arguments as never);
      } catch (e) {
        // A synchronous request that failed throws without events; the app gets the same throw.
        monitor(() => end?.('error'))();
        throw e;
      }
    },
  }),
});

/**
 * Observes every request the page makes with XMLHttpRequest (see `RequestObserver`): the
 * prototype's open, setRequestHeader and send are wrapped once for all observers, and the
 * outcome is read at `loadend` without touching anything the app sees. The stop function
 * undoes it (see `createObservable`).
 */
export const observeXhr = xhrObservable.observe;
