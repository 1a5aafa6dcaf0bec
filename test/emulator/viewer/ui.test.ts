/** @jest-environment jsdom */
/**
 * The viewer in jsdom against a fake of the emulator's inspection API: what each section shows,
 * that live updates patch the page instead of rebuilding it, paging, clearing, and that event
 * data is shown as text, never parsed as HTML.
 */
import { Viewer } from '../../../emulator/viewer/ui';
import { summarizeSessions } from '../../../emulator/viewer/logic/sessions';
import type {
  DiagnosticsEntry,
  RequestRecord,
  SessionSummary,
  StoredEvent,
} from '../../../emulator/viewer/types';
import { T0, ev, putRequest, report, resetSeq } from './fixtures';

class FakeEmulator {
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

const $$ = (sel: string, root: ParentNode = document) => [
  ...root.querySelectorAll<HTMLElement>(sel),
];
const $ = (sel: string, root: ParentNode = document) => {
  const el = root.querySelector<HTMLElement>(sel);
  if (!el) throw new Error(`nothing matches ${sel}`);
  return el;
};
const tick = () => new Promise((r) => setTimeout(r, 0));

let server: FakeEmulator;
let viewer: Viewer;
let root: HTMLElement;

function open(o: ConstructorParameters<typeof Viewer>[1] = {}): Viewer {
  root = document.createElement('div');
  document.body.appendChild(root);
  viewer = new Viewer(root, { fetch: server.fetch, EventSource: undefined, pollMs: 60_000, ...o });
  return viewer;
}
const sync = () => viewer.live.sync();

beforeEach(() => {
  resetSeq();
  server = new FakeEmulator();
  history.replaceState(null, '', '/_emulator/');
});

afterEach(() => {
  viewer?.stop();
  document.body.textContent = '';
});

function seedTwoSessions(): void {
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

describe('the viewer', () => {
  it('lists sessions newest first and shows the most recent one', async () => {
    seedTwoSessions();
    open();
    await sync();
    const rows = $$('[data-testid=session-row]');
    expect(rows.map((r) => r.dataset.sessionId)).toEqual(['new-session-2222', 'old-session-1111']);
    expect(rows[0].classList.contains('selected')).toBe(true);
    expect(rows[0].textContent).toContain('1 error');
    expect(rows[0].textContent).toContain('1 refused');
    expect(rows[0].textContent).toContain('1 problem');
    expect(rows[0].textContent).toContain('Chromium 139 · Linux');
    expect($('[data-testid=event-count]').textContent).toBe(String(server.events.length));
    expect($('.session-head').textContent).toContain('new-session-2222');
  });

  it('shows the timeline in time order, and the details of a row on click', async () => {
    seedTwoSessions();
    open();
    await sync();
    const rows = $$('[data-testid=timeline-row]');
    expect(rows).toHaveLength(9);
    const types = rows.map((r) => $('.type', r).textContent);
    expect(types.slice(0, 3)).toEqual(['session_start_event', 'page_view_event', 'js_error_event']);
    expect(types.at(-1)).toBe('interaction_to_next_paint_event');
    const error = rows[2];
    expect($('.page', error).textContent).toBe('/cart');
    expect($('.summary', error).textContent).toBe('TypeError: x is undefined');
    expect(error.querySelector('pre')).toBeNull();
    $('.line', error).click();
    const pres = $$('pre', error);
    expect(pres).toHaveLength(2);
    expect(JSON.parse(pres[0].textContent as string)).toMatchObject({ message: 'x is undefined' });
    expect(pres[0].textContent).toContain('\n  "type": "TypeError"');
    expect(JSON.parse(pres[1].textContent as string)).toMatchObject({ pageId: '/cart' });
    $('.line', error).click();
    expect(error.querySelector('pre')).toBeNull();
  });

  it('lists errors with their stacks, and HTTP requests with status, duration and trace', async () => {
    seedTwoSessions();
    open();
    await sync();
    const errors = $$('[data-testid=error-row]');
    expect(errors).toHaveLength(1);
    expect(errors[0].textContent).toContain('TypeError');
    expect(errors[0].textContent).toContain('app.js:3:9');
    expect($('pre', errors[0]).textContent).toBe(
      'TypeError: x is undefined\n    at render (app.js:3:9)',
    );
    const http = $$('[data-testid=http-row]');
    expect(http).toHaveLength(2);
    expect(http[0].textContent).toContain('503 Service Unavailable');
    expect(http[0].textContent).toContain('500 ms');
    expect(http[0].textContent).toContain('1-5759e988-bd862e3fe1be46a994272793');
    expect($('.status', http[0]).className).toContain('status-bad');
    expect(http[1].textContent).toContain('POST');
    expect(http[1].textContent).toContain('TypeError: Failed to fetch');
  });

  it('colours the web vitals by their thresholds and charts them across all sessions', async () => {
    seedTwoSessions();
    open();
    await sync();
    const rating = (k: string) =>
      $(`[data-testid=vital-card][data-vital=${k}]`).getAttribute('data-rating');
    expect(rating('lcp')).toBe('good');
    expect(rating('cls')).toBe('poor');
    expect(rating('inp')).toBe('needs-improvement');
    expect(rating('fcp')).toBeNull();
    expect($$('[data-testid=vital-card]')).toHaveLength(6);
    expect($('[data-testid=vital-card][data-vital=lcp]').textContent).toContain('2.40 s');
    // Both sessions' LCP values in the distribution, the selected one marked.
    const lcp = $('figure.dist[data-vital=lcp]');
    expect(lcp.textContent).toContain('2 page views');
    expect(lcp.querySelectorAll('path.bar-good, path.bar-poor')).toHaveLength(2);
    expect(lcp.querySelector('line.marker')).not.toBeNull();
    expect($('figure.dist[data-vital=fcp]').querySelector('line.marker')).toBeNull();
  });

  it("shows each vital's worst value in the session and its page, not the latest", async () => {
    const S = 'slow-click-3333';
    server.addEvents(
      ev(S, 'page_view_event', { pageId: '/' }, { at: T0 }),
      ev(S, 'interaction_to_next_paint_event', { value: 432 }, { at: T0 + 1000, page: '/' }),
      ev(S, 'page_view_event', { pageId: '/products' }, { at: T0 + 5000, page: '/products' }),
      ev(
        S,
        'interaction_to_next_paint_event',
        { value: 24 },
        { at: T0 + 6000, page: '/products', metadata: { interaction: 1 } },
      ),
    );
    // The emulator's summary holds the latest value (24 ms); the card does not follow it.
    const sessions = server.sessions.bind(server);
    server.sessions = () => sessions().map((s) => ({ ...s, vitals: { inp: 24 } }));
    open();
    await sync();
    const card = $('[data-testid=vital-card][data-vital=inp]');
    expect(card.dataset.rating).toBe('needs-improvement');
    expect(card.dataset.page).toBe('/');
    expect($('.vital-value', card).textContent).toBe('432 ms');
    expect($('.vital-rating', card).textContent).toBe('needs improvement');
    expect($('.vital-page', card).textContent).toBe('worst, on /');
    expect($('[data-testid=vital-card][data-vital=lcp]').dataset.rating).toBeUndefined();
    // All sessions: p75 (nearest rank) of the two page views' INP, 24 and 432, is 432.
    const p75 = $('[data-testid=vital-p75][data-vital=inp]');
    expect($('.vital-value', p75).textContent).toBe('432 ms');
    expect(p75.dataset.rating).toBe('needs-improvement');
    expect($('.vital-page', p75).textContent).toBe('p75 of 2 page views');
    expect($('figure.dist[data-vital=inp] line.marker title').textContent).toContain('432 ms');
  });

  it('takes the p75 across all sessions over one value per page view', async () => {
    // Four page views' LCP: 1.0 s, 2.0 s, 3.0 s (reported twice: 2.8 s then 3.0 s), 4.5 s.
    server.addEvents(
      ev('a', 'largest_contentful_paint_event', { value: 1000 }),
      ev('b', 'largest_contentful_paint_event', { value: 2000 }),
      ev('c', 'largest_contentful_paint_event', { value: 2800 }, { metadata: { interaction: 0 } }),
      ev('c', 'largest_contentful_paint_event', { value: 3000 }, { metadata: { interaction: 0 } }),
      ev('c', 'largest_contentful_paint_event', { value: 4500 }, { metadata: { interaction: 1 } }),
    );
    open();
    await sync();
    const p75 = $('[data-testid=vital-p75][data-vital=lcp]');
    // Nearest rank: the ⌈0.75 × 4⌉ = 3rd of 1000, 2000, 3000, 4500.
    expect($('.vital-value', p75).textContent).toBe('3.00 s');
    expect(p75.dataset.rating).toBe('needs-improvement');
    expect($('.vital-page', p75).textContent).toBe('p75 of 4 page views');
    expect($('[data-testid=vital-p75][data-vital=fcp]').dataset.rating).toBeUndefined();
    expect($('figure.dist[data-vital=lcp]').textContent).toContain('4 page views');
  });

  it('counts in the singular and the plural', async () => {
    server.addEvents(ev('only-session-1', 'session_start_event'));
    server.addRequests(putRequest(0, { sessionIds: ['only-session-1'], eventCount: 1 }));
    open();
    await sync();
    expect($('[data-testid=stat-events]').textContent).toBe('1 event');
    expect($('[data-testid=stat-sessions]').textContent).toBe('1 session');
    expect($('[data-testid=stat-requests]').textContent).toBe('1 PutRumEvents call');
    const row = $('[data-testid=session-row]');
    expect($('.s-counts', row).textContent).toBe('1 event · 0 HTTP calls · 0 page views');
    expect($('.s-pages', row).textContent).toBe('1 page: /');
    expect($('#sec-overview').textContent).toContain('1 event, ');

    server.addEvents(
      ev('only-session-1', 'page_view_event', { pageId: '/' }),
      ev('second-session-2', 'session_start_event', {}, { at: T0 + 1000 }),
    );
    await sync();
    expect($('[data-testid=stat-events]').textContent).toBe('3 events');
    expect($('[data-testid=stat-sessions]').textContent).toBe('2 sessions');
    const first = $('[data-testid=session-row][data-session-id=only-session-1]');
    expect($('.s-counts', first).textContent).toBe('2 events · 0 HTTP calls · 1 page view');
  });

  it('with nothing stored, points to the demo site when the emulator knows one', async () => {
    server.demoUrl = 'http://127.0.0.1:4721';
    open();
    await sync();
    const empty = $('[data-testid=empty-state]');
    expect(empty.textContent).toContain('Open the demo site at http://127.0.0.1:4721/');
    expect($('a', empty).getAttribute('href')).toBe('http://127.0.0.1:4721/');
  });

  it('with nothing stored and no demo site, says how to point an app here', async () => {
    for (const infoRoute of [true, false]) {
      server.infoRoute = infoRoute;
      open();
      await sync();
      const empty = $('[data-testid=empty-state]');
      expect(empty.textContent).toContain(`to ${location.origin}`);
      expect(empty.textContent).toContain('endpoint');
      expect(empty.textContent).toContain('docs/emulator.md');
      expect(empty.textContent).toContain('Point a real app at it during development');
      expect(empty.querySelector('a')).toBeNull();
      viewer.stop();
      document.body.textContent = '';
    }
  });

  it('links to a demo URL only when it is http or https', async () => {
    server.demoUrl = 'javascript:alert(1)';
    open();
    await sync();
    expect($('[data-testid=empty-state]').querySelector('a')).toBeNull();
  });

  it("shows the session's PutRumEvents requests with their verdicts", async () => {
    seedTwoSessions();
    open();
    await sync();
    const rows = $$('[data-testid=request-row]');
    expect(rows).toHaveLength(2);
    expect(rows[0].dataset.verdict).toBe('accepted');
    expect(rows[0].textContent).toContain('beacon (presigned URL)');
    expect(rows[0].textContent).toContain('cognito · pool us-west-2:pool-1');
    expect(rows[1].dataset.verdict).toBe('refused');
    expect($('.reason', rows[1]).textContent).toBe(
      'HTTP 403 · AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/Old/x is not authorized',
    );
    expect(rows[1].textContent).toContain('sts · role Old');
    // Every session's PutRumEvents requests (Cognito calls are not PutRumEvents).
    const all = $('#sec-requests input[type=checkbox]') as HTMLInputElement;
    all.checked = true;
    all.dispatchEvent(new Event('change'));
    expect($$('[data-testid=request-row]')).toHaveLength(3);
  });

  it("shows the session's latest diagnostics report with its problems", async () => {
    seedTwoSessions();
    open();
    await sync();
    const box = $('[data-testid=diagnostics]');
    expect(box.dataset.state).toBe('problems');
    expect($('.finding-problem', box).textContent).toBe(
      'role-not-allowed: The role may not send events (×2)',
    );
    expect(box.textContent).toContain('available — Cognito');
    $('[data-session-id=old-session-1111]').click();
    expect(box.dataset.state).toBe('missing');
    expect(box.textContent).toContain('No diagnostics report');
  });

  it('has every section of the selected session in the page at once', async () => {
    seedTwoSessions();
    open();
    await sync();
    for (const id of [
      'overview',
      'timeline',
      'errors',
      'http',
      'vitals',
      'requests',
      'diagnostics',
    ])
      expect(document.getElementById(`sec-${id}`)).not.toBeNull();
    expect($('#sec-overview svg').querySelectorAll('path.cat-errors')).toHaveLength(1);
    expect($('#sec-overview').textContent).toContain('9 events');
    $('[data-scope=all]').click();
    expect($('#sec-overview').textContent).toContain('12 events');
  });

  it('switches sessions on click and remembers the choice in the address', async () => {
    seedTwoSessions();
    open();
    await sync();
    $('[data-session-id=old-session-1111]').click();
    expect($('[data-session-id=old-session-1111]').classList.contains('selected')).toBe(true);
    expect($('[data-session-id=new-session-2222]').classList.contains('selected')).toBe(false);
    expect($$('[data-testid=timeline-row]')).toHaveLength(3);
    expect($$('[data-testid=error-row]')).toHaveLength(0);
    expect($('[data-testid=vital-card][data-vital=lcp]').dataset.rating).toBe('poor');
    expect(location.hash).toBe('#session=old-session-1111');
    // A new visit opens on that session even though another is newer.
    viewer.stop();
    document.body.textContent = '';
    open();
    await sync();
    expect($('.session-row.selected').dataset.sessionId).toBe('old-session-1111');
  });

  it('filters the sessions list', async () => {
    seedTwoSessions();
    open();
    await sync();
    const input = $('aside input[type=search]') as HTMLInputElement;
    input.value = 'old-sess';
    input.dispatchEvent(new Event('input'));
    expect(
      $$('[data-testid=session-row]')
        .filter((r) => !r.hidden)
        .map((r) => r.dataset.sessionId),
    ).toEqual(['old-session-1111']);
  });

  it('shows event data as text, never as markup', async () => {
    server.addEvents(
      ev(
        '<img src=x onerror=alert(1)>',
        'js_error_event',
        {
          type: '<marquee>Bold</marquee>',
          message: '<img src=x onerror="window.__pwned=1">',
          stack: '</pre><script>window.__pwned=1</script>',
        },
        { page: '<svg onload=alert(1)>' },
      ),
      ev('<img src=x onerror=alert(1)>', 'shop.<blink>custom</blink>', {
        html: '<a href="javascript:alert(1)">x</a>',
      }),
    );
    open();
    await sync();
    for (const row of $$('[data-testid=timeline-row]')) $('.line', row).click();
    expect(root.querySelector('img, script, marquee, blink, a[href^=javascript]')).toBeNull();
    expect(root.querySelectorAll('[onerror], [onload]')).toHaveLength(0);
    expect($('[data-testid=error-row]').textContent).toContain(
      '<img src=x onerror="window.__pwned=1">',
    );
    expect($('[data-testid=session-row]').dataset.sessionId).toBe('<img src=x onerror=alert(1)>');
    expect(root.textContent).toContain('shop.<blink>custom</blink>');
  });

  it('tolerates events of the wrong shape', async () => {
    server.addEvents(ev('s1', 'page_view_event', { pageId: '/' }));
    const broken = ev('s1', 'http_event');
    (broken.event as unknown as Record<string, unknown>).details = 'not an object';
    (broken.event as unknown as Record<string, unknown>).metadata = null;
    server.addEvents(broken);
    open();
    await sync();
    expect($$('[data-testid=timeline-row]')).toHaveLength(2);
    expect($$('[data-testid=http-row]')).toHaveLength(1);
  });
});

describe('live updates', () => {
  it('fetches only what is new, and adds rows without rebuilding the others', async () => {
    seedTwoSessions();
    open();
    await sync();
    const before = $$('[data-testid=timeline-row]');
    server.calls = [];
    server.addEvents(
      ev(
        'new-session-2222',
        'js_error_event',
        { type: 'Error', message: 'later' },
        { at: T0 + 70_000 },
      ),
      ev(
        'new-session-2222',
        'dom_event',
        { event: 'click', elementId: 'buy' },
        { at: T0 + 60_500 },
      ),
    );
    server.addRequests(putRequest(0, { sessionIds: ['new-session-2222'] }));
    await sync();
    expect(server.calls).toContain('GET /_emulator/events?since=12&limit=5000');
    expect(server.calls).toContain('GET /_emulator/requests?since=4&limit=5000');
    const after = $$('[data-testid=timeline-row]');
    expect(after).toHaveLength(11);
    // The old rows are the same elements; the new ones went where their time puts them.
    expect(before.every((row) => after.includes(row))).toBe(true);
    expect(after[2].textContent).toContain('click on #buy');
    expect(after[10].textContent).toContain('Error: later');
    expect($$('[data-testid=error-row]')).toHaveLength(2);
    expect($$('[data-testid=request-row]')).toHaveLength(3);
    expect($('[data-testid=event-count]').textContent).toBe('14');
    expect($('[data-session-id=new-session-2222]').textContent).toContain('2 errors');
  });

  it('keeps an expanded row open while new events arrive', async () => {
    seedTwoSessions();
    open();
    await sync();
    const row = $$('[data-testid=timeline-row]')[0];
    $('.line', row).click();
    server.addEvents(ev('new-session-2222', 'dom_event', {}, { at: T0 + 90_000 }));
    await sync();
    expect(row.isConnected).toBe(true);
    expect(row.querySelectorAll('pre')).toHaveLength(2);
  });

  it('renders thousands of events a page at a time', async () => {
    const many = Array.from({ length: 2450 }, (_, i) =>
      ev(
        'big',
        'performance_resource_event',
        { targetUrl: `/img/${i}.png`, fileType: 'image' },
        { at: T0 + i * 1000 },
      ),
    );
    server.addEvents(...many);
    open({ pageSize: 200 });
    await sync();
    expect($$('[data-testid=timeline-row]')).toHaveLength(200);
    const more = $('#sec-timeline button.more');
    expect(more.textContent).toBe('Show 200 more');
    expect($('#sec-timeline .list-footer').textContent).toContain('200 of 2450 events shown');
    more.click();
    expect($$('[data-testid=timeline-row]')).toHaveLength(400);
    // Later events go past the rendered page: no new rows, only the count moves.
    server.addEvents(ev('big', 'dom_event', {}, { at: T0 + 5_000_000 }));
    await sync();
    expect($$('[data-testid=timeline-row]')).toHaveLength(400);
    expect($('#sec-timeline .list-footer').textContent).toContain('400 of 2451 events shown');
    // An earlier one goes in at its place, and the page keeps its size.
    server.addEvents(ev('big', 'dom_event', { event: 'early' }, { at: T0 - 1000 }));
    await sync();
    const rows = $$('[data-testid=timeline-row]');
    expect(rows).toHaveLength(400);
    expect(rows[0].textContent).toContain('early');
    expect($('[data-testid=event-count]').textContent).toBe('2452');
  });

  it('filters the timeline by type and text, and shows newest first on demand', async () => {
    seedTwoSessions();
    open();
    await sync();
    const select = $('#sec-timeline select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toContain('http_event (2)');
    select.value = 'com.amazon.rum.http_event';
    select.dispatchEvent(new Event('change'));
    expect($$('[data-testid=timeline-row]')).toHaveLength(2);
    select.value = '';
    select.dispatchEvent(new Event('change'));
    const newest = $('#sec-timeline input[type=checkbox]') as HTMLInputElement;
    newest.checked = true;
    newest.dispatchEvent(new Event('change'));
    expect($('.type', $$('[data-testid=timeline-row]')[0]).textContent).toBe(
      'interaction_to_next_paint_event',
    );
    jest.useFakeTimers();
    try {
      const search = $('#sec-timeline input[type=search]') as HTMLInputElement;
      search.value = 'failed to fetch';
      search.dispatchEvent(new Event('input'));
      jest.advanceTimersByTime(200);
    } finally {
      jest.useRealTimers();
    }
    expect($$('[data-testid=timeline-row]')).toHaveLength(1);
  });

  it('starts over when the emulator holds fewer events than before (cleared elsewhere)', async () => {
    seedTwoSessions();
    open();
    await sync();
    server.clear();
    server.addEvents(ev('third-3333', 'session_start_event'));
    await viewer.live.sync({ events: 1, requests: 0 });
    expect($$('[data-testid=session-row]').map((r) => r.dataset.sessionId)).toEqual(['third-3333']);
    expect($('[data-testid=event-count]').textContent).toBe('1');
    expect($$('[data-testid=request-row]')).toHaveLength(0);
    // Without a hint (polling), a lower `last` tells the same.
    server.clear();
    server.addEvents(ev('fourth-4444', 'session_start_event'));
    await sync();
    expect($$('[data-testid=session-row]').map((r) => r.dataset.sessionId)).toEqual([
      'fourth-4444',
    ]);
  });

  it('clears the emulator after asking', async () => {
    seedTwoSessions();
    const answers = [false, true];
    open({ confirm: () => answers.shift() as boolean });
    await sync();
    $('[data-testid=clear-button]').click();
    await tick();
    expect(server.calls).not.toContain('POST /_emulator/clear');
    expect($$('[data-testid=session-row]')).toHaveLength(2);
    $('[data-testid=clear-button]').click();
    await tick();
    await tick();
    await tick();
    expect(server.calls).toContain('POST /_emulator/clear');
    expect($$('[data-testid=session-row]')).toHaveLength(0);
    expect($('[data-testid=event-count]').textContent).toBe('0');
    expect($('.session-head').textContent).toContain('No session selected');
  });

  it('derives the sessions from the events when the emulator has no sessions route', async () => {
    seedTwoSessions();
    server.sessionsRoute = false;
    open();
    await sync();
    expect($$('[data-testid=session-row]').map((r) => r.dataset.sessionId)).toEqual([
      'new-session-2222',
      'old-session-1111',
    ]);
  });

  it('follows the Server-Sent Events stream', async () => {
    const sources: FakeEventSource[] = [];
    class FakeEventSource {
      listeners = new Map<string, ((e: MessageEvent) => void)[]>();
      closed = false;
      constructor(readonly url: string) {
        sources.push(this);
      }
      addEventListener(type: string, fn: (e: MessageEvent) => void) {
        this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
      }
      emit(type: string, data?: unknown) {
        for (const fn of this.listeners.get(type) ?? [])
          fn({ data: JSON.stringify(data) } as MessageEvent);
      }
      close() {
        this.closed = true;
      }
    }
    seedTwoSessions();
    open({ EventSource: FakeEventSource as unknown as typeof EventSource });
    viewer.start();
    await tick();
    await tick();
    expect(sources).toHaveLength(1);
    expect(sources[0].url).toBe('/_emulator/stream');
    sources[0].emit('open');
    expect($('.live').className).toContain('live-live');
    expect($$('[data-testid=session-row]')).toHaveLength(2);
    server.calls = [];
    server.addEvents(ev('new-session-2222', 'dom_event', {}, { at: T0 + 99_000 }));
    sources[0].emit('change', { events: 13, requests: 4 });
    await tick();
    await tick();
    await tick();
    expect(server.calls).toContain('GET /_emulator/events?since=12&limit=5000');
    // Requests did not change: not fetched again.
    expect(server.calls.some((c) => c.includes('/requests'))).toBe(false);
    expect($$('[data-testid=timeline-row]')).toHaveLength(10);
    // The stream fails: poll instead.
    sources[0].emit('error');
    expect(sources[0].closed).toBe(true);
    expect($('.live').className).toContain('live-polling');
  });

  it('polls every few seconds without a stream', async () => {
    seedTwoSessions();
    open({ pollMs: 10 });
    viewer.start();
    await new Promise((r) => setTimeout(r, 30));
    server.addEvents(ev('new-session-2222', 'dom_event', {}, { at: T0 + 99_000 }));
    await new Promise((r) => setTimeout(r, 60));
    expect($('[data-testid=event-count]').textContent).toBe('13');
    expect($('.live').className).toContain('live-polling');
  });

  it('says when the emulator cannot be reached, and recovers', async () => {
    seedTwoSessions();
    const fetchOk = server.fetch;
    let down = true;
    open({
      fetch: (url, init) => (down ? Promise.reject(new Error('refused')) : fetchOk(url, init)),
    });
    await sync();
    expect($('.live').className).toContain('live-offline');
    down = false;
    await sync();
    expect($('.live').className).not.toContain('live-offline');
    expect($$('[data-testid=session-row]')).toHaveLength(2);
  });
});
