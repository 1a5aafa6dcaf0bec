import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Query, RawRequest } from './http';
import { queryValue, safeDecode } from './http';

/**
 * AWS Signature Version 4, server side: read what the client claims (from the Authorization
 * header or a presigned query string), then sign the same request again with the secret we
 * hold, using @smithy/signature-v4 (the signer the AWS SDKs use; the client has its own,
 * src/transport/sigv4.ts, tested against it), and compare.
 */

type SmithyRequest = Parameters<SignatureV4['presign']>[0];

export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** Query parameters that carry a presigned signature, as @smithy/signature-v4 writes them. */
const PRESIGN_PARAMS = {
  algorithm: 'X-Amz-Algorithm',
  credential: 'X-Amz-Credential',
  date: 'X-Amz-Date',
  expires: 'X-Amz-Expires',
  signedHeaders: 'X-Amz-SignedHeaders',
  signature: 'X-Amz-Signature',
  token: 'X-Amz-Security-Token',
  contentSha256: 'X-Amz-Content-Sha256',
} as const;

/** SigV4 presigned URLs live at most a week. */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 7 * 24 * 60 * 60;

/** What a signed request claims about itself. */
export interface SignedClaim {
  presigned: boolean;
  accessKeyId: string;
  /** Credential scope parts: `yyyymmdd/region/service/aws4_request`. */
  scopeDate: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
  /** `X-Amz-Date` as sent (`yyyymmddThhmmssZ`), if any. */
  amzDate?: string;
  /** Seconds, presigned only. */
  expires?: number;
  sessionToken?: string;
  /** `X-Amz-Content-Sha256` as sent (header or query), if any. */
  contentSha256?: string;
}

/** Whether a request carries a SigV4 signature (or the start of one), and where. */
export function signatureKind(request: RawRequest): { signed: boolean; presigned: boolean } {
  const presigned =
    request.headers.authorization === undefined &&
    (queryValue(request.query, PRESIGN_PARAMS.signature) !== undefined ||
      queryValue(request.query, PRESIGN_PARAMS.algorithm) !== undefined);
  return { signed: presigned || request.headers.authorization !== undefined, presigned };
}

export class SignatureFormatError extends Error {}

/** Read the signature claim; throws SignatureFormatError when it is malformed. */
export function parseClaim(request: RawRequest): SignedClaim {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) return parseAuthorizationHeader(request, authorization);
  return parsePresignedQuery(request);
}

function parseAuthorizationHeader(request: RawRequest, authorization: string): SignedClaim {
  const match = /^\s*(\S+)\s+(.*)$/.exec(authorization);
  if (!match || match[1] !== ALGORITHM) {
    throw new SignatureFormatError(
      `Authorization header requires the '${ALGORITHM}' algorithm; got '${match?.[1] ?? authorization}'.`,
    );
  }
  const fields = new Map<string, string>();
  for (const part of match[2].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((k) => !fields.get(k));
  if (missing.length > 0) {
    throw new SignatureFormatError(
      `Authorization header requires ${missing.map((k) => `'${k}'`).join(', ')} parameter(s). ` +
        `Authorization=${authorization}`,
    );
  }
  return {
    presigned: false,
    ...parseCredential(fields.get('Credential') as string),
    signedHeaders: splitSignedHeaders(fields.get('SignedHeaders') as string),
    signature: (fields.get('Signature') as string).toLowerCase(),
    amzDate: request.headers['x-amz-date'],
    sessionToken: request.headers['x-amz-security-token'],
    contentSha256: request.headers['x-amz-content-sha256'],
  };
}

function parsePresignedQuery(request: RawRequest): SignedClaim {
  const get = (name: string): string | undefined => queryValue(request.query, name);
  const algorithm = get(PRESIGN_PARAMS.algorithm);
  if (algorithm !== ALGORITHM) {
    throw new SignatureFormatError(
      `${PRESIGN_PARAMS.algorithm} must be '${ALGORITHM}'; got '${algorithm ?? ''}'.`,
    );
  }
  const required = [
    PRESIGN_PARAMS.credential,
    PRESIGN_PARAMS.date,
    PRESIGN_PARAMS.signedHeaders,
    PRESIGN_PARAMS.signature,
  ];
  const missing = required.filter((name) => !get(name));
  if (missing.length > 0) {
    throw new SignatureFormatError(
      `AWS query-string parameters must include ${missing.map((n) => `'${n}'`).join(', ')}. ` +
        'Re-examine the query-string parameters.',
    );
  }
  const expiresText = get(PRESIGN_PARAMS.expires);
  const expires = expiresText === undefined ? undefined : Number(expiresText);
  if (expires !== undefined && (!Number.isInteger(expires) || expires < 1)) {
    throw new SignatureFormatError(
      `${PRESIGN_PARAMS.expires} must be a positive whole number of seconds; got '${expiresText}'.`,
    );
  }
  if (expires !== undefined && expires > MAX_PRESIGNED_EXPIRES_SECONDS) {
    throw new SignatureFormatError(
      `${PRESIGN_PARAMS.expires} must be less than a week (in seconds) that is ` +
        `${MAX_PRESIGNED_EXPIRES_SECONDS}; got ${expires}.`,
    );
  }
  return {
    presigned: true,
    ...parseCredential(get(PRESIGN_PARAMS.credential) as string),
    signedHeaders: splitSignedHeaders(get(PRESIGN_PARAMS.signedHeaders) as string),
    signature: (get(PRESIGN_PARAMS.signature) as string).toLowerCase(),
    amzDate: get(PRESIGN_PARAMS.date),
    expires,
    sessionToken: get(PRESIGN_PARAMS.token) ?? request.headers['x-amz-security-token'],
    contentSha256: get(PRESIGN_PARAMS.contentSha256) ?? request.headers['x-amz-content-sha256'],
  };
}

function parseCredential(
  credential: string,
): Pick<SignedClaim, 'accessKeyId' | 'scopeDate' | 'region' | 'service' | 'terminator'> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((p) => p === '')) {
    throw new SignatureFormatError(
      `Credential should be of the form 'AKID/yyyymmdd/region/service/aws4_request'; got '${credential}'.`,
    );
  }
  const [accessKeyId, scopeDate, region, service, terminator] = parts;
  return { accessKeyId, scopeDate, region, service, terminator };
}

function splitSignedHeaders(list: string): string[] {
  return list
    .split(';')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
}

/** `20240131T235959Z` → Date, or undefined when not in that exact form. */
export function parseAmzDate(amzDate: string | undefined): Date | undefined {
  const m = amzDate ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate) : null;
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface VerifyResult {
  ok: boolean;
  /** The canonical request and string-to-sign the server computed, for error messages. */
  canonicalRequest: string;
  stringToSign: string;
}

/** A SignatureV4 that remembers the canonical request and string-to-sign it built. */
class RecordingSigner extends SignatureV4 {
  canonicalRequest = '';
  stringToSign = '';

  protected override createCanonicalRequest(
    ...args: Parameters<SignatureV4['createCanonicalRequest']>
  ): string {
    this.canonicalRequest = super.createCanonicalRequest(...args);
    return this.canonicalRequest;
  }

  protected override async createStringToSign(
    ...args: Parameters<SignatureV4['createStringToSign']>
  ): Promise<string> {
    this.stringToSign = await super.createStringToSign(...args);
    return this.stringToSign;
  }
}

/**
 * Sign the received request again with `secretAccessKey` and compare with the claim.
 * Only the headers the client listed as signed take part; the path and query as received.
 * The caller has already checked that every signed header is present and that the declared
 * payload hash (if any) matches the body.
 */
export async function verifySignature(
  request: RawRequest,
  claim: SignedClaim,
  secretAccessKey: string,
  signingDate: Date,
): Promise<VerifyResult> {
  const signer = new RecordingSigner({
    service: claim.service,
    region: claim.region,
    // The token is checked separately; leaving it out keeps the signer from adding it on its own.
    credentials: { accessKeyId: claim.accessKeyId, secretAccessKey },
    sha256: Sha256,
    applyChecksum: false,
  });
  const headers: Record<string, string> = {};
  for (const name of claim.signedHeaders) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const host = request.headers.host ?? '';
  const portMatch = /:(\d+)$/.exec(host);
  const smithyRequest: SmithyRequest = {
    method: request.method,
    protocol: 'http:',
    hostname: portMatch ? host.slice(0, portMatch.index) : host,
    port: portMatch ? Number(portMatch[1]) : undefined,
    path: decodePath(request.path),
    query: claim.presigned ? withoutSignature(request.query) : { ...request.query },
    headers,
    body: request.body,
  };
  const signableHeaders = new Set(claim.signedHeaders);
  let computed: string | undefined;
  if (claim.presigned) {
    const presigned = await signer.presign(smithyRequest, {
      signingDate,
      expiresIn: claim.expires ?? 3600,
      signingRegion: claim.region,
      signingService: claim.service,
      signableHeaders,
      // Headers the client sent as headers stayed headers when it presigned.
      unhoistableHeaders: new Set(Object.keys(headers)),
    });
    computed = queryValue(presigned.query ?? {}, PRESIGN_PARAMS.signature);
  } else {
    const signed = await signer.sign(smithyRequest, {
      signingDate,
      signingRegion: claim.region,
      signingService: claim.service,
      signableHeaders,
    });
    computed = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization ?? ''))?.[1];
  }
  return {
    ok: computed !== undefined && constantTimeEqual(computed, claim.signature),
    canonicalRequest: signer.canonicalRequest,
    stringToSign: signer.stringToSign,
  };
}

function withoutSignature(query: Query): Query {
  const copy: Query = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase() !== PRESIGN_PARAMS.signature.toLowerCase()) copy[key] = value;
  }
  return copy;
}

/** The signer escapes the path itself, so hand it the decoded form of what was sent. */
function decodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => safeDecode(segment))
    .join('/');
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
