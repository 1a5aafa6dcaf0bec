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

/** Why `value` is not a usable fault, or undefined when it is. */
export function faultProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'A fault must be a JSON object.';
  }
  const f = value as Record<string, unknown>;
  const has = (key: string) => f[key] !== undefined && f[key] !== null;
  if (has('status') && (!Number.isInteger(f.status) || !isStatus(f.status as number))) {
    return '"status" must be a whole number from 100 to 599 (or 0 for no error answer).';
  }
  if (has('errorType') && (typeof f.errorType !== 'string' || f.errorType === '')) {
    return '"errorType" must be a non-empty string.';
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
  if (has('delayMs') && !isNonNegative(f.delayMs)) {
    return '"delayMs" must be a number of milliseconds, 0 or more.';
  }
  if (has('retryAfter') && !isNonNegative(f.retryAfter)) {
    return '"retryAfter" must be a number of seconds, 0 or more.';
  }
  if (has('retryAfter') && !fails) {
    return '"retryAfter" goes on an error answer; give a "status" and "errorType" too.';
  }
  if (has('count') && (!Number.isInteger(f.count) || (f.count as number) < 0)) {
    return '"count" must be a whole number, 0 or more.';
  }
  if (
    has('probability') &&
    (typeof f.probability !== 'number' || !(f.probability >= 0 && f.probability <= 1))
  ) {
    return '"probability" must be a number from 0 to 1.';
  }
  for (const key of ['message', 'appMonitorId', 'operation']) {
    if (has(key) && typeof f[key] !== 'string') return `"${key}" must be a string.`;
  }
  if (!fails && !has('drop') && !has('delayMs')) {
    return (
      'A fault needs something to do: a numeric "status" and a string "errorType" (an error ' +
      'answer), a "drop" ("before" or "after": no answer at all), or a "delayMs" (a late answer).'
    );
  }
  return undefined;
}

function isStatus(status: number): boolean {
  return status === 0 || (status >= 100 && status <= 599);
}

function isNonNegative(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
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
