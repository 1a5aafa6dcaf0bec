import type * as Auth from './auth';

export type AuthModule = typeof Auth;

/**
 * Loads the auth chunk on demand. Bundlers turn this into a separate chunk; the CDN build
 * swaps this module for one that loads cwr-auth.js from beside cwr.js.
 */
export const loadAuth = (): Promise<AuthModule> => import('./auth');
