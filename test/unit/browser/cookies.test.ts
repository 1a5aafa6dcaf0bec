import { createCookieJar } from '../../../src/browser/cookies';

// jsdom's page is http://localhost: a development host, where it refuses Secure cookies as
// WebKit does (Chromium keeps them there).
const attrs = { domain: 'localhost', path: '/', sameSite: 'Strict' as const, unique: false };
const later = Date.now() + 60_000;

describe('the cookie jar', () => {
  let get: jest.SpyInstance;
  let set: jest.SpyInstance;
  beforeEach(() => {
    for (const c of document.cookie.split('; ').filter(Boolean))
      document.cookie = `${c.split('=')[0]}=; expires=${new Date(0).toUTCString()}; path=/`;
    get = jest.spyOn(document, 'cookie', 'get');
    set = jest.spyOn(document, 'cookie', 'set');
  });
  afterEach(() => jest.restoreAllMocks());

  it('reads document.cookie once in 20 ms, and again after a write', () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1000);
    document.cookie = 'other=1; path=/';
    const jar = createCookieJar({ ...attrs, secure: false });
    expect(jar.get('a')).toBeUndefined();
    expect(jar.get('other')).toBe('1');
    expect(get).toHaveBeenCalledTimes(1);
    jar.set('a', 'x', later);
    expect(jar.get('a')).toBe('x');
    expect(get).toHaveBeenCalledTimes(2);
    // Another script's write, seen 20 ms later.
    document.cookie = 'other=2; path=/';
    now.mockReturnValue(1019);
    expect(jar.get('other')).toBe('1');
    now.mockReturnValue(1020);
    expect(jar.get('other')).toBe('2');
    expect(get).toHaveBeenCalledTimes(3);
  });

  it('on a development host, writes without Secure, then with it', () => {
    // What each engine keeps is checked in real browsers (test/e2e/reliability/security.test.ts:
    // Secure in Chromium; test/e2e/engines: the session survives a reload in WebKit).
    const jar = createCookieJar({ ...attrs, secure: true });
    jar.set('a', 'x', later);
    jar.remove('a');
    expect(set.mock.calls.map(([c]) => /; Secure/.test(c))).toEqual([false, true, false, true]);
    const plain = createCookieJar({ ...attrs, secure: false });
    plain.set('a', 'x', later);
    expect(set).toHaveBeenCalledTimes(5);
  });
});
