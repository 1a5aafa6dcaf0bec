// Long animation frames (and long tasks) and the INP interaction they explain: the frames that
// overlap a session's worst INP, with their scripts, longest first. Pure.

import type { StoredEvent } from '../types';
import { compareEvents, eventPage } from './events';
import { INP_TYPE, LONG_FRAME_TYPE, LONG_TASK_TYPE } from './kinds';
import { isObject, num, obj, str } from './text';
import { eventTimeMs } from './time';

/** A script that ran in a long frame (a long task's attribution is put in the same shape). */
export interface FrameScript {
  sourceURL?: string;
  sourceFunctionName?: string;
  sourceCharPosition?: number;
  invoker?: string;
  invokerType?: string;
  duration?: number;
}

export interface LongFrame {
  kind: 'frame' | 'task';
  /** In the page's time (`performance.now()` ms). */
  startTime: number;
  duration: number;
  blockingDuration?: number;
  /** Recorded with the INP event as one of its interaction's frames (`"inp": true`). */
  inp: boolean;
  /** Longest first. */
  scripts: FrameScript[];
  page: string;
  /** Epoch ms of the event. */
  at: number;
  id?: string;
}

const byDuration = (a: { duration?: number }, b: { duration?: number }) =>
  (b.duration ?? -1) - (a.duration ?? -1);

/** A `cwr.long_animation_frame` or `cwr.long_task` event's frame; undefined for others. */
export function longFrame(e: StoredEvent): LongFrame | undefined {
  const type = e?.event?.type;
  if (type !== LONG_FRAME_TYPE && type !== LONG_TASK_TYPE) return undefined;
  const d = obj(e.event.details);
  const startTime = num(d.startTime);
  const duration = num(d.duration);
  if (startTime === undefined || duration === undefined) return undefined;
  const scripts: FrameScript[] =
    type === LONG_FRAME_TYPE
      ? (Array.isArray(d.scripts) ? d.scripts : []).filter(isObject).map((s) => ({
          sourceURL: str(s.sourceURL),
          sourceFunctionName: str(s.sourceFunctionName),
          sourceCharPosition: num(s.sourceCharPosition),
          invoker: str(s.invoker),
          invokerType: str(s.invokerType),
          duration: num(s.duration),
        }))
      : (Array.isArray(d.attribution) ? d.attribution : []).filter(isObject).map((a) => ({
          // A long task says only which container it ran in.
          sourceURL: str(a.containerSrc) || undefined,
          invoker:
            [str(a.containerType), str(a.containerName) || str(a.containerId)]
              .filter(Boolean)
              .join(' ') || undefined,
          invokerType: str(a.name),
        }));
  return {
    kind: type === LONG_FRAME_TYPE ? 'frame' : 'task',
    startTime,
    duration,
    blockingDuration: num(d.blockingDuration),
    inp: d.inp === true,
    scripts: scripts.sort(byDuration),
    page: eventPage(e),
    at: eventTimeMs(e),
    id: str(e.event.id),
  };
}

/** An INP event's value, page and interaction (its attribution's times, when it has them). */
export interface InpInteraction {
  value: number;
  page: string;
  at: number;
  target?: string;
  /** `attribution.interactionTime` .. `attribution.nextPaintTime`, page time (ms). */
  start?: number;
  end?: number;
  id?: string;
}

export function inpInteraction(e: StoredEvent): InpInteraction | undefined {
  if (e?.event?.type !== INP_TYPE) return undefined;
  const d = obj(e.event.details);
  const value = num(d.value);
  if (value === undefined) return undefined;
  const a = obj(d.attribution);
  const start = num(a.interactionTime);
  const end = num(a.nextPaintTime);
  const timed = start !== undefined && end !== undefined && end >= start;
  return {
    value,
    page: eventPage(e),
    at: eventTimeMs(e),
    target: str(a.interactionTarget),
    start: timed ? start : undefined,
    end: timed ? end : undefined,
    id: str(e.event.id),
  };
}

/** Whether a frame overlaps the interaction (from its start to the next paint). */
export const overlaps = (f: LongFrame, i: InpInteraction): boolean =>
  i.start !== undefined &&
  i.end !== undefined &&
  f.startTime < i.end &&
  f.startTime + f.duration > i.start;

export interface InpCulprits {
  /** The session's worst INP (largest; of equal ones the earliest), as on its card. */
  inp?: InpInteraction;
  /** The frames under it, longest first. */
  frames: LongFrame[];
  /** Every long frame and long task of the session. */
  total: number;
}

/**
 * The long frames under a session's worst INP: those that overlap its interaction, and those
 * recorded with it (`"inp": true`) — a flagged frame goes with the INP event of its page
 * recorded nearest to it, so with per-view INP each view's frames stay with that view's INP.
 * The same frame sent twice (over the threshold, then again with the INP) is listed once.
 * The times are the page's own (`performance.now()`), so `events` should be one session's.
 */
export function inpCulprits(events: Iterable<StoredEvent>): InpCulprits {
  const inps: InpInteraction[] = [];
  const frames: LongFrame[] = [];
  for (const e of [...events].sort(compareEvents)) {
    const i = inpInteraction(e);
    if (i) inps.push(i);
    const f = longFrame(e);
    if (f) frames.push(f);
  }
  let worst: InpInteraction | undefined;
  for (const i of inps) if (!worst || i.value > worst.value) worst = i;
  if (!worst) return { frames: [], total: frames.length };
  const inp = worst;
  const nearest = (f: LongFrame): InpInteraction | undefined => {
    const same = inps.filter((i) => i.page === f.page);
    let best: InpInteraction | undefined;
    for (const i of same.length ? same : inps)
      if (!best || Math.abs(i.at - f.at) < Math.abs(best.at - f.at)) best = i;
    return best;
  };
  const seen = new Set<string>();
  const under = frames.filter((f) => {
    if (!(overlaps(f, inp) || (f.inp && nearest(f) === inp))) return false;
    const key = `${f.kind} ${f.startTime} ${f.duration}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { inp, frames: under.sort(byDuration), total: frames.length };
}

/** `cart.js:4410` from a script's URL and position (the URL's last path segment). */
export function scriptSource(s: FrameScript): string {
  if (!s.sourceURL) return '';
  const path = s.sourceURL.replace(/[?#].*$/, '');
  const file = path.slice(path.lastIndexOf('/') + 1) || s.sourceURL;
  return s.sourceCharPosition !== undefined && s.sourceCharPosition >= 0
    ? `${file}:${s.sourceCharPosition}`
    : file;
}
