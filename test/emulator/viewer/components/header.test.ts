/** @jest-environment jsdom */
import { createHeader } from '../../../../emulator/viewer/components/header';
import { A, allWithin, ev, seeded, sync, watch } from './harness';

const $ = (el: Element, sel: string) => el.querySelector(sel) as HTMLElement;

test('the header: the same state touches nothing; a new event changes only the event count', () => {
  const store = seeded();
  const header = createHeader({ origin: 'http://emu.test', onClear: () => undefined });
  header.update(store.state);
  expect($(header.el, '[data-testid=stat-events]').textContent).toBe('7 events');
  const dom = watch(header.el);
  header.update(store.state);
  header.update(store.choose({ chartScope: 'all', sessionFilter: 'x' }));
  expect(dom.count()).toBe(0);

  header.update(store.apply(sync({ events: [ev(A, 'dom_event', {})] })));
  expect(allWithin(dom.touched(), $(header.el, '[data-testid=stat-events]'))).toBe(true);
  expect($(header.el, '[data-testid=stat-events]').textContent).toBe('8 events');

  header.update(store.setLive('offline', 'refused'));
  expect(allWithin(dom.touched(), $(header.el, '.live'))).toBe(true);
  expect($(header.el, '.live').className).toBe('live live-offline');
});

test('the header asks to clear through its callback', () => {
  let asked = 0;
  const header = createHeader({ origin: 'http://emu.test', onClear: () => asked++ });
  $(header.el, '[data-testid=clear-button]').click();
  expect(asked).toBe(1);
});
