import type { KeyValueStore } from '../browser/storage';
import type { Credentials } from './credentials';

/**
 * The `cwr_c` localStorage entry: temporary credentials shared by the pages of a site, so a
 * reload does not call Cognito again. Stored as JSON with an ISO `expiration`.
 */
export const createCredentialCache = (store: KeyValueStore, key: string) => ({
  read(): Credentials | undefined {
    try {
      const c = JSON.parse(store.get(key) || 'null');
      if (!c || typeof c.accessKeyId !== 'string' || typeof c.secretAccessKey !== 'string') {
        return undefined;
      }
      return {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        expiration: c.expiration ? new Date(c.expiration) : undefined,
      };
    } catch {
      return undefined;
    }
  },
  write(c: Credentials): void {
    store.set(key, JSON.stringify(c));
  },
  clear(): void {
    store.remove(key);
  },
});

export type CredentialCache = ReturnType<typeof createCredentialCache>;
