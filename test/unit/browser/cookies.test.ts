import { createCookieJar } from '../../../src/browser/cookies';

// jsdom's page is http://localhost: a development host, where it refuses Secure cookies as
// WebKit does (Chromium keeps them there).
const attrs = { domain: 'localhost', path: '/', sameSite: 'Strict' as const, unique: false };
const later = Date.now() + 60_000;
const tick = () => Promise.resolve();

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

  it('reads document.cookie once a task, and again after a write or in the next task', async () => {
    document.cookie = 'other=1; path=/';
    const jar = createCookieJar({ ...attrs, secure: false });
    expect(jar.get('a')).toBeUndefined();
    expect(jar.get('other')).toBe('1');
    expect(get).toHaveBeenCalledTimes(1);
    jar.set('a', 'x', later);
    expect(jar.get('a')).toBe('x');
    expect(get).toHaveBeenCalledTimes(2);
    // Another script's write, seen in the next task.
    document.cookie = 'other=2; path=/';
    expect(jar.get('other')).toBe('1');
    await tick();
    expect(jar.get('other')).toBe('2');
    expect(get).toHaveBeenCalledTimes(3);
  });

  it('on a development host that refuses Secure cookies, finds out once and writes without', () => {
    const jar = createCookieJar({ ...attrs, secure: true });
    jar.set('a', 'x', later);
    expect(jar.get('a')).toBe('x');
    // The Secure write, the check, the write without.
    expect(set.mock.calls.map(([c]) => /; Secure/.test(c))).toEqual([true, false]);
    set.mockClear();
    jar.set('a', 'y', later);
    jar.remove('a');
    expect(set.mock.calls.map(([c]) => /; Secure/.test(c))).toEqual([false, false]);
    expect(jar.get('a')).toBeUndefined();
  });

  it('learns nothing from a write that leaves the cookie as it was (another page wrote it so)', () => {
    document.cookie = 'a=x; path=/';
    const jar = createCookieJar({ ...attrs, secure: true });
    jar.set('a', 'x', later);
    jar.set('a', 'y', later);
    expect(jar.get('a')).toBe('y');
    set.mockClear();
    jar.set('a', 'z', later);
    expect(set.mock.calls.map(([c]) => /; Secure/.test(c))).toEqual([false]);
    expect(jar.get('a')).toBe('z');
  });

  it('keeps reading when the page has replaced queueMicrotask (nothing is kept stale)', () => {
    const original = globalThis.queueMicrotask;
    globalThis.queueMicrotask = () => {
      throw new Error('page');
    };
    try {
      const jar = createCookieJar({ ...attrs, secure: false });
      jar.get('a');
      document.cookie = 'a=late; path=/';
      expect(jar.get('a')).toBe('late');
    } finally {
      globalThis.queueMicrotask = original;
    }
  });
});
