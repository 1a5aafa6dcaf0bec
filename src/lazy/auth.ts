/**
 * Code that signing and a first visit need, but the page's first moments do not: SigV4
 * (@smithy/signature-v4, the bulk of it) and the Cognito/STS client. Loaded on demand, as a
 * chunk of its own (cwr-auth.js beside cwr.js in the CDN build; a bundler chunk with npm).
 */
export { presign, sign } from '../transport/sigv4';
export { createCognitoProvider } from '../auth/cognito';
