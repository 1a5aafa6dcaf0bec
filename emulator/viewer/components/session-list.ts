// The sessions list on the left: one row per session, newest activity first, with its badges
// (errors, refused PutRumEvents calls, diagnostics problems), and the filter box above it.

import { h, setChildren } from '../dom';
import { diagnosticFindings } from '../logic/diagnostics';
import { requestVerdict } from '../logic/requests';
import { sessionMatches } from '../logic/sessions';
import { num, plural, shortId, str } from '../logic/text';
import { formatClock, formatDateTime } from '../logic/time';
import type { ViewerState } from '../state';
import type { SessionSummary } from '../types';
import { onActivate, type Component } from './parts';

interface Row {
  row: HTMLElement;
  /** What the row shows: the summary (kept by the store while equal) and two counts. */
  summary?: SessionSummary;
  problems: number;
  refused: number;
}

export function createSessionList(o: {
  onSelect: (id: string) => void;
  onFilter: (text: string) => void;
}): Component {
  const filter = h('input', {
    type: 'search',
    placeholder: 'Filter sessions: id, browser, page…',
    'aria-label': 'Filter sessions',
  });
  filter.addEventListener('input', () => o.onFilter(filter.value));
  const list = h('div', { class: 'session-list', role: 'listbox' });
  const empty = h('p', { class: 'empty' }, 'No sessions yet.');
  const el = h(
    'aside',
    { class: 'sessions' },
    h('div', { class: 'aside-head' }, h('h2', {}, 'Sessions'), filter),
    list,
    empty,
  );
  const rows = new Map<string, Row>();

  const rowFor = (id: string): Row => {
    let entry = rows.get(id);
    if (!entry) {
      const row = h('div', {
        class: 'session-row',
        role: 'option',
        tabindex: 0,
        'data-testid': 'session-row',
        'data-session-id': id,
      });
      onActivate(row, () => o.onSelect(id));
      entry = { row, problems: 0, refused: 0 };
      rows.set(id, entry);
    }
    return entry;
  };

  const patchRows = (s: ViewerState) => {
    const seen = new Set<string>();
    let previous: Element | null = null;
    for (const summary of s.sessions) {
      const id = str(summary.sessionId) ?? '';
      seen.add(id);
      const problems = diagnosticFindings(s.diagnostics.get(id)?.report).filter(
        (f) => f.level === 'problem',
      ).length;
      const refused = (s.requestsBySession.get(id) ?? []).filter(
        (r) => requestVerdict(r) === 'refused',
      ).length;
      const entry = rowFor(id);
      if (entry.summary !== summary || entry.problems !== problems || entry.refused !== refused) {
        Object.assign(entry, { summary, problems, refused });
        fillRow(entry.row, summary, problems, refused);
      }
      // Keep the DOM order equal to the list's order, moving only rows out of place.
      const expected: Element | null = previous
        ? previous.nextElementSibling
        : list.firstElementChild;
      if (expected !== entry.row) list.insertBefore(entry.row, expected);
      previous = entry.row;
    }
    for (const [id, entry] of rows) {
      if (!seen.has(id)) {
        entry.row.remove();
        rows.delete(id);
      }
    }
    if (empty.hidden !== s.sessions.length > 0) empty.hidden = s.sessions.length > 0;
  };

  let prev: ViewerState | undefined;
  return {
    el,
    update(s) {
      const data =
        !prev ||
        s.sessions !== prev.sessions ||
        s.diagnostics !== prev.diagnostics ||
        s.requestsBySession !== prev.requestsBySession;
      if (data) patchRows(s);
      if (data || s.sessionFilter !== prev?.sessionFilter) {
        for (const entry of rows.values()) {
          const hidden = !!entry.summary && !sessionMatches(entry.summary, s.sessionFilter);
          if (entry.row.hidden !== hidden) entry.row.hidden = hidden;
        }
      }
      if (data || s.selected !== prev?.selected) {
        for (const [id, entry] of rows) {
          entry.row.classList.toggle('selected', id === s.selected);
          const selected = String(id === s.selected);
          if (entry.row.getAttribute('aria-selected') !== selected)
            entry.row.setAttribute('aria-selected', selected);
        }
      }
      prev = s;
    },
  };
}

function fillRow(row: HTMLElement, s: SessionSummary, problems: number, refused: number): void {
  const pages = Array.isArray(s.pages) ? s.pages.filter((p) => typeof p === 'string') : [];
  const who = [str(s.browser), str(s.os)].filter(Boolean).join(' · ');
  const errors = num(s.errors) ?? 0;
  setChildren(
    row,
    h(
      'div',
      { class: 's-top' },
      h('code', { class: 's-id', title: str(s.sessionId) ?? '' }, shortId(str(s.sessionId) ?? '')),
      h(
        'span',
        { class: 'badges' },
        errors > 0 && h('span', { class: 'pill pill-bad' }, plural(errors, 'error')),
        refused > 0 && h('span', { class: 'pill pill-bad' }, `${refused} refused`),
        problems > 0 && h('span', { class: 'pill pill-warn' }, plural(problems, 'problem')),
      ),
    ),
    h(
      'div',
      { class: 's-who' },
      h('span', {}, who || 'unknown browser'),
      h(
        'span',
        { class: 's-time', title: `last event ${formatDateTime(num(s.lastAt) ?? 0)}` },
        formatClock(num(s.lastAt) ?? 0),
      ),
    ),
    h(
      'div',
      { class: 's-pages', title: pages.join('\n') },
      `${plural(pages.length, 'page')}: ${pages.join(', ') || '—'}`,
    ),
    h(
      'div',
      { class: 's-counts' },
      [
        plural(num(s.events) ?? 0, 'event'),
        plural(num(s.http) ?? 0, 'HTTP call'),
        plural(num(s.pageViews) ?? 0, 'page view'),
      ].join(' · '),
    ),
  );
}
