import { monitor } from '../tools/monitor';

/**
 * Calls `cb` when the page is hidden or being unloaded: the last moment a page is sure to run
 * code (visibilitychange to hidden comes first; pagehide covers browsers that skip it), and
 * `back` when a hidden page is shown again. Returns a function that stops listening.
 */
export const onPageHide = (cb: () => void, back?: () => void): (() => void) => {
  const onVisibility = monitor(() => {
    if (document.visibilityState === 'hidden') cb();
    else back?.();
  });
  const onHide = monitor(cb);
  document.addEventListener('visibilitychange', onVisibility, true);
  window.addEventListener('pagehide', onHide, true);
  return () => {
    document.removeEventListener('visibilitychange', onVisibility, true);
    window.removeEventListener('pagehide', onHide, true);
  };
};
