/** @jest-environment jsdom */
import { createSessionHead } from '../../../../emulator/viewer/components/session-head';
import { A, B, ev, seeded, sync, watch } from './harness';

test('the session head: the same session touches nothing; another one is shown', () => {
  const store = seeded();
  const head = createSessionHead({ origin: 'http://emu.test' });
  head.update(store.state);
  expect(head.el.textContent).toContain(B);
  const dom = watch(head.el);
  head.update(store.state);
  head.update(store.choose({ chartScope: 'all' }));
  // Events of another session leave this one's summary as it was.
  head.update(store.apply(sync({ events: [ev(A, 'dom_event', {})] })));
  expect(dom.count()).toBe(0);

  head.update(store.select(A));
  expect(dom.count()).toBeGreaterThan(0);
  expect(head.el.textContent).toContain(A);
});

test('the session head with no session points to the demo site once it is known', () => {
  const store = seeded();
  const head = createSessionHead({ origin: 'http://emu.test' });
  head.update(store.select(undefined));
  expect(head.el.textContent).toContain('http://emu.test');
  const dom = watch(head.el);
  head.update(store.state);
  expect(dom.count()).toBe(0);
  head.update(store.apply(sync({ info: { demoUrl: 'http://demo.test/' } })));
  // The store shows the newest session again: select none to see the empty state.
  head.update(store.select(undefined));
  expect(head.el.querySelector('a')?.getAttribute('href')).toBe('http://demo.test/');
});
