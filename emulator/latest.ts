/**
 * The latest diagnostics report of each session, bounded by a count (`MAX_DIAGNOSTICS`) and a
 * byte budget: past either, the reports of the sessions that posted least recently go.
 */
import { MAX_DIAGNOSTICS } from './bounds';
import type { DiagnosticsEntry } from './types';

export class LatestDiagnostics {
  /** By app monitor and session, the least recently posted first. */
  private bySession = new Map<string, { entry: DiagnosticsEntry; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.bySession.size;
  }

  /** Keep a session's latest report of `bytes` (its data file line); the stalest go. */
  keep(entry: DiagnosticsEntry, bytes: number): void {
    const key = `${entry.appMonitorId}\n${entry.sessionId}`;
    const previous = this.bySession.get(key);
    if (previous) this.bytes -= previous.bytes;
    this.bySession.delete(key);
    this.bySession.set(key, { entry, bytes });
    this.bytes += bytes;
    while (
      this.bySession.size > MAX_DIAGNOSTICS ||
      (this.bytes > this.maxBytes && this.bySession.size > 0)
    ) {
      const [oldest, held] = this.bySession.entries().next().value as [string, { bytes: number }];
      this.bySession.delete(oldest);
      this.bytes -= held.bytes;
    }
  }

  /** The reports held, the least recently posted first. */
  entries(): DiagnosticsEntry[] {
    return [...this.bySession.values()].map((d) => d.entry);
  }

  clear(): void {
    this.bySession.clear();
    this.bytes = 0;
  }
}
