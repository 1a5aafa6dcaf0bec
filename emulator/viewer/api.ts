// Talking to the emulator: the inspection routes. Only new events and requests are fetched, with
// `since`; live.ts says when to fetch.

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
