/** @jest-environment jsdom */
import {
  FRUSTRATION_ROWS,
  createFrustration,
} from '../../../../emulator/viewer/components/frustration';
import { A, B, ev, seeded, sync, watch } from './harness';

const table = (el: Element, testid: string) =>
  [
    ...el.querySelectorAll<HTMLElement>(`[data-testid=${testid}] [data-testid=frustration-row]`),
  ].map((r) => [
    r.dataset.selector,
    r.dataset.page,
    ...['rage', 'dead', 'error', 'total'].map(
      (s) => r.querySelector(`[data-signal=${s}]`)!.textContent,
    ),
  ]);

test('the frustration card: counts per element and page for the session and for all sessions', () => {
  const store = seeded();
  const card = createFrustration();
  card.update(store.state);
  expect(card.el.textContent).toContain('No rage, dead or error clicks.');
  const dom = watch(card.el);
  card.update(store.state);
  card.update(store.choose({ allRequests: true }));
  expect(dom.count()).toBe(0);

  const click = (s: string, type: string, selector: string, page = '/') =>
    ev(s, `cwr.${type}_click`, { selector, element: 'button', clicks: 4 }, { page });
  card.update(
    store.apply(
      sync({
        events: [
          click(B, 'rage', '#checkout', '/cart'),
          click(B, 'dead', '#checkout', '/cart'),
          click(B, 'error', '#pay', '/cart'),
          click(A, 'rage', '#checkout', '/cart'),
          click(A, 'dead', 'a.more'),
        ],
      }),
    ),
  );
  expect(table(card.el, 'frustration-session')).toEqual([
    ['#checkout', '/cart', '1', '1', '0', '2'],
    ['#pay', '/cart', '0', '0', '1', '1'],
  ]);
  expect(table(card.el, 'frustration-all')).toEqual([
    ['#checkout', '/cart', '2', '1', '0', '3'],
    ['#pay', '/cart', '0', '0', '1', '1'],
    ['a.more', '/', '0', '1', '0', '1'],
  ]);
  expect(
    card.el.querySelector<HTMLElement>(
      '[data-testid=frustration-session] [data-testid=frustration-row]',
    )!.title,
  ).toContain('4 clicks in 1 rage burst');

  // Past the rows shown, the rest is counted.
  card.update(
    store.apply(
      sync({
        events: Array.from({ length: FRUSTRATION_ROWS + 2 }, (_, i) => click(B, 'dead', `#b${i}`)),
      }),
    ),
  );
  expect(
    card.el.querySelectorAll('[data-testid=frustration-session] [data-testid=frustration-row]'),
  ).toHaveLength(FRUSTRATION_ROWS);
  expect(card.el.textContent).toContain('4 more elements, 4 signals');
});
