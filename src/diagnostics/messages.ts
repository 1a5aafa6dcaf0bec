import {
  CUSTOM_KEY_RE,
  CUSTOM_TYPE_RE,
  MAX_ATTRIBUTE_CHARS,
  MAX_CUSTOM_ATTRIBUTES,
  MAX_EVENT_BYTES,
} from '../domain/rules';

/** What a message is about: the values it names. */
export type MessageData = Record<string, unknown>;

const s = (v: unknown): string => String(v);
/** What a caller passed, shown without risking another exception (BigInt, cycles). */
const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v.slice(0, 80)) : typeof v);

/** Why a custom attribute was left out (src/domain/metadata.ts validAttributes). */
const LEFT_OUT: Record<string, string> = {
  key: `its key must match ${CUSTOM_KEY_RE}`,
  own: 'the client sets this metadata itself',
  number: 'its value must be a number',
  string: 'its value must be a string',
  type: 'its value must be a string, number or boolean',
  finite: 'its value must be a finite number',
  long: `its value is longer than ${MAX_ATTRIBUTE_CHARS} characters`,
  room: `an event carries at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes`,
};

/**
 * The words of the client's console messages about a call it could not follow or an event it
 * dropped. They live in the diagnostics chunk (cwr-diag.js), like the words of every problem:
 * a page that makes no mistake never loads them. The client says `key (see
 * docs/troubleshooting.md)` when this chunk cannot be loaded.
 */
const MESSAGES: Record<string, (d: MessageData) => string> = {
  'page-view': (d) =>
    `recordPageView needs a page id string or { pageId, pageTags?, pageAttributes? }, got ${s(d.got)}.`,
  'event-type': (d) =>
    `recordEvent: the type must match ${CUSTOM_TYPE_RE}, got ${JSON.stringify(d.got)}; the event was not recorded.`,
  'event-data': (d) =>
    `recordEvent: the data of "${s(d.type)}" must be an object; the event was not recorded.`,
  'event-json': (d) =>
    `event ${s(d.type)} was dropped: its data cannot be turned into JSON (${s(d.error)}).`,
  'event-size': (d) =>
    `event ${s(d.type)} was dropped: its details and metadata exceed ${MAX_EVENT_BYTES} bytes.`,
  'cache-full': (d) =>
    `the event cache is full (${s(d.size)} events waiting to be sent); new events are dropped until it drains.`,
  'hook-chain': () => 'events a hook records for its own events are dropped.',
  'before-send': (d) =>
    `config.beforeSend threw (${s(d.error)}); each event it throws on is dropped.`,
  'metadata-hook': () =>
    'setEventMetadataHook needs a function (type, data, metadata) => metadata.',
  'metadata-hook-threw': (d) =>
    `the event metadata hook threw (${s(d.error)}); the event keeps its metadata.`,
  'plugin-object': () =>
    'addPlugin needs a plugin object: { getPluginId(), load(context), enable(), disable() }.',
  'plugin-twice': (d) =>
    `addPlugin: a plugin with id "${s(d.id)}" is already loaded; this one is ignored.`,
  'plugin-threw': (d) => `plugin "${s(d.id)}" threw: ${s(d.error)}.`,
  'telemetry-failed': (d) => `the '${s(d.name)}' telemetry could not be loaded: ${s(d.error)}.`,
  'dom-events': () =>
    "registerDomEvents needs the 'interaction' telemetry; add it to config.telemetries.",
  'allow-cookies': (d) => `allowCookies needs true or false, got ${s(d.got)}.`,
  uuid: (d) => `${s(d.what)} needs a UUID; ignored.`,
  'bad-app-monitor-id': (d) =>
    `the app monitor id must be a UUID like 01234567-89ab-cdef-0123-456789abcdef, got ${shown(d.got)}; the client is disabled.`,
  'bad-region': (d) =>
    `the region must be an AWS region like 'us-west-2', got ${shown(d.got)}; the client is disabled.`,
  disabled: () => 'config.enableRumClient is false; the client is disabled.',
  'config-threw': (d) =>
    `config could not be read (${d.error instanceof Error ? d.error.message : 'it threw'}); using the defaults.`,
  command: (d) =>
    `unknown command ${typeof d.got == 'string' ? shown(d.got) : `of type ${typeof d.got}`}. Known commands: ${Array.isArray(d.known) ? d.known.join(', ') : ''}.`,
  snippet: () =>
    'window.AwsRumClient is missing or malformed: load cwr.js with the CloudWatch RUM snippet.',
  'url-normalizer': (d) =>
    `config.urlNormalizer ${d.gave instanceof Error ? `threw (${d.gave.message})` : `returned ${shown(d.gave)}, not a URL,`} for ${s(d.url)}; the URL is kept as it is (said once).`,
  'errors-ignore': (d) => `telemetries errors.ignore threw (${s(d.error)}); the error is recorded.`,
  'outbox-bad': (d) => `${s(d.key)}: ${s(d.count)} saved events were bad, old or over the limits.`,
  'outbox-full': (d) => `${s(d.count)} unsent events not saved.`,
  'outbox-failed': (d) => `unsent events could not be saved (${s(d.error)}).`,
  'cookie-bad': (d) => `cookie ${s(d.name)} was not valid; replaced.`,
  session: (d) =>
    `session ${s(d.id)} started (${d.record ? 'sampled in' : 'not sampled: its events are not recorded'}).`,
  attributes: (d) => `${s(d.source)} must be an object of attributes, got ${s(d.got)}.`,
  attribute: (d) => `${s(d.source)}.${s(d.key)} was left out: ${LEFT_OUT[s(d.why)] ?? s(d.why)}.`,
  metadata: (d) =>
    `${s(d.source)}: metadata ${s(d.key)} was left out: its value must be a string, a finite number or a boolean.`,
};

export const describeMessage = (key: string, d: MessageData): string => MESSAGES[key]?.(d) ?? key;
