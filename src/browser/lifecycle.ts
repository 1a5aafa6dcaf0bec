import { monitor } from '../tools/monitor';

/**
 * Calls `cb` when the page is hidden or being unloaded: the last moment a page is sure to run
 * code (visibilitychange to hidden comes first; pagehide covers browsers that skip it),
 * `back` when a hidden page is shown again, and `restored` when it comes back from the
 * back-forward cache (pageshow with persisted). Returns a function that stops listening.
 */
export const onPageHide = (
  cb: () => void,
  back: () => void,
  restored: () => void,
): (() => void) => {
  const onVisibility = monitor(() => {
    if (document.visibilityState === 'hidden') cb();
    else back();
  });
  const onHide = monitor(cb);
  const onShow = monitor((e: PageTransitionEvent) => e.persisted && restored());
  document.addEventListener('visibilitychange', onVisibility, true);
  window.addEventListener('pagehide', onHide, true);
  window.addEventListener('pageshow', onShow, true);
  return () => {
    document.removeEventListener('visibilitychange', onVisibility, true);
    window.removeEventListener('pagehide', onHide, true);
    window.removeEventListener('pageshow', onShow, true);
  };
};
