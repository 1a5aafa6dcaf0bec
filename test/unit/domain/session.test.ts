import { createCookieJar } from '../../../src/browser/cookies';
import { createSessions, type SessionSettings } from '../../../src/domain/session';
import { UUID_RE } from '../../../src/domain/rules';
import { NIL_UUID } from '../../../src/tools/ids';
import { fakeClock } from '../fakes';

// jsdom refuses Secure cookies on http://localhost, so the jar here is not Secure.
const jar = () =>
  createCookieJar({
    domain: 'localhost',
    path: '/',
    sameSite: 'Strict',
    secure: false,
    unique: false,
  });

const settings = (over: Partial<SessionSettings> = {}): SessionSettings => ({
  sessionSampleRate: 1,
  sessionEventLimit: 200,
  sessionLengthSeconds: 1800,
  userIdRetentionDays: 30,
  allowCookies: true,
  sessionCookie: 'cwr_s',
  userCookie: 'cwr_u',
  ...over,
});

const make = (
  over: Partial<SessionSettings> = {},
  opts: { clock?: ReturnType<typeof fakeClock>; random?: () => number } = {},
) => {
  const clock = opts.clock ?? fakeClock();
  const onStart = jest.fn();
  const random = jest.fn(opts.random ?? (() => 0.5));
  const sessions = createSessions(settings(over), clock, jar(), onStart, random);
  return { sessions, clock, onStart, random };
};

const clearCookies = () =>
  document.cookie
    .split('; ')
    .filter(Boolean)
    .forEach(
      (c) =>
        (document.cookie = c.split('=')[0] + '=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'),
    );

const cookie = (name: string): string | undefined => jar().get(name);
const sessionCookie = (name = 'cwr_s') => JSON.parse(atob(cookie(name)!));

beforeEach(clearCookies);
afterEach(() => jest.restoreAllMocks());

describe('createSessions', () => {
  it('starts a session on first use and calls onStart once for it', () => {
    const { sessions, onStart } = make();
    const s = sessions.get();
    expect(s.sessionId).toMatch(UUID_RE);
    expect(s).toMatchObject({ record: true, eventCount: 0, pageViews: 0 });
    expect(sessions.get()).toBe(s);
    sessions.get();
    expect(onStart).toHaveBeenCalledTimes(1);
    expect(onStart).toHaveBeenCalledWith(s);
  });

  it('starts nothing until asked', () => {
    const { onStart, random } = make();
    expect(onStart).not.toHaveBeenCalled();
    expect(random).not.toHaveBeenCalled();
  });

  describe('sampling', () => {
    it.each([
      [0, 0, false],
      [0, 0.999999, false],
      [1, 0, true],
      [1, 0.999999, true],
      [0.5, 0.4, true],
      [0.5, 0.6, false],
    ])('with sessionSampleRate %p and random %p records: %p', (rate, r, record) => {
      const { sessions, random } = make({ sessionSampleRate: rate }, { random: () => r });
      expect(sessions.get().record).toBe(record);
      expect(random).toHaveBeenCalledTimes(1);
    });

    it('is decided once per session, and again for the next session', async () => {
      const draws = [0.4, 0.6];
      const { sessions, clock, random } = make(
        { sessionSampleRate: 0.5, sessionLengthSeconds: 60 },
        { random: () => draws.shift()! },
      );
      const first = sessions.get();
      for (let i = 0; i < 5; i++) sessions.count(sessions.get());
      expect(random).toHaveBeenCalledTimes(1);
      expect(first.record).toBe(true);
      await clock.advance(61_000);
      const second = sessions.get();
      expect(second.sessionId).not.toBe(first.sessionId);
      expect(second.record).toBe(false);
      expect(random).toHaveBeenCalledTimes(2);
    });
  });

  describe('the cwr_s cookie', () => {
    it('lets a later instance continue the session: id, record flag, event count, page views', () => {
      const a = make({ sessionSampleRate: 0.5 }, { random: () => 0.9 });
      const s = a.sessions.get();
      expect(s.record).toBe(false);
      a.sessions.count(s);
      a.sessions.count(s);
      a.sessions.count(s);
      s.page = { pageId: '/cart', interaction: 1, start: a.clock.now(), parentPageId: '/' };
      a.sessions.persist();

      const b = make({ sessionSampleRate: 0.5 }, { clock: a.clock, random: () => 0 });
      const restored = b.sessions.get();
      expect(restored).toMatchObject({
        sessionId: s.sessionId,
        record: false,
        eventCount: 3,
        pageViews: 2,
        expires: s.expires,
        page: s.page,
      });
      expect(b.onStart).not.toHaveBeenCalled();
      expect(b.random).not.toHaveBeenCalled();
    });

    it('writes the session fields the next instance needs', () => {
      const { sessions, clock } = make();
      const s = sessions.get();
      expect(sessionCookie()).toEqual({
        sessionId: s.sessionId,
        record: true,
        eventCount: 0,
        expires: clock.now() + 1800_000,
      });
    });

    it("continues a session from the predecessor's cookie (no expiry of ours in it)", () => {
      const clock = fakeClock();
      // As aws-rum-web 3.2.1 writes it (seen from outside: its cookie after two page views).
      const theirs = {
        sessionId: '07e9c95a-4224-4b6a-8d78-a438a52cccd7',
        record: true,
        eventCount: 3,
        page: {
          pageId: '/b.html',
          parentPageId: '/a.html',
          interaction: 1,
          referrer: 'http://127.0.0.1:38407/a.html',
          referrerDomain: '127.0.0.1',
          start: clock.now() - 5000,
        },
      };
      document.cookie = `cwr_s=${encodeURIComponent(btoa(JSON.stringify(theirs)))}; path=/`;
      const { sessions, onStart } = make({}, { clock });
      expect(sessions.get()).toMatchObject({
        sessionId: theirs.sessionId,
        record: true,
        eventCount: 3,
        pageViews: 2,
        expires: clock.now() + 1800_000,
        page: {
          pageId: '/b.html',
          parentPageId: '/a.html',
          interaction: 1,
          start: clock.now() - 5000,
        },
      });
      expect(onStart).not.toHaveBeenCalled();
    });

    it('keeps the page in the cookie as ASCII, and leaves out a page id too long for a cookie', () => {
      const { sessions } = make();
      const s = sessions.get();
      s.page = { pageId: '/größe/日本', interaction: 0, start: 1 };
      sessions.persist();
      expect(sessionCookie().page).toEqual(s.page);
      s.page = { pageId: '/' + 'x'.repeat(5000), interaction: 1, start: 2 };
      sessions.persist();
      expect(sessionCookie()).toMatchObject({ sessionId: s.sessionId });
      expect(sessionCookie().page).toBeUndefined();
    });

    it('starts a new session when the cookie has expired', async () => {
      const a = make({ sessionLengthSeconds: 60 });
      const old = a.sessions.get().sessionId;
      // The browser still holds the cookie (jsdom expires cookies by the real clock), but the
      // session it describes is over by the client's clock.
      await a.clock.advance(60_000);
      const b = make({ sessionLengthSeconds: 60 }, { clock: a.clock });
      const s = b.sessions.get();
      expect(s.sessionId).not.toBe(old);
      expect(s.eventCount).toBe(0);
      expect(b.onStart).toHaveBeenCalledTimes(1);
    });

    it('starts afresh from a cookie it cannot read', () => {
      document.cookie = 'cwr_s=not-base64-json; path=/';
      const { sessions, onStart } = make();
      expect(sessions.get().sessionId).toMatch(UUID_RE);
      expect(onStart).toHaveBeenCalledTimes(1);
    });

    const b64 = (o: unknown) => btoa(JSON.stringify(o));
    const page = { pageId: '/', interaction: 0, start: 1 };
    const good = {
      sessionId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      record: true,
      eventCount: 1,
      page,
    };
    it.each([
      ['an id that is not a UUID', { ...good, sessionId: 'abc' }],
      ['an id with a quote', { ...good, sessionId: '"; drop' }],
      ['a record flag that is not a boolean', { ...good, record: 'yes' }],
      ['a negative count', { ...good, eventCount: -5 }],
      ['a huge count', { ...good, eventCount: 1e300 }],
      ['a page that is not an object', { ...good, page: 'home' }],
      ['a page id that is not a string', { ...good, page: { ...page, pageId: 7 } }],
      ['a page interaction that is not a number', { ...good, page: { ...page, interaction: '2' } }],
      ['a page start that is not a number', { ...good, page: { ...page, start: null } }],
      ['a parent page id that is not a string', { ...good, page: { ...page, parentPageId: {} } }],
      ['an expiry that is not a number', { ...good, expires: 'never' }],
      ['not an object', 'just a string'],
      ['null', null],
    ])('discards a cwr_s cookie with %s, once, and starts a valid session', (_, value) => {
      const clock = fakeClock();
      const v =
        value && typeof value === 'object' ? { expires: clock.now() + 60_000, ...value } : value;
      document.cookie = `cwr_s=${encodeURIComponent(b64(v))}; path=/`;
      const { sessions, onStart } = make({}, { clock });
      const s = sessions.get();
      expect(s.sessionId).toMatch(UUID_RE);
      expect(s.sessionId).not.toBe(good.sessionId);
      expect(s.eventCount).toBe(0);
      expect(onStart).toHaveBeenCalledTimes(1);
      expect(sessionCookie().sessionId).toBe(s.sessionId);
    });

    it('keeps a valid cookie, but not an expiry beyond the session length', () => {
      const clock = fakeClock();
      document.cookie = `cwr_s=${encodeURIComponent(b64({ ...good, expires: clock.now() + 1e12 }))}; path=/`;
      const { sessions, onStart } = make({}, { clock });
      const s = sessions.get();
      expect(s.sessionId).toBe(good.sessionId);
      expect(s.expires).toBe(clock.now() + 1800_000);
      expect(onStart).not.toHaveBeenCalled();
    });

    it.each([['%E0%A4%A'], ['100%'], ['%'], ['%zz']])(
      'survives malformed percent-encoding in cwr_s and cwr_u (%p)',
      (raw) => {
        document.cookie = `cwr_s=${raw}; path=/`;
        document.cookie = `cwr_u=${raw}; path=/`;
        const { sessions, onStart } = make();
        const s = sessions.get();
        expect(s.sessionId).toMatch(UUID_RE);
        expect(s.userId).toMatch(UUID_RE);
        expect(onStart).toHaveBeenCalledTimes(1);
        expect(cookie('cwr_u')).toBe(s.userId);
        expect(sessionCookie().sessionId).toBe(s.sessionId);
      },
    );

    it.each([['abc'], ['00000000-0000-0000-0000-00000000000g'], ['x'.repeat(36)]])(
      'replaces a cwr_u that is not a UUID (%p)',
      (raw) => {
        document.cookie = `cwr_u=${raw}; path=/`;
        const { sessions } = make();
        const s = sessions.get();
        expect(s.userId).toMatch(UUID_RE);
        expect(cookie('cwr_u')).toBe(s.userId);
      },
    );

    it('neither reads nor writes cookies without allowCookies', () => {
      const a = make();
      const id = a.sessions.get().sessionId;
      expect(cookie('cwr_s')).toBeDefined();
      const set = jest.spyOn(document, 'cookie', 'set');
      const b = make({ allowCookies: false }, { clock: a.clock });
      const s = b.sessions.get();
      b.sessions.count(s);
      b.sessions.persist();
      expect(s.sessionId).not.toBe(id);
      expect(set).not.toHaveBeenCalled();
    });

    it('uses the cookie names it is given (cookieAttributes.unique suffixes them)', () => {
      const { sessions } = make({
        sessionCookie: 'cwr_s_app1',
        userCookie: 'cwr_u_app1',
      });
      const s = sessions.get();
      expect(sessionCookie('cwr_s_app1').sessionId).toBe(s.sessionId);
      expect(cookie('cwr_u_app1')).toBe(s.userId);
      expect(cookie('cwr_s')).toBeUndefined();
      expect(cookie('cwr_u')).toBeUndefined();
      // Another app monitor on the same page keeps its own session.
      const other = make({ sessionCookie: 'cwr_s_app2', userCookie: 'cwr_u_app2' });
      expect(other.sessions.get().sessionId).not.toBe(s.sessionId);
    });

    it('is removed by clearCookies', () => {
      const { sessions } = make();
      sessions.get();
      sessions.clearCookies();
      expect(cookie('cwr_s')).toBeUndefined();
      expect(cookie('cwr_u')).toBeUndefined();
    });
  });

  describe('the event limit', () => {
    it('has no limit with sessionEventLimit 0', () => {
      const { sessions } = make({ sessionEventLimit: 0 });
      const s = sessions.get();
      for (let i = 0; i < 1000; i++) sessions.count(s);
      expect(sessions.hasRoom(s)).toBe(true);
    });

    it('has room for exactly sessionEventLimit events', () => {
      const { sessions } = make({ sessionEventLimit: 3 });
      const s = sessions.get();
      const room: boolean[] = [];
      for (let i = 0; i < 4; i++) {
        room.push(sessions.hasRoom(s));
        sessions.count(s);
      }
      expect(room).toEqual([true, true, true, false]);
      expect(s.eventCount).toBe(4);
    });
  });

  describe('count', () => {
    it('extends the inactivity expiry', async () => {
      const { sessions, clock } = make({ sessionLengthSeconds: 60 });
      const s = sessions.get();
      await clock.advance(50_000);
      sessions.count(s);
      expect(s.expires).toBe(clock.now() + 60_000);
      await clock.advance(50_000); // 100 s after the start, 50 s after the last event
      expect(sessions.get()).toBe(s);
    });

    it('does not write the cookie on every event, but does when the limit is reached', async () => {
      const { sessions, clock } = make({ sessionEventLimit: 10, sessionLengthSeconds: 1800 });
      const s = sessions.get();
      const set = jest.spyOn(document, 'cookie', 'set');
      for (let i = 0; i < 9; i++) {
        await clock.advance(1000);
        sessions.count(s);
      }
      expect(set).not.toHaveBeenCalled();
      expect(sessionCookie().eventCount).toBe(0);
      sessions.count(s);
      expect(set).toHaveBeenCalledTimes(1);
      expect(sessionCookie().eventCount).toBe(10);
    });

    it('writes the cookie when the written expiry lags by more than a tenth of the session', async () => {
      const { sessions, clock } = make({ sessionEventLimit: 0, sessionLengthSeconds: 100 });
      const s = sessions.get();
      const set = jest.spyOn(document, 'cookie', 'set');
      await clock.advance(10_000);
      sessions.count(s);
      expect(set).not.toHaveBeenCalled();
      await clock.advance(1);
      sessions.count(s);
      expect(set).toHaveBeenCalledTimes(1);
      expect(sessionCookie()).toMatchObject({ eventCount: 2, expires: s.expires });
    });
  });

  describe('the user id', () => {
    it('is the nil UUID without cookies', () => {
      const { sessions } = make({ allowCookies: false });
      expect(sessions.get().userId).toBe(NIL_UUID);
      expect(cookie('cwr_u')).toBeUndefined();
    });

    it('is the nil UUID with userIdRetentionDays 0, even with cookies', () => {
      const { sessions } = make({ userIdRetentionDays: 0 });
      expect(sessions.get().userId).toBe(NIL_UUID);
      expect(cookie('cwr_u')).toBeUndefined();
    });

    it('is kept in cwr_u across sessions and instances', async () => {
      const a = make({ sessionLengthSeconds: 60 });
      const first = a.sessions.get();
      expect(first.userId).toMatch(UUID_RE);
      expect(first.userId).not.toBe(NIL_UUID);
      expect(cookie('cwr_u')).toBe(first.userId);
      await a.clock.advance(61_000);
      const next = a.sessions.get();
      expect(next.sessionId).not.toBe(first.sessionId);
      expect(next.userId).toBe(first.userId);
      document.cookie = 'cwr_s=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
      const b = make({}, { clock: a.clock });
      expect(b.sessions.get().userId).toBe(first.userId);
    });
  });

  describe('host-managed ids', () => {
    it('uses a configured session id and user id', () => {
      const { sessions } = make({ sessionId: 'host-s', userId: 'host-u' });
      expect(sessions.get()).toMatchObject({ sessionId: 'host-s', userId: 'host-u' });
    });

    it('does not let a pinned session expire', async () => {
      const { sessions, clock, onStart } = make({ sessionId: 'host-s', sessionLengthSeconds: 60 });
      const s = sessions.get();
      await clock.advance(3600_000);
      expect(sessions.get()).toBe(s);
      expect(onStart).toHaveBeenCalledTimes(1);
    });

    it('ignores a cookie session other than the pinned one', () => {
      make().sessions.get();
      const { sessions, onStart } = make({ sessionId: 'host-s' });
      expect(sessions.get().sessionId).toBe('host-s');
      expect(onStart).toHaveBeenCalledTimes(1);
    });

    it('pins ids of the live session without starting a new one', () => {
      const { sessions, onStart } = make();
      const s = sessions.get();
      sessions.pinSessionId('pinned-s');
      sessions.pinUserId('pinned-u');
      expect(sessions.get()).toBe(s);
      expect(s).toMatchObject({ sessionId: 'pinned-s', userId: 'pinned-u' });
      expect(sessionCookie().sessionId).toBe('pinned-s');
      expect(onStart).toHaveBeenCalledTimes(1);
    });

    it('pins an id before the first session', () => {
      const { sessions } = make();
      sessions.pinSessionId('early');
      expect(sessions.get().sessionId).toBe('early');
    });

    it('starts a new session on start(), with the given ids', () => {
      const { sessions, onStart, random } = make();
      const first = sessions.get();
      sessions.count(first);
      const second = sessions.start('s2', 'u2');
      expect(second).toMatchObject({ sessionId: 's2', userId: 'u2', eventCount: 0 });
      expect(sessions.get()).toBe(second);
      expect(onStart).toHaveBeenCalledTimes(2);
      expect(random).toHaveBeenCalledTimes(2);
      // start() without ids: a fresh, unpinned session id; the pinned user stays.
      const third = sessions.start();
      expect(third).not.toBe(second);
      expect(third.sessionId).toMatch(UUID_RE);
      expect(third).toMatchObject({ userId: 'u2', eventCount: 0 });
      expect(onStart).toHaveBeenCalledTimes(3);
    });
  });

  it('writes both cookies when cookies are allowed after the session started', () => {
    const { sessions } = make({ allowCookies: false });
    const s = sessions.get();
    expect(s.userId).toBe(NIL_UUID);
    sessions.setAllowCookies(true);
    expect(s.userId).toMatch(UUID_RE);
    expect(s.userId).not.toBe(NIL_UUID);
    expect(cookie('cwr_u')).toBe(s.userId);
    expect(sessionCookie().sessionId).toBe(s.sessionId);
  });
});
