/** @jest-environment jsdom */
import { createSectionNav } from '../../../../emulator/viewer/components/section-nav';
import { A, B, ev, seeded, sync, watch } from './harness';

const count = (el: Element, id: string) =>
  el.querySelector(`a[href="#sec-${id}"] .count`) as HTMLElement;

test('the section nav: the same state touches nothing; a new event changes only its counts', () => {
  const store = seeded();
  const nav = createSectionNav();
  nav.update(store.state);
  expect(count(nav.el, 'timeline').textContent).toBe('5');
  expect(count(nav.el, 'http').textContent).toBe('1');
  const dom = watch(nav.el);
  nav.update(store.state);
  nav.update(store.choose({ chartScope: 'all' }));
  nav.update(store.apply(sync({ events: [ev(A, 'http_event', {})] })));
  expect(dom.count()).toBe(0);

  nav.update(store.apply(sync({ events: [ev(B, 'dom_event', {})] })));
  const changed = dom.touched();
  expect(changed.length).toBeGreaterThan(0);
  expect(changed.every((n) => count(nav.el, 'timeline').contains(n))).toBe(true);
  expect(count(nav.el, 'timeline').textContent).toBe('6');
});

test("the section nav counts the session's views (page loads) and frustration signals", () => {
  const store = seeded();
  const nav = createSectionNav();
  nav.update(store.state);
  expect(count(nav.el, 'loads').textContent).toBe('1');
  expect(count(nav.el, 'frustration').textContent).toBe('0');
  expect(count(nav.el, 'urls').textContent).toBe('');
  nav.update(
    store.apply(
      sync({
        events: [
          ev(B, 'page_view_event', { pageId: '/cart' }, { page: '/cart' }),
          ev(B, 'cwr.rage_click', { selector: '#pay' }),
          ev(B, 'cwr.dead_click', { selector: '#pay' }),
          ev(A, 'cwr.dead_click', { selector: '#pay' }),
        ],
      }),
    ),
  );
  expect(count(nav.el, 'loads').textContent).toBe('2');
  expect(count(nav.el, 'frustration').textContent).toBe('2');
});
