import type { EventCache } from '../domain/event-cache';
import { preparePayload } from './batch';
import { createFlushController } from './flush-controller';
import { createHideFlush } from './hide-flush';
import { createHttpRequest } from './http-request';
import { createRetryStrategy } from './retry';
import type { DispatchDeps, DispatchSettings } from './settings';
import { createSigning } from './signing';

export type { Outcome } from './http-request';
export type { DispatchDeps, DispatchSettings } from './settings';
export { BEACON_MAX_BYTES } from './settings';

/**
 * Sends queued events to PutRumEvents, composed of: the flush controller (when: the timer,
 * pauses, enable/disable, the network coming back), the batch (its body, gzipped, halved to
 * fit keepalive), the retry strategy (until answered: backoff, 403s, halting), the HTTP
 * request (one attempt: signed, fetched, its answer read) and the page-hide flush (beacon or
 * keepalive fetch within the quota, taking back a batch whose request has not started).
 */
export const createDispatcher = (cache: EventCache, s: DispatchSettings, deps: DispatchDeps) => {
  const url = new URL(`appmonitors/${s.appMonitorId}/`, s.endpointUrl);
  const signing = createSigning(deps.loadSigner, deps.clock);
  const hide = createHideFlush(cache, s, deps, url, signing);
  const retry = createRetryStrategy(
    cache,
    s,
    deps,
    createHttpRequest(s, deps, url, signing),
    signing,
  );
  const controller = createFlushController(
    cache,
    s,
    deps,
    (batch) =>
      hide._carry(batch, async (ticket) => {
        const payload = await preparePayload(batch, cache, s, ticket);
        return !!payload && retry._send(payload, ticket);
      }),
    retry,
  );

  return {
    // flush, schedule, added, enable, disable, stop (for good: no timer, no online listener).
    ...controller,
    /**
     * Gets ready what a page-hide flush needs, since it cannot wait: the signer and
     * credentials. Called once the app has had its say (queued setAwsCredentials included).
     */
    warmUp(): void {
      if (s.signing) {
        signing._load().catch(() => undefined);
        deps.credentials.get().catch(() => undefined);
      }
    },
    /**
     * The page came back from the back-forward cache: stop waiting for an answer to the
     * request that was on its way when it was frozen, and send what waits.
     */
    restored(): void {
      hide._restored();
      if (cache.size) controller.schedule();
    },
    last: () => (retry._last ? { ...retry._last } : undefined),
    /**
     * Sends everything now, for a page that is going away (by beacon unless `beacon` is
     * false): resolves to the number of events sent.
     */
    flushOnHide: async (beacon = s.useBeacon): Promise<number> =>
      controller._enabled() && !retry._halted ? hide._flush(beacon) : 0,
  };
};

export type Dispatcher = ReturnType<typeof createDispatcher>;
