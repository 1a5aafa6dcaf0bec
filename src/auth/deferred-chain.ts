import type { CredentialChain } from './chain';
import { toCredentials } from './credentials';

/**
 * Stands in for the credential chain, which lives in the auth chunk, until that is loaded:
 * the app's credentials are checked at once (so a mistake is reported where it was made) and
 * handed over when the chain arrives; lookups wait for it.
 */
export const deferredChain = (load: () => Promise<CredentialChain>): CredentialChain => {
  let chain: CredentialChain | undefined;
  let loading: Promise<CredentialChain> | undefined;
  let app: { input: unknown } | undefined;
  const notLoaded: string[] = [];
  const ready = () =>
    (loading ??= load().then(
      (c) => {
        chain = c;
        if (app) c.setAppCredentials(app.input);
        return c;
      },
      (e) => {
        loading = undefined; // tried again at the next lookup
        throw e;
      },
    ));
  return {
    get: () =>
      ready().then(
        (c) => c.get(),
        (e) => {
          notLoaded.splice(0, 1, `the auth chunk (${String(e)})`);
          return undefined;
        },
      ),
    peek: () => chain?.peek(),
    setAppCredentials(input) {
      const value = typeof input === 'function' ? input : toCredentials(input, 'setAwsCredentials');
      app = { input: value };
      chain?.setAppCredentials(value);
    },
    invalidate: () => chain?.invalidate(),
    get lastMiss() {
      return chain ? chain.lastMiss : notLoaded;
    },
    get lastErrors() {
      return chain ? chain.lastErrors : [];
    },
    source: () => chain?.source(),
  };
};
