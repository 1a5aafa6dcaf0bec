/** @jest-environment jsdom */
import { URL_ROWS, createUrlGroups } from '../../../../emulator/viewer/components/url-groups';
import { A, B, ev, seeded, sync, watch } from './harness';

const groups = (el: Element) =>
  [...el.querySelectorAll<HTMLElement>('[data-testid=url-group]')].map((r) => [
    r.dataset.kind,
    r.dataset.url,
    r.querySelector('[data-testid=url-count]')!.textContent,
  ]);

test('the URL groups: page ids with their views, request URLs with their counts, ids left', () => {
  const store = seeded();
  const card = createUrlGroups();
  card.update(store.state);
  expect(groups(card.el)).toEqual([['http', 'https://api.example/a', '1']]);
  const dom = watch(card.el);
  card.update(store.state);
  card.update(store.select(A));
  expect(dom.count()).toBe(0);

  const http = (s: string, url: string) =>
    ev(s, 'http_event', { request: { method: 'GET', url }, response: { status: 200 } });
  card.update(
    store.apply(
      sync({
        events: [
          ...Array.from({ length: 3 }, () => http(A, 'https://api.example/orders/:id')),
          http(B, 'https://api.example/orders/123'),
          http(B, 'https://api.example/orders/124'),
          ev(B, 'performance_resource_event', {
            targetUrl: 'https://cdn.example/app.js',
            initiatorType: 'script',
            duration: 4,
            fileType: 'script',
          }),
          ev(A, 'page_view_event', { pageId: '/orders/:id' }, { page: '/orders/:id' }),
          ev(A, 'page_view_event', { pageId: '/orders/:id' }, { page: '/orders/:id' }),
        ],
      }),
    ),
  );
  expect(groups(card.el)).toEqual([
    ['http', 'https://api.example/orders/:id', '3'],
    ['http', 'https://api.example/a', '1'],
    ['http', 'https://api.example/orders/123', '1'],
    ['http', 'https://api.example/orders/124', '1'],
    ['resource', 'https://cdn.example/app.js', '1'],
  ]);
  expect(card.el.querySelectorAll('[data-testid=url-group].raw-id')).toHaveLength(2);
  expect(card.el.querySelector('[data-testid=url-groups-note]')!.textContent).toBe(
    '5 distinct URLs over 7 events. 2 URLs still hold an id (a number, UUID or long hash; 2 events): ' +
      'urlNormalizer: true would group them.',
  );
  const pages = [...card.el.querySelectorAll<HTMLElement>('[data-testid=url-page]')].map((r) => [
    r.dataset.page,
    r.querySelector('[data-testid=url-count]')!.textContent,
  ]);
  expect(pages).toEqual([
    ['/orders/:id', '2'],
    ['/', '1'],
  ]);
  expect(card.el.querySelector('[data-testid=url-pages-note]')!.textContent).toContain(
    'None holds a raw id',
  );

  card.update(
    store.apply(
      sync({
        events: Array.from({ length: URL_ROWS }, (_, i) => http(B, `https://api.example/x${i}`)),
      }),
    ),
  );
  expect(card.el.querySelectorAll('[data-testid=url-group]')).toHaveLength(URL_ROWS);
  expect(card.el.querySelector('[data-testid=url-groups-note]')!.textContent).toContain(
    `(the ${URL_ROWS} most frequent shown)`,
  );
});
