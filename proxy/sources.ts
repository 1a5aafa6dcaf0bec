/**
 * Where a proxy's options come from besides code: a JSON config file (the `ProxyOptions`
 * keys) and environment variables (`CWR_PROXY_*`, and `PORT` as container platforms set it).
 * The command line (cli/proxy.ts) lays its flags over the environment, over the file.
 */
import fs from 'node:fs';
import { ProxyConfigError, type LogLevel, type ProxyOptions, type RateLimit } from './config';

/** Environment variable → option. Lists are comma-separated. */
export const ENV = {
  CWR_PROXY_CONFIG: 'a config file (JSON) to read first',
  CWR_PROXY_UPSTREAM: 'upstream',
  CWR_PROXY_REGION: 'region',
  CWR_PROXY_APP_MONITORS: 'appMonitors (comma-separated)',
  CWR_PROXY_ALLOW_ORIGINS: 'allowOrigins (comma-separated)',
  CWR_PROXY_PORT: 'port (else PORT)',
  CWR_PROXY_HOST: 'host',
  CWR_PROXY_TRUST_PROXY: 'trustProxy',
  CWR_PROXY_RATE_ADDRESS: 'rateAddress, as PER_SECOND:BURST',
  CWR_PROXY_RATE_SESSION: 'rateSession, as PER_SECOND:BURST',
  CWR_PROXY_LOG_LEVEL: 'logLevel',
} as const;

const KEYS = new Set([
  'upstream',
  'region',
  'appMonitors',
  'allowOrigins',
  'port',
  'host',
  'trustProxy',
  'rateAddress',
  'rateSession',
  'rateKeys',
  'maxBodyBytes',
  'maxBufferedBytes',
  'maxAttempts',
  'upstreamTimeoutMs',
  'shutdownTimeoutMs',
  'logLevel',
]);

/** A config file's options; unknown keys are a mistake worth stopping for. */
export function optionsFromFile(file: string): Partial<ProxyOptions> {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ProxyConfigError(
      `The config file ${file} cannot be read as JSON: ${(error as Error).message}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ProxyConfigError(`The config file ${file} must hold a JSON object of options.`);
  }
  for (const key of Object.keys(value)) {
    if (!KEYS.has(key)) {
      throw new ProxyConfigError(
        `The config file ${file} has an unknown option '${key}'; the options are ${[...KEYS].join(', ')}.`,
      );
    }
  }
  return value as Partial<ProxyOptions>;
}

/** `PER_SECOND:BURST` (or `PER_SECOND`, burst 4× that). */
export function parseRate(text: string, field: string): RateLimit {
  const m = /^(\d+(?:\.\d+)?)(?::(\d+))?$/.exec(text.trim());
  if (!m)
    throw new ProxyConfigError(`${field} must be PER_SECOND[:BURST], e.g. 5:40; got '${text}'.`);
  const perSecond = Number(m[1]);
  return { perSecond, burst: m[2] ? Number(m[2]) : Math.max(1, Math.ceil(perSecond * 4)) };
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A whole number from text (a flag or a variable), or a ProxyConfigError naming `field`. */
export const parseWhole = (text: string, field: string): number => {
  if (!/^\d+$/.test(text.trim()))
    throw new ProxyConfigError(`${field} must be a whole number; got '${text}'.`);
  return Number(text);
};

/** The options the environment sets (the file named by CWR_PROXY_CONFIG under them). */
export function optionsFromEnv(env: Record<string, string | undefined>): Partial<ProxyOptions> {
  const o: Partial<ProxyOptions> = env.CWR_PROXY_CONFIG
    ? optionsFromFile(env.CWR_PROXY_CONFIG)
    : {};
  const v = (name: keyof typeof ENV) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const upstream = v('CWR_PROXY_UPSTREAM');
  if (upstream) o.upstream = upstream;
  const region = v('CWR_PROXY_REGION');
  if (region) o.region = region;
  const monitors = v('CWR_PROXY_APP_MONITORS');
  if (monitors) o.appMonitors = list(monitors);
  const origins = v('CWR_PROXY_ALLOW_ORIGINS');
  if (origins) o.allowOrigins = list(origins);
  const port = v('CWR_PROXY_PORT') ?? (env.PORT || undefined);
  if (port) o.port = parseWhole(port, 'CWR_PROXY_PORT');
  const host = v('CWR_PROXY_HOST');
  if (host) o.host = host;
  const trust = v('CWR_PROXY_TRUST_PROXY');
  if (trust) o.trustProxy = parseWhole(trust, 'CWR_PROXY_TRUST_PROXY');
  const rateAddress = v('CWR_PROXY_RATE_ADDRESS');
  if (rateAddress) o.rateAddress = parseRate(rateAddress, 'CWR_PROXY_RATE_ADDRESS');
  const rateSession = v('CWR_PROXY_RATE_SESSION');
  if (rateSession) o.rateSession = parseRate(rateSession, 'CWR_PROXY_RATE_SESSION');
  const level = v('CWR_PROXY_LOG_LEVEL');
  if (level) o.logLevel = level as LogLevel;
  return o;
}
