import { randomUUID } from 'node:crypto';
import { constraintMessage, escapeXml, ServiceError, xmlErrorReply } from './errors';
import { DROPPED, injectFault } from './faults';
import { mediaType, type RawRequest, type Reply, type RequestNote } from './http';
import { COGNITO_PROVIDER, ROLE_ARN_PATTERN, trustRefusal } from './registry';
import type { HandlerContext, Route } from './router';

/**
 * AWS STS, AssumeRoleWithWebIdentity only (the second half of Cognito's basic flow): the AWS
 * query protocol — `POST /`, `Content-Type: application/x-www-form-urlencoded`,
 * `Action=AssumeRoleWithWebIdentity&Version=2011-06-15&…`; answers and errors in XML. Unsigned.
 */

export const STS_VERSION = '2011-06-15';
const STS_NAMESPACE = `https://sts.amazonaws.com/doc/${STS_VERSION}/`;
const FORM = 'application/x-www-form-urlencoded';
const OPERATION = 'AssumeRoleWithWebIdentity';

/** What STS answers for any token it cannot accept, as quoted in the troubleshooting guide. */
export const INVALID_TOKEN_MESSAGE =
  'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';
export const NOT_AUTHORIZED_MESSAGE = `Not authorized to perform sts:${OPERATION}`;
/** IAM's default MaxSessionDuration of a role. */
export const DEFAULT_MAX_SESSION_SECONDS = 3600;

/** Input limits from the STS API reference (AssumeRoleWithWebIdentity). */
const LIMITS = {
  roleArn: { min: 20, max: 2048 },
  roleSessionName: { min: 2, max: 64, pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' },
  webIdentityToken: { min: 4, max: 20000 },
  durationSeconds: { min: 900, max: 43200 },
};

const stsError = (status: number, code: string, message: string) =>
  new ServiceError(status, code, message);
const validationError = (message: string) => stsError(400, 'ValidationError', message);
const invalidIdentityToken = () => stsError(400, 'InvalidIdentityToken', INVALID_TOKEN_MESSAGE);
const accessDenied = () => stsError(403, 'AccessDenied', NOT_AUTHORIZED_MESSAGE);

/** The Route for STS: a form-encoded POST naming an `Action`. */
export const stsRoute: Route = (request) => {
  if (request.method !== 'POST' || mediaType(request.headers['content-type']) !== FORM) {
    return undefined;
  }
  const params = readForm(request);
  const action = params.get('Action');
  if (!action) return undefined;
  return async (ctx, note) => {
    note.operation = action;
    const requestId = randomUUID();
    try {
      const fault = injectFault(ctx.store, note, action);
      if (fault.kind === 'drop') return DROPPED;
      if (fault.kind === 'error') throw fault.error;
      const version = params.get('Version');
      if (action !== OPERATION || (version !== null && version !== STS_VERSION)) {
        throw stsError(
          400,
          'InvalidAction',
          `Could not find operation ${action} for version ${version ?? STS_VERSION}` +
            (action !== OPERATION ? ` (the emulator serves ${OPERATION} only)` : ''),
        );
      }
      return assumeRoleWithWebIdentity(params, ctx, note, requestId);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      note.errorType = error.errorType;
      note.message = error.message;
      return xmlErrorReply(error, requestId);
    }
  };
};

/** The form body's fields (over any sent in the query string). */
function readForm(request: RawRequest): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query)) {
    params.set(key, Array.isArray(value) ? value[0] : value);
  }
  for (const [key, value] of new URLSearchParams(request.body.toString('utf8'))) {
    params.set(key, value);
  }
  return params;
}

function assumeRoleWithWebIdentity(
  params: URLSearchParams,
  ctx: HandlerContext,
  note: RequestNote,
  requestId: string,
): Reply {
  const input = validate(params);
  note.roleArn = input.roleArn;

  const check = ctx.tokens.verify(input.token);
  if (!check.ok) {
    note.logDetail = 'the token was not issued by this emulator, or was altered';
    throw invalidIdentityToken();
  }
  const claims = check.claims;
  note.identityId = claims.sub;
  note.identityPoolId = claims.aud;
  const nowSeconds = Math.floor(ctx.now / 1000);
  if (nowSeconds >= claims.exp) {
    throw stsError(
      400,
      'ExpiredTokenException',
      `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${claims.exp}`,
    );
  }
  const pool = ctx.registry.identityPool(claims.aud);
  if (!pool || pool.allowClassicFlow === false) {
    note.logDetail = pool
      ? `identity pool ${pool.id} has the basic (classic) flow disabled (AllowClassicFlow: false)`
      : `identity pool ${claims.aud} no longer exists`;
    throw invalidIdentityToken();
  }

  const role = ctx.registry.role(input.roleArn);
  if (!role) {
    note.logDetail = `no role ${input.roleArn} in this account`;
    throw accessDenied();
  }
  const refusal = trustRefusal(role, claims.aud, claims.amr);
  if (refusal) {
    note.logDetail = refusal;
    throw accessDenied();
  }
  const maxSession = role.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION_SECONDS;
  if (input.durationSeconds !== undefined && input.durationSeconds > maxSession) {
    throw validationError(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }

  const lifetime = input.durationSeconds ?? ctx.credentialLifetimeSeconds;
  const expirySeconds = nowSeconds + lifetime;
  const session = ctx.registry.mintSession(role, input.sessionName, expirySeconds * 1000, {
    kind: 'sts',
    identityPoolId: claims.aud,
    identityId: claims.sub,
  });
  note.issuedAccessKeyId = session.accessKeyId;
  const expiration = new Date(expirySeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const x = escapeXml;
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body:
      `<${OPERATION}Response xmlns="${STS_NAMESPACE}">\n` +
      `  <${OPERATION}Result>\n` +
      `    <Credentials>\n` +
      `      <AccessKeyId>${x(session.accessKeyId)}</AccessKeyId>\n` +
      `      <SecretAccessKey>${x(session.secretAccessKey)}</SecretAccessKey>\n` +
      `      <SessionToken>${x(session.sessionToken)}</SessionToken>\n` +
      `      <Expiration>${expiration}</Expiration>\n` +
      `    </Credentials>\n` +
      `    <SubjectFromWebIdentityToken>${x(claims.sub)}</SubjectFromWebIdentityToken>\n` +
      `    <AssumedRoleUser>\n` +
      `      <Arn>${x(session.assumedRoleArn)}</Arn>\n` +
      `      <AssumedRoleId>${x(session.assumedRoleId)}</AssumedRoleId>\n` +
      `    </AssumedRoleUser>\n` +
      `    <Provider>${COGNITO_PROVIDER}</Provider>\n` +
      `    <Audience>${x(claims.aud)}</Audience>\n` +
      `  </${OPERATION}Result>\n` +
      `  <ResponseMetadata>\n` +
      `    <RequestId>${requestId}</RequestId>\n` +
      `  </ResponseMetadata>\n` +
      `</${OPERATION}Response>\n`,
  };
}

interface Input {
  roleArn: string;
  sessionName: string;
  token: string;
  durationSeconds?: number;
}

/** The service's request validation: every violation in one ValidationError, as STS words it. */
function validate(params: URLSearchParams): Input {
  const violations: string[] = [];
  const text = (
    member: string,
    field: string,
    limits: { min: number; max: number; pattern?: RegExp; patternText?: string },
  ): string => {
    const value = params.get(member);
    if (value === null) {
      violations.push(
        `Value null at '${field}' failed to satisfy constraint: Member must not be null`,
      );
      return '';
    }
    const shown = field === 'webIdentityToken' ? '***' : value;
    if (limits.pattern && !limits.pattern.test(value)) {
      violations.push(
        `Value '${shown}' at '${field}' failed to satisfy constraint: ` +
          `Member must satisfy regular expression pattern: ${limits.patternText}`,
      );
    }
    if (value.length < limits.min) {
      violations.push(
        `Value '${shown}' at '${field}' failed to satisfy constraint: ` +
          `Member must have length greater than or equal to ${limits.min}`,
      );
    } else if (value.length > limits.max) {
      violations.push(
        `Value '${shown}' at '${field}' failed to satisfy constraint: ` +
          `Member must have length less than or equal to ${limits.max}`,
      );
    }
    return value;
  };
  const roleArn = text('RoleArn', 'roleArn', LIMITS.roleArn);
  const sessionName = text('RoleSessionName', 'roleSessionName', LIMITS.roleSessionName);
  const token = text('WebIdentityToken', 'webIdentityToken', LIMITS.webIdentityToken);

  let durationSeconds: number | undefined;
  const duration = params.get('DurationSeconds');
  if (duration !== null) {
    const { min, max } = LIMITS.durationSeconds;
    durationSeconds = /^\d+$/.test(duration) ? Number(duration) : NaN;
    if (Number.isNaN(durationSeconds)) {
      violations.push(
        `Value '${duration}' at 'durationSeconds' failed to satisfy constraint: ` +
          'Member must be a whole number of seconds',
      );
    } else if (durationSeconds < min) {
      violations.push(
        `Value '${duration}' at 'durationSeconds' failed to satisfy constraint: ` +
          `Member must have value greater than or equal to ${min}`,
      );
    } else if (durationSeconds > max) {
      violations.push(
        `Value '${duration}' at 'durationSeconds' failed to satisfy constraint: ` +
          `Member must have value less than or equal to ${max}`,
      );
    }
  }
  if (violations.length > 0) throw validationError(constraintMessage(violations));
  if (!ROLE_ARN_PATTERN.test(roleArn)) throw validationError('Request ARN is invalid');
  return { roleArn, sessionName, token, durationSeconds };
}
