/** @jest-environment jsdom */
import { createEventDetail } from '../../../../emulator/viewer/components/event-detail';
import { A, ev, watch } from './harness';

test('the event detail: the same event touches nothing; another one is shown', () => {
  const first = ev(A, 'js_error_event', { message: 'first' });
  const detail = createEventDetail();
  detail.update(first);
  expect(detail.el.querySelector('pre')?.textContent).toContain('"message": "first"');
  const dom = watch(detail.el);
  detail.update(first);
  expect(dom.count()).toBe(0);
  detail.update(ev(A, 'js_error_event', { message: 'second' }));
  expect(dom.count()).toBeGreaterThan(0);
  expect(detail.el.querySelector('pre')?.textContent).toContain('"message": "second"');
});
