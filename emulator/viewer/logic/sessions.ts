// Sessions: summaries computed from events (when the emulator has no sessions route), and the
// sessions filter. Pure.

import type { SessionSummary, StoredEvent } from '../types';
import { eventPage } from './events';
import { ERROR_TYPE, HTTP_TYPE, PAGE_VIEW_TYPE } from './kinds';
import { obj, str } from './text';
import { eventTimeMs } from './time';
import { lastVitals } from './vital-stats';

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
