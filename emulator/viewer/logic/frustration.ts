// Frustration signals: rage, dead and error clicks counted per element (its selector) and page,
// most first. Pure.

import type { StoredEvent } from '../types';
import { eventPage } from './events';
import { DEAD_CLICK_TYPE, ERROR_CLICK_TYPE, RAGE_CLICK_TYPE } from './kinds';
import { num, obj, str } from './text';

export type Signal = 'rage' | 'dead' | 'error';

const SIGNAL_BY_TYPE: ReadonlyMap<string, Signal> = new Map([
  [RAGE_CLICK_TYPE, 'rage'],
  [DEAD_CLICK_TYPE, 'dead'],
  [ERROR_CLICK_TYPE, 'error'],
]);

export const signalOf = (type: unknown): Signal | undefined =>
  typeof type === 'string' ? SIGNAL_BY_TYPE.get(type) : undefined;

/** One element on one page: how many times each signal was recorded on it. */
export interface FrustrationRow {
  selector: string;
  page: string;
  /** The element's tag name, as the events said. */
  element?: string;
  rage: number;
  dead: number;
  error: number;
  total: number;
  /** The clicks of its rage bursts, summed (`details.clicks`). */
  rageClicks: number;
  /** The latest error message of its error clicks. */
  lastError?: string;
  /** In how many sessions. */
  sessions: number;
}

/**
 * The frustration events among `events` counted per element (`details.selector`) and page
 * (`metadata.pageId`): most signals first, then most rage clicks, then by selector and page.
 * An event id seen twice (a batch sent again) counts once.
 */
export function frustrationCounts(events: Iterable<StoredEvent>): FrustrationRow[] {
  const rows = new Map<string, FrustrationRow & { _sessions: Set<string> }>();
  const seen = new Set<string>();
  for (const e of events) {
    const signal = signalOf(e?.event?.type);
    if (!signal) continue;
    const id = str(e.event.id);
    if (id !== undefined) {
      if (seen.has(id)) continue;
      seen.add(id);
    }
    const d = obj(e.event.details);
    const selector = str(d.selector) ?? '';
    const page = eventPage(e);
    const key = JSON.stringify([selector, page]);
    let row = rows.get(key);
    if (!row)
      rows.set(
        key,
        (row = {
          selector,
          page,
          rage: 0,
          dead: 0,
          error: 0,
          total: 0,
          rageClicks: 0,
          sessions: 0,
          _sessions: new Set(),
        }),
      );
    row[signal]++;
    row.total++;
    row.element ??= str(d.element);
    if (signal === 'rage') row.rageClicks += num(d.clicks) ?? 0;
    if (signal === 'error') row.lastError = str(d.error) ?? row.lastError;
    row._sessions.add(str(e.userDetails?.sessionId) ?? '');
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows.values()]
    .map(({ _sessions, ...row }) => ({ ...row, sessions: _sessions.size }))
    .sort(
      (a, b) =>
        b.total - a.total || b.rage - a.rage || cmp(a.selector, b.selector) || cmp(a.page, b.page),
    );
}

/** How many frustration events there are among `events`. */
export function frustrationTotal(events: Iterable<StoredEvent>): number {
  let n = 0;
  for (const e of events) if (signalOf(e?.event?.type)) n++;
  return n;
}
