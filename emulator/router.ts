import type { RawRequest, Reply, RequestNote } from './http';
import type { Registry } from './registry';
import { putRumEventsRoute } from './rum';
import type { Store } from './store';

/** What an AWS operation handler may use. */
export interface HandlerContext {
  registry: Registry;
  store: Store;
  /** Server clock for this request (epoch ms). */
  now: number;
}

/** Answers one request; protocol errors are part of the reply, anything thrown is a 500. */
export type Handler = (ctx: HandlerContext, note: RequestNote) => Promise<Reply>;

/** Claims a request for an operation by returning its handler, or passes with `undefined`. */
export type Route = (request: RawRequest) => Handler | undefined;

/**
 * The AWS operations the emulator serves, tried in order; the first route that claims the
 * request answers it. Each route owns its protocol (how it reads input and writes errors).
 *
 * Next to add, as sibling files with their own Route:
 * - Cognito Identity: `POST /` with `X-Amz-Target: AWSCognitoIdentityService.{Op}`
 *   (AWS JSON 1.1; GetId, GetCredentialsForIdentity, GetOpenIdToken), minting credentials
 *   into the Registry.
 * - STS: `POST /` form-encoded `Action=AssumeRoleWithWebIdentity` (query protocol, XML answers).
 */
export const AWS_ROUTES: readonly Route[] = [putRumEventsRoute];

export function findHandler(request: RawRequest): Handler | undefined {
  for (const route of AWS_ROUTES) {
    const handler = route(request);
    if (handler) return handler;
  }
  return undefined;
}
