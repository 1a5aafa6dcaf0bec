import type { Warn } from '../../src/boot/config';
import { describeOption } from '../../src/diagnostics/options';
import type { Clock } from '../../src/tools/clock';

/** A clock whose time only moves when the test says so. */
// Starts at the real time: jsdom drops cookies whose expiry is in its (real) past.
export const fakeClock = (start = Date.now()) => {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock & {
    advance(ms: number): Promise<void>;
    pending(): number;
    set(t: number): void;
  } = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id as number);
    },
    /** Moves time forward, running due timers in order and letting promises settle between. */
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        await flushPromises();
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = end;
      await flushPromises();
    },
    pending: () => timers.size,
    set(t) {
      now = t;
    },
  };
  return clock;
};

/** Lets pending promise chains (signing, dynamic imports) settle: a few real macrotask turns. */
export const flushPromises = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

export interface SentRequest {
  url: string;
  init: RequestInit;
  body: Record<string, unknown> & {
    RumEvents: { id: string; type: string; details: string; metadata: string }[];
  };
}

/** A fetch that records requests and answers from a script (default 200 {}). */
export const fakeFetch = (answers: (Response | Error | (() => Response | Error))[] = []) => {
  const requests: SentRequest[] = [];
  const fn = jest.fn(async (url: string | URL | Request, init: RequestInit = {}) => {
    const raw = init.body;
    requests.push({
      url: String(url),
      init,
      body: typeof raw === 'string' ? parseOr(raw) : { RumEvents: [] },
    });
    let a = answers.shift() ?? response(200, {});
    if (typeof a === 'function') a = a();
    if (a instanceof Error) throw a;
    return a;
  });
  return { fetch: fn as unknown as typeof fetch, requests, answers };
};

/** A JSON request body parsed; any other body (a form, XML) recorded as no RUM events. */
const parseOr = (raw: string): SentRequest['body'] => {
  let body: SentRequest['body'];
  try {
    body = JSON.parse(raw);
  } catch {
    return { RumEvents: [] };
  }
  // As the service does: the batch's SessionMetadata goes under each event's own metadata.
  if (typeof body.SessionMetadata === 'string' && Array.isArray(body.RumEvents)) {
    const common = JSON.parse(body.SessionMetadata);
    for (const e of body.RumEvents)
      e.metadata = JSON.stringify({ ...common, ...JSON.parse(e.metadata) });
  }
  return body;
};

/**
 * A minimal Response (jsdom has none). A string body is the raw text (e.g. an XML answer):
 * `json()` then parses it and rejects when it is not JSON, as a real Response does.
 */
export const response = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response => {
  const h = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (k: string) => h.get(k.toLowerCase()) ?? null },
    json: async () => (typeof body === 'string' ? JSON.parse(body) : body),
    text: async () => (typeof body === 'string' ? body : JSON.stringify(body)),
  } as unknown as Response;
};

export const APP_ID = '11111111-2222-4333-8444-555555555555';

/**
 * A Warn for the config and option checks that collects messages in the words the client
 * prints (the diagnostics chunk's, as doctor does).
 */
export const collectWarnings = () => {
  const messages: string[] = [];
  const warn: Warn = (m, d) => void messages.push(d ? describeOption(m, d) : m);
  return { warn, messages };
};
