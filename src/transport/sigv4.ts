/**
 * SigV4 for PutRumEvents. This module is loaded lazily (its own chunk in the CDN build), so
 * pages that never sign never download it and the first paint never waits for it.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { Credentials } from '../auth/credentials';

export interface UnsignedRequest {
  url: URL;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

const toSmithy = (req: UnsignedRequest, headers: Record<string, string>) => {
  const query: Record<string, string> = {};
  req.url.searchParams.forEach((v, k) => (query[k] = v));
  return {
    method: 'POST',
    protocol: req.url.protocol,
    hostname: req.url.hostname,
    port: req.url.port ? Number(req.url.port) : undefined,
    path: req.url.pathname,
    query,
    // The browser sends Host itself, with the port when it is not the default.
    headers: { ...headers, host: req.url.host },
    body: req.body,
  };
};

const signer = (credentials: Credentials, region: string) =>
  new SignatureV4({ credentials, region, service: 'rum', sha256: Sha256 });

/** Headers to send (Authorization, X-Amz-Date, X-Amz-Content-Sha256, X-Amz-Security-Token). */
export const sign = async (
  req: UnsignedRequest,
  credentials: Credentials,
  region: string,
  signingDate: Date,
): Promise<Record<string, string>> => {
  const signed = await signer(credentials, region).sign(toSmithy(req, req.headers), {
    signingDate,
  });
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers.host;
  return headers;
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
  const signed = await signer(credentials, region).presign(toSmithy(req, {}), {
    signingDate,
    expiresIn: 300,
  });
  const url = new URL(req.url.href);
  for (const [k, v] of Object.entries(signed.query ?? {})) url.searchParams.set(k, String(v));
  return url.href;
};

export type SigV4 = { sign: typeof sign; presign: typeof presign };
