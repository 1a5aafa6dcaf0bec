// URL groups: the page ids with their view counts, and the URLs of HTTP and resource events with
// how often each came, identical URLs counted together. Whether the client's `urlNormalizer`
// grouped them shows in the counts: `/orders/:id` 40 times, or 40 rows of `/orders/123`. Pure.

import type { StoredEvent } from '../types';
import { HTTP_TYPE, PAGE_VIEW_TYPE, RESOURCE_TYPE } from './kinds';
import { obj, str } from './text';

export interface PageCount {
  pageId: string;
  views: number;
  sessions: number;
}

export type UrlKind = 'http' | 'resource';

export interface UrlGroup {
  kind: UrlKind;
  url: string;
  count: number;
  sessions: number;
}

/** Counts per key, with the distinct sessions each was seen in; most first, then by key. */
class Counter<K> {
  private readonly map = new Map<string, { key: K; count: number; sessions: Set<string> }>();

  add(id: string, key: K, session: string): void {
    let c = this.map.get(id);
    if (!c) this.map.set(id, (c = { key, count: 0, sessions: new Set() }));
    c.count++;
    c.sessions.add(session);
  }

  sorted(): { key: K; count: number; sessions: number; id: string }[] {
    return [...this.map]
      .map(([id, c]) => ({ id, key: c.key, count: c.count, sessions: c.sessions.size }))
      .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

const sessionOf = (e: StoredEvent) => str(e.userDetails?.sessionId) ?? '';

/** Each page id's page views (`details.pageId`, else `metadata.pageId`), most viewed first. */
export function pageViewCounts(events: Iterable<StoredEvent>): PageCount[] {
  const c = new Counter<string>();
  for (const e of events) {
    if (e?.event?.type !== PAGE_VIEW_TYPE) continue;
    const page = str(obj(e.event.details).pageId) ?? str(obj(e.event.metadata).pageId) ?? '';
    c.add(page, page, sessionOf(e));
  }
  return c.sorted().map((x) => ({ pageId: x.key, views: x.count, sessions: x.sessions }));
}

/**
 * The URLs of HTTP events (`request.url`) and resource events (`targetUrl`), each distinct URL of
 * each kind once with how many events had it; most first. Events without a URL are left out.
 */
export function urlGroups(events: Iterable<StoredEvent>): UrlGroup[] {
  const c = new Counter<{ kind: UrlKind; url: string }>();
  for (const e of events) {
    const type = e?.event?.type;
    const d = obj(e?.event?.details);
    const url =
      type === HTTP_TYPE
        ? str(obj(d.request).url)
        : type === RESOURCE_TYPE
          ? str(d.targetUrl)
          : undefined;
    if (!url) continue;
    const kind: UrlKind = type === HTTP_TYPE ? 'http' : 'resource';
    c.add(`${kind} ${url}`, { kind, url }, sessionOf(e));
  }
  return c.sorted().map((x) => ({ ...x.key, count: x.count, sessions: x.sessions }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HASH = /^(?=.*\d)[0-9a-f]{16,}$/i;
const NUMBER = /^\d+$/;

/**
 * Whether a URL or page id still holds an id in its path or query values: a number, a UUID, or a
 * hexadecimal string of 16 or more characters with a digit (what the built-in normaliser of
 * `urlNormalizer: true` would replace with `:id`, `:uuid`, `:hash`).
 */
export function hasRawId(url: string): boolean {
  let path = url;
  let query = '';
  let hash = '';
  try {
    const u = new URL(url, 'http://x.invalid');
    path = u.pathname;
    query = u.search;
    hash = u.hash;
  } catch {
    // not a URL: look at it as a path
  }
  // A hash route (`#/orders/123`, a page id of the HASH formats) is a path too.
  const parts = [...path.split('/'), ...hash.replace(/^#/, '').split(/[/?&=]/)];
  for (const pair of query.replace(/^\?/, '').split('&')) {
    const eq = pair.indexOf('=');
    if (eq >= 0) parts.push(safeDecode(pair.slice(eq + 1)));
  }
  return parts.some((p) => NUMBER.test(p) || UUID.test(p) || HASH.test(p));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** How grouped a list of URLs looks: distinct URLs, the events they cover, how many hold ids. */
export interface GroupingSummary {
  distinct: number;
  events: number;
  /** Distinct URLs that still hold an id (`hasRawId`), and the events they cover. */
  withIds: number;
  eventsWithIds: number;
}

export function groupingSummary(
  groups: readonly { url?: string; pageId?: string; count?: number; views?: number }[],
): GroupingSummary {
  const out: GroupingSummary = { distinct: 0, events: 0, withIds: 0, eventsWithIds: 0 };
  for (const g of groups) {
    const n = g.count ?? g.views ?? 0;
    out.distinct++;
    out.events += n;
    if (hasRawId(g.url ?? g.pageId ?? '')) {
      out.withIds++;
      out.eventsWithIds += n;
    }
  }
  return out;
}
