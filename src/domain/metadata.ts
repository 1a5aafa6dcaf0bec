import type { AttributeValue, Attributes, Tell } from './types';

import { CUSTOM_KEY_RE, MAX_ATTRIBUTE_CHARS, MAX_CUSTOM_ATTRIBUTES } from './rules';

export { MAX_ATTRIBUTE_CHARS, MAX_CUSTOM_ATTRIBUTES };

interface NavigatorUAData {
  brands?: { brand: string; version: string }[];
  mobile?: boolean;
  platform?: string;
}

const match = (re: RegExp, s: string): string | undefined => re.exec(s)?.[1];

/**
 * Browser, OS and device from the user agent. On Chromium the brand list of
 * navigator.userAgentData names the browser (skipping the GREASE "Not…Brand" entries); the
 * version comes from the UA string, which carries more than the major number.
 */
export const detectPlatform = (ua: string, uaData?: NavigatorUAData) => {
  let browserName = 'unknown';
  let browserVersion = 'unknown';
  const named: [RegExp, string][] = [
    [/Edg(?:e|A|iOS)?\/([\d.]+)/, 'Microsoft Edge'],
    [/OPR\/([\d.]+)/, 'Opera'],
    [/SamsungBrowser\/([\d.]+)/, 'Samsung Internet'],
    [/Firefox\/([\d.]+)/, 'Firefox'],
    [/FxiOS\/([\d.]+)/, 'Firefox'],
    [/CriOS\/([\d.]+)/, 'Chrome'],
    [/HeadlessChrome\/([\d.]+)/, 'Chrome Headless'],
    [/Chrom(?:e|ium)\/([\d.]+)/, 'Chrome'],
    [/Version\/([\d.]+).*Safari\//, 'Safari'],
  ];
  for (const [re, name] of named) {
    const v = match(re, ua);
    if (v) {
      browserName = name;
      browserVersion = v;
      break;
    }
  }
  // Chrome, Chromium, Edge and Opera share a UA string; navigator.userAgentData's brand list
  // tells them apart. Its GREASE entries ("Not:A-Brand" and friends) are never a browser name.
  const brands = (uaData?.brands ?? [])
    .map((b) => b.brand)
    .filter((b) => !/not.?a.?brand/i.test(b));
  if (/^Chrome/.test(browserName) && brands.length) {
    const vendor = brands.find((b) => b !== 'Chromium' && b !== 'HeadlessChrome');
    browserName = vendor === 'Google Chrome' ? 'Chrome' : (vendor ?? 'Chromium');
  }

  let osName = 'unknown';
  let osVersion = 'unknown';
  let v: string | undefined;
  if ((v = match(/Windows NT ([\d.]+)/, ua))) {
    osName = 'Windows';
    osVersion =
      ({ '10.0': '10', '6.3': '8.1', '6.2': '8', '6.1': '7' } as Record<string, string>)[v] ?? v;
  } else if ((v = match(/(?:iPhone|CPU) OS ([\d_]+)/, ua))) {
    osName = 'iOS';
    osVersion = v.replace(/_/g, '.');
  } else if ((v = match(/Mac OS X ([\d_.]+)/, ua))) {
    osName = 'Mac OS';
    osVersion = v.replace(/_/g, '.');
  } else if ((v = match(/Android ([\d.]+)/, ua))) {
    osName = 'Android';
    osVersion = v;
  } else if (/CrOS/.test(ua)) {
    osName = 'Chrome OS';
    osVersion = match(/CrOS \S+ ([\d.]+)/, ua) ?? 'unknown';
  } else if (/Linux/.test(ua)) {
    osName = 'Linux';
  }

  const deviceType =
    /iPad|Tablet/.test(ua) || (/Android/.test(ua) && !/Mobile/.test(ua))
      ? 'tablet'
      : uaData?.mobile || /Mobi|iPhone/.test(ua)
        ? 'mobile'
        : 'desktop';

  return { browserName, browserVersion, osName, osVersion, deviceType };
};

/** Keeps string metadata within the service's limit instead of failing the whole batch. */
export const clip = (s: string): string =>
  s.length > MAX_ATTRIBUTE_CHARS ? s.slice(0, MAX_ATTRIBUTE_CHARS) : s;

/**
 * Metadata the client sets itself that a custom attribute may replace, as the predecessor
 * (aws-rum-web 3.x) lets it: an app in a webview or Electron names its own domain or browser.
 * Each must have the schema's type (a string; `interaction` a number), or the service would
 * refuse the whole batch. `version` and `pageId` stay the client's (a wrong version fails
 * every batch; the page id names the page), as do the `aws:` keys and `pageTags`. A page's
 * `title` replaces the app's and the session's (it is the page's own).
 */
const STRING_KEYS =
  'domain browserLanguage browserName browserVersion osName osVersion deviceType platformType pageUrl url parentPageId referrerUrl pageTitle title countryCode subdivisionCode'.split(
    ' ',
  );

/**
 * Keeps the valid custom attributes of `input` (key pattern, value type and length, at most
 * `room` of them). Each one left out is told as `attribute` with its `source`, `key` and why
 * (`its`: the diagnostics chunk's words for the reason; see src/diagnostics/messages.ts).
 */
export const validAttributes = (
  input: unknown,
  source: string,
  room = MAX_CUSTOM_ATTRIBUTES,
  /** Attributes already set in this group: updating one of them takes no extra room. */
  existing: object = {},
  tell: Tell = () => undefined,
): Attributes => {
  const out: Attributes = {};
  let added = 0;
  if (!input || typeof input !== 'object') {
    if (input !== undefined) tell('attributes', { source, got: String(input) });
    return out;
  }
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const want = key == 'interaction' ? 'number' : STRING_KEYS.includes(key) && 'string';
    const why = !CUSTOM_KEY_RE.test(key)
      ? 'key'
      : key == 'version' || key == 'pageId'
        ? 'own'
        : (want ? typeof value != want : !['string', 'number', 'boolean'].includes(typeof value))
          ? want || 'type'
          : // JSON.stringify turns NaN and Infinity into null, which the service's schema refuses.
            typeof value === 'number' && !Number.isFinite(value)
            ? 'finite'
            : typeof value === 'string' && value.length > MAX_ATTRIBUTE_CHARS
              ? 'long'
              : !(key in existing) && added >= room && 'room';
    if (why) tell('attribute', { source, key, why });
    else {
      if (!(key in existing)) added++;
      out[key] = value as AttributeValue;
    }
  }
  return out;
};

/** The config's applicationAttributes and sessionAttributes, as the client starts with them. */
export const configAttributes = (
  c: { applicationAttributes?: unknown; sessionAttributes?: unknown },
  tell: Tell,
) => {
  const application = validAttributes(
    c.applicationAttributes ?? {},
    'config.applicationAttributes',
    MAX_CUSTOM_ATTRIBUTES,
    {},
    tell,
  );
  const session = validAttributes(
    c.sessionAttributes,
    'config.sessionAttributes',
    MAX_CUSTOM_ATTRIBUTES - Object.keys(application).length,
    {},
    tell,
  );
  return { application, session };
};

/**
 * What a metadata hook returned, made safe to send: string values clipped to 256 characters,
 * finite numbers, booleans and `pageTags` (strings) are kept; anything else is dropped and told
 * as `metadata` (once per key: see the caller), since one bad value would make the service
 * refuse the whole batch.
 */
export const sanitizeMetadata = (
  m: Record<string, unknown>,
  source: string,
  tell: Tell = () => undefined,
) => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(m)) {
    if (key === 'pageTags' && Array.isArray(value)) {
      out[key] = value.filter((t) => typeof t === 'string');
    } else if (typeof value === 'string') {
      out[key] = clip(value);
    } else if (
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    ) {
      out[key] = value;
    } else if (value !== undefined) {
      tell('metadata', { source, key });
    }
  }
  return out;
};
