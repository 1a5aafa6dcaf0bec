import { type Level, type Logger, logger } from '../tools/logger';
// (By this path, not './load': the CDN build swaps the module named `…lazy/load` for its own.)
import { type DiagnosticsModule, loadDiagnostics } from '../lazy/load';

/** A console message by key; its words come from the diagnostics chunk. */
export type Say = (level: Level, key: string, data?: Record<string, unknown>) => void;

/**
 * Says `key` on `log` in the diagnostics chunk's words (src/diagnostics/messages.ts), a moment
 * later and in order; only a page with a problem loads that chunk. Where the chunk cannot be
 * loaded, the key itself is said, with where to read about it.
 */
export const sayWith =
  (log: Logger, load: () => Promise<DiagnosticsModule>): Say =>
  (level, key, data = {}) => {
    // (A debug note's words are loaded only where debug notes show.)
    if (level == 'debug' && !log.debugging()) return;
    void load()
      .then((m) => m.describeMessage(key, data))
      .catch(() => `${key} (see docs/troubleshooting.md)`)
      .then((m) => log[level](m));
  };

/** The page's `say`: for what is said before a client exists, or by no client in particular. */
export const say: Say = /* @__PURE__ */ sayWith(logger, loadDiagnostics);
