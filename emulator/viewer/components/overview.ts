// The overview card: events over time as stacked bars by category, for the shown session or for
// all sessions.

import { timeChart, timeLegend } from '../charts';
import { h, setChildren, setText } from '../dom';
import { bucketEvents } from '../logic/geometry';
import { categoryOf } from '../logic/kinds';
import { plural } from '../logic/text';
import { eventTimeMs, formatDuration } from '../logic/time';
import type { ChartScope, ViewerState } from '../state';
import { card, type Component } from './parts';

export function createOverview(o: { onScope: (scope: ChartScope) => void }): Component {
  const scope = h('div', { class: 'segmented', role: 'group' });
  for (const [value, label] of [
    ['session', 'This session'],
    ['all', 'All sessions'],
  ] as const) {
    const b = h(
      'button',
      { type: 'button', 'data-scope': value, 'aria-pressed': String(value === 'session') },
      label,
    );
    b.addEventListener('click', () => o.onScope(value));
    scope.appendChild(b);
  }
  const chart = h('div', { class: 'chart-box' });
  const note = h('span', { class: 'muted' });
  const el = card(
    'overview',
    'Events over time',
    h('div', { class: 'toolbar' }, scope, timeLegend(), note),
    chart,
  );

  let prev: ViewerState | undefined;
  const shownEvents = (s: ViewerState) => (s.chartScope === 'all' ? s.events : s.sessionEvents);
  return {
    el,
    update(s) {
      const p = prev;
      prev = s;
      if (p && s.chartScope === p.chartScope && shownEvents(s) === shownEvents(p)) return;
      if (s.chartScope !== p?.chartScope)
        for (const b of scope.querySelectorAll('button'))
          b.setAttribute('aria-pressed', String(b.dataset.scope === s.chartScope));
      const events = shownEvents(s);
      const data = bucketEvents(
        events.map((e) => ({ at: eventTimeMs(e), category: categoryOf(e.event.type) })),
      );
      setChildren(chart, timeChart(data));
      setText(
        note,
        data.buckets.length
          ? `${plural(events.length, 'event')}, ${formatDuration(data.step)} per bar`
          : '',
      );
    },
  };
}
