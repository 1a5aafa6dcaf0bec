import type { SigV4 } from '../transport/sigv4';

declare global {
  interface Window {
    /** Set by cwr-sigv4.js when it runs. */
    __cwrSigV4?: SigV4;
  }
}

// Captured while cwr.js runs: the signer chunk sits beside it, and a page whose CSP uses a
// nonce gave cwr.js one that the chunk's script element needs too.
const self = document.currentScript as HTMLScriptElement | null;
const base = self?.src || location.href;
const nonce = self?.nonce;

let loading: Promise<SigV4> | undefined;

/**
 * The CDN build's signer loader: adds `cwr-sigv4.js` (from beside cwr.js) as a classic
 * script. A classic script, unlike import(), needs no CORS headers from the CDN, and CSP
 * treats it like cwr.js itself (same host; the nonce is passed on; 'strict-dynamic' trusts it).
 */
export const loadSigV4 = (): Promise<SigV4> =>
  (loading ??= new Promise<SigV4>((resolve, reject) => {
    if (window.__cwrSigV4) return resolve(window.__cwrSigV4);
    const script = document.createElement('script');
    script.src = new URL('cwr-sigv4.js', base).href;
    script.async = true;
    if (nonce) script.nonce = nonce;
    script.onload = () =>
      window.__cwrSigV4
        ? resolve(window.__cwrSigV4)
        : reject(new Error(`${script.src} loaded but did not define the signer`));
    script.onerror = () => reject(new Error(`${script.src} could not be loaded`));
    (document.head || document.documentElement).appendChild(script);
  }).catch((e) => {
    loading = undefined; // try again on the next dispatch
    throw e;
  }));
