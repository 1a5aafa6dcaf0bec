/**
 * Code that signing and a first visit need, but the page's first moments do not: SigV4 (our
 * own, hashing with WebCrypto or its own SHA-256) and the credential chain (app, `cwr_c`
 * cache, Cognito/STS). Loaded on demand, as a chunk of its own (cwr-auth.js beside cwr.js in
 * the CDN build; a bundler chunk with npm).
 */
export { presign, sign } from '../transport/sigv4';
export { createCredentials } from '../auth/credentials-setup';

/** Where this module's code runs: its chunk file in a bundler build (see ./own-files). */
export const _here = new Error();
