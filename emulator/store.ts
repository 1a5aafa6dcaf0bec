import {
  BoundedList,
  checkMax,
  DEFAULT_MAX_DIAGNOSTICS_BYTES,
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_MAX_EVENTS,
  DEFAULT_MAX_REQUEST_BYTES,
  DEFAULT_MAX_REQUESTS,
} from './bounds';
import { DataFile, type LoadedData } from './datafile';
import { FaultQueue } from './faultqueue';
import { LatestDiagnostics } from './latest';
import { dataLine, dataLines, numberLoaded, skippedWarning } from './persist';
import { deliveryStats, filterEvents, filterRequests, increment } from './queries';
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

export {
  DEFAULT_MAX_DIAGNOSTICS_BYTES,
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_MAX_EVENTS,
  DEFAULT_MAX_REQUEST_BYTES,
  DEFAULT_MAX_REQUESTS,
  MAX_DIAGNOSTICS,
} from './bounds';

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
 *
 * This class composes: bounds.ts (the bounded lists), queries.ts (filters and stats),
 * faultqueue.ts (pending faults and their seeded draws), latest.ts (diagnostics), persist.ts
 * and datafile.ts (the data file), sessions.ts (the session summaries).
 */
export class Store {
  private storedEvents: BoundedList<StoredEvent>;
  private records: BoundedList<RequestRecord>;
  private readonly faults: FaultQueue;
  /** The seed of the fault draws, given or random: with it, a run's faults can be replayed. */
  readonly faultSeed: number;
  private readonly latestDiagnostics: LatestDiagnostics;
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

  constructor(options: StoreOptions = {}) {
    this.faults = new FaultQueue(options.faultSeed);
    this.faultSeed = this.faults.seed;
    // Checked in this order, so that the first bad option is the one named.
    const maxEvents = checkMax(options.maxEvents ?? DEFAULT_MAX_EVENTS, 'maxEvents');
    const maxRequests = checkMax(options.maxRequests ?? DEFAULT_MAX_REQUESTS, 'maxRequests');
    const maxEventBytes = checkMax(
      options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
      'maxEventBytes',
    );
    const maxRequestBytes = checkMax(
      options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
      'maxRequestBytes',
    );
    const maxDiagnosticsBytes = checkMax(
      options.maxDiagnosticsBytes ?? DEFAULT_MAX_DIAGNOSTICS_BYTES,
      'maxDiagnosticsBytes',
    );
    this.storedEvents = new BoundedList(maxEvents, maxEventBytes);
    this.records = new BoundedList(maxRequests, maxRequestBytes);
    this.latestDiagnostics = new LatestDiagnostics(maxDiagnosticsBytes);
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
    return { events: this.storedEvents.lastSeq(), requests: this.records.lastSeq() };
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
      this.storedEvents.push(numbered[i], Buffer.byteLength(lines[i]));
      this.sessionIndex.add(numbered[i]);
    }
    this.file?.appendText(lines.join(''));
    if (this.storedEvents.trim() > 0) this.sessionsStale = true;
    this.changed();
  }

  /**
   * Stored events, oldest first, matching every filter given: app monitor (any case), session,
   * full type, `seq` above `since`, and at most `limit` of them.
   */
  events(filter: EventFilter = {}): StoredEvent[] {
    return filterEvents(this.storedEvents.items, filter);
  }

  /** One summary per session of the events held, the most recently active first. */
  sessions(): SessionSummary[] {
    if (this.sessionsStale) {
      this.sessionIndex.clear();
      for (const e of this.storedEvents.items) this.sessionIndex.add(e);
      this.sessionsStale = false;
    }
    return this.sessionIndex.summaries();
  }

  /** Delivery accounting by event id: repeats are stored like any event, and counted here. */
  stats(filter: { appMonitorId?: string } = {}): DeliveryStats {
    return deliveryStats(this.storedEvents.items, this.putCalls, this.acceptedBatches, filter);
  }

  record(entry: NewRequestRecord): RequestRecord {
    const numbered = { seq: ++this.lastRequestSeq, ...entry };
    const line = dataLine({ kind: 'request', ...numbered });
    this.records.push(numbered, Buffer.byteLength(line));
    this.file?.appendText(line);
    this.records.trim();
    this.changed();
    return numbered;
  }

  /**
   * Request records, oldest first: with `seq` above `since`, for a session when asked (a
   * PutRumEvents call whose batch named it), at most `limit` of them.
   */
  requests(filter: { since?: number; limit?: number; sessionId?: string } = {}): RequestRecord[] {
    return filterRequests(this.records.items, filter);
  }

  /** Keep the latest diagnostics report of a session (the oldest sessions' go past 1,000). */
  addDiagnostics(entry: DiagnosticsEntry): void {
    const line = dataLine({ kind: 'diagnostics', ...entry });
    this.latestDiagnostics.keep(entry, Buffer.byteLength(line));
    this.file?.appendText(line);
    this.changed();
  }

  /** The latest report of each session, the most recently posted first. */
  diagnostics(filter: { sessionId?: string } = {}): DiagnosticsEntry[] {
    return this.latestDiagnostics
      .entries()
      .filter((d) => !filter.sessionId || d.sessionId === filter.sessionId)
      .reverse();
  }

  /** Queue a fault; throws a TypeError (saying why) for one that makes no sense. */
  addFault(fault: Fault): void {
    this.faults.add(fault);
  }

  /**
   * The fault the next call of `operation` (to this app monitor, for PutRumEvents) must suffer,
   * counting it down; see `FaultQueue.take`. A seed (`faultSeed`) replays the same hits.
   */
  takeFault(appMonitorId: string | undefined, operation = 'PutRumEvents'): Fault | undefined {
    return this.faults.take(appMonitorId, operation);
  }

  /** Faults still pending, in the order they are tried, with how many hits each has left. */
  pendingFaults(): Array<Fault & { remaining: number }> {
    return this.faults.pending();
  }

  /**
   * Forget events, requests, stats and pending faults, and start the fault draws over from
   * `faultSeed`; the data file stays as it is.
   */
  reset(): void {
    this.forget();
    this.faults.reset();
    this.changed();
  }

  /**
   * Forget events, requests, stats and diagnostics, and empty the data file. Faults stay, and
   * numbering goes on from where it was (a `since` from before still means "newer than that").
   */
  clear(): void {
    this.forget();
    this.latestDiagnostics.clear();
    this.file?.truncate();
    this.changed();
  }

  private forget(): void {
    this.storedEvents.clear();
    this.records.clear();
    this.putCalls.clear();
    this.acceptedBatches.clear();
    this.sessionIndex.clear();
    this.sessionsStale = false;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /**
   * Take back what the data file held: numbering continues after the highest `seq` seen (lines
   * without one are numbered on), PutRumEvents records count again in the stats. A file with
   * unreadable lines, a cut-short end or more than is kept is written again with what was kept.
   */
  private restore(loaded: LoadedData, warn: (line: string) => void): void {
    const numbered = numberLoaded(loaded, this.lastEventSeq, this.lastRequestSeq);
    this.lastEventSeq = numbered.lastEventSeq;
    this.lastRequestSeq = numbered.lastRequestSeq;
    for (const r of numbered.requests) {
      if (r.operation === 'PutRumEvents' && r.appMonitorId) {
        increment(this.putCalls, r.appMonitorId);
        if (r.verdict === 'accepted') increment(this.acceptedBatches, r.appMonitorId);
      }
    }
    for (const d of loaded.diagnostics) {
      this.latestDiagnostics.keep(d, Buffer.byteLength(dataLine({ kind: 'diagnostics', ...d })));
    }

    const held = numbered.events.length + numbered.requests.length;
    // The newest that fit in the count and the byte budget are kept.
    this.storedEvents.replaceWithNewest(numbered.events, (e) => dataLine({ kind: 'event', ...e }));
    this.records.replaceWithNewest(numbered.requests, (r) => dataLine({ kind: 'request', ...r }));
    for (const e of this.storedEvents.items) this.sessionIndex.add(e);

    const kept =
      this.storedEvents.items.length + this.records.items.length + this.latestDiagnostics.size;
    const letGo = held + loaded.diagnostics.length - kept;
    const warning = skippedWarning(this.file?.path, loaded);
    if (warning) warn(warning);
    if (loaded.skipped > 0 || loaded.partialEnd || letGo > Math.max(1000, kept)) {
      this.file?.rewrite(
        dataLines(this.storedEvents.items, this.records.items, this.latestDiagnostics.entries()),
      );
    }
  }
}
