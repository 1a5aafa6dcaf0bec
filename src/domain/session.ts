import type { CookieJar } from '../browser/cookies';
import type { Clock } from '../tools/clock';
import { isUuid, NIL_UUID, uuid } from '../tools/ids';
import { logger } from '../tools/logger';

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
const whole = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 0;

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

  /** A cookie the page (or another script, or an old client) wrote that is not ours to trust. */
  const discard = (name: string): undefined => {
    logger.debug(`cookie ${name} was not valid; replaced.`);
    cookies.remove(name);
  };

  const userId = (): string => {
    if (pinnedUserId) return pinnedUserId;
    if (!s.allowCookies || s.userIdRetentionDays <= 0) return NIL_UUID;
    let id = cookies.get(s.userCookie);
    if (id && !isUuid(id)) id = discard(s.userCookie);
    id ||= uuid();
    cookies.set(s.userCookie, id, clock.now() + s.userIdRetentionDays * DAY_MS);
    return id;
  };

  const readCookie = (): Session | undefined => {
    const raw = s.allowCookies && cookies.get(s.sessionCookie);
    if (!raw) return;
    let c;
    try {
      c = JSON.parse(atob(raw));
    } catch {
      // not base64 JSON: another client's format, or the page's
    }
    const now = clock.now();
    if (
      !c ||
      !isUuid(c.id) ||
      typeof c.record != 'boolean' ||
      !whole(c.count) ||
      !whole(c.views) ||
      !whole(c.expires)
    )
      return discard(s.sessionCookie);
    // Expired: a new session. (An expiry beyond the session's length is not trusted.)
    if (c.expires > now)
      return {
        sessionId: c.id,
        userId: userId(),
        record: c.record,
        eventCount: c.count,
        pageViews: c.views,
        expires: Math.min(c.expires, now + lengthMs),
      };
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

  // Ids as arguments, not an options object: an empty object would inherit a polluted
  // Object.prototype.userId.
  const begin = (givenSessionId?: string, givenUserId?: string): Session => {
    if (givenUserId) pinnedUserId = givenUserId;
    current = {
      sessionId: givenSessionId || pinnedSessionId || uuid(),
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

  let current: Session | undefined;
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
      if (!started || !current || (current.expires <= clock.now() && !pinnedSessionId)) {
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
    start(sessionId?: string, user?: string): Session {
      // A new session: with the id given (pinned from now on), or a fresh one (unpinned).
      pinnedSessionId = sessionId;
      loaded = started = true;
      return begin(sessionId, user);
    },
    pinSessionId(id: string): void {
      load();
      pinnedSessionId = id;
      if (started && current) {
        current.sessionId = id;
        persist();
      }
    },
    pinUserId(id: string): void {
      load();
      pinnedUserId = id;
      if (started && current) current.userId = id;
    },
    setAllowCookies(allow: boolean): void {
      load();
      s.allowCookies = allow;
      if (allow && started && current) {
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
