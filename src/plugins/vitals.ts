import { RUM_PREFIX, SCHEMA_VERSION } from '../domain/rules';
import { finite } from './navigation';

/**
 * What the web vitals' events share, whoever measures them: web-vitals (./web-vitals.ts, in
 * the performance chunk) or the client itself per view (./view-vitals.ts, in the insights
 * chunk). Nothing of the web-vitals package here, so the insights chunk does not carry it.
 */

const RUM = RUM_PREFIX;
export const LCP_EVENT = RUM + 'largest_contentful_paint_event';
export const CLS_EVENT = RUM + 'cumulative_layout_shift_event';
export const INP_EVENT = RUM + 'interaction_to_next_paint_event';
export const FCP_EVENT = RUM + 'first_contentful_paint_event';
export const TTFB_EVENT = RUM + 'time_to_first_byte_event';
export const FID_EVENT = RUM + 'first_input_delay_event';

type Details = Record<string, unknown>;
export const vital = (value: number, attribution: Details): Details => ({
  version: SCHEMA_VERSION,
  value,
  attribution: finite(attribution),
});

/** The document's loading state at `time`, by the navigation entry's milestones. */
export const loadStateAt = (time: number): string => {
  const n = performance.getEntriesByType?.('navigation')[0] as
    PerformanceNavigationTiming | undefined;
  if (!n) return document.readyState === 'complete' ? 'complete' : 'dom-interactive';
  if (!n.domInteractive || time < n.domInteractive) return 'loading';
  if (!n.domContentLoadedEventStart || time < n.domContentLoadedEventStart)
    return 'dom-interactive';
  if (!n.domComplete || time < n.domComplete) return 'dom-content-loaded';
  return 'complete';
};

/**
 * Where this module's code runs, for src/lazy/own-files.ts: a bundler that splits may put it
 * in a chunk of its own, shared by the performance and insights chunks.
 */
export const _vitalsHere = new Error();
