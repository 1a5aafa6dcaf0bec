// One event: the page it happened on, what it says in one line, and the order of events. Pure.

import type { StoredEvent } from '../types';
import { httpDetails } from './http';
import {
  DEAD_CLICK_TYPE,
  ERROR_CLICK_TYPE,
  LONG_FRAME_TYPE,
  LONG_TASK_TYPE,
  RAGE_CLICK_TYPE,
} from './kinds';
import { clip, num, obj, plural, safeJson, shortType, str } from './text';
import { eventTimeMs, formatDuration } from './time';
import { RATING_LABEL, formatVital, rateVital, vitalForType } from './vitals';

/** The page an event happened on: `metadata.pageId`, else `details.pageId`. */
export function eventPage(e: StoredEvent): string {
  return str(obj(e.event?.metadata).pageId) ?? str(obj(e.event?.details).pageId) ?? '';
}

const fileName = (url: string): string => {
  const path = url.replace(/[?#].*$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last || url;
};

/** What an event says, in one line of plain text (the caller escapes it by setting text). */
export function summarizeEvent(event: StoredEvent['event']): string {
  const type = str(event?.type) ?? '';
  const d = obj(event?.details);
  const vital = vitalForType(type);
  if (vital) {
    const v = num(d.value);
    return v === undefined
      ? `${vital.label}: no value`
      : `${vital.label} ${formatVital(vital.key, v)} · ${RATING_LABEL[rateVital(vital.key, v)]}`;
  }
  switch (shortType(type)) {
    case 'js_error_event': {
      const t = str(d.type);
      const m = str(d.message);
      return clip([t, m].filter(Boolean).join(': ') || 'error without a message');
    }
    case 'http_event': {
      const h = httpDetails(d);
      const outcome = h.error
        ? `failed: ${h.error}`
        : h.status !== undefined
          ? `→ ${h.status}${h.statusText ? ' ' + h.statusText : ''}`
          : '';
      return clip(`${h.method} ${h.url || '(url not recorded)'} ${outcome}`);
    }
    case 'page_view_event': {
      const page = str(d.pageId) ?? '?';
      const parent = str(d.parentPageInteractionId);
      const spent = num(d.timeOnParentPage);
      return clip(
        `viewed ${page}` +
          (parent
            ? ` (from ${parent}${spent !== undefined ? ` after ${formatDuration(spent)}` : ''})`
            : ''),
      );
    }
    case 'session_start_event':
      return 'session started';
    case 'page_close_event': {
      const dur = num(d.duration);
      return `left ${str(d.pageId) ?? 'the page'}${dur !== undefined ? ` after ${formatDuration(dur)}` : ''}`;
    }
    case 'performance_navigation_event': {
      const dur = num(d.duration);
      const kind =
        str(d.initiatorType) === 'route_change'
          ? 'route change'
          : (str(d.navigationType) ?? str(d.initiatorType) ?? 'navigation');
      return `${kind}${dur !== undefined ? `, loaded in ${formatDuration(dur)}` : ''}`;
    }
    case 'performance_resource_event': {
      const url = str(d.targetUrl);
      const dur = num(d.duration);
      const kind = str(d.fileType) ?? str(d.initiatorType) ?? 'resource';
      return clip(
        `${kind} ${url ? fileName(url) : '(url not recorded)'}${dur !== undefined ? ` in ${formatDuration(dur)}` : ''}`,
      );
    }
    case 'dom_event': {
      const target = str(d.elementId)
        ? `#${str(d.elementId)}`
        : (str(d.cssLocator) ?? str(d.element));
      return clip(`${str(d.event) ?? 'event'}${target ? ` on ${target}` : ''}`);
    }
    case 'time_to_interactive_event': {
      const v = num(d.value);
      return `TTI ${v !== undefined ? formatDuration(v) : 'no value'}`;
    }
    case 'xray_trace_event': {
      const start = num(d.start_time);
      const end = num(d.end_time);
      const http = obj(d.http);
      const url = str(obj(http.request).url);
      return clip(
        `trace ${str(d.trace_id) ?? ''}${url ? ` ${url}` : ''}` +
          (start !== undefined && end !== undefined
            ? ` in ${formatDuration((end - start) * 1000)}`
            : ''),
      );
    }
    case 'rrweb_event':
      return `session replay, ${num(d.eventCount) ?? '?'} records`;
    case LONG_FRAME_TYPE:
    case LONG_TASK_TYPE: {
      const dur = num(d.duration);
      const scripts = Array.isArray(d.scripts) ? d.scripts.length : 0;
      return (
        `${type === LONG_TASK_TYPE ? 'long task' : 'long frame'}` +
        `${dur !== undefined ? ` ${formatDuration(dur)}` : ''}` +
        `${scripts ? `, ${plural(scripts, 'script')}` : ''}${d.inp === true ? ' (INP)' : ''}`
      );
    }
    case RAGE_CLICK_TYPE:
    case DEAD_CLICK_TYPE:
    case ERROR_CLICK_TYPE: {
      const what = { [RAGE_CLICK_TYPE]: 'rage click', [DEAD_CLICK_TYPE]: 'dead click' }[type];
      const clicks = num(d.clicks);
      const on = str(d.selector) ?? str(d.element) ?? 'an element';
      return clip(
        `${what ?? 'error click'}${clicks !== undefined ? ` ×${clicks}` : ''} on ${on}` +
          (str(d.error) ? `: ${str(d.error)}` : ''),
      );
    }
  }
  const json = safeJson(d, 0);
  return clip(json === '{}' ? '(no details)' : json);
}

/** Time order, then arrival order. */
export function compareEvents(a: StoredEvent, b: StoredEvent): number {
  return eventTimeMs(a) - eventTimeMs(b) || (a.seq ?? 0) - (b.seq ?? 0);
}

/** The index where `item` goes in the sorted `items`, after any equal ones. */
export function upperBound<T>(
  items: readonly T[],
  item: T,
  compare: (a: T, b: T) => number,
): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(items[mid], item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
