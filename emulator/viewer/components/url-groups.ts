// The URL groups card, across all sessions: the page ids with their views, and the URLs of the
// HTTP and resource events with how often each came, so that a person sees whether the client's
// URL grouping (`urlNormalizer`) worked: `/orders/:id` 40 times, or 40 rows of `/orders/123`.

import { h, setChildren, setText } from '../dom';
import {
  groupingSummary,
  hasRawId,
  pageViewCounts,
  urlGroups,
  type GroupingSummary,
} from '../logic/url-groups';
import { plural } from '../logic/text';
import type { ViewerState } from '../state';
import { card, columns, scrollTable, type Component } from './parts';

/** Rows shown per table; the rest are counted below it. */
export const URL_ROWS = 15;

export function createUrlGroups(): Component {
  const pages = h('div', { class: 'rows', 'data-testid': 'url-pages' });
  const pagesNote = h('p', { class: 'muted small', 'data-testid': 'url-pages-note' });
  const urls = h('div', { class: 'rows', 'data-testid': 'url-groups' });
  const urlsNote = h('p', { class: 'muted small', 'data-testid': 'url-groups-note' });
  const el = card(
    'urls',
    'URL groups',
    h('h3', {}, 'All sessions: page ids and their views'),
    scrollTable('url-pages-table', columns('url-page-cols', 'page id', 'views', 'sessions'), pages),
    pagesNote,
    h('h3', {}, 'All sessions: request URLs (HTTP and resources), identical URLs counted together'),
    scrollTable('url-groups-table', columns('url-cols', 'kind', 'url', 'events', 'sessions'), urls),
    urlsNote,
  );

  let prev: ViewerState | undefined;
  return {
    el,
    update(s) {
      const p = prev;
      prev = s;
      if (p && s.events === p.events) return;
      const pageList = pageViewCounts(s.events);
      setChildren(
        pages,
        ...(pageList.length
          ? pageList.slice(0, URL_ROWS).map((x) =>
              h(
                'div',
                {
                  class: `row line url-page-cols${hasRawId(x.pageId) ? ' raw-id' : ''}`,
                  'data-testid': 'url-page',
                  'data-page': x.pageId,
                },
                h('span', { class: 'mono url', title: x.pageId }, x.pageId || '(no page id)'),
                h('span', { class: 'num', 'data-testid': 'url-count' }, x.views),
                h('span', { class: 'num muted' }, x.sessions),
              ),
            )
          : [h('div', { class: 'empty' }, 'No page views yet.')]),
      );
      setText(pagesNote, describe(groupingSummary(pageList), 'page id', 'page view', pageList));
      const groups = urlGroups(s.events);
      setChildren(
        urls,
        ...(groups.length
          ? groups.slice(0, URL_ROWS).map((g) =>
              h(
                'div',
                {
                  class: `row line url-cols${hasRawId(g.url) ? ' raw-id' : ''}`,
                  'data-testid': 'url-group',
                  'data-kind': g.kind,
                  'data-url': g.url,
                },
                h('span', { class: 'muted' }, g.kind),
                h('span', { class: 'mono url', title: g.url }, g.url),
                h('span', { class: 'num', 'data-testid': 'url-count' }, g.count),
                h('span', { class: 'num muted' }, g.sessions),
              ),
            )
          : [h('div', { class: 'empty' }, 'No HTTP or resource events with a URL yet.')]),
      );
      setText(urlsNote, describe(groupingSummary(groups), 'URL', 'event', groups));
    },
  };
}

/** What the counts say about the grouping, in one or two sentences. */
function describe(
  sum: GroupingSummary,
  noun: string,
  eventNoun: string,
  list: readonly unknown[],
): string {
  if (!sum.distinct) return '';
  const shown = list.length > URL_ROWS ? ` (the ${URL_ROWS} most frequent shown)` : '';
  const ids = sum.withIds
    ? ` ${plural(sum.withIds, `${noun} still holds`, `${noun}s still hold`)} an id ` +
      `(a number, UUID or long hash; ${plural(sum.eventsWithIds, eventNoun)}): ` +
      `urlNormalizer: true would group them.`
    : ` None holds a raw id (a number, UUID or long hash).`;
  return `${plural(sum.distinct, `distinct ${noun}`)} over ${plural(sum.events, eventNoun)}${shown}.${ids}`;
}
