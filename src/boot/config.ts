import type { Plugin } from '../plugins/plugin';
import type { CredentialsInput } from '../auth/credentials';
import { isUuid } from '../domain/rules';
import { type UrlKind, type UrlNormalizer, urlGrouper } from '../domain/urls';
import { own } from '../tools/own';
import { pageHost } from '../browser/page';
import type {
  Attributes,
  Check,
  AttributeValue,
  BadValue,
  CookieAttributes,
  PageIdFormat,
  Unknown,
  Warn,
} from '../domain/types';

export type {
  Attributes,
  AttributeValue,
  BadValue,
  CookieAttributes,
  PageIdFormat,
  Unknown,
  UrlKind,
  UrlNormalizer,
  Warn,
};

export type TelemetryName = 'errors' | 'http' | 'performance' | 'interaction' | 'replay';
export type TelemetryConfig = TelemetryName | [TelemetryName, Record<string, unknown>];
/** The predecessor's factory of its data-plane client; see `clientBuilder`. */
export type ClientBuilder = (...args: never[]) => unknown;

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
  /**
   * Our addition: groups page ids and the URLs of http and resource events (`/orders/123` →
   * `/orders/:id`). `true` for the built-in patterns; a function gets the URL, its kind and
   * the built-in grouping, and returns the URL to record (docs/insights.md).
   */
  urlNormalizer?: UrlNormalizer;
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
  /** Accepted for the predecessor's sake; no effect (there are no candidate events here). */
  candidatesCacheSize?: number;
  /** The predecessor's data-plane client factory: refused with one warning (our own transport). */
  clientBuilder?: ClientBuilder;
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
  /** A URL as recorded: grouped by config.urlNormalizer (the URL itself without one). */
  groupUrl: (url: string, kind: UrlKind) => string;
};

// A check tells whether a value is fine. What each key must be is said in the diagnostics
// chunk (src/diagnostics/options.ts), which only a page with a problem loads.

const bool: Check = (v) => typeof v === 'boolean';
const num =
  (min: number, max = Infinity, int = false): Check =>
  (v) =>
    typeof v === 'number' && v >= min && v <= max && (!int || Number.isInteger(v));
const str =
  (re?: RegExp): Check =>
  (v) =>
    typeof v === 'string' && v.length > 0 && (!re || re.test(v));
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    values.includes(v as string);
const regexps: Check = (v) => Array.isArray(v) && v.every((r) => r instanceof RegExp);
const plainObject: Check = (v) => v && typeof v === 'object' && !Array.isArray(v);
const fn: Check = (v) => typeof v === 'function';
const array: Check = Array.isArray;
const anything: Check = () => true;
const url: Check = (v) => {
  try {
    return /^https?:$/.test(new URL(v as string).protocol);
  } catch {
    return false;
  }
};

export const TELEMETRY_NAMES = ['errors', 'http', 'performance', 'interaction', 'replay'];

/** `key in o` for own properties only: config keys like 'constructor' are not options. */
const has = (o: object, key: unknown): boolean =>
  Object.prototype.hasOwnProperty.call(o, key as string);

// [default, check] per key. `endpoint` is filled in from the region after validation.
const RULES: { [K in keyof AwsRumConfig]-?: [unknown, Check] } = {
  sessionSampleRate: [1, num(0, 1)],
  sessionEventLimit: [200, num(0, Infinity, true)],
  identityPoolId: [undefined, str(/^[\w-]+:[0-9a-f-]+$/i)],
  guestRoleArn: [undefined, str(/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/)],
  cognitoEndpoint: [undefined, url],
  stsEndpoint: [undefined, url],
  endpoint: [undefined, url],
  signing: [true, bool],
  telemetries: [['errors', 'performance', 'http', 'replay'], array],
  allowCookies: [false, bool],
  cookieAttributes: [undefined, plainObject],
  sessionLengthSeconds: [1800, num(1)],
  sessionAttributes: [{}, plainObject],
  disableAutoPageView: [false, bool],
  pageIdFormat: ['PATH', oneOf('PATH', 'HASH', 'PATH_AND_HASH', 'PATH_AND_SEARCH')],
  pagesToInclude: [[/.*/], regexps],
  pagesToExclude: [[], regexps],
  urlNormalizer: [undefined, (v) => typeof v == 'boolean' || fn(v)],
  enableRumClient: [true, bool],
  enableXRay: [false, bool],
  enableW3CTraceId: [false, bool],
  recordResourceUrl: [true, bool],
  dispatchInterval: [5000, num(0)],
  batchLimit: [100, num(1, 100, true)],
  eventCacheSize: [1000, num(1, Infinity, true)],
  retries: [2, num(0, 10, true)],
  useBeacon: [true, bool],
  compressionStrategy: [{ enabled: true }, (v) => plainObject(v) && bool(own(v, 'enabled'))],
  headers: [
    {},
    (v) => plainObject(v) && Object.values(v as object).every((h) => typeof h === 'string'),
  ],
  alias: [undefined, (v) => typeof v === 'string' && v.length >= 1 && v.length <= 255],
  releaseId: [undefined, str(/^[a-zA-Z0-9_\-:/.]{1,200}$/)],
  debug: [false, bool],
  eventPluginsToLoad: [[], array],
  routeChangeComplete: [100, num(0)],
  routeChangeTimeout: [10000, num(0)],
  userIdRetentionDays: [30, num(0)],
  // The service refuses every batch whose ids are not UUIDs.
  sessionId: [undefined, isUuid],
  userId: [undefined, isUuid],
  suppressSessionStartEvent: [false, bool],
  applicationAttributes: [undefined, plainObject],
  fetchFunction: [undefined, fn],
  candidatesCacheSize: [10, num(0, Infinity, true)],
  clientBuilder: [undefined, () => 0],
  beforeSend: [undefined, fn],
  credentials: [undefined, anything],
};

/** Every option's name (doctor and the tests check that each has its words). */
export const CONFIG_KEYS = Object.keys(RULES);

/**
 * Resolves the user's config against the defaults. Never throws: a bad value produces one
 * console warning naming the key, what was wrong and the default used instead.
 */
export const resolveConfig = (region: string, input: unknown, warn: Warn): Config => {
  const given = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  if (input !== undefined && input !== null && given !== input)
    warn('config', { got: input, fallback: {} });
  const out: Record<string, unknown> = {};
  const dataplane = `https://dataplane.rum.${region}.amazonaws.com/`;
  for (const key of CONFIG_KEYS as (keyof AwsRumConfig)[]) {
    const [fallback, check] = RULES[key];
    const value = own(given, key);
    out[key] = value === undefined ? fallback : value;
    if (value !== undefined && !check(value)) {
      warn('config.' + key, { got: value, fallback: key == 'endpoint' ? dataplane : fallback });
      out[key] = fallback;
    }
  }
  for (const key of Object.keys(given))
    if (!has(RULES, key)) warn('config.' + key, { word: key, known: CONFIG_KEYS });

  const config = out as Config;
  config.cookieAttributes = resolveCookieAttributes(own(given, 'cookieAttributes'), warn);
  config.telemetries = resolveTelemetries(config.telemetries as unknown[], warn);
  // A plugin class standing for a whole telemetry (npm: RRWebPlugin, JsErrorPlugin) replaces
  // the default one: its options are the ones meant.
  if (own(given, 'telemetries') === undefined)
    config.telemetries = config.telemetries.filter(
      ([t]) => !config.eventPluginsToLoad.some((p) => own(p, 'replacesTelemetry') === t),
    );
  config.endpointUrl = new URL((config.endpoint as string | undefined) ?? dataplane);
  if (!config.endpointUrl.pathname.endsWith('/')) config.endpointUrl.pathname += '/';
  config.endpoint = config.endpointUrl.href;
  config.groupUrl = urlGrouper(config.urlNormalizer);
  return config;
};

const COOKIE_RULES: { [K in keyof CookieAttributes]: Check } = {
  domain: str(),
  path: str(),
  sameSite: oneOf('Strict', 'Lax', 'None'),
  secure: bool,
  unique: bool,
};

const resolveCookieAttributes = (given: unknown, warn: Warn): CookieAttributes => {
  const attrs: CookieAttributes = {
    domain: pageHost(),
    path: '/',
    sameSite: 'Strict',
    secure: true,
    unique: false,
  };
  if (given && typeof given === 'object') {
    for (const [key, value] of Object.entries(given)) {
      const check = has(COOKIE_RULES, key) && COOKIE_RULES[key as keyof CookieAttributes];
      const name = 'config.cookieAttributes.' + key;
      if (!check) warn(name, { word: key, known: Object.keys(COOKIE_RULES) });
      else if (!check(value))
        warn(name, { got: value, fallback: attrs[key as keyof CookieAttributes] });
      else (attrs as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return attrs;
};

const resolveTelemetries = (given: unknown[], warn: Warn): Config['telemetries'] => {
  const out: Config['telemetries'] = [];
  given.forEach((t, i) => {
    const [name, options] = (Array.isArray(t) ? [own(t, 0), own(t, 1)] : [t, {}]) as [
      TelemetryName,
      Record<string, unknown>,
    ];
    if (TELEMETRY_NAMES.includes(name)) {
      out.push([name, options && typeof options === 'object' ? options : {}]);
    } else if (typeof name === 'string') {
      warn(`config.telemetries[${i}] '${name}'`, {
        word: name,
        known: TELEMETRY_NAMES,
        what: 'telemetry',
      });
    } else {
      warn(`config.telemetries[${i}]`, {
        got: t,
        fallback: undefined,
        rule: 'config.telemetries[]',
      });
    }
  });
  return out;
};
