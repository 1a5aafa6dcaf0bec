import { ROLE_ARN_PATTERN } from './registry';

/**
 * What makes an app monitor, a key, an identity pool or a role usable, whether it comes from
 * `startEmulator` options, an `emu.add…` call or a `POST /_emulator/…` body. Each function
 * returns what is wrong (naming the field), or undefined. A value that passed can never make a
 * later request fail: that is the point of checking at the door.
 */

type Fields = Record<string, unknown>;

const SHAPE = {
  appMonitor: '{ "id": "…", "region": "…", "name"?: "…", "allowUnsigned"?: true|false }',
  credential:
    '{ "accessKeyId": "…", "secretAccessKey": "…", "sessionToken"?: "…", "expiration"?: <epoch ms>, "appMonitors"?: ["…"] }',
  identityPool:
    '{ "id": "REGION:GUID", "unauthRoleArn"?: "…", "allowClassicFlow"?: true|false, "allowUnauthenticated"?: true|false, "classicFlowFailure"?: "sts"|"cognito" }',
  role: '{ "arn": "arn:aws:iam::000000000000:role/Name", "trust"?: { "identityPoolId"?: "…", "amr"?: "…" }, "appMonitors"?: ["…"], "maxSessionDurationSeconds"?: 3600…43200 }',
};

/** IdentityPoolId, as the Cognito Identity API reference gives it. */
const POOL_ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/;
const MAX_NAME = 256;
const MAX_SECRET = 1024;
const MAX_LIST = 1000;

export function appMonitorProblem(value: unknown): string | undefined {
  const m = asObject(value);
  if (!m) return `An app monitor must be a JSON object: ${SHAPE.appMonitor}.`;
  return (
    text(m, 'id', { required: true }) ??
    text(m, 'region', { required: true }) ??
    text(m, 'name') ??
    flag(m, 'allowUnsigned')
  );
}

export function credentialProblem(value: unknown): string | undefined {
  const c = asObject(value);
  if (!c) return `A credential must be a JSON object: ${SHAPE.credential}.`;
  return (
    text(c, 'accessKeyId', { required: true }) ??
    text(c, 'secretAccessKey', { required: true, max: MAX_SECRET }) ??
    text(c, 'sessionToken', { max: 8192 }) ??
    text(c, 'principalArn', { max: 2048 }) ??
    (has(c, 'expiration') && !isFiniteNumber(c.expiration)
      ? '"expiration" must be a number (epoch milliseconds).'
      : undefined) ??
    list(c, 'appMonitors')
  );
}

export function identityPoolProblem(value: unknown): string | undefined {
  const p = asObject(value);
  if (!p) return `An identity pool must be a JSON object: ${SHAPE.identityPool}.`;
  if (typeof p.id !== 'string' || p.id.length > 55 || !POOL_ID_PATTERN.test(p.id)) {
    return `An identity pool needs a string "id" of the form REGION:GUID (at most 55 characters); got ${show(p.id)}.`;
  }
  return (
    text(p, 'unauthRoleArn', { max: 2048 }) ??
    flag(p, 'allowClassicFlow') ??
    flag(p, 'allowUnauthenticated') ??
    (has(p, 'classicFlowFailure') &&
    p.classicFlowFailure !== 'sts' &&
    p.classicFlowFailure !== 'cognito'
      ? `"classicFlowFailure" must be "sts" or "cognito"; got ${show(p.classicFlowFailure)}.`
      : undefined)
  );
}

export function roleProblem(value: unknown): string | undefined {
  const r = asObject(value);
  if (!r) return `A role must be a JSON object: ${SHAPE.role}.`;
  if (typeof r.arn !== 'string' || r.arn.length > 2048 || !ROLE_ARN_PATTERN.test(r.arn)) {
    return `A role needs a string "arn" like arn:aws:iam::000000000000:role/Name; got ${show(r.arn)}.`;
  }
  if (has(r, 'trust')) {
    const trust = asObject(r.trust);
    if (!trust) return '"trust" must be an object: { "identityPoolId"?: "…", "amr"?: "…" }.';
    const problem = text(trust, 'identityPoolId', { max: 55 }) ?? text(trust, 'amr');
    if (problem) return problem.replace(/^"/, '"trust.');
  }
  const duration = r.maxSessionDurationSeconds;
  if (
    has(r, 'maxSessionDurationSeconds') &&
    (!Number.isInteger(duration) || (duration as number) < 3600 || (duration as number) > 43200)
  ) {
    return `"maxSessionDurationSeconds" must be a whole number from 3600 to 43200 (IAM's range); got ${show(duration)}.`;
  }
  return list(r, 'appMonitors');
}

/** Throw a TypeError saying what is wrong, for the `startEmulator` options and `emu.add…`. */
export function checked<T>(value: T, problem: (value: unknown) => string | undefined): T {
  const found = problem(value);
  if (found) throw new TypeError(found);
  return value;
}

function asObject(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Fields)
    : undefined;
}

function has(fields: Fields, key: string): boolean {
  return fields[key] !== undefined && fields[key] !== null;
}

function isFiniteNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

function text(
  fields: Fields,
  key: string,
  { required = false, max = MAX_NAME }: { required?: boolean; max?: number } = {},
): string | undefined {
  if (!has(fields, key)) return required ? `"${key}" is required (a string).` : undefined;
  const value = fields[key];
  if (typeof value !== 'string' || value === '' || value.length > max) {
    return `"${key}" must be a string of 1 to ${max} characters; got ${show(value)}.`;
  }
  return undefined;
}

function flag(fields: Fields, key: string): string | undefined {
  if (!has(fields, key) || typeof fields[key] === 'boolean') return undefined;
  return `"${key}" must be true or false; got ${show(fields[key])}.`;
}

function list(fields: Fields, key: string): string | undefined {
  if (!has(fields, key)) return undefined;
  const value = fields[key];
  if (
    !Array.isArray(value) ||
    value.length > MAX_LIST ||
    !value.every((item) => typeof item === 'string' && item !== '' && item.length <= MAX_NAME)
  ) {
    return `"${key}" must be a list of at most ${MAX_LIST} app monitor ids or names (strings, '*' for all); got ${show(value)}.`;
  }
  return undefined;
}

/** A value, shortened, for a message. */
function show(value: unknown): string {
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}
