/** @jest-environment jsdom */
import { createOverview } from '../../../../emulator/viewer/components/overview';
import { A, B, ev, seeded, sync, T0, watch } from './harness';

test('the overview: the same events touch nothing; the scope and new events redraw the chart', () => {
  const store = seeded();
  const scopes: string[] = [];
  const overview = createOverview({ onScope: (s) => scopes.push(s) });
  overview.update(store.state);
  expect(overview.el.textContent).toContain('5 events');
  const dom = watch(overview.el);
  overview.update(store.state);
  overview.update(store.choose({ sessionFilter: 'x' }));
  // Another session's events are not on the chart of this one.
  overview.update(store.apply(sync({ events: [ev(A, 'dom_event', {}, { at: T0 })] })));
  expect(dom.count()).toBe(0);

  overview.update(store.apply(sync({ events: [ev(B, 'dom_event', {}, { at: T0 + 64_000 })] })));
  const chart = overview.el.querySelector('.chart-box') as HTMLElement;
  const note = overview.el.querySelector('.toolbar > .muted') as HTMLElement;
  expect(dom.touched().every((n) => chart.contains(n) || note.contains(n))).toBe(true);
  expect(note.textContent).toContain('6 events');

  (overview.el.querySelector('[data-scope=all]') as HTMLElement).click();
  expect(scopes).toEqual(['all']);
  overview.update(store.choose({ chartScope: 'all' }));
  expect(note.textContent).toContain('9 events');
  expect(overview.el.querySelector('[data-scope=all]')?.getAttribute('aria-pressed')).toBe('true');
});
