// The page loads card: the shown session's views in order, each with its load time as a bar (the
// page load's navigation timing for the first, route timing for a route change), and across all
// sessions each page's views and load times.

import { h, setChildren, setText } from '../dom';
import { loadsByPage, pageLoads, type ViewLoad } from '../logic/page-loads';
import { plural } from '../logic/text';
import { formatClock, formatDateTime, formatDuration } from '../logic/time';
import type { ViewerState } from '../state';
import { card, columns, scrollTable, type Component } from './parts';

const KIND_LABEL = { load: 'page load', route: 'route change' } as const;

export function createPageLoads(): Component {
  const rows = h('div', { class: 'rows', 'data-testid': 'load-rows' });
  const note = h('p', { class: 'muted small' });
  const pageRows = h('div', { class: 'rows', 'data-testid': 'load-pages' });
  const el = card(
    'loads',
    'Page loads',
    h('h3', {}, 'This session: each view in order, and how long it took to load'),
    scrollTable(
      'load-table',
      columns('load-cols', 'time', 'page', 'timed by', 'load time', ''),
      rows,
    ),
    note,
    h('h3', {}, "All sessions: each page's views and load times"),
    scrollTable(
      'load-page-table',
      columns('load-page-cols', 'page', 'views', 'timed', 'p75', 'slowest', ''),
      pageRows,
    ),
  );

  let prev: ViewerState | undefined;
  return {
    el,
    update(s) {
      const p = prev;
      prev = s;
      if (!p || s.sessionEvents !== p.sessionEvents) {
        const views = pageLoads(s.sessionEvents);
        const max = Math.max(0, ...views.map((v) => v.durationMs ?? 0));
        const untimed = views.filter((v) => v.durationMs === undefined).length;
        setChildren(
          rows,
          ...(views.length
            ? views.map((v, i) => viewRow(v, i, max))
            : [h('div', { class: 'empty' }, 'No page views in this session.')]),
        );
        setText(
          note,
          !views.length
            ? ''
            : untimed
              ? `${plural(untimed, 'view')} without a timing: a page load times itself with the ` +
                `navigation event (['performance']); a route change needs ` +
                `['performance', { routeTiming: true }], and is not timed when the visitor leaves ` +
                `before the view is quiet.`
              : `Every view is timed.`,
        );
      }
      if (!p || s.events !== p.events) {
        const pages = loadsByPage([...s.eventsBySession.values()].map((e) => pageLoads(e)));
        const max = Math.max(0, ...pages.map((x) => x.p75 ?? 0));
        setChildren(
          pageRows,
          ...(pages.length
            ? pages.map((x) =>
                h(
                  'div',
                  {
                    class: 'row line load-page-cols',
                    'data-testid': 'load-page',
                    'data-page': x.pageId,
                  },
                  h('span', { class: 'mono', title: x.pageId }, x.pageId || '(no page id)'),
                  h('span', { class: 'num', 'data-testid': 'load-page-views' }, String(x.views)),
                  h(
                    'span',
                    {
                      class: 'num',
                      title: `${plural(x.loads, 'page load')}, ${plural(x.routes, 'route change')}`,
                    },
                    String(x.loads + x.routes),
                  ),
                  h(
                    'span',
                    { class: 'mono', 'data-testid': 'load-page-p75' },
                    x.p75 !== undefined ? formatDuration(x.p75) : '—',
                  ),
                  h('span', { class: 'mono' }, x.max !== undefined ? formatDuration(x.max) : '—'),
                  bar(x.p75, max, 'load'),
                ),
              )
            : [h('div', { class: 'empty' }, 'No page views yet.')]),
        );
      }
    },
  };
}

function viewRow(v: ViewLoad, i: number, max: number): HTMLElement {
  const timed = v.durationMs !== undefined;
  const by = v.kind ? KIND_LABEL[v.kind] : 'no timing';
  const detail =
    v.kind === 'route' && v.startTime !== undefined
      ? `started ${formatDuration(v.startTime)} into the page`
      : v.navigationType
        ? v.navigationType
        : '';
  return h(
    'div',
    {
      class: `row line load-cols${timed ? '' : ' untimed'}`,
      'data-testid': 'load-row',
      'data-page': v.pageId,
      'data-kind': v.kind ?? 'none',
      'data-duration': timed ? Math.round(v.durationMs as number) : undefined,
      title: `view ${i + 1}${v.interaction !== undefined ? ` (page view ${v.interaction})` : ''}`,
    },
    h('span', { class: 'mono muted', title: formatDateTime(v.at) }, formatClock(v.at)),
    h('span', { class: 'mono', title: v.pageId }, v.pageId || '(no page id)'),
    h('span', { class: v.kind ? `kind-text-${v.kind}` : 'muted', title: detail }, by),
    timed
      ? bar(v.durationMs, max, v.kind ?? 'load')
      : h('span', { class: 'muted small' }, 'not timed'),
    h('span', { class: 'mono' }, timed ? formatDuration(v.durationMs as number) : '—'),
  );
}

/** A horizontal bar, as wide as `value` is of `max`. */
function bar(value: number | undefined, max: number, kind: 'load' | 'route'): HTMLElement {
  const pct = value !== undefined && max > 0 ? Math.max(1, (value / max) * 100) : 0;
  return h(
    'span',
    { class: 'bar-track' },
    pct > 0 && h('i', { class: `bar-fill kind-${kind}`, style: `width: ${pct.toFixed(1)}%` }),
  );
}
