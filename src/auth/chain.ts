import type { Clock } from '../tools/clock';
import type { CredentialCache } from './credential-cache';
import { type CredentialProvider, type Credentials, isFresh, toCredentials } from './credentials';

/**
 * Where credentials come from, in order: what the app supplied (`setAwsCredentials` or
 * `config.credentials`), then the `cwr_c` cache, then any further providers (Cognito). The
 * first fresh answer wins and is kept in memory until it nears expiry.
 */
export interface CredentialChain {
  /** Fresh credentials, or undefined when no source has any. Concurrent calls share one lookup. */
  get(): Promise<Credentials | undefined>;
  /** The credentials in memory if still fresh — for the synchronous page-hide flush. */
  peek(): Credentials | undefined;
  /** App-supplied credentials: an object, its JSON string, or a provider function. */
  setAppCredentials(input: unknown): void;
  /** Forget the credentials in memory and in the cache (the service refused them). */
  invalidate(): void;
  /** Sources tried by the last lookup that found nothing, for diagnostics. */
  readonly lastMiss: string[];
}

export const createCredentialChain = (
  clock: Clock,
  cache: CredentialCache,
  providers: { name: string; get: CredentialProvider }[] = [],
): CredentialChain => {
  let current: Credentials | undefined;
  let appStatic: Credentials | undefined;
  let appProvider: (() => unknown) | undefined;
  let pending: Promise<Credentials | undefined> | undefined;
  const lastMiss: string[] = [];

  const lookup = async (): Promise<Credentials | undefined> => {
    lastMiss.length = 0;
    const now = clock.now();
    if (isFresh(appStatic, now)) return appStatic;
    if (appProvider) {
      const c = toCredentials(await appProvider(), 'setAwsCredentials provider');
      if (isFresh(c, now)) return c;
      lastMiss.push('setAwsCredentials provider');
    } else if (appStatic) lastMiss.push('setAwsCredentials (expired)');
    const cached = cache.read();
    if (isFresh(cached, now)) return cached;
    lastMiss.push('cwr_c cache');
    for (const p of providers) {
      const c = await p.get();
      if (isFresh(c, clock.now())) {
        cache.write(c);
        return c;
      }
      lastMiss.push(p.name);
    }
    return undefined;
  };

  return {
    lastMiss,
    get() {
      if (isFresh(current, clock.now())) return Promise.resolve(current);
      pending ??= lookup()
        .then((c) => (current = c))
        .finally(() => (pending = undefined));
      return pending;
    },
    peek: () => (isFresh(current, clock.now()) ? current : undefined),
    setAppCredentials(input) {
      current = undefined;
      appStatic = undefined;
      appProvider = undefined;
      if (typeof input === 'function') appProvider = input as () => unknown;
      else {
        appStatic = toCredentials(input, 'setAwsCredentials');
        current = appStatic;
      }
    },
    invalidate() {
      current = undefined;
      appStatic = undefined;
      cache.clear();
    },
  };
};
