/** @jest-environment jsdom */
import { createDiagnostics } from '../../../../emulator/viewer/components/diagnostics';
import { A, B, report, seeded, sync, watch } from './harness';

test('the diagnostics: an equal report touches nothing; a changed one is shown', () => {
  const store = seeded();
  const diagnostics = createDiagnostics();
  diagnostics.update(store.state);
  const box = diagnostics.el.querySelector('[data-testid=diagnostics]') as HTMLElement;
  expect(box.dataset.state).toBe('ok');
  const dom = watch(diagnostics.el);
  diagnostics.update(store.state);
  // A new sync brings a new but equal object: the store keeps the old one.
  diagnostics.update(
    store.apply(sync({ diagnostics: [report(B), report(A, { enabled: false })] })),
  );
  expect(dom.count()).toBe(0);

  const problem = { problems: [{ code: 'role-not-allowed', message: 'no' }] };
  diagnostics.update(store.apply(sync({ diagnostics: [report(B, problem)] })));
  expect(dom.touched().every((n) => box.contains(n))).toBe(true);
  expect(box.dataset.state).toBe('problems');
  diagnostics.update(store.select(A));
  expect(box.dataset.state).toBe('missing');
});
