import { DataFile, type DataLine, type LoadedData } from './datafile';
import { faultProblem, faultSeedProblem, randomFaultSeed, seededRandom } from './faults';
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
/**
 * Byte budgets (of JSON, as a data file line would hold it) for what is kept in memory. Past
 * one, the oldest go first, as past a count: events and request records down to 90% of the
 * budget, diagnostics one session at a time. Objects take a few times their JSON in memory.
 */
export const DEFAULT_MAX_EVENT_BYTES = 128 * 1024 * 1024;
export const DEFAULT_MAX_REQUEST_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MAX_DIAGNOSTICS_BYTES = 16 * 1024 * 1024;

export interface StoreOptions {
  /** JSON Lines file to load at start and append to; false: memory only. */
  dataFile?: string | false;
  maxEvents?: number;
  maxRequests?: number;
  /** Byte budgets; see DEFAULT_MAX_EVENT_BYTES. */
  maxEventBytes?: number;
  maxRequestBytes?: number;
  maxDiagnosticsBytes?: number;
  /** Where to say that something in the data file could not be read or written. */
  warn?: (line: string) => void;
  /** Seeds the draws of faults with a `probability`; default a random seed. */
  faultSeed?: number;
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
 * Memory is bounded by count and by bytes: past `maxEvents` (`maxRequests`), the oldest tenth
 * is let go; past `maxEventBytes` (`maxRequestBytes`), the oldest until 90% of it is left; past
 * `maxDiagnosticsBytes`, the reports of the sessions that posted least recently. What is let go
 * of stays in the data file.
 */
export class Store {
  private storedEvents: StoredEvent[] = [];
  /** The JSON size of each stored event (same index), and their sum. */
  private eventSizes: number[] = [];
  private eventBytes = 0;
  private records: RequestRecord[] = [];
  private recordSizes: number[] = [];
  private recordBytes = 0;
  private faults: Array<Fault & { remaining: number }> = [];
  /** The seed of the fault draws, given or random: with it, a run's faults can be replayed. */
  readonly faultSeed: number;
  /** The draws of faults with a `probability`, from `faultSeed`; `reset()` starts them over. */
  private random: () => number;
  private diagnosticsBySession = new Map<string, { entry: DiagnosticsEntry; bytes: number }>();
  private diagnosticsBytes = 0;
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
  private readonly maxEventBytes: number;
  private readonly maxRequestBytes: number;
  private readonly maxDiagnosticsBytes: number;

  constructor(options: StoreOptions = {}) {
    const seedProblem =
      options.faultSeed === undefined ? undefined : faultSeedProblem(options.faultSeed);
    if (seedProblem) throw new TypeError(seedProblem);
    this.faultSeed = options.faultSeed ?? randomFaultSeed();
    this.random = seededRandom(this.faultSeed);
    this.maxEvents = checkMax(options.maxEvents ?? DEFAULT_MAX_EVENTS, 'maxEvents');
    this.maxRequests = checkMax(options.maxRequests ?? DEFAULT_MAX_REQUESTS, 'maxRequests');
    this.maxEventBytes = checkMax(
      options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
      'maxEventBytes',
    );
    this.maxRequestBytes = checkMax(
      options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
      'maxRequestBytes',
    );
    this.maxDiagnosticsBytes = checkMax(
      options.maxDiagnosticsBytes ?? DEFAULT_MAX_DIAGNOSTICS_BYTES,
      'maxDiagnosticsBytes',
    );
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
    const lines = numbered.map((e) => dataLine({ kind: 'event', ...e }));
    for (let i = 0; i < numbered.length; i++) {
      this.storedEvents.push(numbered[i]);
      this.sessionIndex.add(numbered[i]);
      const size = Buffer.byteLength(lines[i]);
      this.eventSizes.push(size);
      this.eventBytes += size;
    }
    this.file?.appendText(lines.join(''));
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
    const line = dataLine({ kind: 'request', ...numbered });
    this.records.push(numbered);
    const size = Buffer.byteLength(line);
    this.recordSizes.push(size);
    this.recordBytes += size;
    this.file?.appendText(line);
    const drop = overBudget(
      this.records.length,
      this.maxRequests,
      this.recordSizes,
      this.recordBytes,
      this.maxRequestBytes,
    );
    if (drop > 0) this.recordBytes -= dropFirst(drop, this.records, this.recordSizes);
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
    const line = dataLine({ kind: 'diagnostics', ...entry });
    this.keepDiagnostics(entry, Buffer.byteLength(line));
    this.file?.appendText(line);
    this.changed();
  }

  /** The latest report of each session, the most recently posted first. */
  diagnostics(filter: { sessionId?: string } = {}): DiagnosticsEntry[] {
    return [...this.diagnosticsBySession.values()]
      .map((d) => d.entry)
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
   * that does not fire this time leaves the call to the next. Each such fault tried draws one
   * number from the seeded PRNG (`faultSeed`), so a seed replays the same hits.
   */
  takeFault(appMonitorId: string | undefined, operation = 'PutRumEvents'): Fault | undefined {
    const index = this.faults.findIndex(
      (f) =>
        (f.operation ?? 'PutRumEvents') === operation &&
        (!f.appMonitorId ||
          appMonitorId === undefined ||
          f.appMonitorId.toLowerCase() === appMonitorId.toLowerCase()) &&
        (f.probability === undefined || this.random() < f.probability),
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

  /**
   * Forget events, requests, stats and pending faults, and start the fault draws over from
   * `faultSeed`; the data file stays as it is.
   */
  reset(): void {
    this.forget();
    this.faults = [];
    this.random = seededRandom(this.faultSeed);
    this.changed();
  }

  /**
   * Forget events, requests, stats and diagnostics, and empty the data file. Faults stay, and
   * numbering goes on from where it was (a `since` from before still means "newer than that").
   */
  clear(): void {
    this.forget();
    this.diagnosticsBySession.clear();
    this.diagnosticsBytes = 0;
    this.file?.truncate();
    this.changed();
  }

  private forget(): void {
    this.storedEvents = [];
    this.eventSizes = [];
    this.eventBytes = 0;
    this.records = [];
    this.recordSizes = [];
    this.recordBytes = 0;
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
    const drop = overBudget(
      this.storedEvents.length,
      this.maxEvents,
      this.eventSizes,
      this.eventBytes,
      this.maxEventBytes,
    );
    if (drop === 0) return;
    this.eventBytes -= dropFirst(drop, this.storedEvents, this.eventSizes);
    this.sessionsStale = true;
  }

  /** Keep a session's latest report; past the count or the byte budget, the stalest go. */
  private keepDiagnostics(entry: DiagnosticsEntry, bytes: number): void {
    const key = `${entry.appMonitorId}\n${entry.sessionId}`;
    const previous = this.diagnosticsBySession.get(key);
    if (previous) this.diagnosticsBytes -= previous.bytes;
    this.diagnosticsBySession.delete(key);
    this.diagnosticsBySession.set(key, { entry, bytes });
    this.diagnosticsBytes += bytes;
    while (
      this.diagnosticsBySession.size > MAX_DIAGNOSTICS ||
      (this.diagnosticsBytes > this.maxDiagnosticsBytes && this.diagnosticsBySession.size > 0)
    ) {
      const [oldest, held] = this.diagnosticsBySession.entries().next().value as [
        string,
        { bytes: number },
      ];
      this.diagnosticsBySession.delete(oldest);
      this.diagnosticsBytes -= held.bytes;
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
    for (const d of loaded.diagnostics) {
      this.keepDiagnostics(d, Buffer.byteLength(dataLine({ kind: 'diagnostics', ...d })));
    }

    const held = this.storedEvents.length + this.records.length;
    // The newest that fit in the count and the byte budget are kept.
    const events = newestWithin(this.storedEvents, this.maxEvents, this.maxEventBytes, (e) =>
      dataLine({ kind: 'event', ...e }),
    );
    this.storedEvents = events.items;
    this.eventSizes = events.sizes;
    this.eventBytes = events.bytes;
    const records = newestWithin(this.records, this.maxRequests, this.maxRequestBytes, (r) =>
      dataLine({ kind: 'request', ...r }),
    );
    this.records = records.items;
    this.recordSizes = records.sizes;
    this.recordBytes = records.bytes;
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
        ...d.entry,
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

/** One data file line: a record as JSON, and the newline. */
function dataLine(line: DataLine): string {
  return JSON.stringify(line) + '\n';
}

/**
 * How many of the oldest items to let go of: none while within both the count and the byte
 * budget; past either, enough to get back to 90% of it.
 */
function overBudget(
  count: number,
  maxCount: number,
  sizes: number[],
  bytes: number,
  maxBytes: number,
): number {
  let drop = count > maxCount ? count - keepAfterTrim(maxCount) : 0;
  if (bytes > maxBytes) {
    const excess = bytes - keepAfterTrim(maxBytes);
    let freed = 0;
    let n = 0;
    while (freed < excess && n < sizes.length) freed += sizes[n++];
    drop = Math.max(drop, n);
  }
  return drop;
}

/** Remove the first `n` items (and their sizes); returns the bytes freed. */
function dropFirst<T>(n: number, items: T[], sizes: number[]): number {
  items.splice(0, n);
  return sizes.splice(0, n).reduce((sum, size) => sum + size, 0);
}

/** The newest items that fit in `maxCount` and `maxBytes`, oldest first, with their sizes. */
function newestWithin<T>(
  items: T[],
  maxCount: number,
  maxBytes: number,
  line: (item: T) => string,
): { items: T[]; sizes: number[]; bytes: number } {
  const sizes: number[] = [];
  let bytes = 0;
  let first = items.length;
  while (first > 0 && items.length - first < maxCount) {
    const size = Buffer.byteLength(line(items[first - 1]));
    if (bytes + size > maxBytes) break;
    bytes += size;
    sizes.push(size);
    first -= 1;
  }
  return { items: items.slice(first), sizes: sizes.reverse(), bytes };
}

function checkMax(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a whole number of at least 1; got ${value}.`);
  }
  return value;
}
