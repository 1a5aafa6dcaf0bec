import type { CookieJar } from '../browser/cookies';
import type { Clock } from '../tools/clock';
import { NIL_UUID, uuid } from '../tools/ids';

export interface Session {
  sessionId: string;
  userId: string;
  /** Sampled in: this session's events are recorded. Decided once, when it starts. */
  record: boolean;
  eventCount: number;
  /** Page views so far in this session (the next page view's `interaction`). */
  pageViews: number;
  /** When the session ends unless an event extends it (epoch ms). */
  expires: number;
}

export interface SessionSettings {
  sessionSampleRate: number;
  sessionEventLimit: number;
  sessionLengthSeconds: number;
  userIdRetentionDays: number;
  allowCookies: boolean;
  sessionId?: string;
  userId?: string;
  /** Cookie names, already suffixed when cookieAttributes.unique. */
  sessionCookie: string;
  userCookie: string;
}

const DAY_MS = 86_400_000;

/**
 * The session: ids, the sampling decision, the event count and inactivity expiry. Cookies
 * (`cwr_s`, `cwr_u`, only with allowCookies) are written when something meaningful changes —
 * a new session, the limit reached, an expiry that drifted — and when the page hides, not on
 * every event.
 */
export const createSessions = (
  s: SessionSettings,
  clock: Clock,
  cookies: CookieJar,
  onStart: (session: Session) => void,
  random: () => number = Math.random,
) => {
  const lengthMs = s.sessionLengthSeconds * 1000;
  let pinnedSessionId = s.sessionId;
  let pinnedUserId = s.userId;
  /** Expiry as last written to the cookie. */
  let writtenExpires = 0;

  const userId = (): string => {
    if (pinnedUserId) return pinnedUserId;
    if (!s.allowCookies || s.userIdRetentionDays <= 0) return NIL_UUID;
    const id = cookies.get(s.userCookie) || uuid();
    cookies.set(s.userCookie, id, clock.now() + s.userIdRetentionDays * DAY_MS);
    return id;
  };

  const readCookie = (): Session | undefined => {
    if (!s.allowCookies) return undefined;
    try {
      const raw = cookies.get(s.sessionCookie);
      const c = raw && JSON.parse(atob(raw));
      if (c && typeof c.id === 'string' && c.expires > clock.now()) {
        return {
          sessionId: c.id,
          userId: userId(),
          record: !!c.record,
          eventCount: c.count | 0,
          pageViews: c.views | 0,
          expires: c.expires,
        };
      }
    } catch {
      // unreadable cookie (or another client's format): start afresh
    }
    return undefined;
  };

  const persist = (): void => {
    if (!s.allowCookies || !current) return;
    writtenExpires = current.expires;
    cookies.set(
      s.sessionCookie,
      btoa(
        JSON.stringify({
          id: current.sessionId,
          record: current.record,
          count: current.eventCount,
          views: current.pageViews,
          expires: current.expires,
        }),
      ),
      current.expires,
    );
  };

  const begin = (ids: { sessionId?: string; userId?: string } = {}): Session => {
    if (ids.userId) pinnedUserId = ids.userId;
    current = {
      sessionId: ids.sessionId || pinnedSessionId || uuid(),
      userId: userId(),
      record: random() < s.sessionSampleRate,
      eventCount: 0,
      pageViews: 0,
      expires: clock.now() + lengthMs,
    };
    persist();
    onStart(current);
    return current;
  };

  let current: Session = undefined as unknown as Session;
  let started = false;
  /** The cookie is read when the session is first needed, not when the client loads. */
  let loaded = false;
  const load = () => {
    if (loaded) return;
    loaded = true;
    const saved = readCookie();
    if (saved) {
      current = saved;
      started = !pinnedSessionId || saved.sessionId === pinnedSessionId;
    }
  };

  return {
    /** The live session, starting a new one when there is none or it expired. */
    get(): Session {
      load();
      if (!started || (current.expires <= clock.now() && !pinnedSessionId)) {
        started = true;
        return begin();
      }
      return current;
    },
    /** Room for one more event in this session? */
    hasRoom(session: Session): boolean {
      return s.sessionEventLimit === 0 || session.eventCount < s.sessionEventLimit;
    },
    /** Counts an event and extends the inactivity expiry. */
    count(session: Session): void {
      session.eventCount++;
      session.expires = clock.now() + lengthMs;
      // Keep the cookie roughly current without a write per event: when the limit is hit, or
      // when the written expiry lags by more than a tenth of the session length.
      if (!this.hasRoom(session) || session.expires - writtenExpires > lengthMs / 10) persist();
    },
    persist,
    start(ids?: { sessionId?: string; userId?: string }): Session {
      // A new session: with the id given (pinned from now on), or a fresh one (unpinned).
      pinnedSessionId = ids?.sessionId;
      loaded = started = true;
      return begin(ids);
    },
    pinSessionId(id: string): void {
      load();
      pinnedSessionId = id;
      if (started) {
        current.sessionId = id;
        persist();
      }
    },
    pinUserId(id: string): void {
      load();
      pinnedUserId = id;
      if (started) current.userId = id;
    },
    setAllowCookies(allow: boolean): void {
      load();
      s.allowCookies = allow;
      if (allow && started) {
        current.userId = pinnedUserId || userId();
        persist();
      }
    },
    clearCookies(): void {
      cookies.remove(s.sessionCookie);
      cookies.remove(s.userCookie);
    },
  };
};

export type Sessions = ReturnType<typeof createSessions>;
