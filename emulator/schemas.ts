/**
 * The CloudWatch RUM event schemas (emulator/schemas/*.json, copied unchanged from the public
 * web client; see schemas/SOURCE.md). They are imported as JSON modules, so `tsc` copies them
 * next to the compiled code (dist/emulator/schemas/ in the emulator package) and ts-jest/Node load them from source:
 * the same import works in both places without any path juggling.
 */
import { RUM_PREFIX } from '../src/domain/rules';
import cumulativeLayoutShift from './schemas/cumulative-layout-shift-event.json';
import domEvent from './schemas/dom-event.json';
import firstContentfulPaint from './schemas/first-contentful-paint-event.json';
import firstInputDelay from './schemas/first-input-delay-event.json';
import httpEvent from './schemas/http-event.json';
import interactionToNextPaint from './schemas/interaction-to-next-paint.json';
import jsError from './schemas/js-error-event.json';
import largestContentfulPaint from './schemas/largest-contentful-paint-event.json';
import metaData from './schemas/meta-data.json';
import navigation from './schemas/navigation-event.json';
import pageClose from './schemas/page-close-event.json';
import pageView from './schemas/page-view-event.json';
import resource from './schemas/resource-event.json';
import rrweb from './schemas/rrweb-event.json';
import sessionStart from './schemas/session-start-event.json';
import timeToFirstByte from './schemas/time-to-first-byte-event.json';
import timeToInteractive from './schemas/time-to-interactive-event.json';
import xrayTrace from './schemas/xray-trace-event.json';

export type JsonSchema = Record<string, unknown>;

/** Prefix of the built-in event types; any other type is a custom event. */
export const BUILT_IN_PREFIX = RUM_PREFIX;

/** Where a schema's `$id` differs from the event type sent on the wire. */
const WIRE_TYPE_BY_ID: Record<string, string> = {
  'com.amazon.xray_trace_event': `${RUM_PREFIX}xray_trace_event`,
};

const EVENT_SCHEMAS: JsonSchema[] = [
  cumulativeLayoutShift,
  domEvent,
  firstContentfulPaint,
  firstInputDelay,
  httpEvent,
  interactionToNextPaint,
  jsError,
  largestContentfulPaint,
  navigation,
  pageClose,
  pageView,
  resource,
  rrweb,
  sessionStart,
  timeToFirstByte,
  timeToInteractive,
  xrayTrace,
];

export const METADATA_SCHEMA: JsonSchema = normalize(metaData);

/** Built-in event type (as sent on the wire) → the schema its `details` must satisfy. */
export const DETAILS_SCHEMAS: ReadonlyMap<string, JsonSchema> = new Map(
  EVENT_SCHEMAS.map((schema) => {
    const id = String(schema.$id);
    return [WIRE_TYPE_BY_ID[id] ?? id, normalize(schema)];
  }),
);

/**
 * Make a schema acceptable to a draft 2020-12 validator without changing what it accepts:
 * xray-trace-event.json names its definitions with draft-04 style `"$id": "#name"`, which
 * 2020-12 forbids (it spells that `$anchor`). Its `$ref`s use JSON pointers, so only the
 * spelling changes.
 */
function normalize(schema: JsonSchema): JsonSchema {
  const visit = (node: unknown, root: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => visit(item, false));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (!root && key === '$id' && typeof value === 'string' && value.startsWith('#')) {
        out.$anchor = value.slice(1);
      } else {
        out[key] = visit(value, false);
      }
    }
    return out;
  };
  return visit(schema, true) as JsonSchema;
}
