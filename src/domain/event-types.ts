/** Wire names of the events the client records (see the service's event schemas). */
export const RUM = 'com.amazon.rum.';
export const SESSION_START = RUM + 'session_start_event';
export const PAGE_VIEW = RUM + 'page_view_event';
export const JS_ERROR = RUM + 'js_error_event';
export const HTTP = RUM + 'http_event';
export const XRAY_TRACE = RUM + 'xray_trace_event';
// (Spelt out: `RUM + …` here would cost the performance chunk a copy of RUM, 28 B gzip.)
export const NAVIGATION_EVENT = 'com.amazon.rum.performance_navigation_event';
export const RESOURCE_EVENT = 'com.amazon.rum.performance_resource_event';

/** Custom event types: the same rule the service applies. */
export const CUSTOM_TYPE_RE = /^[a-zA-Z0-9_.-]{1,256}$/;

/** What the service accepts per custom event (details + metadata, in bytes of JSON). */
export const MAX_EVENT_BYTES = 6 * 1024;

/** An event as it is queued and sent: `details` and `metadata` are JSON strings. */
export interface RumEvent {
  id: string;
  timestamp: number;
  type: string;
  details: string;
  metadata: string;
}
