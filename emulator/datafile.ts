import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { MAX_JSON_DEPTH, MAX_LINE_DEPTH, nestedDeeperThan } from './limits';
import type { DiagnosticsEntry, RequestRecord, StoredEvent } from './types';

/**
 * The emulator's history on disk, one JSON object a line, appended as things happen:
 * `{"kind":"event",…StoredEvent}`, `{"kind":"request",…RequestRecord}`,
 * `{"kind":"diagnostics",…DiagnosticsEntry}`. A line without `kind` that looks like a stored
 * event is one (files written before the other kinds existed).
 */
export type DataLine =
  | ({ kind: 'event' } & StoredEvent)
  | ({ kind: 'request' } & RequestRecord)
  | ({ kind: 'diagnostics' } & DiagnosticsEntry);

/** What a data file held, in file order. */
export interface LoadedData {
  events: StoredEvent[];
  requests: RequestRecord[];
  diagnostics: DiagnosticsEntry[];
  /** Records that were read (skipped lines not included). */
  records: number;
  /** Lines that could not be read: how many, and the first of them (1-based) with why. */
  skipped: number;
  firstSkipped?: { line: number; reason: string };
  /** The file does not end with a newline: its last line was cut short. */
  partialEnd: boolean;
}

export class DataFile {
  private ready = false;
  private writeFailed = false;

  constructor(
    readonly path: string,
    private readonly warn: (line: string) => void,
  ) {}

  /** Read the file (none yet: nothing); never throws. */
  load(): LoadedData {
    const loaded: LoadedData = {
      events: [],
      requests: [],
      diagnostics: [],
      records: 0,
      skipped: 0,
      partialEnd: false,
    };
    if (!existsSync(this.path)) return loaded;
    let content: Buffer;
    try {
      content = readFileSync(this.path);
    } catch (error) {
      this.warn(
        `data file ${this.path} could not be read (${(error as Error).message}); starting empty.`,
      );
      return loaded;
    }
    loaded.partialEnd = content.length > 0 && content[content.length - 1] !== 0x0a;
    let start = 0;
    let lineNumber = 0;
    while (start < content.length) {
      let end = content.indexOf(0x0a, start);
      if (end < 0) end = content.length;
      lineNumber += 1;
      const line = content.toString('utf8', start, end).trim();
      start = end + 1;
      if (line === '') continue;
      const problem = readLine(line, loaded);
      if (problem === undefined) {
        loaded.records += 1;
      } else {
        loaded.skipped += 1;
        loaded.firstSkipped ??= { line: lineNumber, reason: problem };
      }
    }
    return loaded;
  }

  /** Append records; a failure is reported once, and the emulator carries on in memory. */
  append(lines: DataLine[]): void {
    if (lines.length === 0) return;
    this.appendText(lines.map((l) => JSON.stringify(l) + '\n').join(''));
  }

  /** Append lines already written as JSON, each ending with a newline. */
  appendText(text: string): void {
    if (text === '') return;
    try {
      this.prepare();
      appendFileSync(this.path, text);
      this.writeFailed = false;
    } catch (error) {
      if (!this.writeFailed) {
        this.warn(
          `data file ${this.path} could not be written (${(error as Error).message}); ` +
            'what arrives is kept in memory only until writing works again.',
        );
      }
      this.writeFailed = true;
    }
  }

  /** Replace the whole file with these records (written aside, then renamed over it). */
  rewrite(lines: DataLine[]): void {
    try {
      this.prepare();
      const aside = `${this.path}.${process.pid}.tmp`;
      writeFileSync(aside, lines.map((l) => JSON.stringify(l) + '\n').join(''));
      renameSync(aside, this.path);
    } catch (error) {
      this.warn(`data file ${this.path} could not be rewritten (${(error as Error).message}).`);
    }
  }

  /** Empty the file. */
  truncate(): void {
    this.rewrite([]);
  }

  private prepare(): void {
    if (this.ready) return;
    mkdirSync(dirname(this.path), { recursive: true });
    this.ready = true;
  }
}

/** Add one line's record to `into`; returns why it cannot be read, or undefined. */
function readLine(line: string, into: LoadedData): string | undefined {
  // Nothing this deep gets past the door; a line that is comes from an older emulator and
  // would break whatever writes it out again.
  if (nestedDeeperThan(line, MAX_LINE_DEPTH)) {
    return `a value nested deeper than ${MAX_JSON_DEPTH} levels`;
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  if (!isObject(value)) return 'not a JSON object';
  const { kind, ...record } = value;
  if (kind === 'event' || (kind === undefined && 'event' in record && 'batchId' in record)) {
    if (!isStoredEvent(record)) return 'an event without its appMonitorId, userDetails or event';
    into.events.push(record);
    return undefined;
  }
  if (kind === 'request') {
    if (!isRequestRecord(record)) return 'a request record without its method, path, at or status';
    into.requests.push(record);
    return undefined;
  }
  if (kind === 'diagnostics') {
    if (!isDiagnostics(record)) return 'a diagnostics entry without its sessionId or at';
    into.diagnostics.push(record);
    return undefined;
  }
  return `unknown kind ${JSON.stringify(kind)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStoredEvent(r: Record<string, unknown>): r is StoredEvent & Record<string, unknown> {
  const user = r.userDetails;
  const event = r.event;
  return (
    typeof r.appMonitorId === 'string' &&
    isObject(user) &&
    typeof user.sessionId === 'string' &&
    typeof user.userId === 'string' &&
    isObject(event) &&
    typeof event.type === 'string' &&
    typeof event.timestamp === 'number' &&
    isObject(event.metadata) &&
    isObject(event.details) &&
    (r.seq === undefined || typeof r.seq === 'number')
  );
}

function isRequestRecord(r: Record<string, unknown>): r is RequestRecord & Record<string, unknown> {
  return (
    typeof r.method === 'string' &&
    typeof r.path === 'string' &&
    typeof r.at === 'number' &&
    typeof r.status === 'number' &&
    (r.seq === undefined || typeof r.seq === 'number')
  );
}

function isDiagnostics(
  r: Record<string, unknown>,
): r is DiagnosticsEntry & Record<string, unknown> {
  return (
    typeof r.sessionId === 'string' &&
    typeof r.appMonitorId === 'string' &&
    typeof r.at === 'number'
  );
}
