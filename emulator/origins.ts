import { isIP } from 'node:net';

/**
 * Who may use the emulator's control and inspection routes (`/_emulator/*`). The emulator
 * listens on loopback, but any page the developer visits can send requests there; the AWS
 * operations stay open to every page (the pages under test live anywhere), the routes that
 * read what arrived, clear it or change the account answer only:
 *
 * - callers without an `Origin` (curl, Node, a top-level navigation to the viewer);
 * - pages on loopback origins: `http(s)://localhost`, `127.0.0.0/8`, `[::1]`, any port;
 * - pages of the emulator's own origin (the viewer, reached at whatever address);
 * - the origins given in `allowOrigins` (`--allow-origin`), or every one with `'*'`.
 *
 * And, against DNS rebinding (a hostile name that resolves to 127.0.0.1, which makes the
 * hostile page "same-origin"), only requests whose `Host` is an IP address, `localhost` or the
 * emulator's configured host, unless `allowOrigins` is `'*'`.
 */

export type CorsDecision =
  { allowed: true; origin: string | undefined } | { allowed: false; reason: string };

export class OriginPolicy {
  private readonly all: boolean;
  private readonly allowed: Set<string>;
  private readonly host: string;

  constructor(allowOrigins: string[] | undefined, host: string) {
    this.allowed = new Set(checkAllowOrigins(allowOrigins));
    this.all = this.allowed.has('*');
    this.host = host.toLowerCase();
  }

  /** Whether a control request may be answered, and the origin to grant reading it to. */
  controlCors(headers: Record<string, string>): CorsDecision {
    const origin = headers.origin;
    if (this.all) return { allowed: true, origin };
    const host = headers.host;
    if (host !== undefined && !this.trustedHost(host)) {
      return {
        allowed: false,
        reason: `the Host '${host}' is not an IP address, localhost or the emulator's --host`,
      };
    }
    if (origin === undefined) return { allowed: true, origin };
    if (this.allowed.has(origin) || isLoopbackOrigin(origin)) return { allowed: true, origin };
    if (host !== undefined && sameOrigin(origin, host)) return { allowed: true, origin };
    return { allowed: false, reason: `the page's origin ${origin} is none of these` };
  }

  /**
   * Whether a Private Network Access preflight from `origin` is granted: for loopback pages and
   * the allowed origins only, so a public page cannot use the browser to reach this machine.
   */
  privateNetwork(origin: string | undefined): boolean {
    if (origin === undefined) return false;
    return this.all || this.allowed.has(origin) || isLoopbackOrigin(origin);
  }

  /** A Host a hostile DNS name cannot stand behind: an IP literal, localhost, or `--host`. */
  private trustedHost(host: string): boolean {
    const name = hostName(host);
    return (
      name !== undefined &&
      (isIP(unbracket(name)) !== 0 || isLoopbackName(name) || name === this.host)
    );
  }
}

/** `allowOrigins` as given, each checked: `'*'` or an origin, `scheme://host[:port]`. */
export function checkAllowOrigins(allowOrigins: unknown): string[] {
  if (allowOrigins === undefined) return [];
  if (!Array.isArray(allowOrigins)) {
    throw new TypeError('allowOrigins must be a list of origins (or ["*"]).');
  }
  return allowOrigins.map((origin: unknown) => {
    if (origin === '*') return origin;
    let parsed: URL | undefined;
    try {
      parsed = typeof origin === 'string' ? new URL(origin) : undefined;
    } catch {
      parsed = undefined;
    }
    if (
      !parsed ||
      (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
      parsed.origin !== String(origin).replace(/\/$/, '')
    ) {
      throw new TypeError(
        `allowOrigins: '${String(origin)}' is not an origin (http(s)://host[:port], as a page's ` +
          "Origin header has it) or '*'.",
      );
    }
    return parsed.origin;
  });
}

/** `http(s)://localhost`, `127.x.y.z` or `[::1]`, any port. */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return isLoopbackName(url.hostname);
}

function isLoopbackName(name: string): boolean {
  const bare = unbracket(name.toLowerCase());
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/** The page came from this server, at the address it was reached by. */
function sameOrigin(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host.toLowerCase()
    );
  } catch {
    return false;
  }
}

/** The name in a Host header, without the port (IPv6 literals keep their brackets). */
function hostName(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function unbracket(name: string): string {
  return name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
}
