import {
  expiredToken,
  invalidSignature,
  missingAuthenticationToken,
  ServiceError,
  unrecognizedClient,
} from './errors';
import type { RawRequest } from './http';
import type { Registry } from './registry';
import {
  formatAmzDate,
  parseAmzDate,
  parseClaim,
  sha256Hex,
  SignatureFormatError,
  signatureKind,
  type SignedClaim,
  verifySignature,
} from './sigv4';
import type { StaticCredential } from './types';

/** How far `X-Amz-Date` may be from the server clock, as AWS allows. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Who sent a request, once authenticated. */
export type Caller =
  | { signed: false; presigned: false }
  | { signed: true; presigned: boolean; accessKeyId: string; credential: StaticCredential };

export interface AuthenticateOptions {
  registry: Registry;
  now: number;
  /** The signing service this endpoint answers for, e.g. `rum`. */
  service: string;
  /** The region this endpoint serves; undefined = do not check the scope's region. */
  endpointRegion: string | undefined;
  /** Whether a request with no signature at all is let through. */
  allowUnsigned: boolean;
}

/**
 * Authenticate a request the way AWS does for SigV4 services. Throws a ServiceError with the
 * error type the real service would send.
 */
export async function authenticate(
  request: RawRequest,
  opts: AuthenticateOptions,
): Promise<Caller> {
  if (!signatureKind(request).signed) {
    if (opts.allowUnsigned) return { signed: false, presigned: false };
    throw missingAuthenticationToken();
  }

  let claim: SignedClaim;
  try {
    claim = parseClaim(request);
  } catch (error) {
    if (error instanceof SignatureFormatError) throw incompleteSignature(error.message);
    throw error;
  }

  const credential = opts.registry.credential(claim.accessKeyId);
  if (!credential) throw unrecognizedClient();
  if (claim.sessionToken !== credential.sessionToken) {
    // Temporary keys need their own token; long-term keys take none (AWS rejects both cases).
    throw unrecognizedClient(
      claim.sessionToken === undefined
        ? 'The security token included in the request is invalid: this access key is temporary ' +
            'and needs its X-Amz-Security-Token.'
        : 'The security token included in the request is invalid.',
    );
  }
  if (credential.expiration !== undefined && credential.expiration < opts.now) {
    throw expiredToken();
  }

  if (claim.service !== opts.service) {
    throw invalidSignature(
      `Credential should be scoped to correct service: '${opts.service}', not '${claim.service}'. `,
    );
  }
  if (opts.endpointRegion !== undefined && claim.region !== opts.endpointRegion) {
    throw invalidSignature(
      `Credential should be scoped to a valid region, not '${claim.region}'. ` +
        `This endpoint serves '${opts.endpointRegion}'.`,
    );
  }
  if (claim.terminator !== 'aws4_request') {
    throw invalidSignature(
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${claim.terminator}'.`,
    );
  }

  const signingDate = checkDate(claim, opts.now);
  checkSignedHeaders(request, claim);
  checkPayloadHash(request, claim);

  const result = await verifySignature(request, claim, credential.secretAccessKey, signingDate);
  if (!result.ok) {
    throw invalidSignature(
      'The request signature we calculated does not match the signature you provided. ' +
        'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
        `\n\nThe Canonical String for this request should have been\n'${result.canonicalRequest}'` +
        `\n\nThe String-to-Sign should have been\n'${result.stringToSign}'\n`,
    );
  }
  return {
    signed: true,
    presigned: claim.presigned,
    accessKeyId: claim.accessKeyId,
    credential,
  };
}

function incompleteSignature(message: string): ServiceError {
  // AWS names this IncompleteSignatureException; the RUM error table folds it into an invalid
  // signature, which is what a client should treat it as.
  return invalidSignature(message);
}

function checkDate(claim: SignedClaim, now: number): Date {
  const date = parseAmzDate(claim.amzDate);
  if (!date) {
    throw invalidSignature(
      claim.amzDate === undefined
        ? "Authorization requires an 'X-Amz-Date' header or query parameter in the form yyyyMMdd'T'HHmmss'Z'."
        : `X-Amz-Date must be in the form yyyyMMdd'T'HHmmss'Z'; got '${claim.amzDate}'.`,
    );
  }
  if (claim.scopeDate !== (claim.amzDate as string).slice(0, 8)) {
    throw invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
        `'${claim.scopeDate}' != '${(claim.amzDate as string).slice(0, 8)}', from '${claim.amzDate}'.`,
    );
  }
  const sent = date.getTime();
  const nowText = formatAmzDate(now);
  if (sent > now + MAX_CLOCK_SKEW_MS) {
    throw invalidSignature(
      `Signature not yet current: ${claim.amzDate} is still later than ` +
        `${formatAmzDate(now + MAX_CLOCK_SKEW_MS)} (${nowText} + 5 min.)`,
    );
  }
  if (claim.presigned) {
    const expires = claim.expires ?? 3600;
    if (now > sent + expires * 1000) {
      throw invalidSignature(
        `Signature expired: the presigned request was valid from ${claim.amzDate} for ${expires} seconds ` +
          `(until ${formatAmzDate(sent + expires * 1000)}), and it is now ${nowText}.`,
      );
    }
  } else if (sent < now - MAX_CLOCK_SKEW_MS) {
    throw invalidSignature(
      `Signature expired: ${claim.amzDate} is now earlier than ` +
        `${formatAmzDate(now - MAX_CLOCK_SKEW_MS)} (${nowText} - 5 min.)`,
    );
  }
  return date;
}

function checkSignedHeaders(request: RawRequest, claim: SignedClaim): void {
  if (!claim.signedHeaders.includes('host')) {
    throw invalidSignature("'Host' must be a signed header.");
  }
  const missing = claim.signedHeaders.filter((name) => request.headers[name] === undefined);
  if (missing.length > 0) {
    throw invalidSignature(
      `Signed header(s) missing from the request: ${missing.join(', ')}. ` +
        'Every header listed in SignedHeaders must be sent.',
    );
  }
}

function checkPayloadHash(request: RawRequest, claim: SignedClaim): void {
  if (claim.contentSha256 === undefined) return;
  const actual = sha256Hex(request.body);
  if (claim.contentSha256.toLowerCase() !== actual) {
    throw invalidSignature(
      `The provided 'x-amz-content-sha256' header does not match what was computed: ` +
        `provided '${claim.contentSha256}', computed from the body as sent '${actual}'.`,
    );
  }
}
