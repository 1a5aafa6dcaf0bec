// Page loads per view: each view of a session in order with how long it took to load (the page
// load's navigation timing for the first, the client's route timing for a route change), and
// across sessions, each page's load times. Pure.

import type { StoredEvent } from '../types';
import { compareEvents } from './events';
import { NAVIGATION_TYPE, PAGE_VIEW_TYPE } from './kinds';
import { num, obj, str } from './text';
import { eventTimeMs } from './time';
import { percentile } from './vital-stats';

/** What timed a view: the browser's navigation timing (a page load) or a route change. */
export type LoadKind = 'load' | 'route';

/** One view of a session, and its load time when an event timed it. */
export interface ViewLoad {
  pageId: string;
  /** The page view's number in the session (`interaction`), when the events said. */
  interaction?: number;
  /** When the view started (its page view event; else its timing event), epoch ms. */
  at: number;
  kind?: LoadKind;
  /** How long it took to load (ms); undefined when nothing timed the view. */
  durationMs?: number;
  /** When it started, in the page's time (`performance.now()` ms), for a route change. */
  startTime?: number;
  /** The timing event's `navigationType` (`navigate`, `reload`, `back_forward`). */
  navigationType?: string;
}

/** A timing event's view, kind and duration; undefined for any other event. */
export function loadTiming(
  e: StoredEvent,
):
  | (Required<Pick<ViewLoad, 'pageId' | 'kind' | 'at'>> &
      Pick<ViewLoad, 'durationMs' | 'startTime' | 'navigationType' | 'interaction'>)
  | undefined {
  if (e?.event?.type !== NAVIGATION_TYPE) return undefined;
  const d = obj(e.event.details);
  const m = obj(e.event.metadata);
  const kind: LoadKind = str(d.initiatorType) === 'route_change' ? 'route' : 'load';
  const duration = num(d.duration);
  const loadEventStart = num(d.loadEventStart);
  // A page load hidden before its load event ends has a duration of 0: its load event's start
  // is then the best there is.
  const durationMs =
    duration !== undefined && duration > 0
      ? duration
      : kind === 'load' && loadEventStart !== undefined && loadEventStart > 0
        ? loadEventStart
        : duration;
  return {
    pageId: str(m.pageId) ?? '',
    interaction: num(m.interaction),
    kind,
    at: eventTimeMs(e),
    durationMs,
    startTime: kind === 'route' ? num(d.startTime) : undefined,
    navigationType: str(d.navigationType),
  };
}

/**
 * A session's views in order, each with its load time. The views are its page view events;
 * each timing event (`performance_navigation_event`, `initiatorType` `navigation` or
 * `route_change`) goes to the view it names: the same page id and page view number
 * (`metadata.interaction`) when the event has one, else the latest untimed view of that page
 * that began before it (else the earliest). A timing with no view to go to is a view of its
 * own (page view events not recorded). An event id seen twice (a batch sent again) counts once.
 */
export function pageLoads(events: Iterable<StoredEvent>): ViewLoad[] {
  const seen = new Set<string>();
  const sorted = [...events]
    .filter((e) => {
      const id = str(e?.event?.id);
      if (id === undefined) return !!e?.event;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort(compareEvents);
  const views: ViewLoad[] = [];
  const timings: NonNullable<ReturnType<typeof loadTiming>>[] = [];
  for (const e of sorted) {
    if (e.event.type === PAGE_VIEW_TYPE) {
      const d = obj(e.event.details);
      const m = obj(e.event.metadata);
      views.push({
        pageId: str(d.pageId) ?? str(m.pageId) ?? '',
        interaction: num(d.interaction) ?? num(m.interaction),
        at: eventTimeMs(e),
      });
      continue;
    }
    const t = loadTiming(e);
    if (t) timings.push(t);
  }
  const extra: ViewLoad[] = [];
  for (const t of timings) {
    const untimed = views.filter((v) => v.kind === undefined && v.pageId === t.pageId);
    const view =
      t.interaction !== undefined && untimed.some((v) => v.interaction !== undefined)
        ? untimed.find((v) => v.interaction === t.interaction)
        : (untimed.filter((v) => v.at <= t.at).pop() ?? untimed[0]);
    const timing = {
      kind: t.kind,
      durationMs: t.durationMs,
      startTime: t.startTime,
      navigationType: t.navigationType,
    };
    if (view) Object.assign(view, timing);
    else extra.push({ pageId: t.pageId, interaction: t.interaction, at: t.at, ...timing });
  }
  if (!extra.length) return views;
  return [...views, ...extra].sort((a, b) => a.at - b.at);
}

/** One page's load times across sessions. */
export interface PageLoadStats {
  pageId: string;
  views: number;
  /** Views timed by a page load's navigation timing, and by a route change. */
  loads: number;
  routes: number;
  /** The 75th percentile (nearest rank) and the largest of the timed views' durations. */
  p75?: number;
  max?: number;
}

/** Each page's views and load times over these sessions' views; most viewed first. */
export function loadsByPage(sessions: Iterable<readonly ViewLoad[]>): PageLoadStats[] {
  const byPage = new Map<string, { stats: PageLoadStats; durations: number[] }>();
  for (const views of sessions)
    for (const v of views) {
      let p = byPage.get(v.pageId);
      if (!p)
        byPage.set(
          v.pageId,
          (p = { stats: { pageId: v.pageId, views: 0, loads: 0, routes: 0 }, durations: [] }),
        );
      p.stats.views++;
      if (v.durationMs === undefined) continue;
      if (v.kind === 'load') p.stats.loads++;
      else p.stats.routes++;
      p.durations.push(v.durationMs);
    }
  return [...byPage.values()]
    .map(({ stats, durations }) =>
      durations.length
        ? {
            ...stats,
            p75: percentile(durations, 75),
            max: durations.reduce((a, b) => Math.max(a, b)),
          }
        : stats,
    )
    .sort((a, b) => b.views - a.views || (a.pageId < b.pageId ? -1 : a.pageId > b.pageId ? 1 : 0));
}
