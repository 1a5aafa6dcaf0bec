// Errors and HTTP events: what a js_error_event and an http_event say, and X-Ray timings. Pure.

import type { StoredEvent } from '../types';
import { XRAY_TYPE } from './kinds';
import { isObject, num, obj, str } from './text';

export interface ErrorInfo {
  type: string;
  message: string;
  stack?: string;
  /** `file:line:col` when known. */
  where?: string;
}

export function errorInfo(event: StoredEvent['event']): ErrorInfo {
  const d = obj(event?.details);
  const file = str(d.filename);
  const line = num(d.lineno);
  const col = num(d.colno);
  return {
    type: str(d.type) ?? 'Error',
    message: str(d.message) ?? '(no message)',
    stack: str(d.stack),
    where: file
      ? [file, line, line !== undefined ? col : undefined].filter((x) => x !== undefined).join(':')
      : undefined,
  };
}

export interface HttpInfo {
  method: string;
  url: string;
  status?: number;
  statusText?: string;
  /** `TypeError: Failed to fetch` when the request got no response. */
  error?: string;
  traceId?: string;
  durationMs?: number;
}

export function httpDetails(details: unknown): HttpInfo {
  const d = obj(details);
  const req = obj(d.request);
  const res = isObject(d.response) ? d.response : undefined;
  const err = isObject(d.error) ? d.error : undefined;
  return {
    method: str(req.method) ?? 'GET',
    url: str(req.url) ?? '',
    status: res && num(res.status),
    statusText: res && str(res.statusText),
    error: err
      ? [str(err.type), str(err.message)].filter(Boolean).join(': ') || 'request failed'
      : undefined,
    traceId: str(d.trace_id),
    durationMs: num(d.duration),
  };
}

/** trace id → duration (ms), from the X-Ray trace events that time each HTTP request. */
export function traceDurations(events: Iterable<StoredEvent>): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events) {
    if (e.event?.type !== XRAY_TYPE) continue;
    const d = obj(e.event.details);
    const id = str(d.trace_id);
    const start = num(d.start_time);
    const end = num(d.end_time);
    if (id && start !== undefined && end !== undefined) out.set(id, (end - start) * 1000);
  }
  return out;
}

/** HTTP status → `ok`, `warn` (4xx) or `bad` (5xx, no response). */
export function httpOutcome(h: HttpInfo): 'ok' | 'warn' | 'bad' {
  if (h.error || h.status === undefined || h.status === 0 || h.status >= 500) return 'bad';
  return h.status >= 400 ? 'warn' : 'ok';
}
