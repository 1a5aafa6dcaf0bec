// The timeline card: the shown session's events in time order (or newest first), filtered by
// type and by text, a page at a time; a row opens to the event's detail.

import { h, setChildren } from '../dom';
import { follow, PagedList } from '../list';
import { categoryOf } from '../logic/kinds';
import { compareEvents, eventPage, summarizeEvent } from '../logic/events';
import { num, shortType, str } from '../logic/text';
import { eventTimeMs, formatClock, formatDateTime } from '../logic/time';
import type { TimelineFilter, ViewerState } from '../state';
import type { StoredEvent } from '../types';
import { createEventDetail } from './event-detail';
import { card, columns, onActivate, scrollTable, type Component } from './parts';

const byTimeDesc = (a: StoredEvent, b: StoredEvent) => compareEvents(b, a);

export function createTimeline(o: {
  onFilter: (change: Partial<TimelineFilter>) => void;
  pageSize?: number;
}): Component {
  const select = h('select', { 'aria-label': 'Event type' });
  select.addEventListener('change', () => o.onFilter({ type: select.value }));
  const search = h('input', {
    type: 'search',
    placeholder: 'Search type, page, summary',
    'aria-label': 'Search the timeline',
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => o.onFilter({ text: search.value.trim().toLowerCase() }), 150);
  });
  const newest = h('input', { type: 'checkbox' });
  newest.addEventListener('change', () => o.onFilter({ newestFirst: newest.checked }));
  const rows = h('div', { class: 'rows timeline' });
  const footer = h('div', { class: 'list-footer' });
  const list = new PagedList<StoredEvent>({
    container: rows,
    footer,
    render: timelineRow,
    compare: compareEvents,
    empty: 'No events in this session.',
    pageSize: o.pageSize,
    noun: 'events',
  });
  const feed = follow(list);
  const el = card(
    'timeline',
    'Timeline',
    h(
      'div',
      { class: 'toolbar' },
      select,
      search,
      h('label', { class: 'check' }, newest, 'newest first'),
    ),
    scrollTable(
      'timeline-table',
      columns('timeline-cols', 'time', 'type', 'page', 'summary'),
      rows,
    ),
    footer,
  );

  /** The types in the type menu, with their counts. */
  let options: [string, number][] | undefined;
  let prev: ViewerState | undefined;
  return {
    el,
    update(s) {
      const p = prev;
      prev = s;
      if (
        p &&
        s.sessionEvents === p.sessionEvents &&
        s.timeline === p.timeline &&
        s.epoch === p.epoch
      )
        return;
      const { type, text, newestFirst } = s.timeline;
      const counts = new Map<string, number>();
      for (const e of s.sessionEvents)
        counts.set(e.event.type, (counts.get(e.event.type) ?? 0) + 1);
      const next = [...counts].sort((a, b) => shortType(a[0]).localeCompare(shortType(b[0])));
      const sameOptions =
        options?.length === next.length &&
        next.every(([t, n], i) => options?.[i][0] === t && options[i][1] === n);
      if (!sameOptions) {
        options = next;
        setChildren(
          select,
          h('option', { value: '' }, `all types (${s.sessionEvents.length})`),
          ...next.map(([t, n]) =>
            h('option', { value: t, selected: t === type }, `${shortType(t)} (${n})`),
          ),
        );
      }
      const value = counts.has(type) ? type : '';
      if (select.value !== value) select.value = value;
      feed(s.sessionEvents, [s.epoch, s.shown, type, text, newestFirst], () => {
        list.setCompare(newestFirst ? byTimeDesc : compareEvents);
        list.setFilter(
          (e) =>
            (!type || e.event.type === type) &&
            (!text ||
              `${shortType(e.event.type)} ${eventPage(e)} ${summarizeEvent(e.event)}`
                .toLowerCase()
                .includes(text)),
        );
      });
    },
  };
}

function timelineRow(e: StoredEvent): HTMLElement {
  const t = eventTimeMs(e);
  const type = str(e.event.type) ?? '';
  const line = h(
    'div',
    { class: 'line timeline-cols', role: 'button', tabindex: 0, 'aria-expanded': 'false' },
    h('span', { class: 'mono muted', title: formatDateTime(t) }, formatClock(t)),
    h('span', { class: `type cat-text-${categoryOf(type)}`, title: type }, shortType(type)),
    h('span', { class: 'mono page', title: eventPage(e) }, eventPage(e)),
    h('span', { class: 'summary' }, summarizeEvent(e.event)),
  );
  const row = h(
    'div',
    { class: 'row', 'data-testid': 'timeline-row', 'data-seq': num(e.seq), 'data-type': type },
    line,
  );
  let detail: HTMLElement | undefined;
  onActivate(line, () => {
    if (detail) {
      detail.remove();
      detail = undefined;
    } else {
      const d = createEventDetail();
      d.update(e);
      detail = row.appendChild(d.el);
    }
    line.setAttribute('aria-expanded', String(!!detail));
    row.classList.toggle('open', !!detail);
  });
  return row;
}
