import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Fault, RequestRecord, StoredEvent } from './types';

/**
 * Everything the emulator remembers between requests: accepted events (in memory and, when
 * asked, appended to a JSON Lines file), the request log, and pending faults.
 */
export class Store {
  private storedEvents: StoredEvent[] = [];
  private records: RequestRecord[] = [];
  private faults: Array<Fault & { remaining: number }> = [];
  private dataFileReady = false;

  constructor(private readonly dataFile: string | false = false) {}

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

  record(entry: RequestRecord): void {
    this.records.push(entry);
  }

  requests(): RequestRecord[] {
    return [...this.records];
  }

  addFault(fault: Fault): void {
    const count = fault.count ?? 1;
    if (count > 0) this.faults.push({ ...fault, remaining: count });
  }

  /**
   * The fault the next call of `operation` (to this app monitor, for PutRumEvents) must fail
   * with, counting it down.
   */
  takeFault(appMonitorId: string | undefined, operation = 'PutRumEvents'): Fault | undefined {
    const index = this.faults.findIndex(
      (f) =>
        (f.operation ?? 'PutRumEvents') === operation &&
        (!f.appMonitorId ||
          appMonitorId === undefined ||
          f.appMonitorId.toLowerCase() === appMonitorId.toLowerCase()),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  reset(): void {
    this.storedEvents = [];
    this.records = [];
    this.faults = [];
  }
}
