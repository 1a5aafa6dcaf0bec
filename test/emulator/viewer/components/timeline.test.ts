/** @jest-environment jsdom */
import { createTimeline } from '../../../../emulator/viewer/components/timeline';
import { A, B, ev, seeded, sync, T0, watch } from './harness';

const rows = (el: Element) => [...el.querySelectorAll<HTMLElement>('[data-testid=timeline-row]')];

test('the timeline: the same events touch nothing; a new one adds its row alone', () => {
  const store = seeded();
  const timeline = createTimeline({ onFilter: () => undefined });
  timeline.update(store.state);
  const before = rows(timeline.el);
  expect(before).toHaveLength(5);
  const dom = watch(timeline.el);
  timeline.update(store.state);
  timeline.update(store.choose({ allRequests: true, chartScope: 'all' }));
  timeline.update(store.apply(sync({ events: [ev(A, 'dom_event', {})] })));
  expect(dom.count()).toBe(0);

  timeline.update(store.apply(sync({ events: [ev(B, 'dom_event', {}, { at: T0 + 99_000 })] })));
  const after = rows(timeline.el);
  expect(after).toHaveLength(6);
  expect(before.every((r) => after.includes(r))).toBe(true);
  const list = timeline.el.querySelector('.rows') as HTMLElement;
  const select = timeline.el.querySelector('select') as HTMLElement;
  // The new row, and the type menu (a new type, dom_event).
  expect(dom.touched().every((n) => n === list || select.contains(n))).toBe(true);
  expect(select.textContent).toContain('dom_event (1)');
});

test('the timeline sends its filters up, and shows what the state says', () => {
  const store = seeded();
  const changes: unknown[] = [];
  const timeline = createTimeline({ onFilter: (c) => changes.push(c) });
  timeline.update(store.state);
  const select = timeline.el.querySelector('select') as HTMLSelectElement;
  select.value = 'com.amazon.rum.http_event';
  select.dispatchEvent(new Event('change'));
  expect(changes).toEqual([{ type: 'com.amazon.rum.http_event' }]);
  timeline.update(
    store.choose({ timeline: { ...store.state.timeline, type: 'com.amazon.rum.http_event' } }),
  );
  expect(rows(timeline.el)).toHaveLength(1);
  timeline.update(store.choose({ timeline: { type: '', text: '', newestFirst: true } }));
  expect(rows(timeline.el)[0].dataset.type).toBe('com.amazon.rum.largest_contentful_paint_event');
});
