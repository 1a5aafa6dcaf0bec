/** @jest-environment jsdom */
import { createVitals } from '../../../../emulator/viewer/components/vitals';
import { A, B, ev, seeded, sync, watch } from './harness';

const card = (el: Element, testid: string, vital: string) =>
  el.querySelector(`[data-testid=${testid}][data-vital=${vital}]`) as HTMLElement;

test('the vitals: the same state touches nothing; another session changes only the all-sessions part', () => {
  const store = seeded();
  const vitals = createVitals();
  vitals.update(store.state);
  expect(card(vitals.el, 'vital-card', 'lcp').dataset.rating).toBe('good');
  expect(card(vitals.el, 'vital-p75', 'lcp').textContent).toContain('5.00 s');
  const dom = watch(vitals.el);
  vitals.update(store.state);
  vitals.update(store.choose({ chartScope: 'all', allRequests: true }));
  expect(dom.count()).toBe(0);

  vitals.update(
    store.apply(sync({ events: [ev(A, 'first_contentful_paint_event', { value: 900 })] })),
  );
  const mine = vitals.el.querySelector('[data-testid=session-vitals]') as HTMLElement;
  const touched = dom.touched();
  expect(touched.length).toBeGreaterThan(0);
  expect(touched.some((n) => mine.contains(n))).toBe(false);
  expect(card(vitals.el, 'vital-p75', 'fcp').dataset.rating).toBe('good');

  vitals.update(
    store.apply(sync({ events: [ev(B, 'cumulative_layout_shift_event', { value: 0.3 })] })),
  );
  expect(card(vitals.el, 'vital-card', 'cls').dataset.rating).toBe('poor');
});
