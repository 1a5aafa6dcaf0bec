import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { validation } from './errors';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './limits';
import { BUILT_IN_PREFIX, DETAILS_SCHEMAS, METADATA_SCHEMA } from './schemas';

/**
 * PutRumEvents input checks. Limits come from the CloudWatch RUM API reference
 * (PutRumEvents, RumEvent, UserDetails): ids and BatchId are 36-character UUIDs, Alias is 1..255
 * characters. The API documents no bound on the number of RumEvents; the emulator takes 1..100,
 * the web client's default `batchLimit`. Custom events are limited to 6 KB (CloudWatch RUM
 * "Send custom events" guide).
 */

const UUID = '^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$';
export const MAX_EVENTS_PER_BATCH = 100;
export const MAX_CUSTOM_EVENT_BYTES = 6 * 1024;
export const EVENT_TYPE_PATTERN = /^[a-zA-Z0-9_.-]{1,256}$/;

const uuidString = { type: 'string', pattern: UUID };

/** The request body shape. AWS marks AppMonitorDetails.id/version and the UserDetails ids
 * optional; the emulator requires them because the web client always sends them. */
const REQUEST_SCHEMA = {
  type: 'object',
  required: ['BatchId', 'AppMonitorDetails', 'UserDetails', 'RumEvents'],
  properties: {
    BatchId: uuidString,
    AppMonitorDetails: {
      type: 'object',
      required: ['id', 'version'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, version: { type: 'string' } },
    },
    UserDetails: {
      type: 'object',
      required: ['userId', 'sessionId'],
      properties: { userId: uuidString, sessionId: uuidString },
    },
    RumEvents: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_EVENTS_PER_BATCH,
      items: {
        type: 'object',
        required: ['id', 'timestamp', 'type', 'details', 'metadata'],
        properties: {
          id: uuidString,
          timestamp: { type: 'number', exclusiveMinimum: 0 },
          type: { type: 'string', pattern: EVENT_TYPE_PATTERN.source },
          details: { type: 'string' },
          metadata: { type: 'string' },
        },
      },
    },
    Alias: { type: 'string', minLength: 1, maxLength: 255 },
    // Not in the API reference, but sent by the official client (aws-rum-web 3.x): metadata
    // shared by every event of the batch, as a JSON string. Each event's own metadata is
    // merged over it.
    SessionMetadata: { type: 'string' },
  },
};

export interface PutRumEventsInput {
  BatchId: string;
  AppMonitorDetails: { id: string; name?: string; version: string };
  UserDetails: { userId: string; sessionId: string };
  SessionMetadata?: string;
  RumEvents: Array<{
    id: string;
    timestamp: number;
    type: string;
    details: string;
    metadata: string;
  }>;
  Alias?: string;
}

export interface ParsedEvent {
  id: string;
  timestamp: number;
  type: string;
  metadata: Record<string, unknown>;
  details: Record<string, unknown>;
}

interface Validators {
  request: ValidateFunction;
  metadata: ValidateFunction;
  details: Map<string, ValidateFunction>;
}

let compiled: Validators | undefined;

/** Compiled once per process, on first use. */
function validators(): Validators {
  if (!compiled) {
    // strict: false — the published schemas use union types and overlapping patternProperties.
    const ajv = new Ajv2020({ strict: false, allErrors: false });
    compiled = {
      request: ajv.compile(REQUEST_SCHEMA),
      metadata: ajv.compile(METADATA_SCHEMA),
      details: new Map([...DETAILS_SCHEMAS].map(([type, schema]) => [type, ajv.compile(schema)])),
    };
  }
  return compiled;
}

/**
 * Validate a decoded PutRumEvents body for app monitor `pathId`. The batch is accepted or
 * rejected as a whole: the service validates the request, not each event on its own, and a
 * client must learn that something it sent was wrong rather than lose part of a batch quietly.
 */
export function validatePutRumEvents(
  body: unknown,
  pathId: string,
): { input: PutRumEventsInput; events: ParsedEvent[] } {
  const v = validators();
  if (!v.request(body)) throw validation(`Invalid request body: ${describe(v.request.errors)}`);
  const input = body as PutRumEventsInput;
  if (input.AppMonitorDetails.id.toLowerCase() !== pathId.toLowerCase()) {
    throw validation(
      `AppMonitorDetails.id '${input.AppMonitorDetails.id}' does not match the app monitor id ` +
        `in the path '${pathId}'.`,
    );
  }
  const shared =
    typeof input.SessionMetadata === 'string'
      ? parseObject(input.SessionMetadata, 'SessionMetadata')
      : undefined;
  const events = input.RumEvents.map((event, index) => validateEvent(event, index, v, shared));
  return { input, events };
}

function validateEvent(
  event: PutRumEventsInput['RumEvents'][number],
  index: number,
  v: Validators,
  shared?: Record<string, unknown>,
): ParsedEvent {
  const where = `RumEvents[${index}] (${event.type})`;
  const metadata = { ...shared, ...parseObject(event.metadata, `${where}.metadata`) };
  if (!v.metadata(metadata)) {
    throw validation(`${where}.metadata fails meta-data.json: ${describe(v.metadata.errors)}`);
  }
  const details = parseObject(event.details, `${where}.details`);
  if (event.type.startsWith(BUILT_IN_PREFIX)) {
    const check = v.details.get(event.type);
    if (!check) {
      throw validation(
        `${where}: '${event.type}' is not a CloudWatch RUM event type. Types starting with ` +
          `'${BUILT_IN_PREFIX}' are reserved for built-in events; use another prefix for custom events.`,
      );
    }
    if (!check(details)) {
      throw validation(`${where}.details fails its schema: ${describe(check.errors)}`);
    }
  } else {
    const bytes = Buffer.byteLength(event.details) + Buffer.byteLength(event.metadata);
    if (bytes > MAX_CUSTOM_EVENT_BYTES) {
      throw validation(
        `${where}: custom event is ${bytes} bytes (details + metadata); the limit is ` +
          `${MAX_CUSTOM_EVENT_BYTES} bytes.`,
      );
    }
  }
  return { id: event.id, timestamp: event.timestamp, type: event.type, metadata, details };
}

function parseObject(text: string, where: string): Record<string, unknown> {
  if (nestedDeeperThan(text, MAX_JSON_DEPTH)) {
    throw validation(
      `${where} is nested deeper than ${MAX_JSON_DEPTH} levels of objects and arrays.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw validation(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw validation(`${where} must be a JSON object (serialized as a string).`);
  }
  return value as Record<string, unknown>;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'invalid';
  return errors
    .map((e) => {
      const at = e.instancePath ? e.instancePath.replace(/^\//, '').replace(/\//g, '.') : '(root)';
      const extra =
        e.keyword === 'additionalProperties'
          ? ` ('${(e.params as { additionalProperty: string }).additionalProperty}')`
          : e.keyword === 'const'
            ? ` (${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)})`
            : '';
      return `${at} ${e.message ?? 'is invalid'}${extra}`;
    })
    .join('; ');
}
