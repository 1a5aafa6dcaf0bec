import { monitor } from '../tools/monitor';
import { cssSelector } from './selector';
import { CLS_EVENT, INP_EVENT, loadStateAt, vital } from './vitals';

/**
 * Web vitals per view (docs/insights.md): INP and CLS measured by the client itself from the
 * browser's `event` and `layout-shift` entries, one value of each per view of a single-page
 * app, as web-vitals measures them per page load. The helpers that choose are pure; the
 * state they work on has short keys (a chunk's properties are not mangled).
 */

/** An `event` entry as Chromium gives it (interactionId is not in TypeScript's DOM types). */
type EventEntry = PerformanceEventTiming & { interactionId?: number };
/** A `layout-shift` entry (not in TypeScript's DOM types either). */
type ShiftEntry = PerformanceEntry & {
  value: number;
  hadRecentInput: boolean;
  sources?: { node?: Node | null }[];
};

/**
 * One interaction (its entries share an interactionId), by the frame of its longest entry:
 * `i` the id, `d` the latency (the longest entry's duration), `s` the first start,
 * `p` the first processingStart and `e` the last processingEnd of the frame's entries, `f`
 * the frame's paint (start + duration), `n` the first entry's event type and `t` its target's
 * selector (taken at once: the element may be gone when the view ends).
 */
export interface Interaction {
  i: number;
  d: number;
  s: number;
  p: number;
  e: number;
  f: number;
  n: string;
  t: string;
}

/** The INP candidates web-vitals keeps: the 10 longest interactions. */
const KEPT = 10;

const selector = (node?: Node | null): string =>
  node && node.nodeType == 1 ? cssSelector(node as Element) : '';

/**
 * Adds an `event` entry that has an interactionId to `list`, the longest interactions
 * (longest first, at most 10). Entries of one interaction painted in the same frame (within
 * 8 ms: durations are rounded to 8 ms), such as pointerup and click, are one input processed
 * together; an entry of a later, longer frame replaces them.
 */
export const addEvent = (list: Interaction[], x: EventEntry): void => {
  const f = x.startTime + x.duration;
  const r = list.find((r) => r.i == x.interactionId);
  if (r && Math.abs(f - r.f) <= 8) {
    r.d = Math.max(r.d, x.duration);
    r.s = Math.min(r.s, x.startTime);
    r.p = Math.min(r.p, x.processingStart);
    r.e = Math.max(r.e, x.processingEnd);
    r.f = Math.max(r.f, f);
    r.t ||= selector(x.target);
  } else if (r ? x.duration > r.d : list.length < KEPT || x.duration > list[KEPT - 1].d) {
    if (r) list.splice(list.indexOf(r), 1);
    list.push({
      i: x.interactionId!,
      d: x.duration,
      s: x.startTime,
      p: x.processingStart,
      e: x.processingEnd,
      f,
      n: x.name,
      t: selector(x.target),
    });
  } else return;
  list.sort((a, b) => b.d - a.d).splice(KEPT);
};

/**
 * The INP of `count` interactions from the longest ones: the longest, or from 50 on the one
 * at index floor(count / 50) (the 98th percentile, as web-vitals estimates it).
 */
export const inpOf = (list: Interaction[], count: number): Interaction | undefined =>
  list[Math.min(Math.floor(count / 50), list.length - 1)];

/**
 * A session window of layout shifts: `v` the sum of its shifts, `s` the first's and `l` the
 * last's start time, `m` the largest shift's value, `mt` its time, `t` its element's selector.
 */
export interface ShiftWindow {
  v: number;
  s: number;
  l: number;
  m: number;
  mt: number;
  t: string;
}
/** The current session window `w`, and the largest so far `b`: CLS is `b.v`. */
export interface Shifts {
  w?: ShiftWindow;
  b?: ShiftWindow;
}

/**
 * Adds a `layout-shift` entry to the session windows: a window ends after a gap of 1 s or
 * 5 s after its first shift; shifts just after an input (hadRecentInput) do not count.
 */
export const addShift = (c: Shifts, x: ShiftEntry): void => {
  if (x.hadRecentInput) return;
  let w = c.w;
  if (!w || x.startTime - w.l >= 1000 || x.startTime - w.s >= 5000)
    w = c.w = { v: 0, s: x.startTime, l: 0, m: 0, mt: 0, t: '' };
  w.v += x.value;
  w.l = x.startTime;
  if (x.value > w.m) {
    w.m = x.value;
    w.mt = x.startTime;
    w.t = selector(x.sources?.find((s) => s.node?.nodeType == 1)?.node);
  }
  if (!c.b || w.v > c.b.v) c.b = w;
};

/** The attribution of an interaction_to_next_paint_event, from the entries. */
export const interactionDetails = (i: Interaction) => {
  const paint = Math.max(i.f, i.e);
  return vital(i.d, {
    interactionTarget: i.t,
    interactionTime: i.s,
    nextPaintTime: paint,
    interactionType: /^key/.test(i.n) ? 'keyboard' : 'pointer',
    inputDelay: i.p - i.s,
    processingDuration: i.e - i.p,
    presentationDelay: paint - i.e,
    loadState: loadStateAt(i.s),
  });
};

/** A cumulative_layout_shift_event's details: 0 without a shift, as web-vitals reports it. */
export const shiftDetails = (b?: ShiftWindow) =>
  vital(
    b ? b.v : 0,
    b
      ? {
          largestShiftTarget: b.t,
          largestShiftValue: b.m,
          largestShiftTime: b.mt,
          loadState: loadStateAt(b.mt),
        }
      : {},
  );

/**
 * The client's INP and CLS per view. `report` records an event (with the start times of what
 * it measured); `off(time)`: the client was disabled then, and an entry of then is left out.
 * `view(record)` when the view changes (before its page view: the old view's metadata still
 * applies), recording the old view's values with `record`; `hide()` when the page hides.
 * Each records a value only when it grew since the view's last one (a page hidden twice).
 * Where the browser has no Event Timing or layout shifts, that metric is not recorded.
 */
export const createViewVitals = (
  report: (type: string, details: object, times: number[]) => unknown,
  off: (time: number) => boolean,
  /** An INP was recorded: the interaction's span (for the long frames that explain it). */
  recorded: (start: number, end: number) => void = () => undefined,
) => {
  let po: PerformanceObserver | undefined;
  let delivered = false;
  let shifts = false;
  // The view's interactions and shifts; interactions seen (by a new highest interactionId),
  // for where performance.interactionCount is missing, and that count at the view's start.
  let list: Interaction[] = [];
  let c: Shifts = {};
  let seen = 0;
  let top = 0;
  let count0 = 0;
  // What the view last sent.
  let sentI = 0;
  let sentC = -1;
  const interactions = () => (performance as { interactionCount?: number }).interactionCount;

  const take = (entries: PerformanceEntryList) => {
    for (const x of entries) {
      if (off(x.startTime)) continue;
      if (x.entryType == 'layout-shift') addShift(c, x as ShiftEntry);
      else {
        const id = (x as EventEntry).interactionId || 0;
        if (id <= 0) continue;
        if (id > top) {
          top = id;
          seen++;
        }
        addEvent(list, x as EventEntry);
      }
    }
  };

  const flush = () => {
    if (po) take(po.takeRecords());
    const n = interactions();
    const i = inpOf(list, n == null ? seen : n - count0);
    if (i && i.d > sentI) {
      sentI = i.d;
      report(INP_EVENT, interactionDetails(i), [i.s]);
      recorded(i.s, i.s + i.d);
    }
    const b = c.b;
    if (shifts && (b ? b.v : 0) > sentC) {
      sentC = b ? b.v : 0;
      report(CLS_EVENT, shiftDetails(b), b ? [b.s] : []);
    }
  };

  return {
    start(): void {
      const types = globalThis.PerformanceObserver?.supportedEntryTypes || [];
      const events = types.includes('event');
      shifts = types.includes('layout-shift');
      if (po || !(events || shifts)) return;
      po = new PerformanceObserver(
        monitor((l: PerformanceObserverEntryList) => take(l.getEntries())),
      );
      // Buffered the first time only: what came while the client was disabled is not recorded.
      const buffered = !delivered;
      delivered = true;
      if (events)
        po.observe({ type: 'event', durationThreshold: 40, buffered } as PerformanceObserverInit);
      if (shifts) po.observe({ type: 'layout-shift', buffered });
    },
    stop(): void {
      po?.disconnect();
      po = undefined;
    },
    view(record: boolean): void {
      if (record) flush();
      list = [];
      c = {};
      seen = sentI = 0;
      sentC = -1;
      count0 = interactions() || 0;
    },
    hide: flush,
  };
};
