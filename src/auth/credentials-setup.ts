import type { KeyValueStore } from '../browser/storage';
import { cognitoEndpoint, stsEndpoint } from '../domain/rules';
import type { Clock } from '../tools/clock';
import { createCredentialChain } from './chain';
import { createCognitoProvider } from './cognito';
import { type CacheOwner, createCredentialCache } from './credential-cache';

export interface CredentialSetup {
  clock: Clock;
  store: KeyValueStore;
  fetch: typeof fetch;
  appMonitorId: string;
  region: string;
  /** `''`, or `_<appMonitorId>` with cookieAttributes.unique: the `cwr_c`/`cwr_i` keys' suffix. */
  suffix: string;
  /** The config's Cognito options; without an identity pool there is no Cognito source. */
  identityPoolId?: string;
  guestRoleArn?: string;
  cognitoEndpoint?: string;
  stsEndpoint?: string;
  /** The `cwr_c` entry under `key` belongs to another app monitor or pool. */
  onForeign: (key: string, other: Partial<CacheOwner>) => void;
}

/**
 * The credential chain with its sources: the app's, the `cwr_c` cache, then Cognito (and STS
 * for the basic flow), named for diagnostics, at the endpoints of the pool's and the app
 * monitor's region unless the config names others. It is part of the auth chunk: only a page
 * that signs needs any of it, and not before idle time.
 */
export const createCredentials = (o: CredentialSetup) => {
  const { identityPoolId, guestRoleArn } = o;
  const cacheKey = 'cwr_c' + o.suffix;
  return createCredentialChain(
    o.clock,
    createCredentialCache(
      o.store,
      cacheKey,
      { appMonitorId: o.appMonitorId, identityPoolId },
      (x) => o.onForeign(cacheKey, x),
    ),
    identityPoolId
      ? [
          {
            name: `Cognito (identity pool ${identityPoolId}${guestRoleArn ? ', basic flow with STS' : ''})`,
            get: createCognitoProvider(
              {
                identityPoolId,
                guestRoleArn,
                cognitoEndpoint: o.cognitoEndpoint ?? cognitoEndpoint(identityPoolId),
                stsEndpoint: o.stsEndpoint ?? stsEndpoint(o.region),
                identityKey: 'cwr_i' + o.suffix,
              },
              o.fetch,
              o.store,
            ),
          },
        ]
      : [],
  );
};
