import type { Problem } from '../diagnostics/checks';
import type { ExplainContext, ProblemData } from '../diagnostics/explain';
import type { DiagnosticsModule } from '../lazy/load';
import { sayWith } from '../lazy/say';
import type { Logger } from '../tools/logger';
import type { Warn } from './config';

/** What a thrown value says of itself, for a message. */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : typeof e);

type Entry = Problem & { key: string; count: number; shown?: boolean };

/**
 * The reasons events may not arrive, as one client found them: each said once on the console
 * and listed, with a count of repeats, by `diagnose()`. The words of most come from the
 * diagnostics chunk (cwr-diag.js), which only a page with a problem loads.
 */
export const createProblems = (
  log: Logger,
  loadDiagnosticsChunk: () => Promise<DiagnosticsModule>,
  explainContext: () => ExplainContext,
) => {
  const problems: Entry[] = [];
  /** A problem already in words: on the console and in diagnose() at once. */
  const show = (code: string, message: string, level: 'warn' | 'error' = 'warn') => {
    problems.push({ key: message, code, message, count: 1, shown: true });
    log[level](message);
  };
  /**
   * A chunk file that could not be loaded, said once per file in words kept here (cwr-diag.js
   * may be the file missing); what needed it is then not reported as a problem of its own.
   */
  const chunk =
    <T>(load: () => Promise<T>) =>
    () =>
      load().catch((e) => {
        const m = String(e instanceof Error ? e.message : e);
        if (!problems.some((p) => p.key == m)) show('chunk-missing', m, 'error');
        throw e;
      });
  const loadDiagnostics = chunk(loadDiagnosticsChunk);
  /** Reports a problem once per key; what repeats it is counted. */
  const problem = (key: string, data: ProblemData = {}) => {
    const known = problems.find((p) => p.key === key);
    if (known) return void known.count++;
    // Counted here while its words load; shown (console, diagnose()) once they have.
    const entry: Entry = {
      key,
      code: key,
      message: `${key} (see docs/troubleshooting.md)`,
      count: 1,
    };
    problems.push(entry);
    const kind = key.split(':')[0];
    loadDiagnostics()
      .then((m) => m.describeProblem(kind, data, explainContext()))
      .catch(() => entry)
      .then((p) => {
        problems.splice(problems.indexOf(entry), 1);
        // Not a problem after all (a CSP report about someone else's URL).
        if (!p) return;
        // Keys the words give another code (refusals, blocked URLs) are counted by that code;
        // keys of one kind (each unknown option) stay apart.
        const same = p.code != kind && problems.find((x) => x.shown && x.code === p.code);
        if (same) return void (same.count += entry.count);
        problems.push(Object.assign(entry, p, { shown: true }));
        log.warn(entry.message);
      });
  };
  /**
   * A problem with the config, found at start. A bad or unknown option is put in words by the
   * diagnostics chunk (what it must be, or "did you mean"), like every problem.
   */
  const configProblem: Warn = (message, detail) =>
    detail
      ? problem(('known' in detail ? 'unknown-option:' : 'bad-option:') + message, {
          name: message,
          ...detail,
        })
      : show('config', message);
  /**
   * A console message about a call the client could not follow or an event it dropped, in
   * the diagnostics chunk's words (src/diagnostics/messages.ts). Said in order, a moment later.
   */
  const say = sayWith(log, loadDiagnostics);
  /** `say`, once per key (or per `once`, when given) for this client. */
  const said = new Set<string>();
  const sayOnce = (level: 'warn' | 'error', key: string, data?: ProblemData, once = key): void => {
    if (said.has(once)) return;
    said.add(once);
    say(level, key, data);
  };
  return {
    say,
    sayOnce,
    show,
    chunk,
    problem,
    configProblem,
    loadDiagnostics,
    /** Has a chunk file failed to load? (What needed it is not a problem of its own.) */
    chunkMissing: () => problems.some((p) => p.code == 'chunk-missing'),
    /** What diagnose() lists: the problems in words. */
    shown: () =>
      problems.filter((p) => p.shown).map(({ code, message, count }) => ({ code, message, count })),
  };
};

export type Problems = ReturnType<typeof createProblems>;
