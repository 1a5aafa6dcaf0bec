import { cognitoRoute } from './cognito';
import type { RawRequest, Reply, RequestNote } from './http';
import type { Registry } from './registry';
import { putRumEventsRoute } from './rum';
import type { Store } from './store';
import { stsRoute } from './sts';
import type { TokenIssuer } from './token';

/** What an AWS operation handler may use. */
export interface HandlerContext {
  registry: Registry;
  store: Store;
  /** Server clock for this request (epoch ms). */
  now: number;
  /** Signs and checks the OpenID tokens Cognito hands out and STS takes back. */
  tokens: TokenIssuer;
  /** Lifetime of minted credentials, in seconds (STS `DurationSeconds` wins). */
  credentialLifetimeSeconds: number;
}

/** Answers one request; protocol errors are part of the reply, anything thrown is a 500. */
export type Handler = (ctx: HandlerContext, note: RequestNote) => Promise<Reply>;

/** Claims a request for an operation by returning its handler, or passes with `undefined`. */
export type Route = (request: RawRequest) => Handler | undefined;

/**
 * The AWS operations the emulator serves, tried in order; the first route that claims the
 * request answers it. Each route owns its protocol (how it reads input and writes errors).
 * - RUM data plane: `POST {prefix}/appmonitors/{id}/` (restJson1; PutRumEvents) — `rum.ts`.
 * - Cognito Identity: a POST with `X-Amz-Target: AWSCognitoIdentityService.{Op}` (AWS JSON 1.1;
 *   GetId, GetCredentialsForIdentity, GetOpenIdToken), minting credentials into the Registry —
 *   `cognito.ts`.
 * - STS: a form-encoded POST with an `Action` (query protocol, XML answers;
 *   AssumeRoleWithWebIdentity) — `sts.ts`.
 */
export const AWS_ROUTES: readonly Route[] = [putRumEventsRoute, cognitoRoute, stsRoute];

export function findHandler(request: RawRequest): Handler | undefined {
  for (const route of AWS_ROUTES) {
    const handler = route(request);
    if (handler) return handler;
  }
  return undefined;
}
