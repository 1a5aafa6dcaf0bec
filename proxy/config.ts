/**
 * The proxy's settings: what `startProxy` takes, the defaults, and the checks that turn a
 * config file, environment variables and flags (cli/proxy.ts) into them. Every mistake is a
 * `ProxyConfigError` whose message names the setting, so a proxy never starts half-configured.
 */
import { isUuid, REGION_RE } from '../src/domain/rules';
import { checkAllowOrigins } from '../emulator/origins';
import { MAX_BODY_BYTES } from '../emulator/limits';

/** A token bucket: `perSecond` requests on average, `burst` at once. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** Credentials as the AWS SDK's providers give them. */
export interface ProxyCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface ProxyOptions {
  /** The data plane to forward to: `https://dataplane.rum.REGION.amazonaws.com` (or a test double). */
  upstream: string;
  /** The signing region; default: read from the upstream's host name. */
  region?: string;
  /** The app monitor ids this proxy serves; any other is refused. */
  appMonitors: string[];
  /** Page origins allowed to send (`https://www.example.com`), or `['*']`. */
  allowOrigins: string[];
  /** Port to listen on; default 8080 (0: any free port). */
  port?: number;
  /** Address to listen on; default all interfaces. */
  host?: string;
  /**
   * How many proxies (load balancers) in front of this one append to `X-Forwarded-For`; the
   * client address is the one they saw. Default 0: the connection's own address.
   */
  trustProxy?: number;
  /** Per client address (IPv6 by its /64). Default 50/s, burst 200. */
  rateAddress?: RateLimit;
  /** Per `UserDetails.sessionId`. Default 5/s, burst 40. */
  rateSession?: RateLimit;
  /** Most keys each rate table holds; the least recently seen goes first. Default 20,000. */
  rateKeys?: number;
  /** Most bytes of one request body, as sent. Default 1 MiB (the emulator's). */
  maxBodyBytes?: number;
  /** Most request body bytes held at once, over all requests; past it, 503. Default 64 MiB. */
  maxBufferedBytes?: number;
  /** Tries per batch upstream (the first included). Default 3. */
  maxAttempts?: number;
  /** One upstream try's deadline, ms. Default 10,000. */
  upstreamTimeoutMs?: number;
  /** After SIGTERM, how long in-flight requests have to finish, ms. Default 25,000. */
  shutdownTimeoutMs?: number;
  logLevel?: LogLevel;
  /** Where log lines go (one JSON object each); default stdout. */
  log?: (line: string) => void;
  /**
   * Server-side credentials; default the AWS SDK's default provider chain (environment, shared
   * config and profile, web identity, container and instance metadata).
   */
  credentials?: () => Promise<ProxyCredentials>;
}

/** `ProxyOptions` with every default filled in. */
export type ProxySettings = Required<Omit<ProxyOptions, 'credentials' | 'log' | 'host'>> &
  Pick<ProxyOptions, 'credentials' | 'log' | 'host'> & { upstreamUrl: URL };

export class ProxyConfigError extends Error {}

const DATAPLANE_HOST = /^dataplane\.rum\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export const DEFAULTS = Object.freeze({
  port: 8080,
  trustProxy: 0,
  rateAddress: { perSecond: 50, burst: 200 },
  rateSession: { perSecond: 5, burst: 40 },
  rateKeys: 20_000,
  maxBodyBytes: MAX_BODY_BYTES,
  maxBufferedBytes: 64 * 1024 * 1024,
  maxAttempts: 3,
  upstreamTimeoutMs: 10_000,
  shutdownTimeoutMs: 25_000,
  logLevel: 'info' as LogLevel,
});

const fail = (message: string): never => {
  throw new ProxyConfigError(message);
};

const wholeNumber = (value: unknown, field: string, min: number, max: number): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${field} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}.`);
  }
  return value as number;
};

const rate = (value: unknown, field: string): RateLimit => {
  const r = value as Partial<RateLimit> | null;
  if (r === null || typeof r !== 'object') {
    return fail(`${field} must be { "perSecond": N, "burst": N }; got ${JSON.stringify(value)}.`);
  }
  const perSecond = r.perSecond;
  if (typeof perSecond !== 'number' || !(perSecond > 0) || perSecond > 1e6) {
    fail(`${field}.perSecond must be a number above 0; got ${JSON.stringify(perSecond)}.`);
  }
  return { perSecond: perSecond as number, burst: wholeNumber(r.burst, `${field}.burst`, 1, 1e6) };
};

/** Checks `options` and fills in the defaults. */
export function settle(options: ProxyOptions): ProxySettings {
  const o = options as Partial<ProxyOptions>;
  if (typeof o.upstream !== 'string' || !o.upstream) {
    fail(
      'upstream (--upstream, CWR_PROXY_UPSTREAM) is required: the data plane URL, ' +
        'https://dataplane.rum.REGION.amazonaws.com.',
    );
  }
  let upstreamUrl: URL;
  try {
    upstreamUrl = new URL(o.upstream as string);
  } catch {
    return fail(`upstream must be a URL; got ${JSON.stringify(o.upstream)}.`);
  }
  if (upstreamUrl.protocol !== 'https:' && upstreamUrl.protocol !== 'http:') {
    fail(`upstream must be an http(s) URL; got ${o.upstream}.`);
  }
  if (upstreamUrl.search || upstreamUrl.hash) fail('upstream must not have a query or fragment.');
  const region = o.region ?? DATAPLANE_HOST.exec(upstreamUrl.hostname)?.[1];
  if (region === undefined) {
    fail(
      `region (--region, CWR_PROXY_REGION) is required: the upstream ${upstreamUrl.host} does not name one ` +
        "(dataplane.rum.REGION.amazonaws.com). Give the app monitor's region.",
    );
  }
  if (typeof region !== 'string' || !REGION_RE.test(region)) {
    fail(`region must be an AWS region such as us-east-1; got ${JSON.stringify(region)}.`);
  }
  const monitors = o.appMonitors;
  if (!Array.isArray(monitors) || monitors.length === 0) {
    fail(
      'appMonitors (--app-monitor, CWR_PROXY_APP_MONITORS) is required: the id of each app ' +
        'monitor this proxy sends for.',
    );
  }
  for (const id of monitors as unknown[]) {
    if (!isUuid(id)) {
      fail(`appMonitors: ${JSON.stringify(id)} is not an app monitor id (a UUID).`);
    }
  }
  if (!Array.isArray(o.allowOrigins) || o.allowOrigins.length === 0) {
    fail(
      'allowOrigins (--allow-origin, CWR_PROXY_ALLOW_ORIGINS) is required: the origins of the pages that send (https://www.example.com), ' +
        'or ["*"] for any page.',
    );
  }
  let allowOrigins: string[];
  try {
    allowOrigins = checkAllowOrigins(o.allowOrigins);
  } catch (error) {
    return fail((error as Error).message);
  }
  const logLevel = o.logLevel ?? DEFAULTS.logLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    fail(`logLevel must be one of ${LOG_LEVELS.join(', ')}; got ${JSON.stringify(logLevel)}.`);
  }
  if (o.host !== undefined && (typeof o.host !== 'string' || !o.host)) {
    fail(`host must be an address to listen on; got ${JSON.stringify(o.host)}.`);
  }
  if (o.credentials !== undefined && typeof o.credentials !== 'function') {
    fail('credentials must be a function that resolves to AWS credentials.');
  }
  const prefix = upstreamUrl.pathname.replace(/\/+$/, '');
  upstreamUrl.pathname = prefix + '/';
  return {
    upstream: upstreamUrl.href,
    upstreamUrl,
    region: region as string,
    appMonitors: (monitors as string[]).map((id) => id.toLowerCase()),
    allowOrigins,
    port: wholeNumber(o.port ?? DEFAULTS.port, 'port', 0, 65535),
    host: o.host,
    trustProxy: wholeNumber(o.trustProxy ?? DEFAULTS.trustProxy, 'trustProxy', 0, 10),
    rateAddress: rate(o.rateAddress ?? DEFAULTS.rateAddress, 'rateAddress'),
    rateSession: rate(o.rateSession ?? DEFAULTS.rateSession, 'rateSession'),
    rateKeys: wholeNumber(o.rateKeys ?? DEFAULTS.rateKeys, 'rateKeys', 1, 10_000_000),
    maxBodyBytes: wholeNumber(o.maxBodyBytes ?? DEFAULTS.maxBodyBytes, 'maxBodyBytes', 1, 1 << 30),
    maxBufferedBytes: wholeNumber(
      o.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes,
      'maxBufferedBytes',
      1,
      2 ** 40,
    ),
    maxAttempts: wholeNumber(o.maxAttempts ?? DEFAULTS.maxAttempts, 'maxAttempts', 1, 10),
    upstreamTimeoutMs: wholeNumber(
      o.upstreamTimeoutMs ?? DEFAULTS.upstreamTimeoutMs,
      'upstreamTimeoutMs',
      1,
      600_000,
    ),
    shutdownTimeoutMs: wholeNumber(
      o.shutdownTimeoutMs ?? DEFAULTS.shutdownTimeoutMs,
      'shutdownTimeoutMs',
      0,
      3_600_000,
    ),
    logLevel,
    log: o.log,
    credentials: o.credentials,
  };
}
