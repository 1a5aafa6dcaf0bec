import type { ServerResponse } from 'node:http';

/** What every `change` message carries: the highest `seq` of the events and requests held. */
export type ChangeSnapshot = () => { events: number; requests: number };

/** Changes closer together than this go out as one message. */
const COALESCE_MS = 50;
/** A comment line this often keeps idle connections (and proxies) from timing out. */
const HEARTBEAT_MS = 15_000;

/**
 * `GET /_emulator/stream`: Server-Sent Events telling viewers that something was stored or
 * forgotten. Each message is `event: change` with `{"events":…,"requests":…}`, one at connect
 * and then one per burst of changes; the viewer fetches what is new with `since`.
 */
export class ChangeStream {
  private clients = new Set<ServerResponse>();
  private pending: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly snapshot: ChangeSnapshot) {}

  /** Hold `response` open as an event stream; `headers` are added (CORS and the like). */
  attach(response: ServerResponse, headers: Record<string, string>): void {
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write(`retry: 2000\n\n${this.message()}`);
    this.clients.add(response);
    response.on('close', () => {
      this.clients.delete(response);
      if (this.clients.size === 0) this.stopHeartbeat();
    });
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => this.broadcast(': still here\n\n'), HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  /** Something changed: tell every viewer, once for changes that come together. */
  notify(): void {
    if (this.pending || this.clients.size === 0) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.broadcast(this.message());
    }, COALESCE_MS);
    this.pending.unref();
  }

  /** End every stream (the emulator is closing). */
  closeAll(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    this.stopHeartbeat();
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private message(): string {
    return `event: change\ndata: ${JSON.stringify(this.snapshot())}\n\n`;
  }

  private broadcast(text: string): void {
    for (const client of this.clients) {
      if (!client.destroyed) client.write(text);
    }
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
