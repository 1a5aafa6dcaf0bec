import { REGION_RE } from '../src/domain/rules';
import { authenticate } from './auth';
import { accessDenied, jsonErrorReply, resourceNotFound, ServiceError, validation } from './errors';
import { injectFault } from './faults';
import { jsonReply, mediaType, safeDecode, type RawRequest, type RequestNote } from './http';
import {
  inflate,
  InflatedTooLargeError,
  MAX_INFLATED_BYTES,
  MAX_JSON_DEPTH,
  nestedDeeperThan,
} from './limits';
import { appMonitorArn, principalArn } from './registry';
import type { HandlerContext, Route } from './router';
import { parseClaim, signatureKind } from './sigv4';
import type { NewStoredEvent } from './store';
import { validatePutRumEvents } from './validate';

/**
 * The CloudWatch RUM data plane: `POST {prefix}/appmonitors/{id}/` = PutRumEvents.
 */

export const SIGNING_SERVICE = 'rum';
const PATH_PATTERN = /^(.*)\/appmonitors\/([^/]+)\/?$/;

/** Body media types accepted: the API's own plus what sendBeacon can send without a preflight. */
const ACCEPTED_MEDIA_TYPES = new Set([
  'application/json',
  'application/x-amz-json-1.1',
  'text/plain',
]);

export interface PutRumEventsRoute {
  appMonitorId: string;
  /** Region named by the first path segment (`/us-east-1/appmonitors/...`), if any. */
  pathRegion?: string;
}

export function matchPutRumEvents(request: RawRequest): PutRumEventsRoute | undefined {
  if (request.method !== 'POST') return undefined;
  const match = PATH_PATTERN.exec(request.path);
  if (!match) return undefined;
  const firstSegment = match[1].split('/').filter(Boolean)[0];
  return {
    appMonitorId: safeDecode(match[2]),
    pathRegion: firstSegment && REGION_RE.test(firstSegment) ? firstSegment : undefined,
  };
}

/** The Route for PutRumEvents: AWS restJson1 protocol, errors as JSON with x-amzn-ErrorType. */
export const putRumEventsRoute: Route = (request) => {
  const route = matchPutRumEvents(request);
  if (!route) return undefined;
  return async (ctx, note) => {
    note.operation = 'PutRumEvents';
    try {
      await putRumEvents(request, route, ctx, note);
      return jsonReply(200, {});
    } catch (error) {
      if (error instanceof ServiceError) return jsonErrorReply(error);
      throw error;
    }
  };
};

/**
 * Answer one PutRumEvents call. Checks run in the service's order: injected faults, then
 * authentication, then authorization, then input validation. `note` collects what the request
 * log records, whatever the outcome. Returns without storing anything for a `drop: 'before'`
 * fault (the server then closes the connection instead of answering).
 */
export async function putRumEvents(
  request: RawRequest,
  route: PutRumEventsRoute,
  ctx: HandlerContext,
  note: RequestNote,
): Promise<void> {
  const id = route.appMonitorId;
  note.appMonitorId = id;
  note.accessKeyId = claimedAccessKey(request);

  ctx.store.notePutRumEvents(id);

  const fault = injectFault(ctx.store, note, 'PutRumEvents', id);
  if (fault.kind === 'drop') return;
  if (fault.kind === 'error') throw fault.error;

  const monitor = ctx.registry.appMonitor(id);
  // The emulator plays the regional endpoint the URL names, else the app monitor's own.
  const endpointRegion = route.pathRegion ?? monitor?.region;
  const monitorHere = monitor && monitor.region === endpointRegion ? monitor : undefined;

  const caller = await authenticate(request, {
    registry: ctx.registry,
    now: ctx.now,
    service: SIGNING_SERVICE,
    endpointRegion,
    allowUnsigned: monitorHere?.allowUnsigned === true,
  });
  note.signed = caller.signed;
  note.presigned = caller.presigned;

  if (!monitorHere) {
    throw resourceNotFound(
      `AppMonitor with id '${id}' does not exist in region '${endpointRegion ?? 'unknown'}'.`,
    );
  }
  if (caller.signed && caller.credential.appMonitors) {
    // Policies name app monitors by name in their resource ARNs; ids are accepted too.
    const allowed = caller.credential.appMonitors.some(
      (m) => m === '*' || m.toLowerCase() === id.toLowerCase() || m === monitorHere.name,
    );
    if (!allowed) {
      throw accessDenied(
        `User: ${principalArn(caller.credential)} is not authorized to perform: rum:PutRumEvents ` +
          `on resource: ${appMonitorArn(monitorHere)} because no identity-based policy allows the ` +
          'rum:PutRumEvents action',
      );
    }
  }

  const contentType = request.headers['content-type'];
  const type = mediaType(contentType);
  if (type !== undefined && !ACCEPTED_MEDIA_TYPES.has(type)) {
    throw validation(
      `Unsupported Content-Type '${contentType}'; send application/json (or text/plain from sendBeacon).`,
    );
  }
  const contentEncoding = request.headers['content-encoding']?.trim().toLowerCase();
  note.contentEncoding = contentEncoding;
  // Only now, authenticated and authorized, is the body inflated (the signature covers the
  // bytes as sent), and never past MAX_INFLATED_BYTES.
  const decoded = await decodeBody(request.body, contentEncoding);
  if (nestedDeeperThan(decoded, MAX_JSON_DEPTH)) {
    throw validation(
      `Request body is nested deeper than ${MAX_JSON_DEPTH} levels of objects and arrays.`,
    );
  }

  let body: unknown;
  try {
    body = JSON.parse(decoded.toString('utf8'));
  } catch (error) {
    throw validation(`Request body is not valid JSON: ${(error as Error).message}`);
  }
  note.batch = batchFacts(body);
  const { input, events } = validatePutRumEvents(body, id);
  note.eventCount = events.length;
  note.sessionIds = [input.UserDetails.sessionId];

  const stored: NewStoredEvent[] = events.map((event) => ({
    appMonitorId: monitorHere.id,
    batchId: input.BatchId,
    userDetails: { userId: input.UserDetails.userId, sessionId: input.UserDetails.sessionId },
    appMonitorDetails: {
      id: input.AppMonitorDetails.id,
      ...(input.AppMonitorDetails.name !== undefined ? { name: input.AppMonitorDetails.name } : {}),
      version: input.AppMonitorDetails.version,
    },
    ...(input.Alias !== undefined ? { alias: input.Alias } : {}),
    receivedAt: ctx.now,
    signed: caller.signed,
    presigned: caller.presigned,
    ...(caller.signed ? { accessKeyId: caller.accessKeyId } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
    ...(contentEncoding !== undefined ? { contentEncoding } : {}),
    event,
  }));
  ctx.store.addBatch(monitorHere.id, stored);
}

/** Whether a body is sent as is (no `Content-Encoding`, or `identity`). */
function plain(contentEncoding: string | undefined): boolean {
  return contentEncoding === undefined || contentEncoding === '' || contentEncoding === 'identity';
}

/**
 * Undo `Content-Encoding` (after the signature, which covers the bytes as sent): inflated off
 * the event loop, and refused with 413 `RequestEntityTooLargeException` past
 * `MAX_INFLATED_BYTES`.
 */
async function decodeBody(body: Buffer, contentEncoding: string | undefined): Promise<Buffer> {
  if (plain(contentEncoding)) return body;
  if (contentEncoding !== 'gzip') {
    throw validation(`Unsupported Content-Encoding '${contentEncoding}'; use gzip or none.`);
  }
  try {
    return await inflate(body, MAX_INFLATED_BYTES);
  } catch (error) {
    if (error instanceof InflatedTooLargeError) {
      throw new ServiceError(
        413,
        'RequestEntityTooLargeException',
        `The request body (Content-Encoding: gzip) inflates to more than ${MAX_INFLATED_BYTES} ` +
          'bytes, the most the emulator takes, compressed or not.',
      );
    }
    throw validation(`Body is not valid gzip data: ${(error as Error).message}`);
  }
}

/** A batch's session and event count, read before validation, for the request log. */
export function batchFacts(body: unknown): { sessionIds?: string[]; eventCount?: number } {
  const batch = body as { UserDetails?: { sessionId?: unknown }; RumEvents?: unknown } | null;
  const sessionId = batch?.UserDetails?.sessionId;
  return {
    ...(typeof sessionId === 'string' && sessionId ? { sessionIds: [sessionId] } : {}),
    ...(Array.isArray(batch?.RumEvents) ? { eventCount: batch.RumEvents.length } : {}),
  };
}

/** The access key a signed request names, whatever else is wrong with its signature. */
function claimedAccessKey(request: RawRequest): string | undefined {
  if (!signatureKind(request).signed) return undefined;
  try {
    return parseClaim(request).accessKeyId || undefined;
  } catch {
    return undefined;
  }
}

/**
 * What can be read of a PutRumEvents body the handler refused before reading it (a fault, the
 * signature, the app monitor): its session and how many events it carries, for the request log.
 * A compressed body is left alone: nothing refused is ever inflated. Never throws.
 */
export function peekBatch(request: RawRequest): { sessionIds?: string[]; eventCount?: number } {
  if (!plain(request.headers['content-encoding']?.trim().toLowerCase())) return {};
  try {
    return batchFacts(JSON.parse(request.body.toString('utf8')));
  } catch {
    return {};
  }
}
