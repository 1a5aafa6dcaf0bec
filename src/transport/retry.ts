import { onLine } from '../browser/connectivity';
import type { Credentials } from '../domain/types';
import type { EventCache } from '../domain/event-cache';
import type { Payload } from './batch';
import type { HttpRequest, Outcome, Ticket } from './http-request';
import type { DispatchDeps, DispatchSettings } from './settings';
import type { Signing } from './signing';

const BACKOFF_MS = 1000;
/** A longer wait (Retry-After, repeated failures) ends this drain; a timer starts the next. */
const MAX_INLINE_WAIT_MS = 10_000;

/** The last PutRumEvents answer, for diagnose(). */
export type LastDispatch = Outcome & { at: number; events: number; halted: boolean };

export interface RetryStrategy {
  /** Set when the service refused in a way that retrying will not fix; nothing more is sent. */
  _halted?: Outcome;
  /** Drains in a row that ended in a failure worth retrying (reset by a success). */
  _failures: number;
  /** No request before this time (a Retry-After). */
  _pauseUntil: number;
  _last?: LastDispatch;
  /**
   * Sends one batch (its ticket's, prepared as `payload`). Resolves true when it was
   * delivered and the queue may keep draining; otherwise the batch is back in the queue,
   * unless the service refused its content or the page-hide flush took it.
   */
  _send(payload: Payload, ticket: Ticket): Promise<boolean>;
}

/**
 * Sending a batch until it is answered: backoff with jitter for what is worth retrying
 * (network errors, 5xx, 429), waiting at least what a Retry-After says; after a "Signature
 * expired", once more at once with the clock offset learnt; after a 403 while signing, once
 * more with fresh credentials. A refusal that will not go away (a second 403 in a row, a 403
 * without signing, an unknown app monitor) halts dispatching for the page, keeping the events.
 * Its state (`_failures`, `_pauseUntil`, `_halted`) tells the flush controller when to go on.
 */
export const createRetryStrategy = (
  cache: EventCache,
  s: Pick<DispatchSettings, 'signing' | 'retries'>,
  deps: Pick<
    DispatchDeps,
    'clock' | 'random' | 'onLine' | 'credentials' | 'refused' | 'noCredentials'
  >,
  request: HttpRequest,
  signing: Signing,
) => {
  const { clock, credentials } = deps;
  /** 403s in a row while signing (reset by a success). */
  let authRefusals = 0;
  const sleep = (ms: number) => new Promise<void>((r) => clock.setTimeout(r, ms));
  const jitter = () => 0.5 + (deps.random ?? Math.random)();

  const strategy: RetryStrategy = {
    _failures: 0,
    _pauseUntil: 0,
    async _send(payload, ticket) {
      const batch = ticket._batch;
      /** Back to the queue, unless the page-hide flush has taken it already. */
      const keep = () => {
        if (!ticket._reclaimed) cache.putBack(batch);
      };
      let outcome: Outcome = { ok: false };
      let refetched = false;
      for (let attempt = 0; attempt <= s.retries; attempt++) {
        if (attempt && !outcome.again) {
          const wait = Math.max(BACKOFF_MS * 2 ** (attempt - 1) * jitter(), outcome.wait ?? 0);
          if (wait > MAX_INLINE_WAIT_MS) {
            // Asked to wait long: keep the batch and come back then.
            strategy._pauseUntil = clock.now() + wait;
            keep();
            return false;
          }
          await sleep(wait);
          if (ticket._reclaimed) return false;
        }
        let creds: Credentials | undefined;
        if (s.signing) {
          creds = await credentials.get();
          if (!creds) {
            keep();
            deps.noCredentials();
            return false;
          }
        }
        outcome = await request(payload, creds, ticket);
        if (ticket._reclaimed) return false;
        strategy._last = { ...outcome, at: clock.now(), events: batch.length, halted: false };
        if (outcome.ok) {
          authRefusals = strategy._failures = 0;
          return true;
        }
        if (!outcome.status && !(deps.onLine ?? onLine)()) {
          // No network: keep the batch; the 'online' event resumes sending.
          keep();
          return false;
        }
        if (outcome.skew !== undefined) {
          // The signature expired by our clock: sign with the service's time and try again.
          signing._offset = outcome.skew;
          outcome.again = true;
        } else if (outcome.status === 403 && s.signing && !refetched) {
          // Expired, revoked or foreign credentials: fetch new ones and try once more.
          refetched = true;
          authRefusals++;
          credentials.invalidate();
          outcome.again = true;
          attempt--;
          continue;
        }
        if (!outcome.retry) break;
      }
      const report = (halt: boolean) =>
        deps.refused(outcome, { ...outcome, count: batch.length, halt });
      if (outcome.status === 404 || (outcome.status === 403 && (!s.signing || authRefusals > 0))) {
        strategy._halted = outcome;
        if (strategy._last) strategy._last.halted = true;
        keep();
        report(true);
        return false;
      }
      report(false);
      if (outcome.retry) {
        keep();
        strategy._failures++;
      }
      return false;
    },
  };
  return strategy;
};
