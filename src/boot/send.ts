import { deferredChain } from '../auth/deferred-chain';
import type { EventCache } from '../domain/event-cache';
import type { AuthModule } from '../lazy/load';
import type { KeyValueStore } from '../browser/storage';
import type { Clock } from '../tools/clock';
import { createDispatcher } from '../transport/dispatcher';
import type { SigV4 } from '../transport/sigv4';
import type { Config } from './config';
import type { Problems } from './problems';

export interface SendDeps {
  clock: Clock;
  store: KeyValueStore;
  fetch: typeof fetch;
  sendBeacon?: (url: string, data: string) => boolean;
  loadAuth: () => Promise<AuthModule>;
  loadSigner?: () => Promise<SigV4>;
}

/**
 * Where events go and who signs them: the credential chain (the app's credentials at once,
 * the `cwr_c` cache, Cognito and STS from the auth chunk, loaded in idle time by a page that
 * signs) and the dispatcher, with each refusal and miss reported as a problem.
 */
export const startSending = (
  appMonitorId: string,
  appVersion: string,
  region: string,
  config: Config,
  cache: EventCache,
  problems: Problems,
  deps: SendDeps,
) => {
  const { clock, store, loadAuth } = deps;
  const { problem } = problems;
  const credentials = deferredChain(() =>
    loadAuth().then((m) =>
      m.createCredentials({
        // (The config's Cognito options by their names.)
        ...config,
        clock,
        store,
        fetch: deps.fetch,
        appMonitorId,
        region,
        suffix: config.cookieAttributes.unique ? '_' + appMonitorId : '',
        onForeign: (key, other) =>
          problem('foreign-credentials', { key, owner: other.appMonitorId }),
      }),
    ),
  );
  if (config.credentials) credentials.setAppCredentials(config.credentials);

  const dispatcher = createDispatcher(
    cache,
    // (The config's own fields by their names, and what the transport needs besides.)
    {
      ...config,
      appMonitorId,
      appVersion,
      region,
      compression: config.compressionStrategy.enabled,
    },
    {
      clock,
      fetch: deps.fetch,
      sendBeacon: deps.sendBeacon,
      credentials,
      loadSigner: deps.loadSigner ?? loadAuth,
      refused: (o, data) => problem('refused:' + (o.errorType ?? o.status ?? 'network'), data),
      noCredentials: () => {
        // A Cognito or STS refusal (a VendingError, made in the auth chunk: duck-typed).
        const e = credentials.lastErrors.find(
          (x) => !!x && typeof (x as { service?: unknown }).service === 'string',
        ) as { code: string; detail: string } | undefined;
        if (e) problem('vending:' + e.code, { ...e, message: e.detail });
        // (Not when the auth chunk is what is missing: that was said.)
        else if (!problems.chunkMissing())
          problem('no-credentials', { tried: credentials.lastMiss.join(', ') });
      },
    },
  );
  return { credentials, dispatcher };
};
