import {
  type CLSMetricWithAttribution,
  type FCPMetricWithAttribution,
  type INPMetricWithAttribution,
  type LCPMetricWithAttribution,
  type MetricWithAttribution,
  onCLS,
  onFCP,
  onINP,
  onLCP,
  onTTFB,
  type TTFBMetricWithAttribution,
} from 'web-vitals/attribution';
import { monitor } from '../tools/monitor';
import {
  CLS_EVENT,
  FCP_EVENT,
  FID_EVENT,
  INP_EVENT,
  LCP_EVENT,
  loadStateAt,
  TTFB_EVENT,
  vital,
} from './vitals';

export { CLS_EVENT, FCP_EVENT, FID_EVENT, INP_EVENT, LCP_EVENT, loadStateAt, TTFB_EVENT, vital };

/**
 * Web vitals (through the web-vitals package's attribution build) → the details of their RUM
 * events. The mapping functions are pure; `startWebVitals` registers the callbacks, which
 * web-vitals offers no way to remove, so it must run once per page.
 */

type Details = Record<string, unknown>;

/** The id of the event recorded for a resource URL, or (without one) for the page's navigation. */
export type EventIdOf = (url?: string) => unknown;

/**
 * LCP: the element's selector, the image's http(s) URL (only with `recordUrl`: it is a
 * resource URL), the four parts of the time, and, as the predecessor sends them, the ids of the
 * events that explain it: `navigationEntry` (the page's performance_navigation_event) and
 * `lcpResourceEntry` (the performance_resource_event of the LCP image), each left out when that
 * event was not recorded (sampled out, not in recordAllTypes, not yet recorded).
 */
export const lcpDetails = (
  m: LCPMetricWithAttribution,
  recordUrl: boolean,
  idOf: EventIdOf = () => undefined,
): Details => {
  const a = m.attribution;
  const id = (v: unknown) => (typeof v == 'string' ? v : undefined);
  return vital(m.value, {
    element: a.target,
    // Not an inline (data:) image: its URL would be the whole image, and the event too big.
    url: recordUrl && /^https?:/i.test(a.url || '') ? a.url : undefined,
    timeToFirstByte: a.timeToFirstByte,
    resourceLoadDelay: a.resourceLoadDelay,
    resourceLoadTime: a.resourceLoadDuration,
    elementRenderDelay: a.elementRenderDelay,
    navigationEntry: id(idOf()),
    lcpResourceEntry: a.lcpResourceEntry && id(idOf(a.lcpResourceEntry.name)),
  });
};

export const clsDetails = (m: CLSMetricWithAttribution): Details => {
  const a = m.attribution;
  return vital(m.value, {
    largestShiftTarget: a.largestShiftTarget,
    largestShiftValue: a.largestShiftValue,
    largestShiftTime: a.largestShiftTime,
    loadState: a.loadState,
  });
};

export const inpDetails = (m: INPMetricWithAttribution): Details => {
  const a = m.attribution;
  return vital(m.value, {
    interactionTarget: a.interactionTarget,
    interactionTime: a.interactionTime,
    nextPaintTime: a.nextPaintTime,
    interactionType: a.interactionType,
    inputDelay: a.inputDelay,
    processingDuration: a.processingDuration,
    presentationDelay: a.presentationDelay,
    loadState: a.loadState,
  });
};

export const fcpDetails = (m: FCPMetricWithAttribution): Details => {
  const a = m.attribution;
  return vital(m.value, {
    timeToFirstByte: a.timeToFirstByte,
    firstByteToFCP: a.firstByteToFCP,
    loadState: a.loadState,
  });
};

export const ttfbDetails = (m: TTFBMetricWithAttribution): Details => {
  const a = m.attribution;
  return vital(m.value, {
    waitingDuration: a.waitingDuration,
    cacheDuration: a.cacheDuration,
    dnsDuration: a.dnsDuration,
    connectionDuration: a.connectionDuration,
    requestDuration: a.requestDuration,
  });
};

/** A short selector for an element: its tag with its id, or with its classes. */
const describe = (node: Node | null | undefined): string => {
  const el = node as Element | null | undefined;
  if (!el || el.nodeType !== 1) return '';
  const tag = el.nodeName.toLowerCase();
  if (el.id) return `${tag}#${el.id}`;
  const classes = (el.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean);
  return classes.length ? `${tag}.${classes.join('.')}` : tag;
};

/**
 * FID (a legacy metric that web-vitals no longer measures) from the page's `first-input`
 * entry: the delay until its handlers could start, and what the user did to what.
 */
export const fidDetails = (e: PerformanceEventTiming): Details =>
  vital(e.processingStart - e.startTime, {
    eventTarget: describe(e.target),
    eventType: e.name,
    eventTime: e.startTime,
    loadState: loadStateAt(e.startTime),
  });

export interface VitalsOptions {
  reportAllLCP: boolean;
  reportAllCLS: boolean;
  reportAllINP: boolean;
  recordUrl: boolean;
  /** The ids of the navigation and resource events recorded, for LCP's attribution. */
  idOf?: EventIdOf;
  /** INP and CLS are measured per view instead (./view-vitals.ts): not registered here. */
  perView?: boolean;
  /** Called with the INP's long animation frames (its attribution's) as the INP is reported. */
  inpFrames?: (frames: PerformanceLongAnimationFrameTiming[]) => void;
}

/**
 * Registers the web-vitals callbacks (once per page: they cannot be removed); each hands its
 * event to `report` synchronously, inside web-vitals' own callback. That matters on page hide:
 * web-vitals reports CLS, INP and LCP from capturing visibilitychange listeners on `window`,
 * which run before the client's own flush (a capturing listener on `document`, further along
 * the event's path, whatever the order they were added in), so what they report makes the
 * flush. Returns what the client calls at that flush, before it sends (Plugin.beforeHide).
 */
export const startWebVitals = (
  /** `times`: when what the metric measured happened (its entries' start times). */
  report: (type: string, details: Details, times: number[]) => unknown,
  o: VitalsOptions,
): (() => void) => {
  const times = (m: MetricWithAttribution) => (m.entries || []).map((e) => e.startTime);
  // A page restored from the back-forward cache was not loaded again: web-vitals measures
  // its FCP, LCP and TTFB anew (near 0), but they would be no load's, and the page's real
  // loads would look faster than they are. (Its INP and CLS after the restore are real.)
  const on = <M extends MetricWithAttribution>(
    type: string,
    details: (m: M) => Details,
    load?: boolean,
  ) =>
    monitor((m: M) => {
      if (!load || m.navigationType !== 'back-forward-cache') report(type, details(m), times(m));
    });
  onLCP(
    on(LCP_EVENT, (m) => lcpDetails(m, o.recordUrl, o.idOf), true),
    { reportAllChanges: o.reportAllLCP },
  );
  if (!o.perView) onCLS(on(CLS_EVENT, clsDetails), { reportAllChanges: o.reportAllCLS });
  // INP is asked for every change, and held back here until the page hides unless
  // reportAllINP: web-vitals processes an interaction in an idle callback (up to a second
  // later), and when the page hides first (a click on a link that leaves the page) it
  // processes it during the hide but reports the result only to reportAllChanges callbacks.
  // The held value goes once per hide, final: sent earlier, a slower interaction processed
  // during the same hide would make a second INP event. web-vitals processes what it still
  // holds in its visibilitychange listeners on `window`, which run before the client's flush.
  // But Chromium fires pagehide before visibilitychange when the page navigates away: at that
  // first flush the value waits while web-vitals has entries to process (the `event` entries
  // it was given and has not processed, or has not been given yet), and goes at once when
  // they raise it, or at the flush that follows.
  let heldINP: [Details, number[], PerformanceLongAnimationFrameTiming[]] | undefined;
  let hiding = document.visibilityState === 'hidden';
  let sawHidden = hiding;
  let pending = 0;
  if (!o.perView)
    onINP(
      monitor((m: INPMetricWithAttribution) => {
        heldINP = [inpDetails(m), times(m), m.attribution.longAnimationFrameEntries];
        if (o.reportAllINP || hiding) reportINP();
      }),
      { reportAllChanges: true },
    );
  const reportINP = () => {
    if (heldINP) {
      report(INP_EVENT, heldINP[0], heldINP[1]);
      o.inpFrames?.(heldINP[2]);
    }
    heldINP = undefined;
  };
  // Called after web-vitals' observer for the same entries, and its idle callback after
  // web-vitals' own: `pending` counts the deliveries web-vitals has not processed yet. (These
  // callbacks cannot throw.)
  let po: PerformanceObserver | undefined;
  if (globalThis.PerformanceEventTiming && !o.perView) {
    const later = globalThis.requestIdleCallback || setTimeout;
    po = new PerformanceObserver(() => {
      pending++;
      later(() => pending--, { timeout: 1000 });
    });
    // web-vitals' threshold: only what it is given.
    po.observe({ type: 'event', durationThreshold: 40 } as PerformanceObserverInit);
  }
  addEventListener(
    'visibilitychange',
    () => {
      sawHidden = document.visibilityState === 'hidden';
      if (!sawHidden) hiding = false;
    },
    true,
  );
  onFCP(on(FCP_EVENT, fcpDetails, true));
  onTTFB(on(TTFB_EVENT, ttfbDetails, true));
  return () => {
    hiding = true;
    if (sawHidden || !(pending || po?.takeRecords().length)) reportINP();
  };
};
