/**
 * SigV4 for PutRumEvents. This module is loaded lazily (its own chunk in the CDN build), so
 * pages that never sign never download it and the first paint never waits for it.
 *
 * Its output is the same, byte for byte, as @smithy/signature-v4's for these requests (the
 * tests check it against smithy for many generated ones), including smithy's particular
 * choices: the Host header is signed with the port, empty path segments are dropped, the
 * path is URI-encoded a second time, and a given X-Amz-Content-Sha256 is taken as it is.
 */
import type { Credentials } from '../domain/types';
import { hmacSha256, sha256, toHex } from './sha256';

export interface UnsignedRequest {
  url: URL;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const CONTENT_SHA256 = 'x-amz-content-sha256';
/** Headers the signer sets itself: the request's own are dropped, in any letter case. */
const GENERATED = /^(?:authorization|x-amz-date|date)$/i;
/** Headers left out of the signature (lower-cased names): a proxy or the browser may alter them. */
const UNSIGNED =
  /^(?:(?:authorization|cache-control|connection|expect|from|keep-alive|max-forwards|pragma|referer|te|trailer|transfer-encoding|upgrade|user-agent|x-amzn-trace-id)$|proxy-|sec-)/;

const utf8 = (text: string) => new TextEncoder().encode(text);

/** RFC 3986 percent-encoding: encodeURIComponent, plus the five characters it leaves as they are. */
const uriEncode = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );

/**
 * The canonical URI. The URL's pathname is already percent-encoded and each segment is
 * encoded again, as AWS services other than S3 expect; empty and dot segments are dropped.
 */
const canonicalPath = (path: string) => {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment && segment !== '.') segments.push(uriEncode(segment));
  }
  const trailingSlash = segments.length && path.endsWith('/') ? '/' : '';
  return (path.startsWith('/') ? '/' : '') + segments.join('/') + trailingSlash;
};

/** The canonical query string: pairs sorted by encoded name, without a signature. */
const canonicalQuery = (query: Map<string, string>) =>
  [...query]
    .filter(([name]) => name.toLowerCase() !== 'x-amz-signature')
    .map(([name, value]) => [uriEncode(name), uriEncode(value)])
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');

/** The query parameters of a URL, the last value of a repeated name winning. */
const queryOf = (url: URL) => new Map(url.searchParams);

/**
 * The canonical headers and the signed header list. Names are lower-cased (of two that then
 * match, the one sorting later as given wins). In values, each run of spaces, tabs and line
 * breaks becomes one space, and none is left at either end; other whitespace stays.
 */
const canonicalHeaders = (headers: Map<string, string>): [string, string] => {
  const canonical = new Map<string, string>();
  for (const [name, value] of [...headers].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const lower = name.toLowerCase();
    if (!UNSIGNED.test(lower))
      canonical.set(lower, value.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, ''));
  }
  const names = [...canonical.keys()].sort();
  return [names.map((name) => `${name}:${canonical.get(name)}\n`).join(''), names.join(';')];
};

/** The request's date as SigV4 writes it (20240501T123456Z) and the credential scope. */
const scopeOf = (date: Date, region: string) => {
  const amzDate = date.toISOString().replace(/[-:]|\.\d+/g, '');
  const day = amzDate.slice(0, 8);
  return { amzDate, day, scope: `${day}/${region}/rum/aws4_request` };
};

/** The signature of a canonical request: HMACs under the key derived for the scope. */
const signatureOf = (
  credentials: Credentials,
  region: string,
  { amzDate, day, scope }: ReturnType<typeof scopeOf>,
  canonicalRequest: string,
) => {
  let key: Uint8Array = utf8('AWS4' + credentials.secretAccessKey);
  for (const part of [day, region, 'rum', 'aws4_request']) key = hmacSha256(key, utf8(part));
  const hashedRequest = toHex(sha256(utf8(canonicalRequest)));
  return toHex(hmacSha256(key, utf8(`${ALGORITHM}\n${amzDate}\n${scope}\n${hashedRequest}`)));
};

/** The canonical request of a POST, its headers canonicalised already. */
const canonicalRequestOf = (
  url: URL,
  query: Map<string, string>,
  [headers, signedHeaders]: [string, string],
  payloadHash: string,
) =>
  `POST\n${canonicalPath(url.pathname)}\n${canonicalQuery(query)}\n${headers}\n${signedHeaders}\n${payloadHash}`;

const payloadHashOf = (body: string | Uint8Array) =>
  toHex(sha256(typeof body === 'string' ? utf8(body) : body));

/** Headers to send (Authorization, X-Amz-Date, X-Amz-Content-Sha256, X-Amz-Security-Token). */
export const sign = async (
  req: UnsignedRequest,
  credentials: Credentials,
  region: string,
  signingDate: Date,
): Promise<Record<string, string>> => {
  const when = scopeOf(signingDate, region);
  // The browser sends Host itself, with the port when it is not the default; it is signed,
  // not returned.
  const headers = new Map(Object.entries(req.headers)).set('host', req.url.host);
  for (const name of headers.keys()) if (GENERATED.test(name)) headers.delete(name);
  headers.set('x-amz-date', when.amzDate);
  if (credentials.sessionToken) headers.set('x-amz-security-token', credentials.sessionToken);
  const given = [...headers].find(([name]) => name.toLowerCase() === CONTENT_SHA256);
  const payloadHash = given ? given[1] : payloadHashOf(req.body);
  if (!given) headers.set(CONTENT_SHA256, payloadHash);

  const signed = canonicalHeaders(headers);
  const canonicalRequest = canonicalRequestOf(req.url, queryOf(req.url), signed, payloadHash);
  headers.set(
    'authorization',
    `${ALGORITHM} Credential=${credentials.accessKeyId}/${when.scope}, SignedHeaders=${signed[1]}, ` +
      `Signature=${signatureOf(credentials, region, when, canonicalRequest)}`,
  );
  headers.delete('host');
  return Object.fromEntries(headers);
};

/**
 * A presigned URL for navigator.sendBeacon, which cannot set headers: only Host is signed,
 * so the Content-Type the browser picks does not matter; the payload hash covers the body.
 */
export const presign = async (
  req: UnsignedRequest,
  credentials: Credentials,
  region: string,
  signingDate: Date,
): Promise<string> => {
  const when = scopeOf(signingDate, region);
  const query = queryOf(req.url);
  if (credentials.sessionToken) query.set('X-Amz-Security-Token', credentials.sessionToken);
  query
    .set('X-Amz-Algorithm', ALGORITHM)
    .set('X-Amz-Credential', `${credentials.accessKeyId}/${when.scope}`)
    .set('X-Amz-Date', when.amzDate)
    .set('X-Amz-Expires', '300')
    .set('X-Amz-SignedHeaders', 'host');
  const signed: [string, string] = [`host:${req.url.host}\n`, 'host'];
  const canonicalRequest = canonicalRequestOf(req.url, query, signed, payloadHashOf(req.body));
  query.set('X-Amz-Signature', signatureOf(credentials, region, when, canonicalRequest));

  const url = new URL(req.url.href);
  // set() keeps a name where it first appears and drops its repeats.
  for (const [name, value] of query) url.searchParams.set(name, value);
  return url.href;
};

export type SigV4 = { sign: typeof sign; presign: typeof presign };
