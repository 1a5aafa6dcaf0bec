// The viewer's state: what the emulator sent (held append-only between clears) and what the
// person chose, as one snapshot per change. A snapshot is never changed; the next one shares
// every slice that did not change, so a component tells what changed by comparing references.
// No DOM and no globals here: ui.ts owns the store and passes each snapshot to the components.

import type { SyncResult } from './api';
import type { LiveState } from './live';
import { XRAY_TYPE } from './logic/kinds';
import { isPutRumEvents } from './logic/requests';
import { summarizeSessions } from './logic/sessions';
import { deepEqual, num, obj, str } from './logic/text';
import { PageViewVitals } from './logic/vital-stats';
import type { DiagnosticsEntry, RequestRecord, SessionSummary, StoredEvent } from './types';

export type ChartScope = 'session' | 'all';

export interface TimelineFilter {
  /** An event type, or '' for all. */
  type: string;
  /** Lower-case text to find in the type, page or summary, or ''. */
  text: string;
  newestFirst: boolean;
}

export interface ViewerState {
  /** Bumped when the emulator was cleared: the lists start over. */
  epoch: number;
  /** Every event, in arrival order. */
  events: readonly StoredEvent[];
  eventsBySession: ReadonlyMap<string, readonly StoredEvent[]>;
  sessions: readonly SessionSummary[];
  /** Every PutRumEvents request, in arrival order (other operations are left out). */
  putRequests: readonly RequestRecord[];
  requestsBySession: ReadonlyMap<string, readonly RequestRecord[]>;
  /** The latest diagnostics report of each session. */
  diagnostics: ReadonlyMap<string, DiagnosticsEntry>;
  /** Every session's vitals, one value per page view; it grows with `events` (compare those). */
  pageViewVitals: PageViewVitals;
  /** trace id → duration (ms), from the X-Ray trace events; it grows with `events`. */
  durations: ReadonlyMap<string, number>;
  /** The demo site's URL (http or https only), for the empty state. */
  demoUrl?: string;
  live: { state: LiveState; detail?: string };

  /** The session asked for (by a click, or the address); `shown` once it is there. */
  selected?: string;
  /** The session whose sections are on screen. */
  shown?: string;
  sessionFilter: string;
  chartScope: ChartScope;
  allRequests: boolean;
  timeline: TimelineFilter;

  /** The shown session's slices. */
  session?: SessionSummary;
  sessionEvents: readonly StoredEvent[];
  sessionRequests: readonly RequestRecord[];
  report?: DiagnosticsEntry;
}

/** The choices a person makes (the rest comes from the emulator). */
export type Choices = Partial<
  Pick<ViewerState, 'sessionFilter' | 'chartScope' | 'allRequests' | 'timeline'>
>;

const NONE: readonly never[] = Object.freeze([]);

export function initialState(selected?: string): ViewerState {
  return {
    epoch: 0,
    events: NONE,
    eventsBySession: new Map(),
    sessions: NONE,
    putRequests: NONE,
    requestsBySession: new Map(),
    diagnostics: new Map(),
    pageViewVitals: new PageViewVitals(),
    durations: new Map(),
    live: { state: 'connecting' },
    selected,
    sessionFilter: '',
    chartScope: 'session',
    allRequests: false,
    timeline: { type: '', text: '', newestFirst: false },
    sessionEvents: NONE,
    sessionRequests: NONE,
  };
}

/** The shown session's slices, from the rest (the same references when nothing changed). */
function derive(s: ViewerState): ViewerState {
  const id = s.shown;
  return {
    ...s,
    session: id === undefined ? undefined : s.sessions.find((x) => x.sessionId === id),
    sessionEvents: (id !== undefined && s.eventsBySession.get(id)) || NONE,
    sessionRequests: (id !== undefined && s.requestsBySession.get(id)) || NONE,
    report: id === undefined ? undefined : s.diagnostics.get(id),
  };
}

/** `next`, with each item equal to the one of the same key in `prev` replaced by that one. */
function keep<T>(prev: readonly T[], next: readonly T[], key: (x: T) => unknown): readonly T[] {
  const old = new Map(prev.map((x) => [key(x), x]));
  const out = next.map((x) => {
    const o = old.get(key(x));
    return o !== undefined && deepEqual(o, x) ? o : x;
  });
  return out.length === prev.length && out.every((x, i) => x === prev[i]) ? prev : out;
}

function append<T>(
  map: ReadonlyMap<string, readonly T[]>,
  items: readonly T[],
  keys: (x: T) => readonly string[],
): ReadonlyMap<string, readonly T[]> {
  if (!items.length) return map;
  const out = new Map(map);
  for (const x of items)
    for (const k of keys(x)) out.set(k, [...(out.get(k) ?? NONE), x] as readonly T[]);
  return out;
}

/** `url` when it is an absolute http(s) URL (safe to link to), else undefined. */
export function httpUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Holds the current snapshot; each change makes the next one. */
export class ViewerStore {
  private s: ViewerState;

  constructor(selected?: string) {
    this.s = initialState(selected);
  }

  get state(): ViewerState {
    return this.s;
  }

  /** Take in what a sync brought; the shown session follows the one asked for, else the newest. */
  apply(r: SyncResult): ViewerState {
    let s = this.s;
    if (r.reset) {
      s = {
        ...initialState(s.selected),
        epoch: s.epoch + 1,
        live: s.live,
        demoUrl: s.demoUrl,
        shown: s.shown,
        sessionFilter: s.sessionFilter,
        chartScope: s.chartScope,
        allRequests: s.allRequests,
        timeline: s.timeline,
      };
    }
    const events = r.events.filter(
      (e) => e && typeof e === 'object' && e.event && typeof e.event === 'object',
    );
    let durations = s.durations;
    for (const e of events) {
      s.pageViewVitals.add(e);
      if (e.event.type !== XRAY_TYPE) continue;
      const d = obj(e.event.details);
      const trace = str(d.trace_id);
      const start = num(d.start_time);
      const end = num(d.end_time);
      if (trace && start !== undefined && end !== undefined) {
        if (durations === s.durations) durations = new Map(durations);
        (durations as Map<string, number>).set(trace, (end - start) * 1000);
      }
    }
    const puts = r.requests.filter((q) => q && typeof q === 'object' && isPutRumEvents(q));
    const all = events.length ? [...s.events, ...events] : s.events;
    const sessions = keep(s.sessions, r.sessions ?? summarizeSessions(all), (x) => x.sessionId);
    const diagnostics = new Map<string, DiagnosticsEntry>();
    for (const d of r.diagnostics) {
      if (typeof d.sessionId !== 'string') continue;
      const old = s.diagnostics.get(d.sessionId);
      diagnostics.set(d.sessionId, old && deepEqual(old, d) ? old : d);
    }
    const sameDiagnostics =
      diagnostics.size === s.diagnostics.size &&
      [...diagnostics].every(([k, v]) => s.diagnostics.get(k) === v);
    s = {
      ...s,
      events: all,
      eventsBySession: append(s.eventsBySession, events, (e) => [
        str(e.userDetails?.sessionId) ?? '',
      ]),
      putRequests: puts.length ? [...s.putRequests, ...puts] : s.putRequests,
      requestsBySession: append(s.requestsBySession, puts, (q) =>
        Array.isArray(q.sessionIds) ? q.sessionIds : NONE,
      ),
      sessions,
      diagnostics: sameDiagnostics ? s.diagnostics : diagnostics,
      durations,
      demoUrl: r.info ? httpUrl(r.info.demoUrl) : s.demoUrl,
    };
    const wanted =
      s.selected && s.sessions.some((x) => x.sessionId === s.selected)
        ? s.selected
        : s.sessions[0]?.sessionId;
    if (wanted !== s.shown || r.reset) s = show(s, wanted);
    return (this.s = derive(s));
  }

  /** Show a session's sections (or none). */
  select(id: string | undefined): ViewerState {
    return (this.s = derive(show(this.s, id)));
  }

  choose(c: Choices): ViewerState {
    return (this.s = derive({ ...this.s, ...c }));
  }

  setLive(state: LiveState, detail?: string): ViewerState {
    if (this.s.live.state === state && this.s.live.detail === detail) return this.s;
    return (this.s = { ...this.s, live: { state, detail } });
  }
}

/** A session shown starts with its timeline showing every type. */
function show(s: ViewerState, id: string | undefined): ViewerState {
  return {
    ...s,
    selected: id,
    shown: id,
    timeline: s.timeline.type ? { ...s.timeline, type: '' } : s.timeline,
  };
}
