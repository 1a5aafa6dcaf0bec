import type { RequestObserver } from '../browser/requests';
import { NAVIGATION_EVENT } from '../domain/event-types';
import { logger } from '../tools/logger';
import { monitor } from '../tools/monitor';
import { ownRequest } from './own';
import type { PluginContext } from './plugin';

/** What route timing observes through cwr.js's own request wrappers (one of each per page). */
export type Observe = ((o: RequestObserver) => () => void)[];

/** A route change being timed (short keys: a chunk's properties are not mangled). */
interface Route {
  /** When it started; the end of the last DOM change or app request. */
  s: number;
  l: number;
  /** App requests in flight. */
  n: number;
  /** The quiet timer, and what stops the observers and timers. */
  q?: ReturnType<typeof setTimeout>;
  stop: (() => void)[];
}

/**
 * Route timing (docs/insights.md): each page view after the first of a page load starts a
 * timer, ended by config.routeChangeComplete ms without DOM changes or app requests in flight (the end of the
 * last of them is the view's end), or, once the app has called pageLoaded(), by its next
 * call. Recorded as a performance_navigation_event with initiatorType "route_change". One
 * not over within config.routeChangeTimeout ms, or left (another view, the page hidden), is not recorded.
 */
export const createRouteTiming = (context: PluginContext, observe: Observe) => {
  const { routeChangeComplete: quiet, routeChangeTimeout: timeout } = context.config;
  const own = ownRequest(context.config);
  // The app calls pageLoaded(): its word, not the quiet, ends each view from then on.
  let trust = false;
  let route: Route | undefined;

  const end = (r: Route, why?: string) => {
    if (r !== route) return;
    route = undefined;
    clearTimeout(r.q);
    r.stop.forEach((stop) => stop());
    if (why) logger.debug(`route timing: the view is not timed (${why}).`);
  };

  const done = (r: Route, at: number) => {
    end(r);
    context.record(NAVIGATION_EVENT, {
      version: '1.0.0',
      initiatorType: 'route_change',
      navigationType: 'navigate',
      startTime: Math.round(r.s * 10) / 10,
      duration: Math.max(0, Math.round((at - r.s) * 10) / 10),
    });
  };

  /** Something happened: the quiet starts again from now (when no request is in flight). */
  const busy = (r: Route) => {
    r.l = performance.now();
    clearTimeout(r.q);
    if (!r.n)
      r.q = setTimeout(
        monitor(() => done(r, r.l)),
        quiet,
      );
  };

  const start = (): void => {
    const r: Route = { s: performance.now(), l: 0, n: 0, stop: [] };
    r.l = r.s;
    route = r;
    const over = setTimeout(
      monitor(() => end(r, `not loaded within routeChangeTimeout, ${timeout} ms`)),
      timeout,
    );
    r.stop.push(() => clearTimeout(over));
    if (trust) return;
    const changes = new MutationObserver(monitor(() => busy(r)));
    changes.observe(document, {
      childList: true,
      subtree: true,
      attributes: true,
      characterData: true,
    });
    r.stop.push(() => changes.disconnect());
    for (const o of observe)
      r.stop.push(
        o((req) => {
          if (r !== route || own(req.url)) return;
          r.n++;
          clearTimeout(r.q);
          return monitor(() => {
            r.n--;
            if (r === route) busy(r);
          });
        }),
      );
    busy(r);
  };

  return {
    /** A page view was recorded; `next` when it follows another of this page load. */
    view(next: boolean): void {
      if (route) end(route, 'another view started first');
      if (next) start();
    },
    loaded(): void {
      trust = true;
      if (route) done(route, performance.now());
    },
    hide(): void {
      if (route) end(route, 'the page was hidden first');
    },
    stop(): void {
      if (route) end(route);
    },
  };
};
