import { isPageAllowed, nextPage, pageIdOf } from '../../../src/domain/page';
import { schemaValidator } from './schema';

const pageViewErrors = schemaValidator('page-view-event.json');
const at = (href: string) => new URL(href) as unknown as Location;

describe('pageIdOf', () => {
  it.each([
    ['http://localhost/shop/cart?id=1#step2', 'PATH', '/shop/cart'],
    ['http://localhost/shop/cart?id=1#step2', 'HASH', '#step2'],
    ['http://localhost/shop/cart?id=1#step2', 'PATH_AND_HASH', '/shop/cart#step2'],
    ['http://localhost/', 'PATH', '/'],
    ['http://localhost/', 'HASH', '#'],
    ['http://localhost/app', 'PATH_AND_HASH', '/app'],
    ['http://localhost/#/users/7', 'HASH', '#/users/7'],
    ['http://localhost/search?q=shoes&page=2#top', 'PATH_AND_SEARCH', '/search?q=shoes&page=2'],
    ['http://localhost/search', 'PATH_AND_SEARCH', '/search'],
  ] as const)('%s as %s is %p', (href, format, id) => {
    expect(pageIdOf(at(href), format)).toBe(id);
  });
});

describe('isPageAllowed', () => {
  const url = 'https://example.com/admin/users?x=1';
  it('allows what an include pattern matches, on the full URL', () => {
    expect(isPageAllowed(url, [/.*/], [])).toBe(true);
    expect(isPageAllowed(url, [/^https:\/\/example\.com\/admin/], [])).toBe(true);
    expect(isPageAllowed(url, [/^\/admin/], [])).toBe(false);
    expect(isPageAllowed(url, [/\/shop/, /\?x=1$/], [])).toBe(true);
  });

  it('refuses what an exclude pattern matches, even when included', () => {
    expect(isPageAllowed(url, [/.*/], [/\/admin\//])).toBe(false);
    expect(isPageAllowed(url, [/.*/], [/\/shop/])).toBe(true);
  });

  it('allows nothing with no include patterns', () => {
    expect(isPageAllowed(url, [], [])).toBe(false);
  });
});

describe('nextPage', () => {
  it('gives the first page of a session its referrer and the referrer domain', () => {
    const p = nextPage('/home', 0, 1000, undefined, 'https://www.google.com/search?q=x');
    expect(p).toEqual({
      pageId: '/home',
      interaction: 0,
      start: 1000,
      parentPageId: undefined,
      details: {
        version: '1.0.0',
        pageId: '/home',
        interaction: 0,
        pageInteractionId: '/home-0',
        referrer: 'https://www.google.com/search?q=x',
        referrerDomain: 'www.google.com',
      },
    });
    expect(pageViewErrors(p.details)).toEqual([]);
  });

  it('leaves the referrer out when there is none, and the domain when it is not a URL', () => {
    expect(nextPage('/', 0, 0, undefined, '').details).toEqual({
      version: '1.0.0',
      pageId: '/',
      interaction: 0,
      pageInteractionId: '/-0',
    });
    const d = nextPage('/', 0, 0, undefined, 'not a url').details;
    expect(d.referrer).toBe('not a url');
    expect(d).not.toHaveProperty('referrerDomain');
    expect(pageViewErrors(d)).toEqual([]);
  });

  it('links a later page to its parent, and keeps the referrer', () => {
    const first = nextPage('/home', 0, 1000, undefined, 'https://ref.example/');
    const second = nextPage('/cart', 1, 4500, first, 'https://ref.example/');
    expect(second.parentPageId).toBe('/home');
    expect(second.details).toEqual({
      version: '1.0.0',
      pageId: '/cart',
      interaction: 1,
      pageInteractionId: '/cart-1',
      parentPageInteractionId: '/home-0',
      timeOnParentPage: 3500,
      referrer: 'https://ref.example/',
      referrerDomain: 'ref.example',
    });
    expect(pageViewErrors(second.details)).toEqual([]);
    const third = nextPage('/home', 2, 5000, second, '');
    expect(third.details).toMatchObject({
      pageInteractionId: '/home-2',
      parentPageInteractionId: '/cart-1',
      timeOnParentPage: 500,
    });
    expect(third.parentPageId).toBe('/cart');
  });

  it('is checked by a validator that does refuse bad details', () => {
    expect(pageViewErrors({ version: '1.0.0', pageId: '/', extra: 1 })).not.toEqual([]);
    expect(pageViewErrors({ version: '1.0.0' })).not.toEqual([]);
  });
});
