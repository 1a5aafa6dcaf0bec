// Times: an event's time, and how the viewer prints times and durations. Pure.

import type { StoredEvent } from '../types';
import { num } from './text';

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
