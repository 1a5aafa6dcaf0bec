/**
 * Structured logs: one JSON object per line (`time`, `level`, `msg`, then the fields), as log
 * collectors (CloudWatch Logs, Loki, Datadog…) read them. Lines below the level are dropped;
 * lines of one kind that come in a flood (rate-limit refusals) are written at most once a
 * second each, with how many were left out since.
 */
import type { LogLevel } from './config';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export type Fields = Record<string, string | number | boolean | undefined>;

export class Logger {
  private readonly quiet = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly level: LogLevel,
    private readonly write: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  log(level: Exclude<LogLevel, 'silent'>, msg: string, fields: Fields = {}): void {
    if (RANK[level] < RANK[this.level]) return;
    this.line(level, msg, fields);
  }

  /**
   * A line of the proxy's life (listening, draining, stopped), at info, written at every level
   * but `silent`: a deployment that logs only warnings still sees when it started and stopped.
   */
  lifecycle(msg: string, fields: Fields = {}): void {
    if (this.level !== 'silent') this.line('info', msg, fields);
  }

  /** As `log`, but at most one line a second for `kind`; the next says how many were dropped. */
  sampled(kind: string, level: Exclude<LogLevel, 'silent'>, msg: string, fields: Fields): void {
    const at = this.now();
    const seen = this.quiet.get(kind);
    if (seen && at - seen.at < 1000) {
      seen.suppressed += 1;
      return;
    }
    this.quiet.set(kind, { at, suppressed: 0 });
    this.log(level, msg, seen?.suppressed ? { ...fields, suppressed: seen.suppressed } : fields);
  }

  private line(level: string, msg: string, fields: Fields): void {
    const line: Record<string, unknown> = { time: new Date(this.now()).toISOString(), level, msg };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) line[k] = v;
    this.write(JSON.stringify(line));
  }
}
