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

/** Reads and writes the client's cookies with the configured attributes. */
export const createCookieJar = (attrs: CookieAttributes): CookieJar => {
  const suffix = (secure = attrs.secure): string => {
    let s = `; path=${attrs.path}; SameSite=${attrs.sameSite}`;
    // A Domain attribute widens a cookie to subdomains; browsers refuse it for IPs/localhost.
    if (!IP_OR_LOCAL.test(attrs.domain)) s += `; domain=${attrs.domain}`;
    if (secure) s += '; Secure';
    return s;
  };
  const jarApi = {
    get(name: string): string | undefined {
      for (const part of jar().split('; ')) {
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
      jar(cookie + suffix());
      // WebKit refuses Secure cookies on http://localhost and 127.0.0.1, secure contexts where
      // the other engines keep them: on a development host (loopback, an IP), it goes without.
      if (attrs.secure && IP_OR_LOCAL.test(location.hostname) && jarApi.get(name) !== value)
        jar(cookie + suffix(false));
    },
    remove(name: string): void {
      jarApi.set(name, '', 0);
    },
  };
  return jarApi;
};

export type { CookieJar };
