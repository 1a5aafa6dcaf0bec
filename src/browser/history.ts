import { monitor } from '../tools/monitor';

type Listener = () => void;
const listeners = new Set<Listener>();
let installed: { push: History['pushState']; replace: History['replaceState'] } | undefined;

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
    const push = history.pushState;
    const replace = history.replaceState;
    installed = { push, replace };
    history.pushState = function (this: History, ...args) {
      const r = push.apply(this, args);
      if (listeners.size) notify();
      return r;
    };
    history.replaceState = function (this: History, ...args) {
      const r = replace.apply(this, args);
      if (listeners.size) notify();
      return r;
    };
    window.addEventListener('popstate', notify);
    window.addEventListener('hashchange', notify);
  }
  // When the last listener goes, the wrappers stay but do nothing: another script may have
  // wrapped them after us, and unwrapping would break its chain.
  return () => void listeners.delete(cb);
};
