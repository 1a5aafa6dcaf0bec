import { ServiceError } from './errors';
import type { Reply, RequestNote } from './http';
import type { Store } from './store';
import type { Fault } from './types';

/**
 * Injected faults: what makes a fault valid, and how an operation handler takes one. A handler
 * calls `injectFault` first thing; it throws the error answer itself (in its own protocol), skips
 * all work for `drop: 'before'`, and the server does the rest from `note.fault` (the delay, the
 * `Retry-After` header, closing the connection).
 */

/** The operations a fault can hit. */
export const FAULT_OPERATIONS = [
  'PutRumEvents',
  'GetId',
  'GetCredentialsForIdentity',
  'GetOpenIdToken',
  'AssumeRoleWithWebIdentity',
];
/** Longest `delayMs`: a minute, longer than any client waits for an answer. */
export const MAX_FAULT_DELAY_MS = 60_000;
/** Longest `retryAfter`: a day. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;
/** Most calls one fault may hit. */
export const MAX_FAULT_COUNT = 1_000_000;
const MAX_FAULT_MESSAGE = 2048;
/**
 * An error type goes into the `x-amzn-ErrorType` header: letters first, then letters, digits and
 * `_ . : # -` (AWS's own names, `com.amazonaws.rum#ThrottlingException` included), at most 128.
 */
const ERROR_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_.:#-]{0,127}$/;

/** Why `value` is not a usable fault, or undefined when it is. */
export function faultProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'A fault must be a JSON object.';
  }
  const f = value as Record<string, unknown>;
  const has = (key: string) => f[key] !== undefined && f[key] !== null;
  if (has('status') && (!Number.isInteger(f.status) || !isStatus(f.status as number))) {
    return '"status" must be a whole number from 200 to 599 (or 0 for no error answer).';
  }
  if (
    has('errorType') &&
    (typeof f.errorType !== 'string' || !ERROR_TYPE_PATTERN.test(f.errorType))
  ) {
    return (
      '"errorType" must be a name that fits in a header: a letter, then letters, digits or ' +
      '_ . : # - (at most 128 characters), e.g. "ThrottlingException".'
    );
  }
  const fails = has('status') && f.status !== 0;
  if (fails && !has('errorType')) {
    return `A fault with "status" ${String(f.status)} needs a string "errorType" too.`;
  }
  if (!fails && has('errorType')) {
    return '"errorType" needs a numeric "status" (the error answer to send).';
  }
  if (has('drop') && f.drop !== 'before' && f.drop !== 'after') {
    return '"drop" must be "before" (nothing processed) or "after" (processed, answer lost).';
  }
  if (has('drop') && fails) {
    return '"drop" sends no answer at all; leave "status" and "errorType" out.';
  }
  if (has('delayMs') && !isWithin(f.delayMs, MAX_FAULT_DELAY_MS)) {
    return `"delayMs" must be a number of milliseconds from 0 to ${MAX_FAULT_DELAY_MS}.`;
  }
  if (has('retryAfter') && !isWithin(f.retryAfter, MAX_RETRY_AFTER_SECONDS)) {
    return `"retryAfter" must be a number of seconds from 0 to ${MAX_RETRY_AFTER_SECONDS}.`;
  }
  if (has('retryAfter') && !fails) {
    return '"retryAfter" goes on an error answer; give a "status" and "errorType" too.';
  }
  if (
    has('count') &&
    (!Number.isInteger(f.count) || (f.count as number) < 0 || (f.count as number) > MAX_FAULT_COUNT)
  ) {
    return `"count" must be a whole number from 0 to ${MAX_FAULT_COUNT}.`;
  }
  if (
    has('probability') &&
    (typeof f.probability !== 'number' || !(f.probability >= 0 && f.probability <= 1))
  ) {
    return '"probability" must be a number from 0 to 1.';
  }
  if (has('message') && (typeof f.message !== 'string' || f.message.length > MAX_FAULT_MESSAGE)) {
    return `"message" must be a string of at most ${MAX_FAULT_MESSAGE} characters.`;
  }
  if (has('appMonitorId') && (typeof f.appMonitorId !== 'string' || f.appMonitorId.length > 256)) {
    return '"appMonitorId" must be a string (an app monitor id).';
  }
  if (has('operation') && !FAULT_OPERATIONS.includes(f.operation as string)) {
    return `"operation" must be one of ${FAULT_OPERATIONS.join(', ')}; got ${JSON.stringify(f.operation)}.`;
  }
  if (!fails && !has('drop') && !has('delayMs')) {
    return (
      'A fault needs something to do: a numeric "status" and a string "errorType" (an error ' +
      'answer), a "drop" ("before" or "after": no answer at all), or a "delayMs" (a late answer).'
    );
  }
  return undefined;
}

/** Largest fault seed: seeds are 32-bit unsigned integers. */
export const MAX_FAULT_SEED = 0xffff_ffff;

/** Why `seed` is not a usable `faultSeed`, or undefined when it is. */
export function faultSeedProblem(seed: unknown): string | undefined {
  return Number.isInteger(seed) && (seed as number) >= 0 && (seed as number) <= MAX_FAULT_SEED
    ? undefined
    : `"faultSeed" must be a whole number from 0 to ${MAX_FAULT_SEED}; got ${JSON.stringify(seed)}.`;
}

/** A seed for a run that names none: random, and reported (`faultSeed`) so the run can be replayed. */
export const randomFaultSeed = (): number => Math.floor(Math.random() * (MAX_FAULT_SEED + 1));

/**
 * mulberry32: a small 32-bit PRNG, good enough to decide which calls a fault hits and, above
 * all, repeatable: the same seed gives the same numbers in [0, 1), in the same order.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isStatus(status: number): boolean {
  return status === 0 || (status >= 200 && status <= 599);
}

function isWithin(value: unknown, max: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max;
}

/** What a handler returns for `drop: 'before'`; never sent (the connection is closed instead). */
export const DROPPED: Reply = { status: 0 };

/** What a handler must do about an injected fault. */
export type FaultAction =
  /** No fault, or only a delay or `drop: 'after'` (the server handles those): carry on. */
  | { kind: 'none' }
  /** `drop: 'before'`: do nothing at all; the server closes the connection. */
  | { kind: 'drop' }
  /** Answer with this error, in the operation's protocol. */
  | { kind: 'error'; error: ServiceError };

/**
 * Take the fault (if any) the current call of `operation` must suffer, note it for the server,
 * and say what the handler must do.
 */
export function injectFault(
  store: Store,
  note: RequestNote,
  operation: string,
  appMonitorId?: string,
): FaultAction {
  const fault = store.takeFault(appMonitorId, operation);
  if (!fault) return { kind: 'none' };
  note.fault = fault;
  if (fault.drop === 'before') return { kind: 'drop' };
  if (fault.status && fault.errorType) {
    return {
      kind: 'error',
      error: new ServiceError(
        fault.status,
        fault.errorType,
        fault.message ?? `Injected fault: ${fault.errorType}`,
      ),
    };
  }
  return { kind: 'none' };
}

/** Whether the answer to a call is the error its fault injected (so `Retry-After` applies). */
export function faultAnswered(fault: Fault | undefined): boolean {
  return fault !== undefined && !fault.drop && !!fault.status && !!fault.errorType;
}
