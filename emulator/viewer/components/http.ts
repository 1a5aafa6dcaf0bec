// The HTTP card: the shown session's HTTP requests with their status, duration (from the event,
// else from its X-Ray trace) and trace id.

import { h } from '../dom';
import { follow, PagedList } from '../list';
import { compareEvents } from '../logic/events';
import { httpDetails, httpOutcome } from '../logic/http';
import { HTTP_TYPE } from '../logic/kinds';
import { num } from '../logic/text';
import { eventTimeMs, formatClock, formatDateTime, formatDuration } from '../logic/time';
import type { ViewerState } from '../state';
import type { StoredEvent } from '../types';
import { card, columns, scrollTable, type Component } from './parts';

export function createHttp(o: { pageSize?: number } = {}): Component {
  let durations: ViewerState['durations'] = new Map();
  const rows = h('div', { class: 'rows' });
  const footer = h('div', { class: 'list-footer' });
  const list = new PagedList<StoredEvent>({
    container: rows,
    footer,
    render: (e) => httpRow(e, durations),
    compare: compareEvents,
    empty: 'No HTTP events in this session.',
    pageSize: o.pageSize,
    noun: 'requests',
  });
  list.setFilter((ev) => ev.event?.type === HTTP_TYPE);
  const feed = follow(list);
  const el = card(
    'http',
    'HTTP',
    scrollTable(
      'http-table',
      columns('http-cols', 'time', 'method', 'url', 'status', 'duration', 'trace id'),
      rows,
    ),
    footer,
  );
  return {
    el,
    update(s) {
      // Rows read the durations when they are made, as the X-Ray events have arrived by then.
      durations = s.durations;
      feed(s.sessionEvents, [s.epoch, s.shown]);
    },
  };
}

function httpRow(e: StoredEvent, durations: ViewerState['durations']): HTMLElement {
  const info = httpDetails(e.event.details);
  const t = eventTimeMs(e);
  const duration =
    info.durationMs ?? (info.traceId !== undefined ? durations.get(info.traceId) : undefined);
  const outcome = httpOutcome(info);
  return h(
    'div',
    { class: 'row line http-cols', 'data-testid': 'http-row', 'data-seq': num(e.seq) },
    h('span', { class: 'mono muted', title: formatDateTime(t) }, formatClock(t)),
    h('span', { class: 'mono' }, info.method),
    h('span', { class: 'mono url', title: info.url }, info.url || '(not recorded)'),
    h(
      'span',
      { class: `status status-${outcome}`, title: info.error ?? info.statusText ?? '' },
      info.error
        ? info.error
        : `${info.status ?? '?'}${info.statusText ? ' ' + info.statusText : ''}`,
    ),
    h('span', { class: 'mono' }, duration !== undefined ? formatDuration(duration) : ''),
    h('span', { class: 'mono muted trace', title: info.traceId ?? '' }, info.traceId ?? ''),
  );
}
