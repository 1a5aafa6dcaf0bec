import type { CookieAttributes, CookieJar } from '../domain/types';

const IP_OR_LOCAL = /^(localhost|\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\])$/i;

/** document.cookie, or '' where the page may not use cookies (a sandboxed frame throws). */
const jar = (value?: string): string => {
  try {
    if (value === undefined) return document.cookie;
    document.cookie = value;
  } catch {
    // no cookies here: sessions live in memory for this page
  }
  return '';
};

/**
 * Reads and writes the client's cookies with the configured attributes. Reading
 * document.cookie asks the browser's network process (a synchronous round trip in Chromium,
 * about as costly as the rest of an event): what one task reads is read once, and a write
 * makes the next read ask again.
 */
export const createCookieJar = (attrs: CookieAttributes): CookieJar => {
  let read: string | undefined;
  let readAt = 0;
  const cookies = (): string => {
    // (A page frozen for the back-forward cache in a hide's task may skip the end of that
    // task: what was read then is not kept past a few milliseconds, whatever happens.)
    if (read !== undefined && Date.now() - readAt < 20) return read;
    const now = jar();
    read = undefined;
    try {
      // (Kept only when it will be forgotten at the end of the task.)
      queueMicrotask(() => (read = undefined));
      read = now;
      readAt = Date.now();
    } catch {
      // queueMicrotask replaced by the page: every read asks
    }
    return now;
  };
  /** A development host where the browser refused a Secure cookie: written without Secure. */
  let insecure = false;
  /** Whether a write has shown that Secure cookies are kept (or refused) here. */
  let checked = false;
  const suffix = (secure = attrs.secure): string => {
    let s = `; path=${attrs.path}; SameSite=${attrs.sameSite}`;
    // A Domain attribute widens a cookie to subdomains; browsers refuse it for IPs/localhost.
    if (!IP_OR_LOCAL.test(attrs.domain)) s += `; domain=${attrs.domain}`;
    if (secure) s += '; Secure';
    return s;
  };
  const jarApi = {
    get(name: string): string | undefined {
      for (const part of cookies().split('; ')) {
        const eq = part.indexOf('=');
        if (part.slice(0, eq) === name) {
          const raw = part.slice(eq + 1);
          try {
            return decodeURIComponent(raw);
          } catch {
            // Malformed percent-encoding (a literal "100%"): not ours, the reader discards it.
            return raw;
          }
        }
      }
      return undefined;
    },
    set(name: string, value: string, expires: number): void {
      const cookie = `${name}=${encodeURIComponent(value)}; expires=${new Date(expires).toUTCString()}`;
      // WebKit refuses Secure cookies on http://localhost and 127.0.0.1, secure contexts where
      // the other engines keep them: on a development host (loopback, an IP), it goes without.
      // The first write that changes a cookie tells which (one that leaves it as it was
      // cannot); until then each write is read back.
      const check = attrs.secure && !checked && IP_OR_LOCAL.test(location.hostname);
      const before = check && jarApi.get(name);
      jar(cookie + suffix(attrs.secure && !insecure));
      read = undefined;
      if (check) {
        const after = jarApi.get(name) ?? '';
        if (after !== value) {
          insecure = checked = true;
          jar(cookie + suffix(false));
          read = undefined;
        } else if ((before ?? '') !== value) checked = true;
      }
    },
    remove(name: string): void {
      jarApi.set(name, '', 0);
    },
  };
  return jarApi;
};

export type { CookieJar };
