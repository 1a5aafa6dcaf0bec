/** @jest-environment jsdom */
import { createErrors } from '../../../../emulator/viewer/components/errors';
import { A, B, ev, seeded, sync, T0, watch } from './harness';

test('the errors: the same events touch nothing; a new error adds its row alone', () => {
  const store = seeded();
  const errors = createErrors();
  errors.update(store.state);
  const list = errors.el.querySelector('.rows') as HTMLElement;
  expect(list.children).toHaveLength(1);
  const dom = watch(errors.el);
  errors.update(store.state);
  errors.update(store.choose({ chartScope: 'all' }));
  errors.update(store.apply(sync({ events: [ev(A, 'js_error_event', { message: 'elsewhere' })] })));
  errors.update(store.apply(sync({ events: [ev(B, 'dom_event', {})] })));
  expect(dom.count()).toBe(0);

  const first = list.children[0];
  errors.update(
    store.apply(
      sync({ events: [ev(B, 'js_error_event', { message: 'later' }, { at: T0 + 99_000 })] }),
    ),
  );
  expect(dom.touched()).toEqual([list]);
  expect(list.children).toHaveLength(2);
  expect(list.children[0]).toBe(first);
  expect(list.children[1].textContent).toContain('later');
});
