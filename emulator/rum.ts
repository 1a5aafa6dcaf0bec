import { gunzipSync } from 'node:zlib';
import { authenticate } from './auth';
import { accessDenied, jsonErrorReply, resourceNotFound, ServiceError, validation } from './errors';
import { injectFault } from './faults';
import { jsonReply, mediaType, safeDecode, type RawRequest, type RequestNote } from './http';
import { appMonitorArn, principalArn } from './registry';
import type { HandlerContext, Route } from './router';
import { parseClaim, signatureKind } from './sigv4';
import type { NewStoredEvent } from './store';
import { validatePutRumEvents } from './validate';

/**
 * The CloudWatch RUM data plane: `POST {prefix}/appmonitors/{id}/` = PutRumEvents.
 */

export const SIGNING_SERVICE = 'rum';
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;
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
    pathRegion: firstSegment && REGION_PATTERN.test(firstSegment) ? firstSegment : undefined,
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
  const text = decodeBody(request.body, contentEncoding).toString('utf8');

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw validation(`Request body is not valid JSON: ${(error as Error).message}`);
  }
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

/** Undo `Content-Encoding` (after the signature, which covers the bytes as sent). */
function decodeBody(body: Buffer, contentEncoding: string | undefined): Buffer {
  if (contentEncoding === undefined || contentEncoding === '' || contentEncoding === 'identity') {
    return body;
  }
  if (contentEncoding !== 'gzip') {
    throw validation(`Unsupported Content-Encoding '${contentEncoding}'; use gzip or none.`);
  }
  try {
    return gunzipSync(body);
  } catch (error) {
    throw validation(`Body is not valid gzip data: ${(error as Error).message}`);
  }
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
 * What can be read of a PutRumEvents body without validating it: its session and how many events
 * it carries. For the request log of a refused batch; never throws.
 */
export function peekBatch(request: RawRequest): { sessionIds?: string[]; eventCount?: number } {
  try {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    const body = JSON.parse(decodeBody(request.body, encoding).toString('utf8')) as {
      UserDetails?: { sessionId?: unknown };
      RumEvents?: unknown;
    };
    const sessionId = body?.UserDetails?.sessionId;
    return {
      ...(typeof sessionId === 'string' && sessionId ? { sessionIds: [sessionId] } : {}),
      ...(Array.isArray(body?.RumEvents) ? { eventCount: body.RumEvents.length } : {}),
    };
  } catch {
    return {};
  }
}
