/**
 * What the emulator remembers and says about one AWS call once it has been answered: its
 * request record (for `requests()` and the viewer) and its log line.
 */
import type { RawRequest, Reply, RequestNote } from './http';
import type { Registry } from './registry';
import { peekBatch } from './rum';
import { signatureKind } from './sigv4';
import type { NewRequestRecord } from './store';
import type { RequestRecord } from './types';

/**
 * The request record and log line of an answered call. `status` is what went out (0 when a
 * fault closed the connection before the call was handled); `origin` the page's, if any.
 */
export function requestRecord(
  request: RawRequest,
  reply: Reply,
  note: RequestNote,
  status: number,
  origin: string | undefined,
  registry: Registry,
): { record: NewRequestRecord; line: string } {
  const fault = note.fault;
  const dropped = fault?.drop;
  const errorType = note.errorType ?? reply.headers?.['x-amzn-errortype'];
  const message = note.message ?? (errorType ? errorMessage(reply) : undefined);
  const signature = signatureKind(request);
  const operation = note.operation !== 'preflight' ? note.operation : undefined;
  const verification =
    operation === 'PutRumEvents'
      ? putRumEventsVerdict(request, note, status, dropped, registry)
      : {};
  const record: NewRequestRecord = {
    method: request.method,
    path: request.path,
    ...(operation ? { operation } : {}),
    at: request.at,
    status,
    ...(errorType ? { errorType } : {}),
    ...(message ? { message } : {}),
    ...(note.appMonitorId ? { appMonitorId: note.appMonitorId } : {}),
    ...(note.eventCount !== undefined ? { eventCount: note.eventCount } : {}),
    ...verification,
    ...(request.bodyBytes || request.body.length
      ? { bodyBytes: request.bodyBytes ?? request.body.length }
      : {}),
    signed: note.signed ?? signature.signed,
    presigned: note.presigned ?? signature.presigned,
    ...(note.contentEncoding ? { contentEncoding: note.contentEncoding } : {}),
    ...(origin ? { origin } : {}),
    ...(note.identityPoolId ? { identityPoolId: note.identityPoolId } : {}),
    ...(note.identityId ? { identityId: note.identityId } : {}),
    ...(note.roleArn ? { roleArn: note.roleArn } : {}),
    ...(note.issuedAccessKeyId ? { issuedAccessKeyId: note.issuedAccessKeyId } : {}),
    ...(fault?.delayMs ? { delayMs: fault.delayMs } : {}),
    ...(dropped ? { dropped } : {}),
  };
  return { record, line: logLine(request, status, note, errorType, message, signature) };
}

/**
 * How a PutRumEvents call went, for its request record: stored or not (and, for a call a fault
 * cut off before it was handled, why), who signed it, and which session the batch was for.
 */
function putRumEventsVerdict(
  request: RawRequest,
  note: RequestNote,
  status: number,
  dropped: 'before' | 'after' | undefined,
  registry: Registry,
): Partial<RequestRecord> {
  const accepted = status === 200;
  const peeked = note.sessionIds ? {} : (note.batch ?? peekBatch(request));
  const sessionIds = note.sessionIds ?? peeked.sessionIds;
  return {
    verdict: accepted ? 'accepted' : 'refused',
    ...(dropped === 'before' && !note.message
      ? { message: 'An injected fault closed the connection before the call was handled.' }
      : {}),
    ...(note.eventCount === undefined && peeked.eventCount !== undefined
      ? { eventCount: peeked.eventCount }
      : {}),
    ...(note.accessKeyId
      ? { accessKeyId: note.accessKeyId, credential: registry.describeKey(note.accessKeyId) }
      : {}),
    ...(sessionIds ? { sessionIds } : {}),
  };
}

function errorMessage(reply: Reply): string | undefined {
  try {
    const parsed = JSON.parse(String(reply.body ?? '')) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

function logLine(
  request: RawRequest,
  status: number,
  note: RequestNote,
  errorType: string | undefined,
  message: string | undefined,
  signature: { signed: boolean; presigned: boolean },
): string {
  const words: string[] = [];
  if (note.operation && note.operation !== 'preflight') {
    words.push(note.operation, String(status));
  } else {
    words.push(request.method, request.path, String(status));
  }
  if (errorType) words.push(errorType);
  if (note.appMonitorId) words.push(`app=${note.appMonitorId}`);
  if (note.eventCount !== undefined) words.push(`events=${note.eventCount}`);
  if (note.identityPoolId) words.push(`pool=${note.identityPoolId}`);
  if (note.identityId) words.push(`identity=${note.identityId}`);
  if (note.roleArn) words.push(`role=${note.roleArn}`);
  if (note.issuedAccessKeyId) words.push(`issued=${note.issuedAccessKeyId}`);
  if (note.operation && note.operation !== 'preflight') {
    const signed = note.signed ?? signature.signed;
    const presigned = note.presigned ?? signature.presigned;
    words.push(presigned ? 'presigned' : signed ? 'signed' : 'unsigned');
    if (note.contentEncoding) words.push(note.contentEncoding);
  }
  if (note.fault?.delayMs) words.push(`delayed=${note.fault.delayMs}ms`);
  if (note.fault?.drop) words.push(`dropped-${note.fault.drop}`);
  if (message) words.push('-', message.split('\n')[0]);
  if (note.logDetail) words.push(`[${note.logDetail}]`);
  return words.join(' ');
}
