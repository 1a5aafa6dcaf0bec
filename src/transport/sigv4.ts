/**
 * SigV4 for PutRumEvents. This module is loaded lazily (its own chunk in the CDN build), so
 * pages that never sign never download it and the first paint never waits for it.
 *
 * Its output is the same, byte for byte, as @smithy/signature-v4's for these requests (the
 * tests check it against smithy for many generated ones), including smithy's particular
 * choices: the Host header is signed with the port, empty path segments are dropped, the
 * path is URI-encoded a second time, and a given X-Amz-Content-Sha256 is taken as it is.
 *
 * The hashing is the platform's where it can be: on a secure page, WebCrypto (crypto.subtle)
 * computes the two SHA-256 digests and the HMAC, off the main thread, under a signing key it
 * derived once for the secret, day and region (kept, non-extractable, for the next request).
 * Our own SHA-256 (./sha256) does it on an insecure page, when WebCrypto throws or rejects
 * (a page may have replaced `crypto`: that call is signed again, by it), and in sync mode,
 * for the page-hide flush: WebCrypto answers in a later task, which an unloading page never
 * runs; sync mode is ready after microtasks.
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

/**
 * Runs `task` with WebCrypto, on a secure page and unless in `sync` mode; if that fails, again
 * with our own SHA-256 (`subtle` undefined), whose result is ready after microtasks.
 */
const withHashing = <T>(sync: boolean | undefined, task: (subtle?: SubtleCrypto) => Promise<T>) => {
  let subtle: SubtleCrypto | undefined;
  try {
    // The platform's, in Node as in browsers (Node has no isSecureContext: our own there).
    // eslint-disable-next-line no-restricted-globals
    if (!sync && isSecureContext) subtle = crypto.subtle;
  } catch {
    // The page removed `crypto`, or made it throw.
  }
  return subtle ? task(subtle).catch(() => task()) : task();
};

/** A digest or HMAC from WebCrypto: 32 bytes, or it is not WebCrypto's (then our own signs). */
const bytes32 = async (answer: Promise<ArrayBuffer>) => {
  const bytes = new Uint8Array(await answer);
  if (bytes.length - 32) throw bytes;
  return bytes;
};

/** The hex SHA-256 of text (as UTF-8) or bytes, by WebCrypto when given it. */
const hashOf = async (subtle: SubtleCrypto | undefined, data: string | Uint8Array) => {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  return toHex(
    subtle ? await bytes32(subtle.digest('SHA-256', bytes as BufferSource)) : sha256(bytes),
  );
};

const HMAC = { name: 'HMAC', hash: 'SHA-256' };
/** WebCrypto's last signing key (one is enough: it changes daily), and what it was derived from. */
let lastKey: [string, CryptoKey] | undefined;

/** The signature of a canonical request: HMACs under the key derived for the scope. */
const signatureOf = async (
  subtle: SubtleCrypto | undefined,
  { secretAccessKey }: Credentials,
  region: string,
  { amzDate, day, scope }: ReturnType<typeof scopeOf>,
  canonicalRequest: string,
) => {
  const hashedRequest = await hashOf(subtle, canonicalRequest);
  const toSign = utf8(`${ALGORITHM}\n${amzDate}\n${scope}\n${hashedRequest}`);
  const parts = [day, region, 'rum', 'aws4_request'];
  let key: Uint8Array = utf8('AWS4' + secretAccessKey);
  if (!subtle) {
    for (const part of parts) key = hmacSha256(key, utf8(part));
    return toHex(hmacSha256(key, toSign));
  }
  const importKey = (raw: Uint8Array) =>
    subtle.importKey('raw', raw as BufferSource, HMAC, false, ['sign']);
  const id = JSON.stringify([secretAccessKey, day, region]);
  let signingKey = lastKey?.[0] === id && lastKey[1];
  if (!signingKey) {
    for (const part of parts)
      key = await bytes32(subtle.sign('HMAC', await importKey(key), utf8(part)));
    lastKey = [id, (signingKey = await importKey(key))];
  }
  return toHex(await bytes32(subtle.sign('HMAC', signingKey, toSign)));
};

/** The canonical request of a POST, its headers canonicalised already. */
const canonicalRequestOf = (
  url: URL,
  query: Map<string, string>,
  [headers, signedHeaders]: [string, string],
  payloadHash: string,
) =>
  `POST\n${canonicalPath(url.pathname)}\n${canonicalQuery(query)}\n${headers}\n${signedHeaders}\n${payloadHash}`;

/**
 * Headers to send (Authorization, X-Amz-Date, X-Amz-Content-Sha256, X-Amz-Security-Token).
 * `sync`: hashed by our own SHA-256 only, ready after microtasks (for a page being unloaded).
 */
export const sign = (
  req: UnsignedRequest,
  credentials: Credentials,
  region: string,
  signingDate: Date,
  sync?: boolean,
): Promise<Record<string, string>> =>
  withHashing(sync, async (subtle) => {
    const when = scopeOf(signingDate, region);
    // The browser sends Host itself, with the port when it is not the default; it is signed,
    // not returned.
    const headers = new Map(Object.entries(req.headers)).set('host', req.url.host);
    for (const name of headers.keys()) if (GENERATED.test(name)) headers.delete(name);
    headers.set('x-amz-date', when.amzDate);
    if (credentials.sessionToken) headers.set('x-amz-security-token', credentials.sessionToken);
    const given = [...headers].find(([name]) => name.toLowerCase() === CONTENT_SHA256);
    const payloadHash = given ? given[1] : await hashOf(subtle, req.body);
    if (!given) headers.set(CONTENT_SHA256, payloadHash);

    const signed = canonicalHeaders(headers);
    const canonicalRequest = canonicalRequestOf(req.url, queryOf(req.url), signed, payloadHash);
    headers.set(
      'authorization',
      `${ALGORITHM} Credential=${credentials.accessKeyId}/${when.scope}, SignedHeaders=${signed[1]}, ` +
        `Signature=${await signatureOf(subtle, credentials, region, when, canonicalRequest)}`,
    );
    headers.delete('host');
    return Object.fromEntries(headers);
  });

/**
 * A presigned URL for navigator.sendBeacon, which cannot set headers: only Host is signed,
 * so the Content-Type the browser picks does not matter; the payload hash covers the body.
 * `sync`: as for sign.
 */
export const presign = (
  req: UnsignedRequest,
  credentials: Credentials,
  region: string,
  signingDate: Date,
  sync?: boolean,
): Promise<string> =>
  withHashing(sync, async (subtle) => {
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
    const payloadHash = await hashOf(subtle, req.body);
    const canonicalRequest = canonicalRequestOf(req.url, query, signed, payloadHash);
    query.set(
      'X-Amz-Signature',
      await signatureOf(subtle, credentials, region, when, canonicalRequest),
    );

    const url = new URL(req.url.href);
    // set() keeps a name where it first appears and drops its repeats.
    for (const [name, value] of query) url.searchParams.set(name, value);
    return url.href;
  });

export type SigV4 = { sign: typeof sign; presign: typeof presign };
