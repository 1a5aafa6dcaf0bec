import type { CredentialChain } from '../domain/types';
import type { Clock } from '../tools/clock';
import type { CredentialCache } from './credential-cache';
import {
  type CredentialProvider,
  type Credentials,
  EXPIRY_MARGIN_MS,
  isFresh,
  REFRESH_MARGIN_MS,
  toCredentials,
} from './credentials';

/**
 * Where credentials come from, in order: what the app supplied (`setAwsCredentials` or
 * `config.credentials`), then the `cwr_c` cache, then the providers (Cognito), whose answer is
 * cached. The first fresh answer is kept in memory; within REFRESH_MARGIN_MS of its expiry the
 * next `get()` replaces it, before it expires rather than after a refused request.
 */
export type { CredentialChain };

/** After a provider fails, it is asked again after 5 s, doubling up to 5 minutes. */
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 300_000;

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
  const lastErrors: unknown[] = [];
  let currentSource: string | undefined;
  let found: string | undefined;
  // Providers (Cognito) that fail are not asked again at every dispatch: a misconfigured pool
  // would otherwise get a request every few seconds from every open page.
  const backoff = new Map<string, { failures: number; retryAt: number; error?: unknown }>();

  /** One source: its credentials, or undefined with the reason noted in lastMiss. */
  const ask = async (name: string, source: () => unknown): Promise<Credentials | undefined> => {
    try {
      const answer = await source();
      const c = answer == null ? undefined : toCredentials(answer, name);
      if (isFresh(c, clock.now())) {
        found = name;
        return c;
      }
      lastMiss.push(c ? `${name} (expired)` : name);
    } catch (e) {
      // The app's provider or a network call failed: the next source may still answer.
      lastErrors.push(e);
      lastMiss.push(`${name} (failed: ${e instanceof Error ? e.message : String(e)})`);
    }
    return undefined;
  };

  const lookup = async (): Promise<Credentials | undefined> => {
    lastMiss.length = 0;
    lastErrors.length = 0;
    const soon = (c: Credentials | undefined): c is Credentials =>
      isFresh(c, clock.now(), REFRESH_MARGIN_MS);
    found = undefined;
    if (appStatic) {
      // The app's own credentials are used until they expire: nothing here can renew them.
      if (isFresh(appStatic, clock.now())) {
        found = 'setAwsCredentials';
        return appStatic;
      }
      lastMiss.push('setAwsCredentials (expired)');
    }
    if (appProvider) {
      const c = await ask('setAwsCredentials provider', appProvider);
      if (c) return c;
    }
    const cached = cache.read();
    found = 'cwr_c cache';
    if (soon(cached)) return cached;
    found = undefined;
    lastMiss.push('cwr_c cache');
    for (const p of providers) {
      const b = backoff.get(p.name) ?? { failures: 0, retryAt: 0 };
      const wait = b.retryAt - clock.now();
      if (wait > 0) {
        // Still the same failure, as far as anyone can tell.
        lastErrors.push(b.error);
        lastMiss.push(`${p.name} (failed; asked again in ${Math.ceil(wait / 1000)} s)`);
        continue;
      }
      const errors = lastErrors.length;
      const c = await ask(p.name, p.get);
      if (c) {
        backoff.delete(p.name);
        cache.write(c);
        return c;
      }
      if (lastErrors.length > errors) {
        b.error = lastErrors[errors];
        b.retryAt = clock.now() + Math.min(RETRY_FIRST_MS * 2 ** b.failures++, RETRY_MAX_MS);
        backoff.set(p.name, b);
      }
    }
    // Nothing new: what we had may still be usable for a while.
    found = currentSource;
    if (isFresh(current, clock.now())) return current;
    found = 'cwr_c cache';
    return isFresh(cached, clock.now()) ? cached : undefined;
  };

  const chain: CredentialChain = {
    lastMiss,
    lastErrors,
    source: () => (current ? currentSource : undefined),
    get() {
      // The app's static credentials are final until they expire; others are renewed when
      // their expiry comes near.
      const margin = current === appStatic ? EXPIRY_MARGIN_MS : REFRESH_MARGIN_MS;
      if (isFresh(current, clock.now(), margin)) return Promise.resolve(current);
      if (!pending) {
        const gen = generation;
        const p: Promise<Credentials | undefined> = lookup()
          .then((c) => {
            if (gen !== generation) return chain.get();
            currentSource = c ? found : undefined;
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
      if (!isFresh(cached, now)) return undefined;
      currentSource = 'cwr_c cache';
      return (current = cached);
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
        currentSource = 'setAwsCredentials';
      }
    },
    invalidate() {
      generation++;
      pending = undefined;
      current = undefined;
      backoff.clear();
      cache.clear();
    },
  };
  return chain;
};
