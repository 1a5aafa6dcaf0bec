/**
 * The store's side of the data file (datafile.ts reads and writes it): the line each record
 * becomes, the numbering of what a file held when it is taken back, and what to say about
 * lines that could not be read.
 */
import type { DataLine, LoadedData } from './datafile';
import type { DiagnosticsEntry, RequestRecord, StoredEvent } from './types';

/** One data file line: a record as JSON, and the newline. */
export function dataLine(line: DataLine): string {
  return JSON.stringify(line) + '\n';
}

/**
 * The events and request records of a data file, numbered on from `lastEventSeq`
 * (`lastRequestSeq`): a record keeps its `seq` when it is above the one before, and lines
 * without one are numbered on.
 */
export function numberLoaded(
  loaded: LoadedData,
  lastEventSeq: number,
  lastRequestSeq: number,
): {
  events: StoredEvent[];
  requests: RequestRecord[];
  lastEventSeq: number;
  lastRequestSeq: number;
} {
  const events: StoredEvent[] = [];
  const requests: RequestRecord[] = [];
  for (const e of loaded.events) {
    const seq = typeof e.seq === 'number' && e.seq > lastEventSeq ? e.seq : lastEventSeq + 1;
    lastEventSeq = seq;
    events.push({ ...e, seq });
  }
  for (const r of loaded.requests) {
    const seq = typeof r.seq === 'number' && r.seq > lastRequestSeq ? r.seq : lastRequestSeq + 1;
    lastRequestSeq = seq;
    requests.push({ ...r, seq });
  }
  return { events, requests, lastEventSeq, lastRequestSeq };
}

/** Everything held, as data file lines: events, then request records, then diagnostics. */
export function dataLines(
  events: readonly StoredEvent[],
  records: readonly RequestRecord[],
  diagnostics: readonly DiagnosticsEntry[],
): DataLine[] {
  return [
    ...events.map((e): DataLine => ({ kind: 'event', ...e })),
    ...records.map((r): DataLine => ({ kind: 'request', ...r })),
    ...diagnostics.map((d): DataLine => ({ kind: 'diagnostics', ...d })),
  ];
}

/** The warning for a data file with unreadable lines; undefined when every line was read. */
export function skippedWarning(path: string | undefined, loaded: LoadedData): string | undefined {
  if (loaded.skipped <= 0) return undefined;
  const first = loaded.firstSkipped;
  return (
    `data file ${path}: skipped ${loaded.skipped} unreadable line(s)` +
    (first ? ` (line ${first.line}: ${first.reason})` : '') +
    `; kept the ${loaded.records} record(s) that could be read, and wrote the file again without them.`
  );
}
