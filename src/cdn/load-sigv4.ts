import type { SigV4 } from '../transport/sigv4';

// Captured while cwr.js runs: the signer chunk sits beside it on the same host.
const here = (document.currentScript as HTMLScriptElement | null)?.src || location.href;

/** The CDN build's signer loader: imports `cwr-sigv4.js` from beside cwr.js. */
export const loadSigV4 = (): Promise<SigV4> =>
  import(/* @vite-ignore */ new URL('cwr-sigv4.js', here).href);
