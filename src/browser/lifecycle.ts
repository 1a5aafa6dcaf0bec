import { listen } from './listen';

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
  const stops = [
    listen(
      'visibilitychange',
      () => (document.visibilityState === 'hidden' ? cb() : back()),
      document,
      true,
    ),
    listen('pagehide', cb, window, true),
    listen<PageTransitionEvent>('pageshow', (e) => e.persisted && restored(), window, true),
  ];
  return () => stops.forEach((stop) => stop());
};
