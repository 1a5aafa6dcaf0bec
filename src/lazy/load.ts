import type * as Auth from './auth';
import type * as Diagnostics from './diagnostics';
import type * as Insights from './insights';
import type * as Interaction from './interaction';
import { coreLater, learnChunk, loading } from './own-files';
import type * as Performance from './performance';
import type * as Replay from './replay';

// (`_here` is for ./own-files only: fakes of these modules need not have one.)
export type AuthModule = Omit<typeof Auth, '_here'>;
export type PerformanceModule = Omit<typeof Performance, '_here'>;
export type DiagnosticsModule = Omit<typeof Diagnostics, '_here'>;
export type InteractionModule = Omit<typeof Interaction, '_here'>;
export type InsightsModule = Omit<typeof Insights, '_here'>;
export type ReplayModule = Omit<typeof Replay, '_here'>;

// The file the core runs in, and each chunk's, are the client's own files (see ./own-files).
const core = coreLater(new Error());
const learnt = <T>(p: Promise<T>): Promise<T> => loading(p.then((m) => learnChunk(m, core())));

/**
 * Code loaded on demand, each a chunk of its own. Bundlers split these imports; the CDN build
 * swaps this module for src/cdn/load.ts, which adds the chunk files beside cwr.js as scripts.
 */
export const loadAuth = (): Promise<AuthModule> => learnt(import('./auth'));
export const loadPerformance = (): Promise<PerformanceModule> => learnt(import('./performance'));
export const loadDiagnostics = (): Promise<DiagnosticsModule> => learnt(import('./diagnostics'));
export const loadInteraction = (): Promise<InteractionModule> => learnt(import('./interaction'));
export const loadReplay = (): Promise<ReplayModule> => learnt(import('./replay'));
export const loadInsights = (): Promise<InsightsModule> => learnt(import('./insights'));
