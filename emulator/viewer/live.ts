// The live connection to the emulator: Server-Sent Events on /_emulator/stream, or polling every
// 2 s when that fails, telling the viewer when to fetch what is new (api.ts).

import { API, type Api, type SyncResult } from './api';
import { num } from './logic/text';

export type LiveState = 'connecting' | 'live' | 'polling' | 'offline';

export interface LiveOptions {
  api: Api;
  onData: (r: SyncResult) => void;
  onState: (s: LiveState, detail?: string) => void;
  /** `EventSource`, or undefined to poll only. */
  EventSourceImpl?: typeof EventSource;
  pollMs?: number;
  /** After this many polls, try the stream again. */
  retryStreamAfterPolls?: number;
}

/**
 * Keeps the viewer in step with the emulator: one sync at a time, and a change that arrives
 * during a sync runs one more sync after it (changes coalesce instead of queueing).
 */
export class Live {
  private source?: EventSource;
  private timer?: ReturnType<typeof setTimeout>;
  private running = false;
  private again = false;
  private hint?: { events?: number; requests?: number };
  private polls = 0;
  private mode: 'stream' | 'poll' = 'stream';
  private stopped = false;
  private failed = false;

  constructor(private readonly o: LiveOptions) {}

  start(): void {
    this.stopped = false;
    if (this.o.EventSourceImpl) this.openStream();
    else this.startPolling();
    void this.sync();
  }

  stop(): void {
    this.stopped = true;
    this.source?.close();
    this.source = undefined;
    clearTimeout(this.timer);
  }

  /** Fetch now (after a clear, or when the stream said something changed). */
  sync(hint?: { events?: number; requests?: number }): Promise<void> {
    if (hint) this.hint = hint;
    if (this.running) {
      this.again = true;
      return Promise.resolve();
    }
    return this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        const hint = this.hint;
        this.hint = undefined;
        try {
          const result = await this.o.api.sync(hint);
          if (this.failed) {
            this.failed = false;
            this.o.onState(this.mode === 'stream' && this.source ? 'live' : 'polling');
          }
          this.o.onData(result);
        } catch (e) {
          this.failed = true;
          this.o.onState('offline', e instanceof Error ? e.message : String(e));
        }
      } while (this.again && !this.stopped);
    } finally {
      this.running = false;
    }
  }

  private openStream(): void {
    const ES = this.o.EventSourceImpl as typeof EventSource;
    this.mode = 'stream';
    this.o.onState('connecting');
    let source: EventSource;
    try {
      source = new ES(API + 'stream');
    } catch {
      this.startPolling();
      return;
    }
    this.source = source;
    source.addEventListener('open', () => {
      if (!this.failed) this.o.onState('live');
    });
    source.addEventListener('change', (e) => {
      let hint: { events?: number; requests?: number } | undefined;
      try {
        const data = JSON.parse((e as MessageEvent).data) as Record<string, unknown>;
        hint = { events: num(data.events), requests: num(data.requests) };
      } catch {
        hint = undefined;
      }
      void this.sync(hint);
    });
    source.addEventListener('error', () => {
      // EventSource reconnects by itself after a dropped connection; poll meanwhile, and for
      // good when the stream cannot be had at all.
      source.close();
      if (this.source === source) this.source = undefined;
      if (!this.stopped) this.startPolling();
    });
  }

  private startPolling(): void {
    this.mode = 'poll';
    this.polls = 0;
    this.o.onState('polling');
    const tick = () => {
      if (this.stopped) return;
      this.polls++;
      const retry = this.o.retryStreamAfterPolls ?? 5;
      if (this.o.EventSourceImpl && this.polls > retry) {
        this.openStream();
        void this.sync();
        return;
      }
      void this.sync().then(() => {
        if (!this.stopped && this.mode === 'poll') this.timer = setTimeout(tick, this.pollMs);
      });
    };
    clearTimeout(this.timer);
    this.timer = setTimeout(tick, this.pollMs);
  }

  private get pollMs(): number {
    return this.o.pollMs ?? 2000;
  }
}
