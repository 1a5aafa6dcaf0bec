import type { AuthModule } from '../lazy/load-auth';

declare global {
  interface Window {
    /** Set by cwr-auth.js when it runs. */
    __cwrAuth?: AuthModule;
  }
}

// Captured while cwr.js runs: the auth chunk sits beside it, and a page whose CSP uses a
// nonce gave cwr.js one that the chunk's script element needs too.
const self = document.currentScript as HTMLScriptElement | null;
const base = self?.src || location.href;
const nonce = self?.nonce;

let loading: Promise<AuthModule> | undefined;

/**
 * The CDN build's auth loader: adds `cwr-auth.js` (from beside cwr.js) as a classic script.
 * A classic script, unlike import(), needs no CORS headers from the CDN, and CSP treats it
 * like cwr.js itself (same host; the nonce is passed on; 'strict-dynamic' trusts it).
 */
export const loadAuth = (): Promise<AuthModule> =>
  (loading ??= new Promise<AuthModule>((resolve, reject) => {
    if (window.__cwrAuth) return resolve(window.__cwrAuth);
    const script = document.createElement('script');
    script.src = new URL('cwr-auth.js', base).href;
    script.async = true;
    if (nonce) script.nonce = nonce;
    script.onload = () =>
      window.__cwrAuth
        ? resolve(window.__cwrAuth)
        : reject(new Error(`${script.src} loaded but did not define the auth module`));
    script.onerror = () => reject(new Error(`${script.src} could not be loaded`));
    (document.head || document.documentElement).appendChild(script);
  }).catch((e) => {
    loading = undefined; // try again on the next dispatch
    throw e;
  }));
