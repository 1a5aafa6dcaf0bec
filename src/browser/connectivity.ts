import { monitor } from '../tools/monitor';

/**
 * Listens to `type` on the window, the callback behind the error boundary (monitor()).
 * Returns a function that stops listening. Without a window (a worker, a test's node
 * environment), nothing to listen to: the function does nothing.
 */
export const listen = (type: string, fn: () => void): (() => void) => {
  if (typeof addEventListener !== 'function') return () => undefined;
  const listener = monitor(fn);
  addEventListener(type, listener);
  return () => removeEventListener(type, listener);
};

/** False only when the browser knows it has no network (`navigator.onLine`). */
export const onLine = (): boolean => typeof navigator === 'undefined' || navigator.onLine !== false;

/** Calls `fn` each time the browser's network comes back; returns a function that stops it. */
export const onOnline = (fn: () => void): (() => void) => listen('online', fn);
