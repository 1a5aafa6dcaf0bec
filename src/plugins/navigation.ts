import { SCHEMA_VERSION } from '../domain/rules';
/**
 * Navigation and resource timing → the details of performance_navigation_event and
 * performance_resource_event. Pure functions of a timing entry, so tests can feed them plain
 * objects.
 */

/** The Level 2 timing fields read here; a Level 1 `performance.timing` is mapped onto them. */
export type NavigationTiming = Pick<
  PerformanceNavigationTiming,
  | 'type'
  | 'startTime'
  | 'duration'
  | 'unloadEventStart'
  | 'unloadEventEnd'
  | 'redirectCount'
  | 'domInteractive'
  | 'domContentLoadedEventStart'
  | 'domContentLoadedEventEnd'
  | 'domComplete'
  | 'loadEventStart'
  | 'loadEventEnd'
> &
  NetworkTiming;

export type NetworkTiming = Pick<
  PerformanceResourceTiming,
  | 'startTime'
  | 'duration'
  | 'redirectStart'
  | 'redirectEnd'
  | 'workerStart'
  | 'fetchStart'
  | 'domainLookupStart'
  | 'domainLookupEnd'
  | 'connectStart'
  | 'connectEnd'
  | 'secureConnectionStart'
  | 'requestStart'
  | 'responseStart'
  | 'responseEnd'
> &
  Partial<
    Pick<
      PerformanceResourceTiming,
      'nextHopProtocol' | 'transferSize' | 'encodedBodySize' | 'decodedBodySize'
    >
  >;

/**
 * `end - start` when the phase took place. A phase that did not happen (no redirect, a reused
 * connection, no service worker) or was hidden from us (a cross-origin resource without
 * Timing-Allow-Origin) has a zero start, and counts 0 rather than a time since the time origin.
 */
const span = (start: number, end: number): number => (start > 0 && end > start ? end - start : 0);

/**
 * Six decimals: more than the browser's timer precision (5 µs at best) and than a layout shift
 * score needs; the rest is float noise that only lengthens the JSON.
 */
const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/** Drops what JSON cannot carry as a number (NaN, Infinity: null would fail the schema). */
export const finite = <T extends Record<string, unknown>>(o: T): T => {
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (typeof v === 'number') {
      if (Number.isFinite(v)) (o as Record<string, unknown>)[k] = round(v);
      else delete o[k];
    } else if (v === undefined) delete o[k];
  }
  return o;
};

/**
 * The fields navigation and resource events share: each phase's start and how long it took
 * (dns = domainLookupEnd − domainLookupStart, connect = connectEnd − connectStart, tlsTime =
 * connectEnd − secureConnectionStart, timeToFirstByte = responseStart − requestStart,
 * responseTime = responseEnd − responseStart, redirectTime, workerTime = fetchStart −
 * workerStart), and sizes (headerSize = transferSize − encodedBodySize, compressionRatio =
 * decodedBodySize / encodedBodySize, both only when the sizes are known).
 */
export const networkDetails = (t: NetworkTiming): Record<string, unknown> => {
  const d: Record<string, unknown> = {
    startTime: t.startTime,
    redirectStart: t.redirectStart,
    redirectTime: span(t.redirectStart, t.redirectEnd),
    workerStart: t.workerStart,
    workerTime: span(t.workerStart, t.fetchStart),
    fetchStart: t.fetchStart,
    domainLookupStart: t.domainLookupStart,
    dns: span(t.domainLookupStart, t.domainLookupEnd),
    nextHopProtocol: t.nextHopProtocol,
    connectStart: t.connectStart,
    connect: span(t.connectStart, t.connectEnd),
    secureConnectionStart: t.secureConnectionStart,
    tlsTime: span(t.secureConnectionStart, t.connectEnd),
    requestStart: t.requestStart,
    timeToFirstByte: span(t.requestStart, t.responseStart),
    responseStart: t.responseStart,
    responseTime: span(t.responseStart, t.responseEnd),
    duration: t.duration,
  };
  if (t.transferSize !== undefined) {
    d.transferSize = t.transferSize;
    // A transfer size of 0 is a cache hit (or a hidden cross-origin size): no headers came.
    if (t.transferSize > 0 && t.encodedBodySize !== undefined)
      d.headerSize = Math.max(t.transferSize - t.encodedBodySize, 0);
  }
  if (t.encodedBodySize && t.decodedBodySize)
    d.compressionRatio = t.decodedBodySize / t.encodedBodySize;
  return d;
};

const NAVIGATION_TYPES: Record<string, string> = {
  navigate: 'navigate',
  reload: 'reload',
  back_forward: 'back_forward',
};

/**
 * performance_navigation_event details. `level` is the Navigation Timing level the entry came
 * from (2: PerformanceNavigationTiming; 1: performance.timing, mapped by `level1Timing`).
 * Besides the shared network fields: promptForUnload = unloadEventEnd − unloadEventStart,
 * domContentLoaded = its handlers' time, domProcessingTime = domComplete − domInteractive,
 * loadEventTime = the load handlers' time. A navigation type the schema does not know
 * (prerender) is 'reserved', as Level 1 calls anything else.
 */
export const navigationDetails = (t: NavigationTiming, level: 1 | 2): Record<string, unknown> =>
  finite({
    version: SCHEMA_VERSION,
    initiatorType: 'navigation',
    navigationType: NAVIGATION_TYPES[t.type] ?? 'reserved',
    ...networkDetails(t),
    unloadEventStart: t.unloadEventStart,
    promptForUnload: span(t.unloadEventStart, t.unloadEventEnd),
    redirectCount: t.redirectCount,
    domInteractive: t.domInteractive,
    domContentLoadedEventStart: t.domContentLoadedEventStart,
    domContentLoaded: span(t.domContentLoadedEventStart, t.domContentLoadedEventEnd),
    domComplete: t.domComplete,
    domProcessingTime: span(t.domInteractive, t.domComplete),
    loadEventStart: t.loadEventStart,
    loadEventTime: span(t.loadEventStart, t.loadEventEnd),
    navigationTimingLevel: level,
  });

const LEVEL1_TYPES = ['navigate', 'reload', 'back_forward'];

/**
 * Maps Navigation Timing Level 1 (`performance.timing`, epoch milliseconds, and
 * `performance.navigation`) onto Level 2 names, relative to navigationStart as Level 2 is.
 */
export const level1Timing = (
  t: PerformanceTiming,
  nav?: Pick<PerformanceNavigation, 'type' | 'redirectCount'>,
): NavigationTiming => {
  const at = (v: number) => (v > 0 ? v - t.navigationStart : 0);
  return {
    type: (LEVEL1_TYPES[nav?.type ?? 0] ?? 'reserved') as NavigationTimingType,
    startTime: 0,
    duration: at(t.loadEventEnd),
    unloadEventStart: at(t.unloadEventStart),
    unloadEventEnd: at(t.unloadEventEnd),
    redirectCount: nav?.redirectCount ?? 0,
    redirectStart: at(t.redirectStart),
    redirectEnd: at(t.redirectEnd),
    workerStart: 0,
    fetchStart: at(t.fetchStart),
    domainLookupStart: at(t.domainLookupStart),
    domainLookupEnd: at(t.domainLookupEnd),
    connectStart: at(t.connectStart),
    connectEnd: at(t.connectEnd),
    secureConnectionStart: at(t.secureConnectionStart),
    requestStart: at(t.requestStart),
    responseStart: at(t.responseStart),
    responseEnd: at(t.responseEnd),
    domInteractive: at(t.domInteractive),
    domContentLoadedEventStart: at(t.domContentLoadedEventStart),
    domContentLoadedEventEnd: at(t.domContentLoadedEventEnd),
    domComplete: at(t.domComplete),
    loadEventStart: at(t.loadEventStart),
    loadEventEnd: at(t.loadEventEnd),
  };
};

/**
 * The page's navigation timing once its load event has finished (loadEventEnd > 0), from
 * Level 2 when the browser has it, else Level 1; undefined before that.
 */
export const finishedNavigation = (
  perf: Performance = performance,
): Record<string, unknown> | undefined => {
  const entry = perf.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (entry) return entry.loadEventEnd > 0 ? navigationDetails(entry, 2) : undefined;
  const t = perf.timing;
  return t?.loadEventEnd > 0 ? navigationDetails(level1Timing(t, perf.navigation), 1) : undefined;
};
