import { monitor } from '../tools/monitor';

/**
 * Long animation frames (docs/insights.md): `cwr.long_animation_frame` for each frame of at
 * least the threshold, with its scripts, where the browser has the Long Animation Frames API
 * (Chromium 123+); `cwr.long_task` where it has only Long Tasks; nothing elsewhere. The mapping
 * functions are pure, so tests can feed them plain objects.
 */

export const LONG_FRAME_EVENT = 'cwr.long_animation_frame';
export const LONG_TASK_EVENT = 'cwr.long_task';

/** The fields of a PerformanceScriptTiming read here. */
export interface FrameScript {
  sourceURL: string;
  sourceFunctionName: string;
  sourceCharPosition: number;
  invoker: string;
  invokerType: string;
  startTime: number;
  duration: number;
  forcedStyleAndLayoutDuration: number;
  pauseDuration: number;
}

/** The fields of a PerformanceLongAnimationFrameTiming read here. */
export interface Frame {
  startTime: number;
  duration: number;
  blockingDuration: number;
  renderStart: number;
  styleAndLayoutStart: number;
  firstUIEventTimestamp: number;
  scripts: readonly FrameScript[];
}

/** A PerformanceLongTaskTiming (not in TypeScript's DOM types). */
export interface LongTask {
  startTime: number;
  duration: number;
  attribution?: readonly {
    name: string;
    containerType: string;
    containerSrc: string;
    containerId: string;
    containerName: string;
  }[];
}

/** config.groupUrl for a resource URL; undefined when no URL is recorded (recordResourceUrl). */
export type GroupUrl = ((url: string) => string) | undefined;

type Details = Record<string, unknown>;

const FRAME_FIELDS =
  'startTime duration blockingDuration renderStart styleAndLayoutStart firstUIEventTimestamp';
const SCRIPT_FIELDS =
  'sourceFunctionName sourceCharPosition invoker invokerType startTime duration forcedStyleAndLayoutDuration pauseDuration';
const CONTAINER_FIELDS = 'containerType containerId containerName';

/**
 * The `fields` of `e`: times rounded to 0.1 ms; empty strings, and numbers the browser gives
 * for "unknown" (a sourceCharPosition of -1), left out.
 */
const pick = (e: object, fields: string, o: Details = {}): Details => {
  for (const k of fields.split(' ')) {
    const v = (e as Details)[k];
    if (typeof v == 'number' ? v >= 0 && v < Infinity : v)
      o[k] = typeof v == 'number' ? Math.round(v * 10) / 10 : v;
  }
  return o;
};

/**
 * `o[k]`: the URL as recorded, grouped; only an http(s) one (an inline or an extension's
 * script's would be the page's or the extension's id, a data: URL the whole script); none
 * without `url`.
 */
const withUrl = (o: Details, k: string, u: string, url: GroupUrl): Details => {
  if (url && /^https?:/i.test(u)) o[k] = url(u);
  return o;
};

/** `cwr.long_animation_frame` details: the frame and its 5 longest scripts, longest first. */
export const frameDetails = (f: Frame, url: GroupUrl, inp?: boolean): Details => {
  const d = pick(f, FRAME_FIELDS, { version: '1.0.0' });
  d.scripts = [...(f.scripts || [])]
    .sort((a, b) => b.duration - a.duration)
    .slice(0, 5)
    .map((s) => pick(s, SCRIPT_FIELDS, withUrl({}, 'sourceURL', s.sourceURL, url)));
  if (inp) d.inp = true;
  return d;
};

/** `cwr.long_task` details: the task and the containers it is attributed to. */
export const taskDetails = (t: LongTask, url: GroupUrl): Details => {
  const d = pick(t, 'startTime duration', { version: '1.0.0' });
  d.attribution = (t.attribution || []).map((a) =>
    withUrl(pick(a, CONTAINER_FIELDS, { name: a.name }), 'containerSrc', a.containerSrc, url),
  );
  return d;
};

/** Records an event unless what it measured (`times`) happened while the client was disabled. */
export type Recorder = (type: string, details: Details, times: number[]) => unknown;

/**
 * The long frames' observer, for the performance plugin: `on()` observes (buffered the first
 * time: what happened while off is not delivered again), `off()` stops, `take()` records what
 * the browser holds and has not delivered yet (at the hide's flush), `inp(frames)` records the
 * frames web-vitals found under the INP being reported, below the threshold too, with
 * `"inp": true`; `at(start, end)` does so for the frames of the last ones delivered that
 * overlap an interaction the client measured itself (web vitals per view). No frame is
 * recorded twice.
 */
export const createLongFrames = (threshold: number, record: Recorder, url: GroupUrl) => {
  const sent = new Set<string>();
  // The last frames delivered (the browser's are 50 ms and more), for `at`.
  let recent: Frame[] = [];
  let po: PerformanceObserver | undefined;
  let delivered = false;
  const types =
    (typeof PerformanceObserver == 'function' && PerformanceObserver.supportedEntryTypes) || [];
  const type = types.includes('long-animation-frame')
    ? 'long-animation-frame'
    : types.includes('longtask')
      ? 'longtask'
      : '';

  /** Records `e` once; `inp`: it is one of the INP's frames, recorded whatever its duration. */
  const one = (e: Frame | LongTask, inp?: boolean) => {
    const key = e.startTime + ' ' + e.duration;
    if (sent.has(key) || (!inp && e.duration < threshold)) return;
    sent.add(key);
    const frame = 'scripts' in e;
    record(
      frame ? LONG_FRAME_EVENT : LONG_TASK_EVENT,
      frame ? frameDetails(e, url, inp) : taskDetails(e, url),
      [e.startTime],
    );
  };
  const many = monitor((entries: PerformanceEntryList) => {
    delivered = true;
    for (const e of entries) one(e as unknown as Frame);
    recent = [...recent, ...(entries as unknown as Frame[])].slice(-20);
  });

  return {
    on(): void {
      if (po || !type) return;
      po = new PerformanceObserver((list) => many(list.getEntries()));
      po.observe({ type, buffered: !delivered });
    },
    off(): void {
      po?.disconnect();
      po = undefined;
    },
    take(): void {
      if (po) many(po.takeRecords());
    },
    inp: monitor((frames: readonly Frame[] = []): void => {
      for (const f of frames) one(f, true);
    }),
    at: monitor((start: number, end: number): void => {
      if (po) many(po.takeRecords());
      for (const f of recent)
        if ('scripts' in f && f.startTime < end && f.startTime + f.duration > start) one(f, true);
    }),
  };
};
