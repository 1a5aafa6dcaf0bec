import { Sha256 } from '@aws-crypto/sha256-js';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { RUMClient, type RUMClientConfig } from '@aws-sdk/client-rum';
import { STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { Emulator } from '../../emulator';

// The SDK warns once per process that it will soon need Node 22; not what these tests check.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const MONITOR_ID = '00000000-0000-0000-0000-0000000000a1';
export const OTHER_MONITOR_ID = '00000000-0000-0000-0000-0000000000b2';
export const OPEN_MONITOR_ID = '00000000-0000-0000-0000-0000000000c3';
export const REGION = 'us-west-2';
export const KEY = { accessKeyId: 'AKIDTEST0000000001', secretAccessKey: 'test-secret-1' };

export const APP_MONITORS = [
  { id: MONITOR_ID, name: 'shop-web', region: REGION },
  { id: OTHER_MONITOR_ID, name: 'blog-web', region: REGION },
  { id: OPEN_MONITOR_ID, name: 'open-web', region: REGION, allowUnsigned: true },
];

export const METADATA = { version: '1.0.0', domain: 'example.com' };

export interface WireEvent {
  id: string;
  timestamp: number;
  type: string;
  metadata: string;
  details: string;
}

export function wireEvent(
  type: string,
  details: Record<string, unknown>,
  metadata: Record<string, unknown> = METADATA,
): WireEvent {
  return {
    id: randomUUID(),
    timestamp: Date.now() / 1000,
    type,
    metadata: JSON.stringify(metadata),
    details: JSON.stringify(details),
  };
}

export const sessionStart = (): WireEvent =>
  wireEvent('com.amazon.rum.session_start_event', { version: '1.0.0' });
export const pageView = (): WireEvent =>
  wireEvent('com.amazon.rum.page_view_event', {
    version: '1.0.0',
    pageId: '/home',
    interaction: 0,
  });

/** A PutRumEvents body as it goes on the wire (timestamps in epoch seconds). */
export function batch(events: WireEvent[] = [sessionStart(), pageView()], id = MONITOR_ID) {
  return {
    BatchId: randomUUID(),
    AppMonitorDetails: { id, version: '1.2.3' },
    UserDetails: { userId: randomUUID(), sessionId: randomUUID() },
    RumEvents: events,
  };
}

/** The same batch as @aws-sdk/client-rum takes it (timestamps as Dates). */
export function sdkInput(events: WireEvent[] = [sessionStart(), pageView()], id = MONITOR_ID) {
  const body = batch(events, id);
  return {
    Id: id,
    ...body,
    RumEvents: body.RumEvents.map((e) => ({ ...e, timestamp: new Date(e.timestamp * 1000) })),
  };
}

export function rumClient(emu: Emulator, config: Partial<RUMClientConfig> = {}): RUMClient {
  return new RUMClient({
    region: REGION,
    endpoint: emu.url,
    // The SDK would prefix the host with `dataplane.`; an IP endpoint cannot take that.
    disableHostPrefix: true,
    credentials: KEY,
    maxAttempts: 1,
    ...config,
  });
}

export interface SignedRequestOptions {
  path?: string;
  body: string | Uint8Array;
  headers?: Record<string, string>;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region?: string;
  /** The signing service; default `rum`. */
  service?: string;
  signingDate?: Date;
  /** false: no X-Amz-Content-Sha256 header; the payload hash is then only inside the signature. */
  applyChecksum?: boolean;
}

function requestFor(emu: Emulator, options: SignedRequestOptions) {
  return {
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: emu.port,
    path: options.path ?? `/appmonitors/${MONITOR_ID}/`,
    query: {},
    headers: { host: `127.0.0.1:${emu.port}`, ...options.headers },
    body: options.body,
  };
}

function signer(options: SignedRequestOptions): SignatureV4 {
  return new SignatureV4({
    service: options.service ?? 'rum',
    region: options.region ?? REGION,
    credentials: options.credentials ?? KEY,
    sha256: Sha256,
    applyChecksum: options.applyChecksum,
  });
}

/** Sign with SignatureV4.sign() (Authorization header), as a browser client would. */
export async function signedHeaders(emu: Emulator, options: SignedRequestOptions) {
  const request = requestFor(emu, options);
  const signed = await signer(options).sign(request, { signingDate: options.signingDate });
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers.host; // fetch sets Host itself, to the same value
  return { url: `${emu.url}${request.path}`, headers };
}

/** Sign with SignatureV4.presign() (query string), as a client does for sendBeacon. */
export async function presignedUrl(
  emu: Emulator,
  options: SignedRequestOptions & { expiresIn?: number },
): Promise<string> {
  const request = requestFor(emu, options);
  const presigned = await signer(options).presign(request, {
    signingDate: options.signingDate,
    expiresIn: options.expiresIn ?? 60,
  });
  const query = Object.entries(presigned.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${emu.url}${request.path}?${query}`;
}

export async function post(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{
  status: number;
  errorType: string | null;
  json: Record<string, unknown>;
  headers: Headers;
}> {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    errorType: response.headers.get('x-amzn-errortype'),
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: response.headers,
  };
}

/** What `rawPost` saw: an answer, or the connection failing without one. */
export type RawOutcome =
  | {
      kind: 'answer';
      status: number;
      headers: Record<string, string | string[] | undefined>;
      body: string;
    }
  | { kind: 'error'; code: string | undefined; message: string };

/**
 * POST with node:http on a fresh connection (no keep-alive pool), reporting a connection that
 * closes without an answer as an outcome rather than a thrown error.
 */
export function rawPost(
  url: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<RawOutcome> {
  return new Promise((resolvePromise) => {
    const req = httpRequest(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolvePromise({
          kind: 'answer',
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', (error: NodeJS.ErrnoException) =>
        resolvePromise({ kind: 'error', code: error.code, message: error.message }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolvePromise({ kind: 'error', code: error.code, message: error.message }),
    );
    req.end(body);
  });
}

/** The error an SDK call fails with (or fail the test when it succeeds). */
export async function sdkError(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

// Anonymous credential vending (Cognito Identity, STS).

export const POOL_ID = 'us-west-2:00000000-0000-0000-0000-0000000000aa';
export const ROLE_ARN = 'arn:aws:iam::000000000000:role/RUM-Monitor-Unauth';

/** A pool whose unauthenticated role trusts it and may write to MONITOR_ID (`shop-web`). */
export const VENDING_OPTIONS = {
  identityPools: [{ id: POOL_ID, unauthRoleArn: ROLE_ARN }],
  roles: [{ arn: ROLE_ARN, trust: { identityPoolId: POOL_ID }, appMonitors: [MONITOR_ID] }],
};

/**
 * The official Cognito Identity client, pointed at the emulator. No credentials and no signer
 * trick are needed: the service model marks GetId, GetOpenIdToken and GetCredentialsForIdentity
 * `smithy.api#noAuth`, so the SDK sends them unsigned and never resolves credentials.
 */
export function cognitoClient(emu: Emulator, region = REGION): CognitoIdentityClient {
  return new CognitoIdentityClient({ region, endpoint: emu.url, maxAttempts: 1 });
}

/** The official STS client; AssumeRoleWithWebIdentity is `noAuth` in its model too. */
export function stsClient(emu: Emulator, region = REGION): STSClient {
  return new STSClient({ region, endpoint: emu.url, maxAttempts: 1 });
}

/** A RUM client signing with credentials Cognito or STS handed out. */
export function rumClientWith(
  emu: Emulator,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): RUMClient {
  return rumClient(emu, { credentials });
}
