import { SCHEMA_VERSION } from '../domain/rules';
import { monitor } from '../tools/monitor';
import type { Plugin, PluginContext } from './plugin';

export const TTI_EVENT = 'com.amazon.rum.time_to_interactive_event';
/** How long the main thread must stay free of long tasks for the page to count as interactive. */
export const QUIET_MS = 5000;

/**
 * Time to interactive (the npm class TTIPlugin; no telemetry records it): once per page load,
 * one time_to_interactive_event whose `value` is the time in milliseconds from the start of
 * the navigation (the activation, for a prerendered page) to the end of the last long task
 * (a task of 50 ms or more, from a `longtask` PerformanceObserver) that is followed by
 * 5 seconds without a long task, counting from the first contentful paint. A page with no long
 * task after FCP is interactive at FCP; never before DOMContentLoaded has ended.
 *
 * Unlike Lighthouse's lab metric, network activity is not looked at (the browser does not tell
 * a page how many requests are in flight), so the value is the main thread's. Nothing is
 * recorded in a browser without long task timing (Firefox, Safari), on a page hidden before its
 * quiet window (background tabs run their tasks late and slowly), or when the client was
 * disabled at that time.
 */
export const createTtiPlugin = (): Plugin => {
  let context: PluginContext | undefined;
  let on = false;
  let done = false;
  let fcp: number | undefined;
  /** The candidate: FCP, then the end of each long task that began before the quiet window. */
  let at = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let observer: PerformanceObserver | undefined;

  const finish = (record: boolean) => {
    if (done) return;
    done = true;
    stop();
    const nav = performance.getEntriesByType?.('navigation')[0] as
      (PerformanceNavigationTiming & { activationStart?: number }) | undefined;
    const value = Math.max(at, nav?.domContentLoadedEventEnd ?? 0) - (nav?.activationStart ?? 0);
    if (record && context && !context.disabledAt?.(at))
      context.record(TTI_EVENT, { version: SCHEMA_VERSION, value: Math.max(0, Math.round(value)) });
  };

  // Runs when the quiet window after the candidate may have passed.
  const check = monitor(() => {
    clearTimeout(timer);
    if (done || !on || fcp === undefined) return;
    const wait = at + QUIET_MS - performance.now();
    if (wait > 0) timer = setTimeout(check, wait);
    else finish(true);
  });

  const onEntries = monitor((entries: PerformanceEntryList) => {
    // (Buffered entries may come late: each is placed by its own times, not by arrival.)
    for (const e of [...entries].sort((a, b) => a.startTime - b.startTime)) {
      if (done) return;
      if (e.entryType === 'paint') {
        if (e.name !== 'first-contentful-paint') continue;
        fcp = e.startTime;
        at = Math.max(at, fcp);
      } else if (fcp !== undefined && e.startTime >= at + QUIET_MS) {
        // A quiet window went by before this task: the page was interactive at `at`.
        return finish(true);
      } else at = Math.max(at, e.startTime + e.duration);
    }
    check();
  });

  const onHidden = monitor(() => {
    if (document.visibilityState === 'hidden') finish(false);
  });

  const stop = () => {
    clearTimeout(timer);
    observer?.disconnect();
    removeEventListener('visibilitychange', onHidden, true);
  };

  return {
    getPluginId: () => 'time-to-interactive',
    load(ctx) {
      context = ctx;
      const types =
        typeof PerformanceObserver === 'function' && PerformanceObserver.supportedEntryTypes;
      if (!types || !types.includes('longtask') || document.visibilityState === 'hidden')
        return void (done = true);
      observer = new PerformanceObserver((list) => onEntries(list.getEntries()));
      for (const type of ['paint', 'longtask']) observer.observe({ type, buffered: true });
      addEventListener('visibilitychange', onHidden, true);
    },
    enable() {
      on = true;
      check();
    },
    disable() {
      on = false;
      clearTimeout(timer);
    },
  };
};
