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

export function categoryOf(type: string): Category {
  if (type === ERROR_TYPE) return 'errors';
  if (type === HTTP_TYPE) return 'http';
  if (type === PAGE_VIEW_TYPE) return 'pageViews';
  if (vitalForType(type)) return 'vitals';
  return 'other';
}
