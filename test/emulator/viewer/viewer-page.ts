// The viewer against a fake of the emulator's inspection API, for the ui-*.test.ts files: the
// fake, the set-up they share (useViewer), the seed of two sessions most of them start from, and
// DOM look-ups.
import { summarizeSessions } from '../../../emulator/viewer/logic/sessions';
import { Viewer } from '../../../emulator/viewer/ui';
import type {
  DiagnosticsEntry,
  RequestRecord,
  SessionSummary,
  StoredEvent,
} from '../../../emulator/viewer/types';
import { T0, ev, putRequest, report, resetSeq } from './fixtures';

export class FakeEmulator {
  events: StoredEvent[] = [];
  requests: RequestRecord[] = [];
  diagnostics: DiagnosticsEntry[] = [];
  sessionsRoute = true;
  /** `GET /_emulator/info` answers (with `demoUrl`) unless this is false. */
  infoRoute = true;
  demoUrl: string | null = null;
  calls: string[] = [];
  private seq = 0;
  private rseq = 0;

  addEvents(...list: StoredEvent[]): StoredEvent[] {
    for (const e of list) e.seq = ++this.seq;
    this.events.push(...list);
    return list;
  }

  addRequests(...list: RequestRecord[]): void {
    for (const r of list) r.seq = ++this.rseq;
    this.requests.push(...list);
  }

  /** As new: no data, every route answering, no demo URL, no calls seen. */
  reset(): void {
    this.clear();
    this.sessionsRoute = true;
    this.infoRoute = true;
    this.demoUrl = null;
    this.calls = [];
  }

  clear(): void {
    this.events = [];
    this.requests = [];
    this.diagnostics = [];
    this.seq = 0;
    this.rseq = 0;
  }

  sessions(): SessionSummary[] {
    return summarizeSessions(this.events);
  }

  fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    const method = init?.method ?? 'GET';
    this.calls.push(`${method} ${url}`);
    const u = new URL(url, 'http://emulator.test');
    const q = u.searchParams;
    const since = Number(q.get('since') ?? 0);
    const limit = q.has('limit') ? Number(q.get('limit')) : Infinity;
    const route = `${method} ${u.pathname}`;
    const body = (() => {
      switch (route) {
        case 'GET /_emulator/events':
          return {
            events: this.events.filter((e) => e.seq > since).slice(0, limit),
            last: this.seq,
          };
        case 'GET /_emulator/requests':
          return {
            requests: this.requests.filter((r) => r.seq > since).slice(0, limit),
            last: this.rseq,
          };
        case 'GET /_emulator/sessions':
          return this.sessionsRoute ? { sessions: this.sessions() } : undefined;
        case 'GET /_emulator/diagnostics':
          return { diagnostics: this.diagnostics };
        case 'GET /_emulator/info':
          return this.infoRoute ? { demoUrl: this.demoUrl } : undefined;
        case 'POST /_emulator/clear':
          this.clear();
          return { cleared: true };
      }
      return undefined;
    })();
    const text = JSON.stringify(body ?? { message: 'not found' });
    return {
      ok: body !== undefined,
      status: body !== undefined ? 200 : 404,
      json: async () => JSON.parse(text),
    } as Response;
  };
}

export const $$ = (sel: string, root: ParentNode = document) => [
  ...root.querySelectorAll<HTMLElement>(sel),
];
export const $ = (sel: string, root: ParentNode = document) => {
  const el = root.querySelector<HTMLElement>(sel);
  if (!el) throw new Error(`nothing matches ${sel}`);
  return el;
};
/**
 * Resolves once `done()` holds, looking again after each task (the viewer's fetches answer in
 * promises and its timers are real); fails after `ms`, saying `what`.
 */
export const until = async (done: () => boolean, what: string, ms = 2000): Promise<void> => {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 0));
  }
};

type ViewerOptions = ConstructorParameters<typeof Viewer>[1];

/**
 * Per test file: a fake emulator (as new before each test: `server`), and `open()` to show the
 * viewer on it in a fresh root element (no stream, polling only when started, unless `o` says
 * otherwise); the viewer is stopped and the page emptied after each test, or by `close()`.
 */
export function useViewer() {
  const v = {
    server: new FakeEmulator(),
    viewer: undefined as unknown as Viewer,
    root: undefined as unknown as HTMLElement,
    open(o: ViewerOptions = {}): Viewer {
      v.root = document.createElement('div');
      document.body.appendChild(v.root);
      v.viewer = new Viewer(v.root, {
        fetch: v.server.fetch,
        EventSource: undefined,
        pollMs: 60_000,
        ...o,
      });
      return v.viewer;
    },
    /** One sync with the fake, awaited. */
    sync: (hint?: { events?: number; requests?: number }) => v.viewer.live.sync(hint),
    close(): void {
      v.viewer?.stop();
      document.body.textContent = '';
    },
  };
  beforeEach(() => {
    resetSeq();
    v.server.reset();
    v.viewer = undefined as unknown as Viewer;
    history.replaceState(null, '', '/_emulator/');
  });
  afterEach(() => v.close());
  return v;
}

/** Two sessions: an old one, and a newer one with an error, HTTP calls, vitals, a refused call and a
 * diagnostics report. */
export function seedTwoSessions(server: FakeEmulator): void {
  server.addEvents(
    ev('old-session-1111', 'session_start_event', {}, { at: T0 }),
    ev('old-session-1111', 'page_view_event', { pageId: '/' }, { at: T0 }),
    ev('new-session-2222', 'session_start_event', {}, { at: T0 + 60_000 }),
    ev('new-session-2222', 'page_view_event', { pageId: '/' }, { at: T0 + 60_000 }),
    ev(
      'new-session-2222',
      'js_error_event',
      {
        type: 'TypeError',
        message: 'x is undefined',
        stack: 'TypeError: x is undefined\n    at render (app.js:3:9)',
        filename: 'app.js',
        lineno: 3,
        colno: 9,
      },
      { at: T0 + 61_000, page: '/cart' },
    ),
    ev(
      'new-session-2222',
      'http_event',
      {
        request: { method: 'GET', url: 'https://api.example/items' },
        response: { status: 503, statusText: 'Service Unavailable' },
        trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      },
      { at: T0 + 62_000 },
    ),
    ev(
      'new-session-2222',
      'xray_trace_event',
      { trace_id: '1-5759e988-bd862e3fe1be46a994272793', start_time: 10, end_time: 10.5 },
      { at: T0 + 62_000 },
    ),
    ev(
      'new-session-2222',
      'http_event',
      {
        request: { method: 'POST', url: 'https://api.example/cart' },
        error: { type: 'TypeError', message: 'Failed to fetch' },
      },
      { at: T0 + 63_000 },
    ),
    ev('new-session-2222', 'largest_contentful_paint_event', { value: 2400 }, { at: T0 + 61_000 }),
    ev('new-session-2222', 'cumulative_layout_shift_event', { value: 0.3 }, { at: T0 + 61_000 }),
    ev('new-session-2222', 'interaction_to_next_paint_event', { value: 350 }, { at: T0 + 64_000 }),
    ev('old-session-1111', 'largest_contentful_paint_event', { value: 5000 }, { at: T0 + 1000 }),
  );
  server.addRequests(
    putRequest(0, { sessionIds: ['old-session-1111'] }),
    putRequest(0, { sessionIds: ['new-session-2222'], presigned: true, signed: false }),
    putRequest(0, {
      sessionIds: ['new-session-2222'],
      verdict: 'refused',
      status: 403,
      errorType: 'AccessDeniedException',
      message: 'User: arn:aws:sts::000000000000:assumed-role/Old/x is not authorized',
      credential: { kind: 'sts', roleArn: 'arn:aws:iam::000000000000:role/Old' },
    }),
    { ...putRequest(0), operation: 'GetId', sessionIds: undefined },
  );
  server.diagnostics.push(
    report('new-session-2222', {
      problems: [{ code: 'role-not-allowed', message: 'The role may not send events', count: 2 }],
    }),
  );
}
