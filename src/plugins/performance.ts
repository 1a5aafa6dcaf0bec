import type { Warn } from '../domain/types';
import { NAVIGATION_EVENT, RESOURCE_EVENT } from '../domain/event-types';
import { chunksLoaded } from '../lazy/own-files';
import { logger } from '../tools/logger';
import { monitor } from '../tools/monitor';
import { finishedNavigation } from './navigation';
import { isBool, isCount, isFn, isStrings, type OptionSpec, resolveOptions } from './options';
import type { Plugin, PluginContext } from './plugin';
import { ownResource, pickResources, resourceDetails } from './resources';
import type { Insights } from './insights';
import type { Observe } from './route-timing';
import type { InsightsModule } from '../lazy/load';
import { FID_EVENT, fidDetails, startWebVitals } from './web-vitals';

export { NAVIGATION_EVENT, RESOURCE_EVENT };

/** What cwr.js hands the performance chunk: the insights chunk's loader, its request observers. */
export interface PerformanceDeps {
  insights: () => Promise<InsightsModule>;
  observe: Observe;
}

export type PerformanceOptions = {
  eventLimit: number;
  recordAllTypes: string[];
  sampleTypes: string[];
  ignore: (entry: PerformanceEntry) => unknown;
  reportAllLCP: boolean;
  reportAllCLS: boolean;
  reportAllINP: boolean;
  routeTiming: boolean;
  longFrames: boolean;
  longFrameThreshold: number;
  vitalsPerView: boolean;
};

const notHttp = (entry: PerformanceEntry): boolean => !/^https?:/i.test(entry.name);

export const PERFORMANCE_OPTIONS: OptionSpec<PerformanceOptions> = {
  eventLimit: [10, isCount],
  recordAllTypes: [['document', 'script', 'stylesheet', 'font'], isStrings],
  sampleTypes: [['image', 'other'], isStrings],
  // Resources that are not http(s) (data:, blob:) are left out by default.
  ignore: [notHttp, isFn],
  reportAllLCP: [false, isBool],
  reportAllCLS: [false, isBool],
  reportAllINP: [false, isBool],
  routeTiming: [false, isBool],
  // The browser reports frames (and tasks) of 50 ms and more.
  longFrames: [false, isBool],
  longFrameThreshold: [100, (v) => typeof v == 'number' && v >= 50 && v < Infinity],
  vitalsPerView: [false, isBool],
};

/**
 * The `performance` telemetry: one performance_navigation_event once the page has loaded,
 * performance_resource_event for the page's resources, and the web vitals (LCP, CLS, INP, FCP,
 * TTFB through the web-vitals package, FID from the first-input entry).
 *
 * It arrives in a lazily loaded chunk, after the page's first moments: what happened before is
 * read from buffered PerformanceObservers and the navigation entry.
 *
 * Options: `eventLimit` (10: resources sampled at random from `sampleTypes` per page),
 * `recordAllTypes` (['document', 'script', 'stylesheet', 'font']: recorded every one),
 * `sampleTypes` (['image', 'other']), `ignore(entry)` (true to skip a resource; default: skip
 * what is not http(s)), `reportAllLCP` / `reportAllCLS` / `reportAllINP` (false: report each
 * when final; true: every change), `routeTiming` (false: time each route change of a
 * single-page app, ./route-timing.ts, with config.routeChangeComplete and routeChangeTimeout),
 * `vitalsPerView` (false: INP and CLS of the page load from web-vitals; true: of each view,
 * measured by ./view-vitals.ts, recorded when the view changes and when the page hides, and
 * web-vitals' are not sent), `longFrames` (false: record long animation frames of
 * at least `longFrameThreshold` ms, 100, and the INP's frames, or long tasks where there are no
 * frames, ./long-frames.ts); these three in the insights chunk (./insights.ts), loaded when
 * one is on. With config.recordResourceUrl false no URL is recorded.
 * The client's own requests are never recorded (see `ownResource`).
 *
 * @example
 * // In the snippet's (or the AwsRum constructor's) config:
 * telemetries: ['errors', 'http', ['performance', { eventLimit: 20, reportAllCLS: true }]]
 */
export const createPerformancePlugin = (
  options: Record<string, unknown>,
  warn: Warn,
  /**
   * The insights chunk's loader, and cwr.js's request observers (fetch, XHR) for route timing;
   * without them (a test), routeTiming, vitalsPerView and longFrames record nothing.
   */
  deps?: PerformanceDeps,
): Plugin => {
  const o = resolveOptions('performance', options, PERFORMANCE_OPTIONS, warn);
  // Route timing, per-view vitals, long frames: a chunk of their own, loaded when one is on.
  let insights: Insights | undefined;
  let context: PluginContext | undefined;
  let on = false;
  let started = false;
  let recordUrl = true;
  let isOwn: (name: string) => boolean = () => false;
  let observer: PerformanceObserver | undefined;
  // Once the buffered entries have been delivered, a re-enable observes new entries only:
  // what happened while disabled is not recorded, and nothing is recorded twice.
  let delivered = false;
  let sampled = 0;
  let navigationDone = false;
  let fidDone = false;
  let vitalsStarted = false;
  let vitalsHide = () => {};
  // The ids of the events recorded for the page's resources (by URL) and, under '', its
  // navigation: LCP's attribution names them.
  const ids = new Map<string, unknown>();

  // Called synchronously by web-vitals' callbacks (see startWebVitals on why that matters).
  // What happened while the client was disabled (`times`) is not recorded, even now.
  const record = monitor((type: string, details: object, times: number[]) => {
    if (on && context && !times.some(offAt)) return context.record(type, details);
  });
  const offAt = (t: number): boolean => !!context?.disabledAt?.(t);

  const ignored = (entry: PerformanceEntry): boolean => {
    try {
      return !!o.ignore(entry);
    } catch (e) {
      logger.once(
        'performance-ignore',
        'warn',
        `telemetries performance.ignore threw (${String(e)}); the resource is recorded.`,
      );
      return false;
    }
  };

  const onResources = (entries: PerformanceResourceTiming[], now?: boolean) => {
    // One of the client's chunks may be among them before it is known as one (src/lazy/own-files.ts):
    // they wait for the chunks loading to have run, unless the page is hiding.
    const loaded = !now && chunksLoaded();
    if (loaded) return void loaded.then(monitor(() => onResources(entries, true)));
    const wanted = entries.filter((e) => !offAt(e.startTime) && !isOwn(e.name) && !ignored(e));
    const { picked, sampled: n } = pickResources(
      wanted,
      o.recordAllTypes,
      o.sampleTypes,
      o.eventLimit - sampled,
    );
    sampled += n;
    for (const e of picked)
      ids.set(
        e.name,
        record(RESOURCE_EVENT, resourceDetails(e, recordUrl, context!.config.groupUrl), []),
      );
  };

  const onEntries = monitor((entries: PerformanceEntryList, now?: boolean) => {
    if (!on) return;
    delivered = true;
    const resources: PerformanceResourceTiming[] = [];
    for (const e of entries) {
      if (e.entryType === 'resource') resources.push(e as PerformanceResourceTiming);
      else if (e.entryType === 'first-input' && !fidDone) {
        fidDone = true;
        record(FID_EVENT, fidDetails(e as PerformanceEventTiming), [e.startTime]);
      }
    }
    onResources(resources, now);
  });

  const navigation = monitor(() => {
    if (!on || navigationDone) return;
    const details = finishedNavigation();
    if (details) {
      navigationDone = true;
      // The page's load: observed while disabled when the client was disabled from its start.
      ids.set('', record(NAVIGATION_EVENT, details, [0]));
    }
  });
  // loadEventEnd is set once the load event's handlers have returned: look a task later.
  const onLoad = monitor(() => setTimeout(navigation));
  // The observer's callback comes a task later, too late for the flush when the page hides:
  // take what it holds (a first input just before a click on a link that leaves the page).
  const onHidden = monitor(() => {
    if (document.visibilityState === 'hidden' && observer) onEntries(observer.takeRecords(), true);
  });

  const start = monitor(() => {
    if (!on || started || !context) return;
    started = true;
    if (!vitalsStarted) {
      // web-vitals callbacks cannot be removed: registered once, gated by `on` in `record`.
      vitalsStarted = true;
      vitalsHide = startWebVitals(record, {
        reportAllLCP: o.reportAllLCP,
        reportAllCLS: o.reportAllCLS,
        reportAllINP: o.reportAllINP,
        recordUrl,
        idOf: (url = '') => ids.get(url),
        perView: o.vitalsPerView,
        inpFrames: (f) => insights?.inp(f),
      });
    }
    insights?.start();
    navigation();
    if (!navigationDone) addEventListener('load', onLoad);
    const supported =
      typeof PerformanceObserver === 'function'
        ? PerformanceObserver.supportedEntryTypes || []
        : [];
    if (supported.includes('resource')) {
      observer = new PerformanceObserver((list) => onEntries(list.getEntries()));
      addEventListener('visibilitychange', onHidden, true);
      observer.observe({ type: 'resource', buffered: !delivered });
      if (!fidDone && supported.includes('first-input'))
        observer.observe({ type: 'first-input', buffered: !delivered });
    } else if (!delivered) {
      delivered = true;
      onResources(
        (performance.getEntriesByType?.('resource') ?? []) as PerformanceResourceTiming[],
      );
    }
  });

  const plugin: Plugin = {
    getPluginId: () => 'performance',
    load(ctx) {
      context = ctx;
      recordUrl = ctx.config.recordResourceUrl !== false;
      isOwn = ownResource(ctx.config);
      if (deps && (o.routeTiming || o.vitalsPerView || o.longFrames))
        deps.insights().then(
          monitor((m: InsightsModule) => {
            insights = m.createInsights(ctx, o, record, offAt, deps.observe);
            if (started) insights.start();
          }),
          (e: unknown) =>
            logger.once(
              'insights',
              'error',
              `telemetries performance: routeTiming, vitalsPerView and longFrames record nothing on this page: ${String(e instanceof Error ? e.message : e)}`,
            ),
        );
      plugin.enable();
    },
    enable() {
      if (on || !context) return;
      on = true;
      // A microtask later: the client disables a plugin right after loading it when it is
      // itself disabled (no consent yet); nothing should start, and be lost, in between.
      queueMicrotask(start);
    },
    beforeHide() {
      // The frames the browser holds first: the INP's that are not among them go with it.
      insights?.hide();
      vitalsHide();
      if (on) insights?.hidden();
    },
    // The old view's INP and CLS, recorded under its metadata; the new view starts from none.
    beforeView: (route) => insights?.before(on && route),
    afterView: (route) => on && insights?.after(route),
    pageLoaded: () => on && insights?.loaded(),
    disable() {
      on = false;
      insights?.stop();
      started = false;
      observer?.disconnect();
      observer = undefined;
      removeEventListener('load', onLoad);
      removeEventListener('visibilitychange', onHidden, true);
    },
  };
  return plugin;
};
