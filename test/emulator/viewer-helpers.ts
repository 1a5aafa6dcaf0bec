import { randomUUID } from 'node:crypto';
import { OPEN_MONITOR_ID, wireEvent, type WireEvent } from './helpers';

/** Session id number `n` (the service wants UUIDs): `00000000-0000-4000-8000-00000000000n`. */
export const sid = (n: number): string =>
  `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
/** The user of session `sessionId` in `sessionBatch`. */
export const userOf = (sessionId: string): string => `11111111${sessionId.slice(8)}`;

/** A PutRumEvents body for one session (user `userOf(sessionId)`), to the open app monitor. */
export function sessionBatch(sessionId: string, events: WireEvent[], id = OPEN_MONITOR_ID) {
  return {
    BatchId: randomUUID(),
    AppMonitorDetails: { id, version: '1.0.0' },
    UserDetails: { userId: userOf(sessionId), sessionId },
    RumEvents: events,
  };
}

/** A web-vital event: `name` without the `com.amazon.rum.` prefix, e.g. `cumulative_layout_shift_event`. */
export function vital(name: string, value: number, metadata?: Record<string, unknown>): WireEvent {
  return wireEvent(`com.amazon.rum.${name}`, { version: '1.0.0', value }, metadata);
}

export interface StreamMessage {
  event: string;
  data: { events: number; requests: number };
}

/** A Server-Sent Events connection, read message by message. */
export interface OpenStream {
  headers: Headers;
  /** The next message (fails after 5 s without one). */
  next(): Promise<StreamMessage>;
  /** Read messages until one whose data passes `test`; resolves to that data. */
  until(test: (data: StreamMessage['data']) => boolean): Promise<StreamMessage['data']>;
  close(): void;
}

export async function openStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<OpenStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<StreamMessage> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields: Record<string, string> = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
        }
        if (fields.data === undefined) continue; // `retry:` or a comment
        return { event: fields.event, data: JSON.parse(fields.data) };
      }
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error('no stream message within 5 s')),
            deadline - Date.now(),
          ).unref(),
        ),
      ]);
      if (chunk.done) throw new Error('the stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  return {
    headers: res.headers,
    next,
    async until(test) {
      for (;;) {
        const message = await next();
        if (message.event === 'change' && test(message.data)) return message.data;
      }
    },
    close: () => abort.abort(),
  };
}
