// The frustration card: rage, dead and error clicks counted per element and page, for the shown
// session and across all sessions, most first.

import { h, setChildren, setText } from '../dom';
import { frustrationCounts, type FrustrationRow } from '../logic/frustration';
import { plural } from '../logic/text';
import type { ViewerState } from '../state';
import { card, columns, scrollTable, type Component } from './parts';

/** Rows shown per table; the rest are counted below it. */
export const FRUSTRATION_ROWS = 10;

export function createFrustration(): Component {
  const mine = h('div', { class: 'rows', 'data-testid': 'frustration-session' });
  const mineMore = h('p', { class: 'muted small' });
  const all = h('div', { class: 'rows', 'data-testid': 'frustration-all' });
  const allMore = h('p', { class: 'muted small' });
  const head = (withSessions: boolean) =>
    columns(
      'frustration-cols',
      'element',
      'page',
      'rage',
      'dead',
      'error',
      'total',
      withSessions ? 'sessions' : '',
    );
  const el = card(
    'frustration',
    'Frustration signals',
    h('h3', {}, 'This session: rage, dead and error clicks per element'),
    scrollTable('frustration-table', head(false), mine),
    mineMore,
    h('h3', {}, 'All sessions'),
    scrollTable('frustration-all-table', head(true), all),
    allMore,
  );

  let prev: ViewerState | undefined;
  return {
    el,
    update(s) {
      const p = prev;
      prev = s;
      if (!p || s.sessionEvents !== p.sessionEvents)
        fill(mine, mineMore, frustrationCounts(s.sessionEvents), false);
      if (!p || s.events !== p.events) fill(all, allMore, frustrationCounts(s.events), true);
    },
  };
}

function fill(
  rows: HTMLElement,
  more: HTMLElement,
  list: FrustrationRow[],
  withSessions: boolean,
): void {
  setChildren(
    rows,
    ...(list.length
      ? list.slice(0, FRUSTRATION_ROWS).map((r) => row(r, withSessions))
      : [
          h(
            'div',
            { class: 'empty' },
            'No rage, dead or error clicks. The client records them with ' +
              "['interaction', { frustration: true }].",
          ),
        ]),
  );
  const rest = list.slice(FRUSTRATION_ROWS);
  const signals = rest.reduce((n, r) => n + r.total, 0);
  setText(
    more,
    rest.length ? `${plural(rest.length, 'more element')}, ${plural(signals, 'signal')}` : '',
  );
}

function row(r: FrustrationRow, withSessions: boolean): HTMLElement {
  const title = [
    r.element && `<${r.element}>`,
    r.rage ? `${plural(r.rageClicks, 'click')} in ${plural(r.rage, 'rage burst')}` : '',
    r.lastError ? `last error: ${r.lastError}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const cell = (n: number, signal: string) =>
    h('span', { class: `num${n ? ` signal-${signal}` : ' muted'}`, 'data-signal': signal }, n);
  return h(
    'div',
    {
      class: 'row line frustration-cols',
      'data-testid': 'frustration-row',
      'data-selector': r.selector,
      'data-page': r.page,
      title,
    },
    h('span', { class: 'mono', title: r.selector }, r.selector || '(no selector)'),
    h('span', { class: 'mono', title: r.page }, r.page || '(no page id)'),
    cell(r.rage, 'rage'),
    cell(r.dead, 'dead'),
    cell(r.error, 'error'),
    h('span', { class: 'num total', 'data-signal': 'total' }, r.total),
    withSessions ? h('span', { class: 'num muted' }, r.sessions) : h('span', {}),
  );
}
