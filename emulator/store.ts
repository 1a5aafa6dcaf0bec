import { DataFile, type DataLine, type LoadedData } from './datafile';
import { faultProblem } from './faults';
import { SessionIndex } from './sessions';
import type {
  DeliveryStats,
  DiagnosticsEntry,
  EventFilter,
  Fault,
  RequestRecord,
  SessionSummary,
  StoredEvent,
} from './types';

/** How many repeated ids `stats()` lists. */
const MAX_DUPLICATE_IDS = 50;
export const DEFAULT_MAX_EVENTS = 100_000;
export const DEFAULT_MAX_REQUESTS = 50_000;
/** Sessions whose latest diagnostics report is kept. */
export const MAX_DIAGNOSTICS = 1_000;

export interface StoreOptions {
  /** JSON Lines file to load at start and append to; false: memory only. */
  dataFile?: string | false;
  maxEvents?: number;
  maxRequests?: number;
  /** Where to say that something in the data file could not be read or written. */
  warn?: (line: string) => void;
}

/** A request record before the store numbers it. */
export type NewRequestRecord = Omit<RequestRecord, 'seq'>;
/** An event before the store numbers it. */
export type NewStoredEvent = Omit<StoredEvent, 'seq'>;

/**
 * Everything the emulator remembers between requests: accepted events, the request log, the
 * client diagnostics pages posted, delivery accounting, and pending faults. Events and request
 * records are numbered (`seq`) in the order they come; with a data file, they and the
 * diagnostics are appended to it as JSON lines and loaded back at start, numbering included.
 * Memory is bounded: past `maxEvents` (`maxRequests`), the oldest tenth is let go.
 */
export class Store {
  private storedEvents: StoredEvent[] = [];
  private records: RequestRecord[] = [];
  private faults: Array<Fault & { remaining: number }> = [];
  private diagnosticsBySession = new Map<string, DiagnosticsEntry>();
  /** PutRumEvents calls seen and batches accepted, by app monitor id (lower case). */
  private putCalls = new Map<string, number>();
  private acceptedBatches = new Map<string, number>();
  private lastEventSeq = 0;
  private lastRequestSeq = 0;
  private sessionIndex = new SessionIndex();
  /** The index misses events let go of (or still counts them); rebuilt when next asked. */
  private sessionsStale = false;
  private listeners = new Set<() => void>();
  private readonly file: DataFile | undefined;
  private readonly maxEvents: number;
  private readonly maxRequests: number;

  constructor(options: StoreOptions = {}) {
    this.maxEvents = checkMax(options.maxEvents ?? DEFAULT_MAX_EVENTS, 'maxEvents');
    this.maxRequests = checkMax(options.maxRequests ?? DEFAULT_MAX_REQUESTS, 'maxRequests');
    const warn = options.warn ?? (() => undefined);
    if (options.dataFile) {
      this.file = new DataFile(options.dataFile, warn);
      this.restore(this.file.load(), warn);
    }
  }

  /** Call `listener` whenever something is stored or forgotten; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The highest `seq` of the events (request records) held now; 0 when there are none. */
  lastSeq(): { events: number; requests: number } {
    return {
      events: this.storedEvents[this.storedEvents.length - 1]?.seq ?? 0,
      requests: this.records[this.records.length - 1]?.seq ?? 0,
    };
  }

  /** Count a PutRumEvents call, before anything (a fault included) can stop it. */
  notePutRumEvents(appMonitorId: string): void {
    increment(this.putCalls, appMonitorId);
  }

  /** Keep an accepted batch: its events, and one more accepted batch for the stats. */
  addBatch(appMonitorId: string, events: NewStoredEvent[]): void {
    increment(this.acceptedBatches, appMonitorId);
    this.addEvents(events);
  }

  addEvents(events: NewStoredEvent[]): void {
    if (events.length === 0) return;
    const numbered = events.map((e) => ({ seq: ++this.lastEventSeq, ...e }));
    this.storedEvents.push(...numbered);
    for (const e of numbered) this.sessionIndex.add(e);
    this.file?.append(numbered.map((e) => ({ kind: 'event', ...e })));
    this.trimEvents();
    this.changed();
  }

  /**
   * Stored events, oldest first, matching every filter given: app monitor (any case), session,
   * full type, `seq` above `since`, and at most `limit` of them.
   */
  events(filter: EventFilter = {}): StoredEvent[] {
    const monitor = filter.appMonitorId?.toLowerCase();
    const out: StoredEvent[] = [];
    const limit = filter.limit ?? Infinity;
    for (
      let i = this.firstAfter(this.storedEvents, filter.since);
      i < this.storedEvents.length;
      i++
    ) {
      if (out.length >= limit) break;
      const e = this.storedEvents[i];
      if (monitor && e.appMonitorId.toLowerCase() !== monitor) continue;
      if (filter.sessionId && e.userDetails.sessionId !== filter.sessionId) continue;
      if (filter.type && e.event.type !== filter.type) continue;
      out.push(e);
    }
    return out;
  }

  /** One summary per session of the events held, the most recently active first. */
  sessions(): SessionSummary[] {
    if (this.sessionsStale) {
      this.sessionIndex.clear();
      for (const e of this.storedEvents) this.sessionIndex.add(e);
      this.sessionsStale = false;
    }
    return this.sessionIndex.summaries();
  }

  /** Delivery accounting by event id: repeats are stored like any event, and counted here. */
  stats(filter: { appMonitorId?: string } = {}): DeliveryStats {
    const wanted = filter.appMonitorId?.toLowerCase();
    const matches = (id: string) => !wanted || id.toLowerCase() === wanted;
    const seen = new Set<string>();
    const repeated = new Set<string>();
    let events = 0;
    let duplicates = 0;
    for (const stored of this.storedEvents) {
      if (!matches(stored.appMonitorId)) continue;
      events += 1;
      const id = stored.event.id;
      if (seen.has(id)) {
        duplicates += 1;
        repeated.add(id);
      } else {
        seen.add(id);
      }
    }
    const count = (calls: Map<string, number>) =>
      [...calls].reduce((n, [id, calls]) => (matches(id) ? n + calls : n), 0);
    return {
      requests: count(this.putCalls),
      accepted: count(this.acceptedBatches),
      events,
      unique: seen.size,
      duplicates,
      duplicateIds: [...repeated].slice(0, MAX_DUPLICATE_IDS),
    };
  }

  record(entry: NewRequestRecord): RequestRecord {
    const numbered = { seq: ++this.lastRequestSeq, ...entry };
    this.records.push(numbered);
    this.file?.append([{ kind: 'request', ...numbered }]);
    if (this.records.length > this.maxRequests) {
      this.records.splice(0, this.records.length - keepAfterTrim(this.maxRequests));
    }
    this.changed();
    return numbered;
  }

  /**
   * Request records, oldest first: with `seq` above `since`, for a session when asked (a
   * PutRumEvents call whose batch named it), at most `limit` of them.
   */
  requests(filter: { since?: number; limit?: number; sessionId?: string } = {}): RequestRecord[] {
    const out: RequestRecord[] = [];
    const limit = filter.limit ?? Infinity;
    for (let i = this.firstAfter(this.records, filter.since); i < this.records.length; i++) {
      if (out.length >= limit) break;
      const r = this.records[i];
      if (filter.sessionId && !r.sessionIds?.includes(filter.sessionId)) continue;
      out.push(r);
    }
    return out;
  }

  /** Keep the latest diagnostics report of a session (the oldest sessions' go past 1,000). */
  addDiagnostics(entry: DiagnosticsEntry): void {
    this.keepDiagnostics(entry);
    this.file?.append([{ kind: 'diagnostics', ...entry }]);
    this.changed();
  }

  /** The latest report of each session, the most recently posted first. */
  diagnostics(filter: { sessionId?: string } = {}): DiagnosticsEntry[] {
    return [...this.diagnosticsBySession.values()]
      .filter((d) => !filter.sessionId || d.sessionId === filter.sessionId)
      .reverse();
  }

  /** Queue a fault; throws a TypeError (saying why) for one that makes no sense. */
  addFault(fault: Fault): void {
    const problem = faultProblem(fault);
    if (problem) throw new TypeError(problem);
    const count = fault.count ?? 1;
    if (count > 0) this.faults.push({ ...fault, remaining: count });
  }

  /**
   * The fault the next call of `operation` (to this app monitor, for PutRumEvents) must suffer,
   * counting it down. Faults are tried in the order they were added; one with a `probability`
   * that does not fire this time leaves the call to the next.
   */
  takeFault(appMonitorId: string | undefined, operation = 'PutRumEvents'): Fault | undefined {
    const index = this.faults.findIndex(
      (f) =>
        (f.operation ?? 'PutRumEvents') === operation &&
        (!f.appMonitorId ||
          appMonitorId === undefined ||
          f.appMonitorId.toLowerCase() === appMonitorId.toLowerCase()) &&
        (f.probability === undefined || Math.random() < f.probability),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    const { remaining: _remaining, ...taken } = fault;
    return taken;
  }

  /** Faults still pending, in the order they are tried, with how many hits each has left. */
  pendingFaults(): Array<Fault & { remaining: number }> {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Forget events, requests, stats and pending faults; the data file stays as it is. */
  reset(): void {
    this.forget();
    this.faults = [];
    this.changed();
  }

  /**
   * Forget events, requests, stats and diagnostics, and empty the data file. Faults stay, and
   * numbering goes on from where it was (a `since` from before still means "newer than that").
   */
  clear(): void {
    this.forget();
    this.diagnosticsBySession.clear();
    this.file?.truncate();
    this.changed();
  }

  private forget(): void {
    this.storedEvents = [];
    this.records = [];
    this.putCalls.clear();
    this.acceptedBatches.clear();
    this.sessionIndex.clear();
    this.sessionsStale = false;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Index of the first item with `seq` above `since` (items are in `seq` order). */
  private firstAfter(items: Array<{ seq: number }>, since: number | undefined): number {
    if (since === undefined) return 0;
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (items[middle].seq <= since) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private trimEvents(): void {
    if (this.storedEvents.length <= this.maxEvents) return;
    this.storedEvents.splice(0, this.storedEvents.length - keepAfterTrim(this.maxEvents));
    this.sessionsStale = true;
  }

  private keepDiagnostics(entry: DiagnosticsEntry): void {
    const key = `${entry.appMonitorId}\n${entry.sessionId}`;
    this.diagnosticsBySession.delete(key);
    this.diagnosticsBySession.set(key, entry);
    if (this.diagnosticsBySession.size > MAX_DIAGNOSTICS) {
      const oldest = this.diagnosticsBySession.keys().next().value as string;
      this.diagnosticsBySession.delete(oldest);
    }
  }

  /**
   * Take back what the data file held: numbering continues after the highest `seq` seen (lines
   * without one are numbered on), PutRumEvents records count again in the stats. A file with
   * unreadable lines, a cut-short end or more than is kept is written again with what was kept.
   */
  private restore(loaded: LoadedData, warn: (line: string) => void): void {
    for (const e of loaded.events) {
      const seq =
        typeof e.seq === 'number' && e.seq > this.lastEventSeq ? e.seq : this.lastEventSeq + 1;
      this.lastEventSeq = seq;
      this.storedEvents.push({ ...e, seq });
    }
    for (const r of loaded.requests) {
      const seq =
        typeof r.seq === 'number' && r.seq > this.lastRequestSeq ? r.seq : this.lastRequestSeq + 1;
      this.lastRequestSeq = seq;
      this.records.push({ ...r, seq });
      if (r.operation === 'PutRumEvents' && r.appMonitorId) {
        increment(this.putCalls, r.appMonitorId);
        if (r.verdict === 'accepted') increment(this.acceptedBatches, r.appMonitorId);
      }
    }
    for (const d of loaded.diagnostics) this.keepDiagnostics(d);

    const held = this.storedEvents.length + this.records.length;
    if (this.storedEvents.length > this.maxEvents) {
      this.storedEvents.splice(0, this.storedEvents.length - this.maxEvents);
    }
    if (this.records.length > this.maxRequests) {
      this.records.splice(0, this.records.length - this.maxRequests);
    }
    for (const e of this.storedEvents) this.sessionIndex.add(e);

    const kept = this.storedEvents.length + this.records.length + this.diagnosticsBySession.size;
    const letGo = held + loaded.diagnostics.length - kept;
    if (loaded.skipped > 0) {
      const first = loaded.firstSkipped;
      warn(
        `data file ${this.file?.path}: skipped ${loaded.skipped} unreadable line(s)` +
          (first ? ` (line ${first.line}: ${first.reason})` : '') +
          `; kept the ${loaded.records} record(s) that could be read, and wrote the file again without them.`,
      );
    }
    if (loaded.skipped > 0 || loaded.partialEnd || letGo > Math.max(1000, kept)) {
      this.file?.rewrite(this.dataLines());
    }
  }

  /** Everything held, as data file lines. */
  private dataLines(): DataLine[] {
    return [
      ...this.storedEvents.map((e): DataLine => ({ kind: 'event', ...e })),
      ...this.records.map((r): DataLine => ({ kind: 'request', ...r })),
      ...[...this.diagnosticsBySession.values()].map((d): DataLine => ({
        kind: 'diagnostics',
        ...d,
      })),
    ];
  }
}

function increment(counts: Map<string, number>, appMonitorId: string): void {
  const key = appMonitorId.toLowerCase();
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** After going past `max`, keep 90% of it: letting go of a tenth at once, not one by one. */
function keepAfterTrim(max: number): number {
  return max - Math.floor(max / 10);
}

function checkMax(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a whole number of at least 1; got ${value}.`);
  }
  return value;
}
