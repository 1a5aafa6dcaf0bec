import {
  groupingSummary,
  hasRawId,
  pageViewCounts,
  urlGroups,
} from '../../../../emulator/viewer/logic/url-groups';
import { ev } from '../fixtures';

const http = (session: string, url: string) =>
  ev(session, 'http_event', { request: { method: 'GET', url }, response: { status: 200 } });
const resource = (session: string, targetUrl: string) =>
  ev(session, 'performance_resource_event', {
    targetUrl,
    initiatorType: 'img',
    duration: 5,
    fileType: 'image',
  });
const view = (session: string, pageId: string) =>
  ev(session, 'page_view_event', { pageId }, { page: pageId });

describe('pageViewCounts', () => {
  it("counts each page id's views and sessions, most viewed first", () => {
    expect(
      pageViewCounts([
        view('s1', '/orders/:id'),
        view('s1', '/'),
        view('s2', '/orders/:id'),
        view('s2', '/orders/:id'),
        http('s1', 'https://api.example/x'),
      ]),
    ).toEqual([
      { pageId: '/orders/:id', views: 3, sessions: 2 },
      { pageId: '/', views: 1, sessions: 1 },
    ]);
  });
});

describe('urlGroups', () => {
  it('counts identical URLs of each kind together, most first, then by kind and URL', () => {
    expect(
      urlGroups([
        http('s1', 'https://api.example/orders/:id'),
        http('s2', 'https://api.example/orders/:id'),
        http('s1', 'https://api.example/orders/:id'),
        resource('s1', 'https://cdn.example/app.js'),
        // The same URL as a resource is another group.
        resource('s1', 'https://api.example/orders/:id'),
        http('s1', 'https://api.example/b'),
        http('s1', 'https://api.example/a'),
        ev('s1', 'http_event', { request: { method: 'GET' } }),
      ]),
    ).toEqual([
      { kind: 'http', url: 'https://api.example/orders/:id', count: 3, sessions: 2 },
      { kind: 'http', url: 'https://api.example/a', count: 1, sessions: 1 },
      { kind: 'http', url: 'https://api.example/b', count: 1, sessions: 1 },
      { kind: 'resource', url: 'https://api.example/orders/:id', count: 1, sessions: 1 },
      { kind: 'resource', url: 'https://cdn.example/app.js', count: 1, sessions: 1 },
    ]);
  });
});

describe('hasRawId', () => {
  it.each([
    ['/orders/12345', true],
    ['https://api.example/orders/123/items?x=1', true],
    ['/users/5f0c3a52-7d1e-4c8a-9b7e-0123456789ab', true],
    ['/files/9f86d081884c7d65', true],
    ['/search?q=shoes&page=2', true],
    ['#/orders/42', true],
    ['/orders/:id/items/:hash', false],
    ['https://api.example/v1/products?category=mugs', false],
    ['/deadbeefdeadbeef', false], // hexadecimal, but no digit
    ['/', false],
  ])('%s → %p', (url, raw) => expect(hasRawId(url)).toBe(raw));
});

test('groupingSummary: distinct URLs, the events they cover, and those still holding ids', () => {
  expect(
    groupingSummary([
      { url: '/orders/1', count: 1 },
      { url: '/orders/2', count: 1 },
      { url: '/orders/:id', count: 40 },
    ]),
  ).toEqual({ distinct: 3, events: 42, withIds: 2, eventsWithIds: 2 });
  expect(groupingSummary([{ pageId: '/p/9', views: 4 }])).toEqual({
    distinct: 1,
    events: 4,
    withIds: 1,
    eventsWithIds: 4,
  });
});
