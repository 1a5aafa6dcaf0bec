import { logger } from '../tools/logger';
import { monitor } from '../tools/monitor';

type Listener = () => void;
const listeners = new Set<Listener>();
let installed = false;

// Each listener runs on its own: one that throws must not keep the others from hearing.
const notify = () => listeners.forEach((l) => monitor(l)());

/** The Navigation API's `currententrychange`, where the browser has it: true when listened to. */
const listenToNavigation = (): boolean => {
  try {
    const nav = (window as { navigation?: EventTarget }).navigation;
    if (!nav || typeof nav.addEventListener != 'function') return false;
    nav.addEventListener('currententrychange', notify);
    return true;
  } catch {
    return false;
  }
};

/**
 * Calls `cb` after every change of location made through the History API (pushState,
 * replaceState, back/forward), the Navigation API or the hash. Where the browser has the
 * Navigation API, its `currententrychange` event tells every one and nothing of the page is
 * touched; elsewhere the History methods are wrapped once and shared, the wrapper calling the
 * original first, so the app sees exactly the behaviour it had.
 */
export const onLocationChange = (cb: Listener): (() => void) => {
  listeners.add(cb);
  if (!installed) {
    installed = true;
    if (listenToNavigation()) return () => void listeners.delete(cb);
    // Each wrapped on its own: a page that made one read-only (or froze history) loses only
    // the page views that method would have told, never the client.
    for (const name of ['pushState', 'replaceState'] as const) {
      const original = history[name];
      try {
        history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
          const r = original.apply(this, args);
          if (listeners.size) notify();
          return r;
        };
      } catch (e) {
        logger.debug(`could not wrap history.${name}: ${String(e)}`);
      }
    }
    window.addEventListener('popstate', notify);
    window.addEventListener('hashchange', notify);
  }
  // When the last listener goes, the wrappers stay but do nothing: another script may have
  // wrapped them after us, and unwrapping would break its chain.
  return () => void listeners.delete(cb);
};
