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
  /** Fresh credentials available without waiting (memory, app, cache) — for the page-hide flush. */
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
  // Bumped when the app sets credentials or they are invalidated: a lookup that started
  // before then must not overwrite the newer state.
  let generation = 0;
  const lastMiss: string[] = [];

  /** One source: its fresh credentials, or undefined with the reason noted in lastMiss. */
  const ask = async (name: string, source: () => unknown): Promise<Credentials | undefined> => {
    try {
      const answer = await source();
      const c = answer == null ? undefined : toCredentials(answer, name);
      if (isFresh(c, clock.now())) return c;
      lastMiss.push(c ? `${name} (expired)` : name);
    } catch (e) {
      // The app's provider or a network call failed: the next source may still answer.
      lastMiss.push(`${name} (failed: ${String(e)})`);
    }
    return undefined;
  };

  const lookup = async (): Promise<Credentials | undefined> => {
    lastMiss.length = 0;
    if (isFresh(appStatic, clock.now())) return appStatic;
    if (appProvider) {
      const c = await ask('setAwsCredentials provider', appProvider);
      if (c) return c;
    } else if (appStatic) lastMiss.push('setAwsCredentials (expired)');
    const cached = cache.read();
    if (isFresh(cached, clock.now())) return cached;
    lastMiss.push('cwr_c cache');
    for (const p of providers) {
      const c = await ask(p.name, p.get);
      if (c) {
        cache.write(c);
        return c;
      }
    }
    return undefined;
  };

  const chain: CredentialChain = {
    lastMiss,
    get() {
      if (isFresh(current, clock.now())) return Promise.resolve(current);
      if (!pending) {
        const gen = generation;
        const p: Promise<Credentials | undefined> = lookup()
          .then((c) => {
            if (gen !== generation) return chain.get();
            return (current = c);
          })
          .finally(() => {
            if (pending === p) pending = undefined;
          });
        pending = p;
      }
      return pending;
    },
    peek() {
      const now = clock.now();
      if (isFresh(current, now)) return current;
      if (isFresh(appStatic, now)) return appStatic;
      const cached = cache.read();
      return isFresh(cached, now) ? (current = cached) : undefined;
    },
    setAppCredentials(input) {
      generation++;
      pending = undefined;
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
      generation++;
      pending = undefined;
      current = undefined;
      appStatic = undefined;
      cache.clear();
    },
  };
  return chain;
};
