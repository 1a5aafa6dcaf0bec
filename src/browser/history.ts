import { logger } from '../tools/logger';
import { monitor } from '../tools/monitor';

type Listener = () => void;
const listeners = new Set<Listener>();
let installed = false;

// Each listener runs on its own: one that throws must not keep the others from hearing.
const notify = () => listeners.forEach((l) => monitor(l)());

/**
 * Calls `cb` after every change of location made through the History API (pushState,
 * replaceState, back/forward) or the hash. The History methods are wrapped once and shared;
 * the wrapper calls the original first, so the app sees exactly the behaviour it had.
 */
export const onLocationChange = (cb: Listener): (() => void) => {
  listeners.add(cb);
  if (!installed) {
    installed = true;
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
