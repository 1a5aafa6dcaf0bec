import type { CookieJar, Tell } from './types';
import type { Clock } from '../tools/clock';
import { isUuid } from './rules';
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
  /** The page the visitor was last on in this session (read from and kept in the cookie). */
  page?: SessionPage;
}

/** What the cookie keeps of the last page: a reload resumes it, the next page links to it. */
export interface SessionPage {
  pageId: string;
  interaction: number;
  /** When it was viewed (epoch ms). */
  start: number;
  parentPageId?: string;
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
  /** Debug notes, by message key (src/diagnostics/messages.ts). */
  note: Tell = () => undefined,
) => {
  const lengthMs = s.sessionLengthSeconds * 1000;
  let pinnedSessionId = s.sessionId;
  let pinnedUserId = s.userId;
  /** Expiry as last written to the cookie. */
  let writtenExpires = 0;

  /** A cookie the page (or another script, or an old client) wrote that is not ours to trust. */
  const discard = (name: string): undefined => {
    note('cookie-bad', { name });
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

  // The cookie is in the predecessor's format (base64 JSON of { sessionId, record, eventCount,
  // page }), so visitors keep their session when a site swaps clients, either way. `expires`
  // is ours; without it the cookie's own expiry (the session length) says it is live.
  const readCookie = (): Session | undefined => {
    const raw = s.allowCookies && cookies.get(s.sessionCookie);
    if (!raw) return;
    let c;
    try {
      c = JSON.parse(atob(raw));
    } catch {
      // not base64 JSON: the page's
    }
    const now = clock.now();
    const p = c?.page;
    if (
      !c ||
      !isUuid(c.sessionId) ||
      typeof c.record != 'boolean' ||
      !whole(c.eventCount) ||
      (c.expires !== undefined && !whole(c.expires)) ||
      (p !== undefined &&
        (typeof p?.pageId != 'string' ||
          !whole(p.interaction) ||
          !whole(p.start) ||
          (p.parentPageId !== undefined && typeof p.parentPageId != 'string')))
    )
      return discard(s.sessionCookie);
    // Expired: a new session. (An expiry beyond the session's length is not trusted.)
    const expires = Math.min(c.expires ?? Infinity, now + lengthMs);
    if (expires > now)
      return {
        sessionId: c.sessionId,
        userId: userId(),
        record: c.record,
        eventCount: c.eventCount,
        pageViews: p ? p.interaction + 1 : 0,
        expires,
        page: p && {
          pageId: p.pageId,
          interaction: p.interaction,
          start: p.start,
          parentPageId: p.parentPageId,
        },
      };
  };

  const encode = (c: Session, page?: SessionPage): string =>
    btoa(
      // (Page ids an app gives may be any text: escaped to ASCII, which btoa needs.)
      JSON.stringify({
        sessionId: c.sessionId,
        record: c.record,
        eventCount: c.eventCount,
        page,
        expires: c.expires,
      }).replace(/[^\0-~]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')),
    );
  const persist = (): void => {
    if (!s.allowCookies || !current) return;
    writtenExpires = current.expires;
    let value = encode(current, current.page);
    // A cookie over 4 KB is not stored at all: without the page (very long page ids), a
    // reload is a new page view, but the session goes on.
    if (value.length > 3000) value = encode(current);
    cookies.set(s.sessionCookie, value, current.expires);
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
    /** Reads the cookie again when next needed: another page of the site may have moved on. */
    reread(): void {
      loaded = false;
    },
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
