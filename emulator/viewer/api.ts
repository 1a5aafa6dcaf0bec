// Talking to the emulator: the inspection routes, and the live connection (Server-Sent Events on
// /_emulator/stream, or polling every 2 s when that fails) that tells the viewer to fetch what is
// new. Only new events and requests are fetched, with `since`.

import type {
  DiagnosticsEntry,
  EmulatorInfo,
  RequestRecord,
  SessionSummary,
  StoredEvent,
} from './types';
import { isObject, num, str } from './logic/text';

export const API = '/_emulator/';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** What one sync brought. `reset` means the emulator was cleared: drop what was held before. */
export interface SyncResult {
  reset: boolean;
  events: StoredEvent[];
  requests: RequestRecord[];
  /** Undefined when the emulator has no sessions route (the viewer then derives them). */
  sessions?: SessionSummary[];
  diagnostics: DiagnosticsEntry[];
  /**
   * `GET /_emulator/info` (the demo site's URL, when there is one), read on every sync since
   * the CLI sets it after the emulator starts; undefined when the emulator has no such route.
   */
  info?: EmulatorInfo;
}

const PAGE = 5000;

export class Api {
  lastEvent = 0;
  lastRequest = 0;

  constructor(private readonly fetchImpl: FetchLike) {}

  private async json(path: string, init?: RequestInit): Promise<unknown> {
    const res = await this.fetchImpl(API + path, {
      cache: 'no-store',
      ...init,
      headers: { accept: 'application/json', ...init?.headers },
    });
    if (!res.ok) throw new HttpError(res.status, `${init?.method ?? 'GET'} ${API}${path}`);
    return res.json();
  }

  /** Every item with a seq above `since`, page by page. */
  private async since<T extends { seq: number }>(
    route: 'events' | 'requests',
    since: number,
  ): Promise<{ items: T[]; last: number }> {
    const items: T[] = [];
    let from = since;
    let last = since;
    for (;;) {
      const body = (await this.json(`${route}?since=${from}&limit=${PAGE}`)) as Record<
        string,
        unknown
      >;
      const page = (Array.isArray(body?.[route]) ? body[route] : []) as T[];
      const pageLast = num(body?.last) ?? Math.max(from, ...page.map((x) => num(x?.seq) ?? 0));
      last = pageLast;
      const fresh = page.filter((x) => isObject(x) && (num(x.seq) ?? 0) > from);
      items.push(...fresh);
      if (page.length < PAGE || !fresh.length) break;
      from = Math.max(...fresh.map((x) => x.seq));
      if (from >= pageLast) break;
    }
    return { items, last };
  }

  /**
   * Fetch what changed. `hint` (from the stream) is the emulator's latest seqs: when they are
   * below what the viewer holds, the store was cleared and everything is fetched again.
   */
  async sync(hint?: { events?: number; requests?: number }): Promise<SyncResult> {
    let reset =
      (hint?.events !== undefined && hint.events < this.lastEvent) ||
      (hint?.requests !== undefined && hint.requests < this.lastRequest);
    if (reset) this.forget();
    const wantEvents = hint?.events === undefined || hint.events !== this.lastEvent;
    const wantRequests = hint?.requests === undefined || hint.requests !== this.lastRequest;
    let [ev, rq] = await Promise.all([
      wantEvents ? this.since<StoredEvent>('events', this.lastEvent) : undefined,
      wantRequests ? this.since<RequestRecord>('requests', this.lastRequest) : undefined,
    ]);
    // The emulator holds fewer than the viewer saw: it was cleared since the last look.
    if ((ev && ev.last < this.lastEvent) || (rq && rq.last < this.lastRequest)) {
      reset = true;
      this.forget();
      [ev, rq] = await Promise.all([
        this.since<StoredEvent>('events', 0),
        this.since<RequestRecord>('requests', 0),
      ]);
    }
    if (ev) this.lastEvent = ev.last;
    if (rq) this.lastRequest = rq.last;
    const [sessions, diagnostics, info] = await Promise.all([
      this.sessions(),
      this.diagnostics(),
      this.info(),
    ]);
    return {
      reset,
      events: ev?.items ?? [],
      requests: rq?.items ?? [],
      sessions,
      diagnostics,
      info,
    };
  }

  forget(): void {
    this.lastEvent = 0;
    this.lastRequest = 0;
  }

  private async sessions(): Promise<SessionSummary[] | undefined> {
    try {
      const body = (await this.json('sessions')) as { sessions?: unknown };
      return Array.isArray(body?.sessions)
        ? (body.sessions.filter(isObject) as unknown as SessionSummary[])
        : undefined;
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return undefined;
      throw e;
    }
  }

  private async diagnostics(): Promise<DiagnosticsEntry[]> {
    try {
      const body = (await this.json('diagnostics')) as { diagnostics?: unknown };
      return Array.isArray(body?.diagnostics)
        ? (body.diagnostics.filter(isObject) as unknown as DiagnosticsEntry[])
        : [];
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return [];
      throw e;
    }
  }

  /**
   * What the emulator says about itself; undefined when it cannot say (an older emulator without
   * the route). The viewer does without it: a failure here is no reason to go offline.
   */
  private async info(): Promise<EmulatorInfo | undefined> {
    try {
      const body = (await this.json('info')) as { demoUrl?: unknown };
      return { demoUrl: str(body?.demoUrl) ?? null };
    } catch {
      return undefined;
    }
  }

  async clear(): Promise<void> {
    // Control POSTs must say they carry JSON (a page elsewhere cannot, without a preflight).
    await this.json('clear', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    this.forget();
  }
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    what: string,
  ) {
    super(`${what} answered ${status}`);
  }
}

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
