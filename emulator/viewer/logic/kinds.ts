// The kinds of events: the built-in types the viewer treats apart, and the chart categories. Pure.

import { RUM_PREFIX } from './text';
import { vitalForType } from './vitals';

export type Category = 'errors' | 'http' | 'pageViews' | 'vitals' | 'other';

/** `label` names the category (a legend); `one` and `many` count its events. */
export const CATEGORIES: readonly { key: Category; label: string; one: string; many: string }[] = [
  { key: 'errors', label: 'errors', one: 'error', many: 'errors' },
  { key: 'http', label: 'http', one: 'HTTP event', many: 'HTTP events' },
  { key: 'pageViews', label: 'page views', one: 'page view', many: 'page views' },
  { key: 'vitals', label: 'vitals', one: 'vital', many: 'vitals' },
  { key: 'other', label: 'other', one: 'other event', many: 'other events' },
];

export const ERROR_TYPE = RUM_PREFIX + 'js_error_event';
export const HTTP_TYPE = RUM_PREFIX + 'http_event';
export const PAGE_VIEW_TYPE = RUM_PREFIX + 'page_view_event';
export const XRAY_TYPE = RUM_PREFIX + 'xray_trace_event';
export const NAVIGATION_TYPE = RUM_PREFIX + 'performance_navigation_event';
export const RESOURCE_TYPE = RUM_PREFIX + 'performance_resource_event';
export const INP_TYPE = RUM_PREFIX + 'interaction_to_next_paint_event';

// The custom events of the insights (docs/insights.md): long frames and frustration signals.
export const LONG_FRAME_TYPE = 'cwr.long_animation_frame';
export const LONG_TASK_TYPE = 'cwr.long_task';
export const RAGE_CLICK_TYPE = 'cwr.rage_click';
export const DEAD_CLICK_TYPE = 'cwr.dead_click';
export const ERROR_CLICK_TYPE = 'cwr.error_click';

export function categoryOf(type: string): Category {
  if (type === ERROR_TYPE) return 'errors';
  if (type === HTTP_TYPE) return 'http';
  if (type === PAGE_VIEW_TYPE) return 'pageViews';
  if (vitalForType(type)) return 'vitals';
  return 'other';
}
