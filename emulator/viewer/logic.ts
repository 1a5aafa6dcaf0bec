// The viewer's pure logic: no DOM, no fetch. Rating web vitals, one-line summaries of events,
// bucketing events over time, and the geometry (SVG path data) of the charts. Everything here
// takes untrusted event data and never throws on odd shapes.

import type {
  DiagnosticsReport,
  RequestRecord,
  SessionSummary,
  StoredEvent,
  VitalValues,
} from './types';

export const RUM_PREFIX = 'com.amazon.rum.';

// ---- small guards for untrusted values -------------------------------------------------------

export const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
export const obj = (x: unknown): Record<string, unknown> => (isObject(x) ? x : {});
export const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
export const num = (x: unknown): number | undefined =>
  typeof x === 'number' && Number.isFinite(x) ? x : undefined;

/** At most `max` characters, with an ellipsis when cut. */
export function clip(text: string, max = 160): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? oneLine.slice(0, max - 1) + '…' : oneLine;
}

/** The event type without the `com.amazon.rum.` prefix. */
export const shortType = (type: string): string =>
  type.startsWith(RUM_PREFIX) ? type.slice(RUM_PREFIX.length) : type;

/**
 * A count with its noun, singular for exactly 1 and plural otherwise: `1 session`, `0 sessions`,
 * `2 page views`. `many` defaults to `one` + `s`; pass it for irregular nouns (`1 reply`,
 * `2 replies`). Every count the viewer prints goes through here.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** First 8 characters of an id (a UUID's first group). */
export const shortId = (id: string): string => (id.length > 8 ? id.slice(0, 8) : id);

// ---- time ------------------------------------------------------------------------------------

/** An event's time in epoch ms (the wire carries seconds; a value in ms is taken as it is). */
export function eventTimeMs(e: Pick<StoredEvent, 'event' | 'receivedAt'>): number {
  const t = num(e.event?.timestamp);
  if (t === undefined) return num(e.receivedAt) ?? 0;
  return t > 1e11 ? t : t * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `HH:MM:SS` in local time. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `YYYY-MM-DD HH:MM:SS` in local time. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(ms)}`;
}

/** A duration for people: `850 ms`, `2.4 s`, `3 min 5 s`, `2 h 10 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const a = Math.abs(ms);
  if (a < 1000) return `${Math.round(ms)} ms`;
  if (a < 60_000) return `${(ms / 1000).toFixed(a < 10_000 ? 2 : 1)} s`;
  if (a < 3_600_000) {
    const m = Math.floor(a / 60_000);
    const s = Math.round((a % 60_000) / 1000);
    return `${m} min${s ? ` ${s} s` : ''}`;
  }
  const h = Math.floor(a / 3_600_000);
  const m = Math.round((a % 3_600_000) / 60_000);
  return `${h} h${m ? ` ${m} min` : ''}`;
}

// ---- web vitals ------------------------------------------------------------------------------

export type VitalKey = keyof VitalValues;
export type Rating = 'good' | 'needs-improvement' | 'poor';

export interface VitalDef {
  key: VitalKey;
  label: string;
  name: string;
  type: string;
  /** Good up to and including this value. */
  good: number;
  /** Poor above this value. */
  poor: number;
  unit: 'ms' | '';
}

export const VITALS: readonly VitalDef[] = [
  {
    key: 'lcp',
    label: 'LCP',
    name: 'Largest Contentful Paint',
    type: RUM_PREFIX + 'largest_contentful_paint_event',
    good: 2500,
    poor: 4000,
    unit: 'ms',
  },
  {
    key: 'fcp',
    label: 'FCP',
    name: 'First Contentful Paint',
    type: RUM_PREFIX + 'first_contentful_paint_event',
    good: 1800,
    poor: 3000,
    unit: 'ms',
  },
  {
    key: 'cls',
    label: 'CLS',
    name: 'Cumulative Layout Shift',
    type: RUM_PREFIX + 'cumulative_layout_shift_event',
    good: 0.1,
    poor: 0.25,
    unit: '',
  },
  {
    key: 'inp',
    label: 'INP',
    name: 'Interaction to Next Paint',
    type: RUM_PREFIX + 'interaction_to_next_paint_event',
    good: 200,
    poor: 500,
    unit: 'ms',
  },
  {
    key: 'ttfb',
    label: 'TTFB',
    name: 'Time to First Byte',
    type: RUM_PREFIX + 'time_to_first_byte_event',
    good: 800,
    poor: 1800,
    unit: 'ms',
  },
  {
    key: 'fid',
    label: 'FID',
    name: 'First Input Delay',
    type: RUM_PREFIX + 'first_input_delay_event',
    good: 100,
    poor: 300,
    unit: 'ms',
  },
];

const VITAL_BY_KEY = new Map(VITALS.map((v) => [v.key, v]));
const VITAL_BY_TYPE = new Map(VITALS.map((v) => [v.type, v]));

export const vitalDef = (key: VitalKey): VitalDef => VITAL_BY_KEY.get(key) as VitalDef;
export const vitalForType = (type: string): VitalDef | undefined => VITAL_BY_TYPE.get(type);

/** good ≤ the good threshold < needs-improvement ≤ the poor threshold < poor. */
export function rateVital(key: VitalKey, value: number): Rating {
  const d = vitalDef(key);
  if (value <= d.good) return 'good';
  if (value <= d.poor) return 'needs-improvement';
  return 'poor';
}

export const RATING_LABEL: Record<Rating, string> = {
  good: 'good',
  'needs-improvement': 'needs improvement',
  poor: 'poor',
};

/** `272 ms`, `2.31 s`, `0.038`. */
export function formatVital(key: VitalKey, value: number): string {
  if (vitalDef(key).unit === '') return value < 10 ? value.toFixed(3) : String(Math.round(value));
  if (Math.abs(value) < 1000) return `${Math.round(value)} ms`;
  return `${(value / 1000).toFixed(2)} s`;
}

/** The last value of each vital among these events (time order), from `details.value`. */
export function lastVitals(events: readonly StoredEvent[]): VitalValues {
  const out: VitalValues = {};
  const at: Partial<Record<VitalKey, number>> = {};
  for (const e of events) {
    const d = vitalForType(e.event?.type);
    const v = d && num(obj(e.event.details).value);
    if (!d || v === undefined) continue;
    const t = eventTimeMs(e);
    const prev = at[d.key];
    if (prev === undefined || t >= prev) {
      out[d.key] = v;
      at[d.key] = t;
    }
  }
  return out;
}

/**
 * One measurement of a vital, from a vital event: which vital, its value, the page it happened on
 * (`metadata.pageId`) and the page view it belongs to (`pageView`: session, page id and the
 * page view's number, `metadata.interaction`, in one key). Undefined for any other event.
 */
export interface VitalSample {
  key: VitalKey;
  value: number;
  page: string;
  pageView: string;
  at: number;
}

export function vitalSample(e: StoredEvent): VitalSample | undefined {
  const def = vitalForType(e?.event?.type);
  const value = def && num(obj(e.event.details).value);
  if (!def || value === undefined) return undefined;
  const page = eventPage(e);
  const interaction = num(obj(e.event.metadata).interaction);
  const session = str(e.userDetails?.sessionId) ?? '';
  return {
    key: def.key,
    value,
    page,
    pageView: JSON.stringify([session, page, interaction ?? null]),
    at: eventTimeMs(e),
  };
}

/** A session's worst value of a vital and where it happened. */
export interface WorstVital {
  value: number;
  /** The page id it was measured on ('' when the event did not say). */
  page: string;
  at: number;
}

/**
 * The worst value of each vital among a session's events, and the page where it happened: what
 * a person has to act on. Every vital here is "higher is worse" (LCP, FCP, TTFB, FID, INP and
 * CLS), so the worst is the largest; of equal values, the earliest counts.
 */
export function worstVitals(events: Iterable<StoredEvent>): Partial<Record<VitalKey, WorstVital>> {
  const out: Partial<Record<VitalKey, WorstVital>> = {};
  for (const e of events) {
    const v = vitalSample(e);
    if (!v) continue;
    const prev = out[v.key];
    if (!prev || v.value > prev.value || (v.value === prev.value && v.at < prev.at)) {
      out[v.key] = { value: v.value, page: v.page, at: v.at };
    }
  }
  return out;
}

/**
 * Each vital's values, one per page view (the largest, when a page view reported a vital more
 * than once): what the percentiles across all sessions are taken over.
 */
export class PageViewVitals {
  private readonly byKey = new Map<VitalKey, Map<string, number>>();

  add(e: StoredEvent): void {
    const v = vitalSample(e);
    if (!v) return;
    let views = this.byKey.get(v.key);
    if (!views) this.byKey.set(v.key, (views = new Map()));
    const prev = views.get(v.pageView);
    if (prev === undefined || v.value > prev) views.set(v.pageView, v.value);
  }

  values(key: VitalKey): number[] {
    return [...(this.byKey.get(key)?.values() ?? [])];
  }

  /** How many values there are over every vital. */
  get size(): number {
    let n = 0;
    for (const views of this.byKey.values()) n += views.size;
    return n;
  }

  clear(): void {
    this.byKey.clear();
  }
}

/**
 * The `p`th percentile (0 < p ≤ 100) by the nearest-rank method: the smallest value that at least
 * p % of the values are at or below, i.e. the ⌈p/100 · n⌉-th smallest. It is always a value
 * that was measured (no interpolation between two). Undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  const rank = Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * sorted.length);
  return sorted[Math.max(rank, 1) - 1];
}

export interface VitalPercentile {
  value: number;
  rating: Rating;
  /** How many values (page views) it was taken over. */
  count: number;
}

/** A vital's 75th percentile (as CloudWatch RUM reports vitals), rated by the thresholds. */
export function vitalP75(key: VitalKey, values: readonly number[]): VitalPercentile | undefined {
  const value = percentile(values, 75);
  if (value === undefined) return undefined;
  return {
    value,
    rating: rateVital(key, value),
    count: values.filter((v) => Number.isFinite(v)).length,
  };
}

// ---- event categories and one-line summaries -------------------------------------------------

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
      const kind = str(d.navigationType) ?? str(d.initiatorType) ?? 'navigation';
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
  }
  const json = safeJson(d, 0);
  return clip(json === '{}' ? '(no details)' : json);
}

/** JSON text of an untrusted value, pretty with `indent` spaces; never throws. */
export function safeJson(x: unknown, indent = 2): string {
  try {
    return JSON.stringify(x, null, indent) ?? String(x);
  } catch {
    return String(x);
  }
}

// ---- errors and HTTP -------------------------------------------------------------------------

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

// ---- requests --------------------------------------------------------------------------------

export function isPutRumEvents(r: RequestRecord): boolean {
  return r.operation === 'PutRumEvents';
}

/** A PutRumEvents request's outcome: its verdict when the emulator gave one, else its status. */
export function requestVerdict(r: RequestRecord): 'accepted' | 'refused' {
  if (r.verdict === 'accepted' || r.verdict === 'refused') return r.verdict;
  return r.status >= 200 && r.status < 300 ? 'accepted' : 'refused';
}

const roleName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1) || arn;

/** Who signed: `cognito · pool … · identity … · role … · key ASIA…`, or `unsigned`. */
export function describeSigner(r: RequestRecord): string {
  const c = r.credential;
  const key = str(r.accessKeyId);
  if (!c && !key) return r.signed || r.presigned ? 'signed (credential not known)' : 'unsigned';
  const parts: string[] = [str(c?.kind) ?? 'unknown'];
  if (str(c?.identityPoolId)) parts.push(`pool ${c?.identityPoolId}`);
  if (str(c?.identityId)) parts.push(`identity ${c?.identityId}`);
  if (str(c?.roleArn)) parts.push(`role ${roleName(c?.roleArn as string)}`);
  if (key) parts.push(`key ${key}`);
  return parts.join(' · ');
}

/** How the request was authorised on the wire. */
export function requestTransport(r: RequestRecord): string {
  if (r.presigned) return 'beacon (presigned URL)';
  if (r.signed) return 'signed headers';
  return 'unsigned';
}

/** `ErrorType: message` for a refused request. */
export function rejectionReason(r: RequestRecord): string {
  if (requestVerdict(r) === 'accepted') return '';
  const parts = [str(r.errorType), str(r.message)].filter(Boolean);
  if (parts.length) return parts.join(': ');
  if (r.dropped) return `connection dropped ${r.dropped} processing`;
  return `HTTP ${r.status}`;
}

// ---- diagnostics -----------------------------------------------------------------------------

export interface Finding {
  level: 'problem' | 'warning';
  text: string;
}

/** What deserves attention in a client's diagnose() report, most serious first. */
export function diagnosticFindings(report: DiagnosticsReport | undefined): Finding[] {
  if (!isObject(report)) return [];
  const out: Finding[] = [];
  const problems = Array.isArray(report.problems) ? report.problems : [];
  for (const p of problems) {
    const o = obj(p);
    const count = num(o.count);
    out.push({
      level: 'problem',
      text: `${str(o.code) ?? 'problem'}: ${str(o.message) ?? ''}${count && count > 1 ? ` (×${count})` : ''}`,
    });
  }
  if (report.enabled === false) out.push({ level: 'warning', text: 'The client is disabled.' });
  const s = obj(report.session);
  if (s.sampled === false)
    out.push({ level: 'warning', text: 'This session is not sampled: it records no events.' });
  const dropped = num(s.droppedOverLimit);
  if (dropped)
    out.push({
      level: 'warning',
      text: `${plural(dropped, 'event')} dropped over the session's limit of ${num(s.eventLimit) ?? '?'}.`,
    });
  const c = obj(report.credentials);
  // A disabled client holds no credentials; that alone is no problem.
  if (c.available === false && report.enabled !== false) {
    const tried = Array.isArray(c.tried) ? c.tried.filter((t) => typeof t === 'string') : [];
    out.push(
      tried.length
        ? {
            level: 'problem',
            text: `No AWS credentials to sign requests (tried: ${tried.join(', ')}).`,
          }
        : { level: 'warning', text: 'No AWS credentials yet to sign requests.' },
    );
  }
  const last = isObject(report.lastDispatch) ? report.lastDispatch : undefined;
  if (last && last.ok === false) {
    const why = [str(last.errorType), str(last.message)].filter(Boolean).join(': ');
    out.push({
      level: 'problem',
      text: `The last dispatch failed${num(last.status) ? ` (HTTP ${last.status})` : ''}${why ? `: ${why}` : ''}.`,
    });
  }
  if (last?.halted === true)
    out.push({ level: 'problem', text: 'Dispatch is halted: the client stopped sending.' });
  return out;
}

// ---- sessions --------------------------------------------------------------------------------

/** `Chromium 139` from an event's metadata. */
export function browserOf(metadata: unknown): string | undefined {
  const m = obj(metadata);
  const name = str(m.browserName);
  if (!name) return undefined;
  const version = str(m.browserVersion)?.split('.')[0];
  return version ? `${name} ${version}` : name;
}

/** Session summaries computed from events, newest activity first (when the API has none). */
export function summarizeSessions(events: Iterable<StoredEvent>): SessionSummary[] {
  const byId = new Map<string, SessionSummary & { _events: StoredEvent[] }>();
  for (const e of events) {
    const id = str(e.userDetails?.sessionId) ?? '';
    let s = byId.get(id);
    const t = eventTimeMs(e);
    if (!s) {
      s = {
        sessionId: id,
        userId: str(e.userDetails?.userId) ?? '',
        appMonitorId: str(e.appMonitorId) ?? '',
        firstAt: t,
        lastAt: t,
        events: 0,
        errors: 0,
        http: 0,
        pageViews: 0,
        pages: [],
        vitals: {},
        _events: [],
      };
      byId.set(id, s);
    }
    s.firstAt = Math.min(s.firstAt, t);
    s.lastAt = Math.max(s.lastAt, t);
    s.events++;
    const type = e.event?.type;
    if (type === ERROR_TYPE) s.errors++;
    if (type === HTTP_TYPE) s.http++;
    if (type === PAGE_VIEW_TYPE) s.pageViews++;
    const page = eventPage(e);
    if (page && !s.pages.includes(page)) s.pages.push(page);
    const m = obj(e.event?.metadata);
    s.browser ??= browserOf(m);
    s.os ??= [str(m.osName), str(m.osVersion)].filter(Boolean).join(' ') || undefined;
    s.device ??= str(m.deviceType);
    s._events.push(e);
  }
  return [...byId.values()]
    .map(({ _events, ...s }) => ({ ...s, vitals: lastVitals(_events) }))
    .sort((a, b) => b.lastAt - a.lastAt);
}

/** Whether a session matches the filter box: every word in its id, user, browser, os or pages. */
export function sessionMatches(s: SessionSummary, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = [
    s.sessionId,
    s.userId,
    s.appMonitorId,
    s.browser,
    s.os,
    s.device,
    ...(Array.isArray(s.pages) ? s.pages : []),
  ]
    .filter((x): x is string => typeof x === 'string')
    .join(' ')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

// ---- ordering --------------------------------------------------------------------------------

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

// ---- events over time ------------------------------------------------------------------------

export type Counts = Record<Category, number>;

export interface Bucket {
  /** Epoch ms where the bucket starts; it ends at `start + step`. */
  start: number;
  counts: Counts;
  total: number;
}

export interface Buckets {
  start: number;
  step: number;
  buckets: Bucket[];
}

const STEPS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
  1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/** The smallest round step that splits `spanMs` into at most `maxBuckets`. */
export function niceStep(spanMs: number, maxBuckets: number): number {
  for (const s of STEPS) if (spanMs / s < maxBuckets) return s;
  const day = STEPS[STEPS.length - 1];
  return Math.ceil(spanMs / maxBuckets / day) * day;
}

export const emptyCounts = (): Counts => ({
  errors: 0,
  http: 0,
  pageViews: 0,
  vitals: 0,
  other: 0,
});

/** Count events per category in round time buckets (at most `maxBuckets`) over their span. */
export function bucketEvents(
  points: Iterable<{ at: number; category: Category }>,
  maxBuckets = 60,
): Buckets {
  let min = Infinity;
  let max = -Infinity;
  const list: { at: number; category: Category }[] = [];
  for (const p of points) {
    if (!Number.isFinite(p.at)) continue;
    list.push(p);
    if (p.at < min) min = p.at;
    if (p.at > max) max = p.at;
  }
  if (!list.length) return { start: 0, step: 1000, buckets: [] };
  const step = niceStep(max - min + 1, maxBuckets);
  const start = Math.floor(min / step) * step;
  const n = Math.floor((max - start) / step) + 1;
  const buckets: Bucket[] = Array.from({ length: n }, (_, i) => ({
    start: start + i * step,
    counts: emptyCounts(),
    total: 0,
  }));
  for (const p of list) {
    const b = buckets[Math.floor((p.at - start) / step)];
    b.counts[p.category]++;
    b.total++;
  }
  return { start, step, buckets };
}

/** A round number ≥ n for an axis top: 1, 2, 5, 10, 20, 50, … */
export function niceMax(n: number): number {
  if (n <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/** SVG path data for one rectangle per bar (`M x y h w v h h -w Z`). */
export function rectsPath(
  rects: readonly { x: number; y: number; w: number; h: number }[],
): string {
  return rects
    .filter((r) => r.w > 0 && r.h > 0)
    .map((r) => `M${r2(r.x)} ${r2(r.y)}h${r2(r.w)}v${r2(r.h)}h${r2(-r.w)}Z`)
    .join('');
}

export interface StackedChart {
  /** One path per category, the bars stacked bottom-up in `CATEGORIES` order. */
  paths: Record<Category, string>;
  yMax: number;
  /** Each bucket's column (for hover areas and labels). */
  columns: { x: number; w: number; bucket: Bucket }[];
}

/** Stacked bars for the buckets, in a `width`×`height` plot area starting at (0, 0). */
export function stackedBars(
  buckets: readonly Bucket[],
  width: number,
  height: number,
): StackedChart {
  const yMax = niceMax(Math.max(0, ...buckets.map((b) => b.total)));
  const slot = buckets.length ? width / buckets.length : width;
  const gap = slot > 6 ? Math.min(2, slot * 0.15) : 0;
  const rects: Record<Category, { x: number; y: number; w: number; h: number }[]> = {
    errors: [],
    http: [],
    pageViews: [],
    vitals: [],
    other: [],
  };
  const columns = buckets.map((bucket, i) => {
    const x = i * slot;
    let base = height;
    for (const { key } of CATEGORIES) {
      const h = (bucket.counts[key] / yMax) * height;
      if (h > 0) rects[key].push({ x: x + gap / 2, y: base - h, w: slot - gap, h });
      base -= h;
    }
    return { x, w: slot, bucket };
  });
  const paths = Object.fromEntries(
    CATEGORIES.map(({ key }) => [key, rectsPath(rects[key])]),
  ) as Record<Category, string>;
  return { paths, yMax, columns };
}

// ---- vitals distribution ---------------------------------------------------------------------

export interface Distribution {
  /** The x axis runs from 0 to this value; larger values count in the last bin. */
  domainMax: number;
  bins: { from: number; to: number; count: number; rating: Rating }[];
  maxCount: number;
  /** Threshold bands as x ranges in plot units. */
  bands: { x: number; w: number; rating: Rating }[];
  /** One path per rating: the histogram bars coloured by where they fall. */
  paths: Record<Rating, string>;
  /** Plot x of a value (clamped to the plot). */
  x: (value: number) => number;
}

/** The x range of a vital's chart: past the poor threshold, and wide enough for most values. */
export function vitalDomain(def: VitalDef, values: readonly number[]): number {
  const floor = def.poor * 1.5;
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return floor;
  // Up to the 95th percentile, so one outlier does not squash every other bar.
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
  return Math.max(floor, Math.min(p95 * 1.1, def.poor * 10));
}

/** A histogram of a vital's values with its threshold bands, in a `width`×`height` plot. */
export function vitalDistribution(
  def: VitalDef,
  values: readonly number[],
  width: number,
  height: number,
  binCount = 24,
): Distribution {
  const domainMax = vitalDomain(def, values);
  const size = domainMax / binCount;
  const bins = Array.from({ length: binCount }, (_, i) => {
    const from = i * size;
    const to = from + size;
    return { from, to, count: 0, rating: rateVital(def.key, (from + to) / 2) };
  });
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const i = Math.min(binCount - 1, Math.max(0, Math.floor(v / size)));
    bins[i].count++;
  }
  const maxCount = Math.max(0, ...bins.map((b) => b.count));
  const x = (v: number) => (Math.min(Math.max(v, 0), domainMax) / domainMax) * width;
  const bands: Distribution['bands'] = [
    { x: 0, w: x(def.good), rating: 'good' },
    { x: x(def.good), w: x(def.poor) - x(def.good), rating: 'needs-improvement' },
    { x: x(def.poor), w: width - x(def.poor), rating: 'poor' },
  ];
  const rects: Record<Rating, { x: number; y: number; w: number; h: number }[]> = {
    good: [],
    'needs-improvement': [],
    poor: [],
  };
  const slot = width / binCount;
  for (const [i, b] of bins.entries()) {
    if (!b.count) continue;
    const h = Math.max(1, (b.count / maxCount) * height);
    rects[b.rating].push({ x: i * slot + 0.5, y: height - h, w: slot - 1, h });
  }
  return {
    domainMax,
    bins,
    maxCount,
    bands,
    paths: {
      good: rectsPath(rects.good),
      'needs-improvement': rectsPath(rects['needs-improvement']),
      poor: rectsPath(rects.poor),
    },
    x,
  };
}
