import { RUM_PREFIX } from './rules';

/** Wire names of the events the client records (see the service's event schemas). */
export const RUM = RUM_PREFIX;
export const SESSION_START = RUM + 'session_start_event';
export const PAGE_VIEW = RUM + 'page_view_event';
export const JS_ERROR = RUM + 'js_error_event';
export const HTTP = RUM + 'http_event';
export const XRAY_TRACE = RUM + 'xray_trace_event';
// (Spelt out: `RUM + …` here would cost the performance chunk a copy of RUM, 28 B gzip.)
export const NAVIGATION_EVENT = 'com.amazon.rum.performance_navigation_event';
export const RESOURCE_EVENT = 'com.amazon.rum.performance_resource_event';

/** An event as it is queued and sent: `details` and `metadata` are JSON strings. */
export interface RumEvent {
  id: string;
  timestamp: number;
  type: string;
  details: string;
  metadata: string;
}
