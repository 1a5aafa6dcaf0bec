// Web vitals across events: a session's last and worst values, one value per page view, and
// percentiles over them. Pure.

import type { StoredEvent, VitalValues } from '../types';
import { compareEvents, eventPage } from './events';
import { NAVIGATION_TYPE, PAGE_VIEW_TYPE } from './kinds';
import { num, obj, str } from './text';
import { eventTimeMs } from './time';
import { rateVital, vitalForType, type Rating, type VitalKey } from './vitals';

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

/** The vitals the browser measures once per page load (web-vitals' LCP, FCP, TTFB and FID). */
const PAGE_LOAD_VITALS: ReadonlySet<VitalKey> = new Set<VitalKey>(['lcp', 'fcp', 'ttfb', 'fid']);

const viewKey = (page: string, interaction: number | undefined) =>
  JSON.stringify([page, interaction ?? null]);

/**
 * For a session's events, by view (page id and page view number): the page its page load began
 * on. A view began a page load when the page load's navigation event (`initiatorType` other than
 * `route_change`) names it, or when it is the session's first view; a later view (a route change
 * of a single-page app) belongs to the latest such view before it.
 */
function pageLoadPages(events: readonly StoredEvent[]): Map<string, string> {
  const loads = new Set<string>();
  for (const e of events) {
    if (e?.event?.type !== NAVIGATION_TYPE) continue;
    if (str(obj(e.event.details).initiatorType) === 'route_change') continue;
    const m = obj(e.event.metadata);
    loads.add(viewKey(str(m.pageId) ?? '', num(m.interaction)));
  }
  const out = new Map<string, string>();
  let loadPage: string | undefined;
  for (const e of [...events].sort(compareEvents)) {
    if (e?.event?.type !== PAGE_VIEW_TYPE) continue;
    const d = obj(e.event.details);
    const m = obj(e.event.metadata);
    const page = str(d.pageId) ?? str(m.pageId) ?? '';
    const key = viewKey(page, num(d.interaction) ?? num(m.interaction));
    if (loadPage === undefined || loads.has(key)) loadPage = page;
    if (!out.has(key)) out.set(key, loadPage);
  }
  return out;
}

/**
 * The worst value of each vital among a session's events, and the page where it happened: what
 * a person has to act on. Every vital here is "higher is worse" (LCP, FCP, TTFB, FID, INP and
 * CLS), so the worst is the largest; of equal values, the earliest counts. A page load's vital
 * (LCP, FCP, TTFB, FID) is on the page that loaded: the client records it with the page it is
 * on when web-vitals reports it (LCP and FID at the first input), which in a single-page app
 * is often the route that input opened.
 */
export function worstVitals(events: Iterable<StoredEvent>): Partial<Record<VitalKey, WorstVital>> {
  const list = [...events];
  let loadPages: Map<string, string> | undefined;
  const out: Partial<Record<VitalKey, WorstVital>> = {};
  for (const e of list) {
    const v = vitalSample(e);
    if (!v) continue;
    const prev = out[v.key];
    if (!prev || v.value > prev.value || (v.value === prev.value && v.at < prev.at)) {
      let page = v.page;
      if (PAGE_LOAD_VITALS.has(v.key)) {
        loadPages ??= pageLoadPages(list);
        page = loadPages.get(viewKey(v.page, num(obj(e.event.metadata).interaction))) ?? page;
      }
      out[v.key] = { value: v.value, page, at: v.at };
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
