/**
 * Writing an answer on the wire: the headers every answer carries (date, request id, CORS),
 * the AWS spelling of header names, the CORS preflight and the refusal of a control call from
 * a page the emulator does not serve. What the answer says is decided elsewhere (router.ts,
 * inspect.ts, static.ts); this module only sends it.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { faultAnswered } from './faults';
import { jsonReply, type RawRequest, type Reply } from './http';
import type { Fault } from './types';

/**
 * Response headers a browser page may read: error type, request id, Date (for clock skew) and
 * Retry-After (for an injected throttle that says when to come back).
 */
const EXPOSED_HEADERS = 'x-amzn-ErrorType, x-amzn-RequestId, Date, Retry-After';

/** An injected error answer with `retryAfter` carries it as `Retry-After`. */
export function withRetryAfter(reply: Reply, fault: Fault | undefined): Reply {
  if (!faultAnswered(fault) || fault?.retryAfter === undefined) return reply;
  return { ...reply, headers: { ...reply.headers, 'retry-after': String(fault.retryAfter) } };
}

export function preflight(request: RawRequest): Reply {
  const headers: Record<string, string> = {
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    'access-control-allow-headers':
      request.headers['access-control-request-headers'] ??
      'authorization, content-type, content-encoding, x-amz-date, x-amz-security-token, x-amz-content-sha256, x-amz-target, x-amz-user-agent',
    'access-control-max-age': '600',
  };
  // Chrome's Private Network Access: a public page calling this loopback server asks first;
  // `send` grants it only to the origins `OriginPolicy.privateNetwork` trusts.
  if (request.headers['access-control-request-private-network'] === 'true') {
    headers['access-control-allow-private-network'] = 'true';
  }
  return { status: 204, headers };
}

/**
 * CORS headers for an answer a page may read: the AWS operations' for any page, the control
 * routes' for the pages `OriginPolicy` lets in.
 */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  return {
    'access-control-allow-origin': origin ?? '*',
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': EXPOSED_HEADERS,
    vary: 'Origin',
  };
}

/**
 * Write an answer. `cors`: the page origin to grant reading it to (`false`: no CORS headers
 * at all); `privateNetwork`: whether a private-network preflight may be granted. A streamed
 * answer (`chunks`) is written piece by piece, waiting whenever the connection is full.
 */
export async function send(
  response: ServerResponse,
  reply: Reply,
  cors: string | undefined | false,
  at: number,
  privateNetwork: boolean,
): Promise<void> {
  const headers: Record<string, string> = {
    date: new Date(at).toUTCString(),
    'x-amzn-requestid': randomUUID(),
    ...(cors !== false ? corsHeaders(cors) : {}),
    ...reply.headers,
  };
  if (!privateNetwork) delete headers['access-control-allow-private-network'];
  if (!reply.chunks) {
    const body = reply.body ?? '';
    headers['content-length'] = String(Buffer.byteLength(body));
    response.writeHead(reply.status, canonicalCase(headers));
    response.end(body);
    return;
  }
  response.writeHead(reply.status, canonicalCase(headers));
  for await (const chunk of reply.chunks) {
    if (response.destroyed) return;
    if (!response.write(chunk)) {
      await Promise.race([once(response, 'drain'), once(response, 'close')]);
    }
  }
  response.end();
}

/** The answer to a control call from a page (or host) the emulator does not serve. */
export function controlRefused(reason: string): Reply {
  return jsonReply(403, {
    message:
      `The emulator's control and inspection routes (/_emulator/*) answer pages on loopback ` +
      `(localhost, 127.0.0.0/8, [::1]) and callers without an Origin; ${reason}. Start the ` +
      'emulator with --allow-origin ORIGIN (allowOrigins) to let another origin in.',
  });
}

/** Send the AWS spelling of the headers AWS sends (browsers and SDKs do not care; people do). */
export function canonicalCase(headers: Record<string, string>): Record<string, string> {
  const spelled: Record<string, string> = {
    'x-amzn-requestid': 'x-amzn-RequestId',
    'x-amzn-errortype': 'x-amzn-ErrorType',
    'retry-after': 'Retry-After',
  };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[spelled[name] ?? name] = value;
  return out;
}
