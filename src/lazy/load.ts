import type * as Auth from './auth';
import type * as Diagnostics from './diagnostics';
import type * as Interaction from './interaction';
import type * as Performance from './performance';

export type AuthModule = typeof Auth;
export type PerformanceModule = typeof Performance;
export type DiagnosticsModule = typeof Diagnostics;
export type InteractionModule = typeof Interaction;

/**
 * Code loaded on demand, each a chunk of its own. Bundlers split these imports; the CDN build
 * swaps this module for src/cdn/load.ts, which adds the chunk files beside cwr.js as scripts.
 */
export const loadAuth = (): Promise<AuthModule> => import('./auth');
export const loadPerformance = (): Promise<PerformanceModule> => import('./performance');
export const loadDiagnostics = (): Promise<DiagnosticsModule> => import('./diagnostics');
export const loadInteraction = (): Promise<InteractionModule> => import('./interaction');
