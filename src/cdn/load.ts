import type {
  AuthModule,
  DiagnosticsModule,
  InsightsModule,
  InteractionModule,
  PerformanceModule,
  ReplayModule,
} from '../lazy/load';

declare global {
  interface Window {
    /** Chunks beside cwr.js register their module here when they run, by file name. */
    __cwrChunks?: Record<string, unknown>;
  }
}

// Captured while cwr.js runs: the chunks sit beside it, and a page whose CSP uses a nonce
// gave cwr.js one that the chunks' script elements need too.
const self = document.currentScript as HTMLScriptElement | null;
const base = self?.src || location.href;
const nonce = self?.nonce;
const loading: Record<string, Promise<unknown>> = {};

/**
 * Adds a chunk file from beside cwr.js as a classic script and resolves to the module it
 * registers. A classic script, unlike import(), needs no CORS headers from the CDN, and CSP
 * treats it like cwr.js itself (same host; the nonce is passed on; 'strict-dynamic' trusts it).
 * A chunk that fails to load is tried again on the next call.
 */
export const loadChunk = <T>(file: string): Promise<T> =>
  (loading[file] ??= new Promise((resolve, reject) => {
    const registered = () => window.__cwrChunks?.[file];
    if (registered()) return resolve(registered());
    const script = document.createElement('script');
    script.src = new URL(file, base).href;
    script.async = true;
    if (nonce) script.nonce = nonce;
    // (Loaded but registered nothing: not the chunk, e.g. an error page served as a script.)
    script.onload = script.onerror = () =>
      registered()
        ? resolve(registered())
        : reject(
            new Error(
              `${script.src} could not be loaded: host the cwr-*.js files beside cwr.js, or use cwr-all.js (one file)`,
            ),
          );
    (document.head || document.documentElement).appendChild(script);
  }).catch((e) => {
    delete loading[file];
    throw e;
  })) as Promise<T>;

export const loadAuth = (): Promise<AuthModule> => loadChunk('cwr-auth.js');
export const loadPerformance = (): Promise<PerformanceModule> => loadChunk('cwr-perf.js');
export const loadDiagnostics = (): Promise<DiagnosticsModule> => loadChunk('cwr-diag.js');
export const loadInteraction = (): Promise<InteractionModule> => loadChunk('cwr-dom.js');
export const loadReplay = (): Promise<ReplayModule> => loadChunk('cwr-replay.js');
export const loadInsights = (): Promise<InsightsModule> => loadChunk('cwr-insights.js');
