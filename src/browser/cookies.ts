import type { CookieAttributes } from '../boot/config';

const IP_OR_LOCAL = /^(localhost|\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\])$/i;

/** Reads and writes the client's cookies with the configured attributes. */
export const createCookieJar = (attrs: CookieAttributes) => {
  const suffix = (): string => {
    let s = `; path=${attrs.path}; SameSite=${attrs.sameSite}`;
    // A Domain attribute widens a cookie to subdomains; browsers refuse it for IPs/localhost.
    if (!IP_OR_LOCAL.test(attrs.domain)) s += `; domain=${attrs.domain}`;
    if (attrs.secure) s += '; Secure';
    return s;
  };
  return {
    get(name: string): string | undefined {
      for (const part of document.cookie.split('; ')) {
        const eq = part.indexOf('=');
        if (part.slice(0, eq) === name) return decodeURIComponent(part.slice(eq + 1));
      }
      return undefined;
    },
    set(name: string, value: string, expires: number): void {
      document.cookie = `${name}=${encodeURIComponent(value)}; expires=${new Date(expires).toUTCString()}${suffix()}`;
    },
    remove(name: string): void {
      document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT${suffix()}`;
    },
  };
};

export type CookieJar = ReturnType<typeof createCookieJar>;
