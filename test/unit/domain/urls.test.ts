import { groupIds, urlGrouper } from '../../../src/domain/urls';

describe('groupIds (urlNormalizer: true)', () => {
  it.each([
    ['/orders/12345', '/orders/:id'],
    ['/orders/12345/items/9f86d081884c7d65', '/orders/:id/items/:hash'],
    ['/u/3f2504e0-4f89-41d3-9a0c-0305e82c3301/edit', '/u/:uuid/edit'],
    ['/u/3F2504E0-4F89-41D3-9A0C-0305E82C3301', '/u/:uuid'],
    [
      'https://api.example.com:8443/v2/carts/77?ref=9f86d081884c7d65&x=a1',
      'https://api.example.com:8443/v2/carts/:id?ref=:hash&x=a1',
    ],
    ['http://10.0.0.1/a/1', 'http://10.0.0.1/a/:id'],
    ['#/users/7', '#/users/:id'],
    ['/img/3f2504e0-4f89-41d3-9a0c-0305e82c3301.png', '/img/:uuid.png'],
    ['/orders/123.json', '/orders/:id.json'],
    ['/docs/1.2', '/docs/1.2'],
    ['/search?page=2#top', '/search?page=:id#top'],
    // Words and short hex stay: only ids are grouped.
    ['/blog/deadbeefcafebabe', '/blog/deadbeefcafebabe'],
    ['/v2/abc123', '/v2/abc123'],
    ['/orders/12345abc', '/orders/12345abc'],
    ['/', '/'],
    ['', ''],
  ])('%s → %s', (url, grouped) => {
    expect(groupIds(url)).toBe(grouped);
  });
});

describe('urlGrouper', () => {
  it('is the identity without a normaliser, the built-in patterns with true', () => {
    expect(urlGrouper(undefined)('/orders/1', 'page')).toBe('/orders/1');
    expect(urlGrouper(false)('/orders/1', 'page')).toBe('/orders/1');
    expect(urlGrouper(true)('/orders/1', 'http')).toBe('/orders/:id');
  });

  it("gives the site's function the URL, its kind and the built-in patterns", () => {
    const seen: unknown[] = [];
    const g = urlGrouper((url, kind, builtIn) => {
      seen.push([url, kind]);
      return builtIn(url).replace(/\/v\d+\//, '/:version/');
    });
    expect(g('https://api.example.com/v3/orders/9', 'resource')).toBe(
      'https://api.example.com/:version/orders/:id',
    );
    expect(seen).toEqual([['https://api.example.com/v3/orders/9', 'resource']]);
  });

  it('keeps the URL, and tells what the function gave, when it throws or returns no string', () => {
    const told: unknown[] = [];
    const boom = new Error('boom');
    const g = urlGrouper(
      (url) => {
        if (url === '/throw') throw boom;
        return url === '/empty' ? '' : 42;
      },
      (url, gave) => told.push([url, gave]),
    );
    expect(g('/throw', 'page')).toBe('/throw');
    expect(g('/empty', 'page')).toBe('/empty');
    expect(g('/n', 'http')).toBe('/n');
    expect(told).toEqual([
      ['/throw', boom],
      ['/empty', ''],
      ['/n', 42],
    ]);
  });
});
