/** @jest-environment jsdom */
import { createPageLoads } from '../../../../emulator/viewer/components/page-loads';
import { A, B, T0, ev, seeded, sync, watch } from './harness';

const rows = (el: Element) => [...el.querySelectorAll<HTMLElement>('[data-testid=load-row]')];

test("the page loads: the session's views in order with their timing; all sessions per page", () => {
  const store = seeded();
  const loads = createPageLoads();
  loads.update(store.state);
  // B has one page view and no timing yet.
  expect(rows(loads.el).map((r) => [r.dataset.page, r.dataset.kind])).toEqual([['/', 'none']]);
  expect(loads.el.textContent).toContain('1 view without a timing');
  const dom = watch(loads.el);
  loads.update(store.state);
  loads.update(store.choose({ chartScope: 'all' }));
  expect(dom.count()).toBe(0);

  loads.update(
    store.apply(
      sync({
        events: [
          ev(
            B,
            'performance_navigation_event',
            { initiatorType: 'navigation', duration: 1500 },
            {
              at: T0 + 61_500,
            },
          ),
          ev(B, 'page_view_event', { pageId: '/orders' }, { at: T0 + 70_000, page: '/orders' }),
          ev(
            B,
            'performance_navigation_event',
            { initiatorType: 'route_change', startTime: 9000, duration: 750 },
            { at: T0 + 71_000, page: '/orders' },
          ),
        ],
      }),
    ),
  );
  const list = rows(loads.el);
  expect(list.map((r) => [r.dataset.page, r.dataset.kind, r.dataset.duration])).toEqual([
    ['/', 'load', '1500'],
    ['/orders', 'route', '750'],
  ]);
  expect(list[0].textContent).toContain('page load');
  expect(list[0].textContent).toContain('1.50 s');
  expect(list[1].textContent).toContain('route change');
  // The bars are as wide as the load is of the slowest.
  expect(list[0].querySelector<HTMLElement>('.bar-fill')!.style.width).toBe('100%');
  expect(list[1].querySelector<HTMLElement>('.bar-fill')!.style.width).toBe('50%');
  expect(loads.el.textContent).toContain('Every view is timed.');

  const pages = [...loads.el.querySelectorAll<HTMLElement>('[data-testid=load-page]')];
  expect(
    pages.map((p) => [
      p.dataset.page,
      p.querySelector('[data-testid=load-page-views]')!.textContent,
    ]),
  ).toEqual([
    ['/', '1'],
    ['/orders', '1'],
  ]);
  expect(pages[0].querySelector('[data-testid=load-page-p75]')!.textContent).toBe('1.50 s');

  // Session A has no page view at all.
  loads.update(store.select(A));
  expect(loads.el.textContent).toContain('No page views in this session.');
});
