import type { SigV4 } from './sigv4';

/**
 * Loads the signer on demand. Bundlers turn this into a separate chunk; the CDN build swaps
 * this module for one that imports the chunk beside cwr.js.
 */
export const loadSigV4 = (): Promise<SigV4> => import('./sigv4');
