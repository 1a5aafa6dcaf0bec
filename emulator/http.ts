import type { IncomingHttpHeaders } from 'node:http';
import type { Fault } from './types';

export type Query = Record<string, string | string[]>;

/** A request as received, body fully read; what every route handler works on. */
export interface RawRequest {
  method: string;
  /** The path as sent, still percent-encoded, without the query. */
  path: string;
  /** Query parameters, percent-decoded (a `+` stays a `+`, as SigV4 expects). */
  query: Query;
  /** Header names in lower case; repeated headers joined with `,`. */
  headers: Record<string, string>;
  /** The body bytes exactly as sent (still gzipped when `Content-Encoding: gzip`). */
  body: Buffer;
  /** How many body bytes arrived, when the body was too large to keep (`body` is then empty). */
  bodyBytes?: number;
  /** Server clock when the request arrived. */
  at: number;
}

/** What a handler answers. CORS and the common headers are added by the server. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /**
   * The body in pieces, instead of `body`: written one after another as the connection takes
   * them (chunked), so an answer never has to be one string.
   */
  chunks?: Iterable<string> | AsyncIterable<string>;
}

/** Facts a handler reports about a request, for the request log and the console line. */
export interface RequestNote {
  operation?: string;
  errorType?: string;
  message?: string;
  appMonitorId?: string;
  eventCount?: number;
  signed?: boolean;
  presigned?: boolean;
  contentEncoding?: string;
  /** Cognito/STS: the pool, identity and role concerned, and the key a success minted. */
  identityPoolId?: string;
  identityId?: string;
  roleArn?: string;
  issuedAccessKeyId?: string;
  /** PutRumEvents: the access key named by the signature, valid or not. */
  accessKeyId?: string;
  /** PutRumEvents: the batch's `UserDetails.sessionId`, once the batch is read. */
  sessionIds?: string[];
  /**
   * PutRumEvents: the session and event count read from the body once it was inflated and
   * parsed, whether or not it then passed validation (for the record of a refused batch).
   */
  batch?: { sessionIds?: string[]; eventCount?: number };
  /**
   * Why the emulator answered as it did, when the wire message does not say (AWS keeps some
   * reasons to itself, e.g. why AssumeRoleWithWebIdentity is AccessDenied); console line only.
   */
  logDetail?: string;
  /** The injected fault this call took, if any: the server applies its delay, drop and Retry-After. */
  fault?: Fault;
}

export function parseQuery(search: string): Query {
  const query: Query = {};
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[key] = [existing, value];
  }
  return query;
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return flat;
}

/** The first value of a query parameter, matched case-insensitively. */
export function queryValue(
  query: Record<string, string | string[] | null | undefined>,
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase() === lower) return (Array.isArray(value) ? value[0] : value) ?? undefined;
  }
  return undefined;
}

export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  };
}

/** Pieces of a streamed JSON answer are gathered up to about this many characters. */
const PIECE_CHARS = 64 * 1024;

/**
 * `before` + a JSON array of `items` + `after`, as `Reply.chunks`: each item is serialized on
 * its own when the connection wants more, so the whole never exists as one string.
 */
export function* jsonArrayChunks(
  items: readonly unknown[],
  before = '',
  after = '',
): Generator<string> {
  let piece = `${before}[`;
  for (let i = 0; i < items.length; i++) {
    piece += (i === 0 ? '' : ',') + JSON.stringify(items[i]);
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}]${after}`;
}

/** A 200 JSON answer streamed in pieces (see `jsonArrayChunks`). */
export function jsonStreamReply(
  chunks: Iterable<string>,
  headers: Record<string, string> = {},
): Reply {
  return { status: 200, headers: { 'content-type': 'application/json', ...headers }, chunks };
}

/** The media type without parameters, lower case: `text/plain;charset=UTF-8` → `text/plain`. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  return contentType.split(';')[0].trim().toLowerCase() || undefined;
}
