import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { faultProblem } from './faults';
import type { DeliveryStats, Fault, RequestRecord, StoredEvent } from './types';

/** How many repeated ids `stats()` lists. */
const MAX_DUPLICATE_IDS = 50;

/**
 * Everything the emulator remembers between requests: accepted events (in memory and, when
 * asked, appended to a JSON Lines file), the request log, delivery accounting, and pending
 * faults.
 */
export class Store {
  private storedEvents: StoredEvent[] = [];
  private records: RequestRecord[] = [];
  private faults: Array<Fault & { remaining: number }> = [];
  /** The app monitor id of every PutRumEvents call seen, and of every batch accepted. */
  private putCalls: string[] = [];
  private acceptedBatches: string[] = [];
  private dataFileReady = false;

  constructor(private readonly dataFile: string | false = false) {}

  /** Count a PutRumEvents call, before anything (a fault included) can stop it. */
  notePutRumEvents(appMonitorId: string): void {
    this.putCalls.push(appMonitorId);
  }

  /** Keep an accepted batch: its events, and one more accepted batch for the stats. */
  addBatch(appMonitorId: string, events: StoredEvent[]): void {
    this.acceptedBatches.push(appMonitorId);
    this.addEvents(events);
  }

  addEvents(events: StoredEvent[]): void {
    this.storedEvents.push(...events);
    if (this.dataFile && events.length > 0) {
      if (!this.dataFileReady) {
        mkdirSync(dirname(this.dataFile), { recursive: true });
        this.dataFileReady = true;
      }
      appendFileSync(this.dataFile, events.map((e) => JSON.stringify(e) + '\n').join(''));
    }
  }

  events(filter: { appMonitorId?: string; type?: string } = {}): StoredEvent[] {
    return this.storedEvents.filter(
      (e) =>
        (!filter.appMonitorId ||
          e.appMonitorId.toLowerCase() === filter.appMonitorId.toLowerCase()) &&
        (!filter.type || e.event.type === filter.type),
    );
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
    return {
      requests: this.putCalls.filter(matches).length,
      accepted: this.acceptedBatches.filter(matches).length,
      events,
      unique: seen.size,
      duplicates,
      duplicateIds: [...repeated].slice(0, MAX_DUPLICATE_IDS),
    };
  }

  record(entry: RequestRecord): void {
    this.records.push(entry);
  }

  requests(): RequestRecord[] {
    return [...this.records];
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

  reset(): void {
    this.storedEvents = [];
    this.records = [];
    this.faults = [];
    this.putCalls = [];
    this.acceptedBatches = [];
  }
}
