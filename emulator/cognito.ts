import { cognitoErrorReply, constraintMessage, ServiceError } from './errors';
import { DROPPED, injectFault } from './faults';
import { mediaType, type RawRequest, type Reply, type RequestNote } from './http';
import { trustRefusal } from './registry';
import type { HandlerContext, Route } from './router';
import type { IdentityPoolConfig, IdentityRecord } from './types';

/**
 * Amazon Cognito Identity (federated identities), the unauthenticated subset a browser page uses:
 * AWS JSON 1.1 — `POST /`, `Content-Type: application/x-amz-json-1.1`,
 * `X-Amz-Target: AWSCognitoIdentityService.{Operation}`, a JSON body; errors are
 * `x-amzn-ErrorType` + `{"__type", "message"}`. These calls are unsigned.
 */

export const TARGET_PREFIX = 'AWSCognitoIdentityService.';
const JSON_11 = 'application/x-amz-json-1.1';
/** Media types the JSON protocol takes (the SDKs and the web client send 1.1). */
const ACCEPTED_MEDIA_TYPES = new Set([JSON_11, 'application/x-amz-json-1.0', 'application/json']);

/** IdentityPoolId and IdentityId, from the Cognito Identity API reference. */
const ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/;
const ID_PATTERN_TEXT = '[\\w-]+:[0-9a-f-]+';
const ID_MAX_LENGTH = 55;

/** The session name Cognito gives the role sessions of the enhanced flow. */
export const ENHANCED_FLOW_SESSION_NAME = 'CognitoIdentityCredentials';

const cognitoError = (status: number, type: string, message: string) =>
  new ServiceError(status, type, message);

export const notAuthorized = (message: string) =>
  cognitoError(400, 'NotAuthorizedException', message);
export const cognitoResourceNotFound = (message: string) =>
  cognitoError(400, 'ResourceNotFoundException', message);
export const invalidParameter = (message: string) =>
  cognitoError(400, 'InvalidParameterException', message);
export const invalidPoolConfiguration = () =>
  cognitoError(
    400,
    'InvalidIdentityPoolConfigurationException',
    'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
  );
const serialization = (message: string) => cognitoError(400, 'SerializationException', message);
const cognitoValidation = (violations: string[]) =>
  cognitoError(400, 'ValidationException', constraintMessage(violations));

type Input = Record<string, unknown>;
type Operation = (input: Input, ctx: HandlerContext, note: RequestNote) => Input;

const OPERATIONS: Record<string, Operation> = {
  GetId: getId,
  GetCredentialsForIdentity: getCredentialsForIdentity,
  GetOpenIdToken: getOpenIdToken,
};

/** The Route for Cognito Identity: any POST with an `AWSCognitoIdentityService.*` target. */
export const cognitoRoute: Route = (request) => {
  const target = request.headers['x-amz-target'];
  if (request.method !== 'POST' || !target?.startsWith(TARGET_PREFIX)) return undefined;
  const name = target.slice(TARGET_PREFIX.length);
  return async (ctx, note) => {
    note.operation = name;
    try {
      const fault = injectFault(ctx.store, note, name);
      if (fault.kind === 'drop') return DROPPED;
      if (fault.kind === 'error') throw fault.error;
      const operation = Object.prototype.hasOwnProperty.call(OPERATIONS, name)
        ? OPERATIONS[name]
        : undefined;
      if (!operation) {
        throw cognitoError(
          400,
          'UnknownOperationException',
          `The emulator does not serve ${target}; it serves ` +
            `${Object.keys(OPERATIONS).join(', ')} (unauthenticated identities).`,
        );
      }
      return cognitoReply(200, operation(readInput(request), ctx, note));
    } catch (error) {
      if (error instanceof ServiceError) return cognitoErrorReply(error);
      throw error;
    }
  };
};

function readInput(request: RawRequest): Input {
  const contentType = request.headers['content-type'];
  const type = mediaType(contentType);
  if (type !== undefined && !ACCEPTED_MEDIA_TYPES.has(type)) {
    throw serialization(
      `Unsupported Content-Type '${contentType}'; Cognito Identity takes ${JSON_11}.`,
    );
  }
  const text = request.body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw serialization(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw serialization('The request body must be a JSON object.');
  }
  return value as Input;
}

/** A required `[\w-]+:[0-9a-f-]+` id member, checked as the service's request validation does. */
function requireId(input: Input, member: string): string {
  const field = member[0].toLowerCase() + member.slice(1);
  const value = input[member];
  if (value === undefined || value === null) {
    throw cognitoValidation([
      `Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    ]);
  }
  if (typeof value !== 'string') {
    throw serialization(`${member} must be a string; got ${JSON.stringify(value)}.`);
  }
  const violations: string[] = [];
  if (!ID_PATTERN.test(value)) {
    violations.push(
      `Value '${value}' at '${field}' failed to satisfy constraint: ` +
        `Member must satisfy regular expression pattern: ${ID_PATTERN_TEXT}`,
    );
  }
  if (value.length < 1 || value.length > ID_MAX_LENGTH) {
    violations.push(
      `Value '${value}' at '${field}' failed to satisfy constraint: ` +
        `Member must have length ${value.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${ID_MAX_LENGTH}`}`,
    );
  }
  if (violations.length > 0) throw cognitoValidation(violations);
  return value;
}

/** Only unauthenticated identities are emulated: a `Logins` map cannot be honoured. */
function refuseLogins(input: Input): void {
  const logins = input.Logins;
  if (logins && typeof logins === 'object' && Object.keys(logins).length > 0) {
    throw notAuthorized(
      'Invalid login token. The emulator serves unauthenticated identities only; send no Logins.',
    );
  }
}

function requireUnauthenticated(pool: IdentityPoolConfig): void {
  if (pool.allowUnauthenticated === false) {
    throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
  }
}

/** The identity and its pool, or ResourceNotFoundException as Cognito answers. */
function knownIdentity(
  input: Input,
  ctx: HandlerContext,
  note: RequestNote,
): { identity: IdentityRecord; pool: IdentityPoolConfig } {
  const identityId = requireId(input, 'IdentityId');
  note.identityId = identityId;
  const identity = ctx.registry.identity(identityId);
  const pool = identity && ctx.registry.identityPool(identity.poolId);
  if (!identity || !pool) throw cognitoResourceNotFound(`Identity '${identityId}' not found.`);
  note.identityPoolId = pool.id;
  return { identity, pool };
}

/** GetId: a new unauthenticated identity in the pool. */
function getId(input: Input, ctx: HandlerContext, note: RequestNote): Input {
  const poolId = requireId(input, 'IdentityPoolId');
  note.identityPoolId = poolId;
  const pool = ctx.registry.identityPool(poolId);
  if (!pool) throw cognitoResourceNotFound(`IdentityPool '${poolId}' not found.`);
  refuseLogins(input);
  requireUnauthenticated(pool);
  const identity = ctx.registry.createIdentity(pool);
  note.identityId = identity.identityId;
  return { IdentityId: identity.identityId };
}

/**
 * GetCredentialsForIdentity (enhanced flow): Cognito assumes the pool's unauthenticated role for
 * the identity. The role must exist and trust the pool for `unauthenticated` identities, as STS
 * would check when Cognito calls it; otherwise the pool is misconfigured.
 */
function getCredentialsForIdentity(input: Input, ctx: HandlerContext, note: RequestNote): Input {
  const { identity, pool } = knownIdentity(input, ctx, note);
  refuseLogins(input);
  requireUnauthenticated(pool);
  if (!pool.unauthRoleArn) {
    note.logDetail = `pool ${pool.id} has no unauthRoleArn`;
    throw invalidPoolConfiguration();
  }
  note.roleArn = pool.unauthRoleArn;
  const role = ctx.registry.role(pool.unauthRoleArn);
  if (!role) {
    note.logDetail = `role ${pool.unauthRoleArn} does not exist`;
    throw invalidPoolConfiguration();
  }
  const refusal = trustRefusal(role, pool.id, ['unauthenticated']);
  if (refusal) {
    note.logDetail = refusal;
    throw invalidPoolConfiguration();
  }
  const expirySeconds = Math.floor(ctx.now / 1000) + ctx.credentialLifetimeSeconds;
  const session = ctx.registry.mintSession(role, ENHANCED_FLOW_SESSION_NAME, expirySeconds * 1000, {
    kind: 'cognito',
    identityPoolId: pool.id,
    identityId: identity.identityId,
  });
  note.issuedAccessKeyId = session.accessKeyId;
  return {
    IdentityId: identity.identityId,
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: expirySeconds,
    },
  };
}

/** GetOpenIdToken (first half of the basic flow): a token STS AssumeRoleWithWebIdentity takes. */
function getOpenIdToken(input: Input, ctx: HandlerContext, note: RequestNote): Input {
  const { identity, pool } = knownIdentity(input, ctx, note);
  refuseLogins(input);
  requireUnauthenticated(pool);
  if (pool.allowClassicFlow === false && pool.classicFlowFailure === 'cognito') {
    throw invalidParameter('Basic (classic) flow is not enabled, please use enhanced flow.');
  }
  return {
    IdentityId: identity.identityId,
    Token: ctx.tokens.issue(identity.identityId, pool.id, ctx.now),
  };
}

function cognitoReply(status: number, value: unknown): Reply {
  return { status, headers: { 'content-type': JSON_11 }, body: JSON.stringify(value) };
}
