/** @jest-environment jsdom */
import { createSessionList } from '../../../../emulator/viewer/components/session-list';
import { A, B, allWithin, report, seeded, sync, watch } from './harness';

const row = (el: Element, id: string) =>
  el.querySelector(`[data-session-id="${id}"]`) as HTMLElement;

test('the sessions list: the same state touches nothing; a report changes only its row', () => {
  const store = seeded();
  const selected: string[] = [];
  const list = createSessionList({
    onSelect: (id) => selected.push(id),
    onFilter: () => undefined,
  });
  list.update(store.state);
  expect(
    [...list.el.querySelectorAll('[data-testid=session-row]')].map((r) =>
      r.getAttribute('data-session-id'),
    ),
  ).toEqual([B, A]);
  const dom = watch(list.el);
  list.update(store.state);
  // A sync that brings nothing new keeps every slice (equal summaries and reports are kept).
  list.update(store.apply(sync({ diagnostics: [report(B)] })));
  list.update(store.choose({ allRequests: true }));
  expect(dom.count()).toBe(0);

  const problem = { problems: [{ code: 'x', message: 'wrong' }] };
  list.update(store.apply(sync({ diagnostics: [report(B), report(A, problem)] })));
  expect(allWithin(dom.touched(), row(list.el, A))).toBe(true);
  expect(row(list.el, A).textContent).toContain('1 problem');

  list.update(store.choose({ sessionFilter: 'bbbb' }));
  expect(dom.touched()).toEqual([row(list.el, A)]);
  expect(row(list.el, A).hidden).toBe(true);

  row(list.el, A).click();
  expect(selected).toEqual([A]);
});
