import type { KeyValueStore } from '../browser/storage';
import type { Credentials } from './credentials';

/** Whose credentials a cache entry holds. */
export interface CacheOwner {
  appMonitorId: string;
  identityPoolId?: string;
}

/**
 * The `cwr_c` localStorage entry: temporary credentials shared by the pages of a site, so a
 * returning visitor makes no Cognito call. Entries are tagged with the app monitor and
 * identity pool they were minted for, and an entry tagged for another one is never used:
 * two app monitors on one domain (with different IAM roles) must not sign with each other's
 * credentials. An untagged entry (written by another client, or by the app) is used only when
 * no identity pool is configured, since then there is nothing better to fall back on.
 */
export const createCredentialCache = (
  store: KeyValueStore,
  key: string,
  owner: CacheOwner,
  /** Told when the entry belongs to another app monitor or pool (or to another client). */
  onForeign?: (other: Partial<CacheOwner>) => void,
) => ({
  read(): Credentials | undefined {
    let c;
    try {
      c = JSON.parse(store.get(key) || 'null');
    } catch {
      store.remove(key); // corrupt: discard
      return undefined;
    }
    if (!c || typeof c.accessKeyId !== 'string' || typeof c.secretAccessKey !== 'string') {
      if (c !== null) store.remove(key);
      return undefined;
    }
    const tagged = 'appMonitorId' in c || 'identityPoolId' in c;
    const ours = tagged
      ? c.appMonitorId === owner.appMonitorId && c.identityPoolId === owner.identityPoolId
      : !owner.identityPoolId;
    if (!ours) {
      onForeign?.(tagged ? { appMonitorId: c.appMonitorId, identityPoolId: c.identityPoolId } : {});
      return undefined;
    }
    const expiration = c.expiration ? new Date(c.expiration) : undefined;
    if (expiration && isNaN(expiration.getTime())) return undefined;
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: typeof c.sessionToken === 'string' ? c.sessionToken : undefined,
      expiration,
    };
  },
  write(c: Credentials): void {
    store.set(key, JSON.stringify({ ...c, ...owner }));
  },
  clear(): void {
    store.remove(key);
  },
});

export type CredentialCache = ReturnType<typeof createCredentialCache>;
