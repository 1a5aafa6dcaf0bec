import { logger } from '../tools/logger';
import type { Plugin } from '../plugins/plugin';
import type { CredentialsInput } from '../auth/credentials';

export type PageIdFormat = 'PATH' | 'HASH' | 'PATH_AND_HASH';
export type TelemetryName = 'errors' | 'http' | 'performance' | 'interaction' | 'replay';
export type TelemetryConfig = TelemetryName | [TelemetryName, Record<string, unknown>];
export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

export interface CookieAttributes {
  domain: string;
  path: string;
  sameSite: 'Strict' | 'Lax' | 'None';
  secure: boolean;
  unique: boolean;
}

/** Every option accepted by `new AwsRum(...)` and the snippet; all are optional. */
export interface AwsRumConfig {
  sessionSampleRate?: number;
  sessionEventLimit?: number;
  identityPoolId?: string;
  guestRoleArn?: string;
  /** Our addition: the Cognito Identity endpoint (default: the identity pool region's public one). */
  cognitoEndpoint?: string;
  /** Our addition: the STS endpoint (default: the region's public one). */
  stsEndpoint?: string;
  endpoint?: string;
  signing?: boolean;
  telemetries?: TelemetryConfig[];
  allowCookies?: boolean;
  cookieAttributes?: Partial<CookieAttributes>;
  sessionLengthSeconds?: number;
  sessionAttributes?: Attributes;
  disableAutoPageView?: boolean;
  pageIdFormat?: PageIdFormat;
  pagesToInclude?: RegExp[];
  pagesToExclude?: RegExp[];
  enableRumClient?: boolean;
  enableXRay?: boolean;
  enableW3CTraceId?: boolean;
  recordResourceUrl?: boolean;
  dispatchInterval?: number;
  batchLimit?: number;
  eventCacheSize?: number;
  retries?: number;
  useBeacon?: boolean;
  compressionStrategy?: { enabled: boolean };
  headers?: Record<string, string>;
  alias?: string;
  releaseId?: string;
  debug?: boolean;
  eventPluginsToLoad?: Plugin[];
  routeChangeComplete?: number;
  routeChangeTimeout?: number;
  userIdRetentionDays?: number;
  sessionId?: string;
  userId?: string;
  suppressSessionStartEvent?: boolean;
  applicationAttributes?: Attributes;
  fetchFunction?: typeof fetch;
  /**
   * Sees every event before it is queued, as `{ type, details, metadata }`: return it (changed
   * or not) to keep it, or `false` / `null` to drop it. An event it throws on is dropped.
   */
  beforeSend?: (event: {
    type: string;
    details: object;
    metadata: Record<string, unknown>;
  }) => { details?: object; metadata?: Record<string, unknown> } | false | null | undefined;
  /** Our addition: app-supplied credentials at construction (same forms as setAwsCredentials). */
  credentials?: CredentialsInput;
}

export type Config = Required<
  Omit<AwsRumConfig, 'cookieAttributes' | 'telemetries' | 'credentials'>
> & {
  cookieAttributes: CookieAttributes;
  telemetries: [TelemetryName, Record<string, unknown>][];
  credentials?: CredentialsInput;
  /** `endpoint` as a URL object, path ending in '/'. */
  endpointUrl: URL;
};

// A check returns undefined when the value is fine, otherwise what was expected.
type Check = (v: unknown) => string | undefined;

const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
const num =
  (min: number, max = Infinity, int = false): Check =>
  (v) =>
    typeof v === 'number' && v >= min && v <= max && (!int || Number.isInteger(v))
      ? undefined
      : `${int ? 'an integer' : 'a number'} ${max === Infinity ? `>= ${min}` : `from ${min} to ${max}`}`;
const str =
  (re?: RegExp, what = 'a non-empty string'): Check =>
  (v) =>
    typeof v === 'string' && v.length > 0 && (!re || re.test(v)) ? undefined : what;
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    values.includes(v as string) ? undefined : values.map((x) => `'${x}'`).join(' or ');
const regexps: Check = (v) =>
  Array.isArray(v) && v.every((r) => r instanceof RegExp) ? undefined : 'an array of RegExp';
const plainObject: Check = (v) =>
  v && typeof v === 'object' && !Array.isArray(v) ? undefined : 'an object';
const fn: Check = (v) => (typeof v === 'function' ? undefined : 'a function');
const array: Check = (v) => (Array.isArray(v) ? undefined : 'an array');
const anything: Check = () => undefined;
const url: Check = (v) => {
  try {
    return /^https?:$/.test(new URL(v as string).protocol) ? undefined : 'an http(s) URL';
  } catch {
    return 'an absolute http(s) URL';
  }
};

const TELEMETRY_NAMES = ['errors', 'http', 'performance', 'interaction', 'replay'];

// [default, check] per key. `endpoint` is filled in from the region after validation.
const RULES: { [K in keyof AwsRumConfig]-?: [unknown, Check] } = {
  sessionSampleRate: [1, num(0, 1)],
  sessionEventLimit: [200, num(0, Infinity, true)],
  identityPoolId: [
    undefined,
    str(/^[\w-]+:[0-9a-f-]+$/i, "an identity pool id like 'us-west-2:uuid'"),
  ],
  guestRoleArn: [undefined, str(/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/, 'an IAM role ARN')],
  cognitoEndpoint: [undefined, url],
  stsEndpoint: [undefined, url],
  endpoint: [undefined, url],
  signing: [true, bool],
  telemetries: [['errors', 'performance', 'http'], array],
  allowCookies: [false, bool],
  cookieAttributes: [undefined, plainObject],
  sessionLengthSeconds: [1800, num(1)],
  sessionAttributes: [{}, plainObject],
  disableAutoPageView: [false, bool],
  pageIdFormat: ['PATH', oneOf('PATH', 'HASH', 'PATH_AND_HASH')],
  pagesToInclude: [[/.*/], regexps],
  pagesToExclude: [[], regexps],
  enableRumClient: [true, bool],
  enableXRay: [false, bool],
  enableW3CTraceId: [false, bool],
  recordResourceUrl: [true, bool],
  dispatchInterval: [5000, num(0)],
  batchLimit: [100, num(1, 100, true)],
  eventCacheSize: [1000, num(1, Infinity, true)],
  retries: [2, num(0, 10, true)],
  useBeacon: [true, bool],
  compressionStrategy: [
    { enabled: true },
    (v) =>
      plainObject(v) || (bool((v as { enabled: unknown }).enabled) && '{ enabled: true | false }'),
  ],
  headers: [
    {},
    (v) =>
      plainObject(v) ||
      (Object.values(v as object).every((h) => typeof h === 'string')
        ? undefined
        : 'an object of string values'),
  ],
  alias: [
    undefined,
    (v) =>
      typeof v === 'string' && v.length >= 1 && v.length <= 255
        ? undefined
        : 'a string of 1 to 255 characters',
  ],
  releaseId: [
    undefined,
    str(/^[a-zA-Z0-9_\-:/.]{1,200}$/, 'up to 200 characters of a-z A-Z 0-9 _ - : / .'),
  ],
  debug: [false, bool],
  eventPluginsToLoad: [[], array],
  routeChangeComplete: [100, num(0)],
  routeChangeTimeout: [10000, num(0)],
  userIdRetentionDays: [30, num(0)],
  sessionId: [undefined, str()],
  userId: [undefined, str()],
  suppressSessionStartEvent: [false, bool],
  applicationAttributes: [undefined, plainObject],
  fetchFunction: [undefined, fn],
  beforeSend: [undefined, fn],
  credentials: [undefined, anything],
};

const show = (v: unknown): string => {
  if (v instanceof RegExp || typeof v === 'function') return String(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

const warnKey = (key: string, expected: string, got: unknown, fallback: unknown): void =>
  logger.warn(
    `config.${key} must be ${expected}, got ${show(got)}; using the default ${show(fallback)}.`,
  );

export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Resolves the user's config against the defaults. Never throws: a bad value produces one
 * console warning naming the key, what was wrong and the default used instead.
 */
export const resolveConfig = (region: string, input: unknown): Config => {
  const given = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  if (input !== undefined && input !== null && given !== input) {
    logger.warn(`config must be an object, got ${show(input)}; using the defaults.`);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(RULES) as (keyof AwsRumConfig)[]) {
    const [fallback, check] = RULES[key];
    const value = given[key];
    let problem: string | undefined | false;
    if (value === undefined || (problem = check(value)) === undefined) {
      out[key] = value === undefined ? fallback : value;
    } else {
      warnKey(key, problem as string, value, fallback);
      out[key] = fallback;
    }
  }
  for (const key of Object.keys(given)) {
    if (!(key in RULES)) logger.warn(`config.${key} is not a known option; it is ignored.`);
  }

  const config = out as Config;
  config.cookieAttributes = resolveCookieAttributes(given.cookieAttributes);
  config.telemetries = resolveTelemetries(config.telemetries as unknown[]);
  config.endpointUrl = new URL(
    (config.endpoint as string | undefined) ?? `https://dataplane.rum.${region}.amazonaws.com`,
  );
  if (!config.endpointUrl.pathname.endsWith('/')) config.endpointUrl.pathname += '/';
  config.endpoint = config.endpointUrl.href;
  return config;
};

const COOKIE_RULES: { [K in keyof CookieAttributes]: Check } = {
  domain: str(),
  path: str(),
  sameSite: oneOf('Strict', 'Lax', 'None'),
  secure: bool,
  unique: bool,
};

const resolveCookieAttributes = (given: unknown): CookieAttributes => {
  const attrs: CookieAttributes = {
    domain: location.hostname,
    path: '/',
    sameSite: 'Strict',
    secure: true,
    unique: false,
  };
  if (given && typeof given === 'object') {
    for (const [key, value] of Object.entries(given)) {
      const check = COOKIE_RULES[key as keyof CookieAttributes];
      const problem = check ? check(value) : 'a known cookie attribute';
      if (problem)
        warnKey(`cookieAttributes.${key}`, problem, value, attrs[key as keyof CookieAttributes]);
      else (attrs as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return attrs;
};

const resolveTelemetries = (given: unknown[]): Config['telemetries'] => {
  const out: Config['telemetries'] = [];
  given.forEach((t, i) => {
    const [name, options] = Array.isArray(t) ? t : [t, {}];
    if (!TELEMETRY_NAMES.includes(name)) {
      logger.warn(
        `config.telemetries[${i}] must be one of ${TELEMETRY_NAMES.join(', ')} (or [name, options]), got ${show(t)}; it is ignored.`,
      );
    } else {
      out.push([name, options && typeof options === 'object' ? options : {}]);
    }
  });
  return out;
};
