// The errors card: the shown session's JavaScript errors with where they happened and their stacks.

import { h } from '../dom';
import { follow, PagedList } from '../list';
import { compareEvents, eventPage } from '../logic/events';
import { errorInfo } from '../logic/http';
import { ERROR_TYPE } from '../logic/kinds';
import { num } from '../logic/text';
import { eventTimeMs, formatClock, formatDateTime } from '../logic/time';
import type { StoredEvent } from '../types';
import { card, type Component } from './parts';

export function createErrors(o: { pageSize?: number } = {}): Component {
  const rows = h('div', { class: 'rows' });
  const footer = h('div', { class: 'list-footer' });
  const list = new PagedList<StoredEvent>({
    container: rows,
    footer,
    render: errorRow,
    compare: compareEvents,
    empty: 'No errors in this session.',
    pageSize: o.pageSize,
    noun: 'errors',
  });
  list.setFilter((ev) => ev.event?.type === ERROR_TYPE);
  const feed = follow(list);
  return {
    el: card('errors', 'Errors', rows, footer),
    update: (s) => feed(s.sessionEvents, [s.epoch, s.shown]),
  };
}

function errorRow(e: StoredEvent): HTMLElement {
  const info = errorInfo(e.event);
  const t = eventTimeMs(e);
  return h(
    'div',
    { class: 'row error', 'data-testid': 'error-row', 'data-seq': num(e.seq) },
    h(
      'div',
      { class: 'error-head' },
      h('span', { class: 'error-type' }, info.type),
      h('span', { class: 'error-message' }, info.message),
    ),
    h(
      'div',
      { class: 'muted small' },
      h('span', { class: 'mono', title: formatDateTime(t) }, formatClock(t)),
      ' · page ',
      h('span', { class: 'mono' }, eventPage(e) || '—'),
      info.where && ' · ',
      info.where && h('span', { class: 'mono' }, info.where),
    ),
    info.stack
      ? h('pre', { class: 'stack' }, info.stack)
      : h('p', { class: 'muted small' }, 'No stack trace.'),
  );
}
