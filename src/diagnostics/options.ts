import type { BadValue, Unknown } from '../domain/types';
import { didYouMean } from '../tools/suggest';

const BOOL = 'true or false';
const REGEXPS = 'an array of RegExp';
const URL = 'an absolute http(s) URL';
const COUNT = 'a whole number >= 0';
const TYPES = 'an array of resource types';

/**
 * What each option must be, by its full name: the words of the client's config checks
 * (boot/config.ts and each telemetry's options), kept here so that only a page with a
 * problem loads them. test/unit/diagnostics/options.test.ts holds this list complete.
 */
export const EXPECTED: Record<string, string> = {
  config: 'an object',
  'config.sessionSampleRate': 'a number from 0 to 1',
  'config.sessionEventLimit': 'an integer >= 0 (0: no limit)',
  'config.identityPoolId': "an identity pool id like 'us-west-2:uuid'",
  'config.guestRoleArn': "an IAM role ARN like 'arn:aws:iam::123456789012:role/Name'",
  'config.cognitoEndpoint': URL,
  'config.stsEndpoint': URL,
  'config.endpoint': URL,
  'config.signing': BOOL,
  'config.telemetries': 'an array',
  'config.telemetries[]':
    "a telemetry name or [name, options], the names being 'errors', 'http', 'performance', 'interaction', 'replay'",
  'config.allowCookies': BOOL,
  'config.cookieAttributes': 'an object',
  'config.cookieAttributes.domain': 'a non-empty string',
  'config.cookieAttributes.path': 'a non-empty string',
  'config.cookieAttributes.sameSite': "'Strict' or 'Lax' or 'None'",
  'config.cookieAttributes.secure': BOOL,
  'config.cookieAttributes.unique': BOOL,
  'config.sessionLengthSeconds': 'a number >= 1',
  'config.sessionAttributes': 'an object',
  'config.disableAutoPageView': BOOL,
  'config.pageIdFormat': "'PATH' or 'HASH' or 'PATH_AND_HASH' or 'PATH_AND_SEARCH'",
  'config.urlNormalizer': 'true, false or a function (url, kind, builtIn) => string',
  'config.pagesToInclude': REGEXPS,
  'config.pagesToExclude': REGEXPS,
  'config.enableRumClient': BOOL,
  'config.enableXRay': BOOL,
  'config.enableW3CTraceId': BOOL,
  'config.recordResourceUrl': BOOL,
  'config.dispatchInterval': 'a number of milliseconds >= 0',
  'config.batchLimit': 'an integer from 1 to 100',
  'config.eventCacheSize': 'an integer >= 1',
  'config.retries': 'an integer from 0 to 10',
  'config.useBeacon': BOOL,
  'config.compressionStrategy': '{ enabled: true | false }',
  'config.headers': 'an object of string values',
  'config.alias': 'a string of 1 to 255 characters',
  'config.releaseId': 'up to 200 characters of a-z A-Z 0-9 _ - : / .',
  'config.debug': BOOL,
  'config.eventPluginsToLoad': 'an array of plugins',
  'config.routeChangeComplete': 'a number of milliseconds >= 0',
  'config.routeChangeTimeout': 'a number of milliseconds >= 0',
  'config.userIdRetentionDays': 'a number >= 0',
  'config.sessionId': 'a UUID (the service refuses other session ids)',
  'config.userId': 'a UUID (the service refuses other user ids)',
  'config.suppressSessionStartEvent': BOOL,
  'config.applicationAttributes': 'an object',
  'config.fetchFunction': 'a function',
  'config.beforeSend': 'a function (event) => event | false',
  'config.candidatesCacheSize': 'an integer >= 0',
  'config.clientBuilder':
    'left out (the client has its own transport: see endpoint, fetchFunction)',
  'telemetries errors.stackTraceLength': COUNT,
  'telemetries errors.ignore': 'a function (errorEvent) => boolean',
  'telemetries http.urlsToInclude': REGEXPS,
  'telemetries http.urlsToExclude': REGEXPS,
  'telemetries http.stackTraceLength': COUNT,
  'telemetries http.recordAllRequests': BOOL,
  'telemetries http.addXRayTraceIdHeader': 'true, false or an array of RegExp',
  'telemetries http.logicalServiceName': 'a non-empty string',
  'telemetries performance.eventLimit': COUNT,
  'telemetries performance.recordAllTypes': TYPES,
  'telemetries performance.sampleTypes': TYPES,
  'telemetries performance.ignore': 'a function (entry) => boolean',
  'telemetries performance.reportAllLCP': BOOL,
  'telemetries performance.reportAllCLS': BOOL,
  'telemetries performance.reportAllINP': BOOL,
  'telemetries performance.routeTiming': BOOL,
  'telemetries performance.longFrames': BOOL,
  'telemetries performance.longFrameThreshold':
    'a number of milliseconds >= 50 (the browser reports frames of 50 ms and more)',
  'telemetries performance.vitalsPerView': BOOL,
  'telemetries interaction.events': 'an array of { event, cssLocator | elementId | element }',
  'telemetries interaction.enableMutationObserver': BOOL,
  'telemetries interaction.interactionId': 'a function (event) => string',
  'telemetries interaction.frustration': BOOL,
  'telemetries interaction.rageClicks': 'a whole number >= 2',
  'telemetries interaction.frustrationWindow': 'a number of milliseconds > 0',
  'telemetries replay.additionalSampleRate': 'a number from 0 to 1',
  'telemetries replay.batchSize': 'a whole number >= 1',
  'telemetries replay.flushInterval': 'a number of milliseconds > 0',
  'telemetries replay.recordOptions': "an object (rrweb's record() options)",
  'telemetries replay.recordOptions masking':
    "options that keep masking on (maskAllInputs: true, maskTextSelector: '*', no maskInputFn or maskTextFn): session replay always masks inputs and text",
};

/** A value as a message quotes it: RegExps as written, the rest as JSON. */
export const show = (v: unknown): string => {
  if (typeof v === 'function') return 'a function';
  if (v instanceof RegExp) return String(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

/**
 * An option the config checks found wrong, in words: unknown (with the name it may have
 * meant) or a bad value (what it must be, and the default used instead).
 */
export const describeOption = (name: string, d: Unknown | BadValue): string => {
  if ('known' in d)
    return `${name} is not a known ${d.what ?? 'option'}; it is ignored.${didYouMean(d.word, d.known)}`;
  const used =
    d.fallback === undefined
      ? 'it is ignored'
      : `using the default${name === 'config' ? 's' : ' ' + show(d.fallback)}`;
  return `${name} must be ${EXPECTED[d.rule ?? name] ?? 'valid'}, got ${show(d.got)}; ${used}.`;
};
