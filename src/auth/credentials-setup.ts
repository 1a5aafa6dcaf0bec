import type { KeyValueStore } from '../browser/storage';
import type { Clock } from '../tools/clock';
import { createCredentialChain } from './chain';
import { type CognitoSettings, createCognitoProvider } from './cognito';
import { type CacheOwner, createCredentialCache } from './credential-cache';

export interface CredentialSetup {
  clock: Clock;
  store: KeyValueStore;
  fetch: typeof fetch;
  /** The `cwr_c` key (suffixed with cookieAttributes.unique) and whom its entries are for. */
  cacheKey: string;
  owner: CacheOwner;
  onForeign: (other: Partial<CacheOwner>) => void;
  /** With an identity pool: the Cognito (and STS) source, named for diagnostics. */
  cognito?: CognitoSettings & { name: string };
}

/**
 * The credential chain with its sources: the app's, the `cwr_c` cache, then Cognito. It is
 * part of the auth chunk: only a page that signs needs any of it, and not before idle time.
 */
export const createCredentials = (o: CredentialSetup) =>
  createCredentialChain(
    o.clock,
    createCredentialCache(o.store, o.cacheKey, o.owner, o.onForeign),
    o.cognito
      ? [{ name: o.cognito.name, get: createCognitoProvider(o.cognito, o.fetch, o.store) }]
      : [],
  );
