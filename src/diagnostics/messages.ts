import { CUSTOM_TYPE_RE, MAX_EVENT_BYTES } from '../domain/rules';

/** What a message is about: the values it names. */
export type MessageData = Record<string, unknown>;

const s = (v: unknown): string => String(v);

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
};

export const describeMessage = (key: string, d: MessageData): string => MESSAGES[key]?.(d) ?? key;
