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
 * about as costly as the rest of an event): what was read is used again for 20 ms (one
 * task's reads are one), and a write makes the next read ask again.
 */
export const createCookieJar = (attrs: CookieAttributes): CookieJar => {
  let read: string | undefined;
  let readAt = 0;
  const cookies = (): string =>
    read !== undefined && Date.now() - readAt < 20 ? read : ((readAt = Date.now()), (read = jar()));
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
      // the other engines keep them: on such a development host the cookie is written without
      // Secure first, then with it (which replaces it where Secure cookies are kept).
      if (attrs.secure && IP_OR_LOCAL.test(location.hostname)) jar(cookie + suffix(false));
      jar(cookie + suffix());
      read = undefined;
    },
    remove(name: string): void {
      jarApi.set(name, '', 0);
    },
  };
  return jarApi;
};

export type { CookieJar };
