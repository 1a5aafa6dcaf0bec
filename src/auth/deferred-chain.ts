import type { CredentialChain } from './chain';

/**
 * Stands in for the credential chain, which lives in the auth chunk, until that is loaded:
 * the app's credentials are kept and handed over (and checked, with a console message for a
 * mistake) when the chain arrives, in idle time after the start; lookups wait for it.
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
      app = { input };
      chain?.setAppCredentials(input);
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
