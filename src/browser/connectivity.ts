import { listen } from './listen';

/** False only when the browser knows it has no network (`navigator.onLine`). */
export const onLine = (): boolean => typeof navigator === 'undefined' || navigator.onLine !== false;

/** Calls `fn` each time the browser's network comes back; returns a function that stops it. */
export const onOnline = (fn: () => void): (() => void) => listen('online', fn);
