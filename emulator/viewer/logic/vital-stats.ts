// Web vitals across events: a session's last and worst values, one value per page view, and
// percentiles over them. Pure.

import type { StoredEvent, VitalValues } from '../types';
import { eventPage } from './events';
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
