// The viewer page: a header, the sessions list on the left, and every section of the selected
// session stacked on the right (overview chart, timeline, errors, HTTP, web vitals, requests,
// diagnostics), all in the DOM at once. Data arrives incrementally from `Live`; each update
// patches what changed instead of re-rendering the page.

import { Api, Live, type FetchLike, type LiveState, type SyncResult } from './api';
import { distributionChart, timeChart, timeLegend } from './charts';
import { h, setChildren, setText } from './dom';
import { PagedList } from './list';
import {
  RATING_LABEL,
  VITALS,
  bucketEvents,
  categoryOf,
  compareEvents,
  describeSigner,
  diagnosticFindings,
  errorInfo,
  eventPage,
  eventTimeMs,
  formatClock,
  formatDateTime,
  formatDuration,
  formatVital,
  httpDetails,
  httpOutcome,
  isPutRumEvents,
  num,
  obj,
  PageViewVitals,
  plural,
  rateVital,
  rejectionReason,
  requestTransport,
  requestVerdict,
  safeJson,
  sessionMatches,
  shortId,
  shortType,
  str,
  summarizeEvent,
  summarizeSessions,
  vitalP75,
  worstVitals,
  ERROR_TYPE,
  HTTP_TYPE,
  XRAY_TYPE,
  type WorstVital,
  type VitalKey,
} from './logic';
import type { DiagnosticsEntry, RequestRecord, SessionSummary, StoredEvent } from './types';
import { openReplay, playable, replayEvents } from './replay-view';

export interface ViewerOptions {
  fetch?: FetchLike;
  /** Pass `undefined` to poll instead of using Server-Sent Events. */
  EventSource?: typeof EventSource;
  confirm?: (message: string) => boolean;
  pollMs?: number;
  pageSize?: number;
}

const SECTIONS = [
  ['overview', 'Overview'],
  ['timeline', 'Timeline'],
  ['errors', 'Errors'],
  ['http', 'HTTP'],
  ['vitals', 'Web vitals'],
  ['requests', 'Requests'],
  ['diagnostics', 'Diagnostics'],
] as const;
type SectionId = (typeof SECTIONS)[number][0];

const byTimeDesc = (a: StoredEvent, b: StoredEvent) => compareEvents(b, a);
const bySeq = (a: RequestRecord, b: RequestRecord) => (a.seq ?? 0) - (b.seq ?? 0) || a.at - b.at;

export class Viewer {
  // ---- data ----
  private events: StoredEvent[] = [];
  private bySession = new Map<string, StoredEvent[]>();
  private requests: RequestRecord[] = [];
  private putRequests: RequestRecord[] = [];
  private requestsBySession = new Map<string, RequestRecord[]>();
  private sessions: SessionSummary[] = [];
  private diagnostics = new Map<string, DiagnosticsEntry>();
  /** Every session's vitals, one value per page view: the distributions and their p75. */
  private pageViewVitals = new PageViewVitals();
  /** The demo site's URL from `GET /_emulator/info`, for the empty state. */
  private demoUrl?: string;
  private durations = new Map<string, number>();
  private selected?: string;
  private chartScope: 'session' | 'all' = 'session';
  private allRequests = false;
  private typeFilter = '';
  private textFilter = '';
  private sessionFilter = '';

  // ---- DOM ----
  private readonly el: Record<string, HTMLElement> = {};
  private readonly sessionRows = new Map<string, { row: HTMLElement; sig: string }>();
  private readonly navCounts = new Map<SectionId, HTMLElement>();
  private timeline!: PagedList<StoredEvent>;
  private errors!: PagedList<StoredEvent>;
  private http!: PagedList<StoredEvent>;
  private requestList!: PagedList<RequestRecord>;
  private diagnosticsSig = '';
  /** What the session header shows while no session is selected (it is rebuilt on change only). */
  private headSig = '';
  private typeOptionsSig = '';
  /** What the replay card shows (rebuilt on change only), and how to close an open player. */
  private replaySig = '';
  private closeReplay?: () => void;

  readonly api: Api;
  readonly live: Live;

  constructor(
    private readonly root: HTMLElement,
    private readonly o: ViewerOptions = {},
  ) {
    this.api = new Api(o.fetch ?? ((url, init) => fetch(url, init)));
    this.live = new Live({
      api: this.api,
      onData: (r) => this.apply(r),
      onState: (state, detail) => this.showLive(state, detail),
      EventSourceImpl: 'EventSource' in o ? o.EventSource : globalThis.EventSource,
      pollMs: o.pollMs,
    });
    const fromHash = /^#session=(.+)$/.exec(location.hash)?.[1];
    if (fromHash) this.selected = safeDecode(fromHash);
    this.build();
  }

  start(): void {
    this.live.start();
  }

  stop(): void {
    this.live.stop();
  }

  // ---- layout ----------------------------------------------------------------------------------

  private build(): void {
    const e = this.el;
    e.eventCount = h('b', { 'data-testid': 'event-count' }, '0');
    e.sessionCount = h('b', {}, '0');
    e.requestCount = h('b', {}, '0');
    e.eventNoun = h('span', {}, ' events');
    e.sessionNoun = h('span', {}, ' sessions');
    e.requestNoun = h('span', {}, ' PutRumEvents calls');
    e.refusedCount = h('span', { class: 'pill pill-bad', hidden: true });
    e.liveDot = h('i', { class: 'dot' });
    e.liveText = h('span', {}, 'connecting');
    e.live = h('span', { class: 'live', title: '' }, e.liveDot, e.liveText);
    const clear = h(
      'button',
      { type: 'button', class: 'danger', 'data-testid': 'clear-button' },
      'Clear',
    );
    clear.addEventListener('click', () => void this.clear());
    const header = h(
      'header',
      { class: 'top' },
      h('div', { class: 'brand' }, h('strong', {}, 'RUM emulator'), h('code', {}, location.origin)),
      h(
        'div',
        { class: 'stats' },
        h('span', { 'data-testid': 'stat-events' }, e.eventCount, e.eventNoun),
        h('span', { 'data-testid': 'stat-sessions' }, e.sessionCount, e.sessionNoun),
        h('span', { 'data-testid': 'stat-requests' }, e.requestCount, e.requestNoun),
        e.refusedCount,
      ),
      h(
        'div',
        { class: 'actions' },
        e.live,
        h(
          'a',
          { href: '/_emulator/export', download: 'rum-events.json', class: 'button' },
          'Export JSON',
        ),
        clear,
      ),
    );

    // Sessions
    const filter = h('input', {
      type: 'search',
      placeholder: 'Filter sessions: id, browser, page…',
      'aria-label': 'Filter sessions',
    });
    filter.addEventListener('input', () => {
      this.sessionFilter = filter.value;
      this.filterSessions();
    });
    e.sessionList = h('div', { class: 'session-list', role: 'listbox' });
    e.sessionEmpty = h('p', { class: 'empty' }, 'No sessions yet.');
    const aside = h(
      'aside',
      { class: 'sessions' },
      h('div', { class: 'aside-head' }, h('h2', {}, 'Sessions'), filter),
      e.sessionList,
      e.sessionEmpty,
    );

    // Main
    e.sessionHead = h('div', { class: 'session-head' });
    e.replay = h('div', { class: 'replay', 'data-testid': 'replay' });
    const nav = h('nav', { class: 'section-nav' });
    for (const [id, label] of SECTIONS) {
      const count = h('span', { class: 'count' });
      this.navCounts.set(id, count);
      nav.appendChild(h('a', { href: `#sec-${id}` }, label, count));
    }
    const main = h(
      'main',
      { class: 'detail' },
      e.sessionHead,
      e.replay,
      nav,
      this.buildOverview(),
      this.buildTimeline(),
      this.buildErrors(),
      this.buildHttp(),
      this.buildVitals(),
      this.buildRequests(),
      this.buildDiagnostics(),
    );
    // In-page links scroll the main pane, leaving the location's hash to the session.
    nav.addEventListener('click', (ev) => {
      const a = (ev.target as Element).closest('a');
      if (!a) return;
      ev.preventDefault();
      main
        .querySelector(a.getAttribute('href') as string)
        ?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    });
    setChildren(this.root, header, h('div', { class: 'layout' }, aside, main));
    this.renderSessionHead();
  }

  private section(id: SectionId, title: string, ...children: Node[]): HTMLElement {
    return h(
      'section',
      { id: `sec-${id}`, class: 'card', 'data-section': id },
      h('h2', {}, title),
      ...children,
    );
  }

  private buildOverview(): HTMLElement {
    const e = this.el;
    const scope = h('div', { class: 'segmented', role: 'group' });
    for (const [value, label] of [
      ['session', 'This session'],
      ['all', 'All sessions'],
    ] as const) {
      const b = h(
        'button',
        { type: 'button', 'data-scope': value, 'aria-pressed': String(value === this.chartScope) },
        label,
      );
      b.addEventListener('click', () => {
        this.chartScope = value;
        for (const x of scope.querySelectorAll('button'))
          x.setAttribute('aria-pressed', String(x.dataset.scope === value));
        this.renderOverview();
      });
      scope.appendChild(b);
    }
    e.overviewChart = h('div', { class: 'chart-box' });
    e.overviewNote = h('span', { class: 'muted' });
    return this.section(
      'overview',
      'Events over time',
      h('div', { class: 'toolbar' }, scope, timeLegend(), e.overviewNote),
      e.overviewChart,
    );
  }

  private buildTimeline(): HTMLElement {
    const e = this.el;
    e.typeSelect = h('select', { 'aria-label': 'Event type' });
    e.typeSelect.addEventListener('change', () => {
      this.typeFilter = (e.typeSelect as HTMLSelectElement).value;
      this.refilterTimeline();
    });
    const search = h('input', {
      type: 'search',
      placeholder: 'Search type, page, summary',
      'aria-label': 'Search the timeline',
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        this.textFilter = search.value.trim().toLowerCase();
        this.refilterTimeline();
      }, 150);
    });
    const newest = h('input', { type: 'checkbox' });
    newest.addEventListener('change', () =>
      this.timeline.setCompare(newest.checked ? byTimeDesc : compareEvents),
    );
    const rows = h('div', { class: 'rows timeline' });
    const footer = h('div', { class: 'list-footer' });
    this.timeline = new PagedList<StoredEvent>({
      container: rows,
      footer,
      render: (ev) => this.timelineRow(ev),
      compare: compareEvents,
      empty: 'No events in this session.',
      pageSize: this.o.pageSize,
      noun: 'events',
    });
    return this.section(
      'timeline',
      'Timeline',
      h(
        'div',
        { class: 'toolbar' },
        e.typeSelect,
        search,
        h('label', { class: 'check' }, newest, 'newest first'),
      ),
      scrollTable(
        'timeline-table',
        h(
          'div',
          { class: 'row-head timeline-cols' },
          h('span', {}, 'time'),
          h('span', {}, 'type'),
          h('span', {}, 'page'),
          h('span', {}, 'summary'),
        ),
        rows,
      ),
      footer,
    );
  }

  private buildErrors(): HTMLElement {
    const rows = h('div', { class: 'rows' });
    const footer = h('div', { class: 'list-footer' });
    this.errors = new PagedList<StoredEvent>({
      container: rows,
      footer,
      render: (ev) => this.errorRow(ev),
      compare: compareEvents,
      empty: 'No errors in this session.',
      pageSize: this.o.pageSize,
      noun: 'errors',
    });
    this.errors.setFilter((ev) => ev.event?.type === ERROR_TYPE);
    return this.section('errors', 'Errors', rows, footer);
  }

  private buildHttp(): HTMLElement {
    const rows = h('div', { class: 'rows' });
    const footer = h('div', { class: 'list-footer' });
    this.http = new PagedList<StoredEvent>({
      container: rows,
      footer,
      render: (ev) => this.httpRow(ev),
      compare: compareEvents,
      empty: 'No HTTP events in this session.',
      pageSize: this.o.pageSize,
      noun: 'requests',
    });
    this.http.setFilter((ev) => ev.event?.type === HTTP_TYPE);
    return this.section(
      'http',
      'HTTP',
      scrollTable(
        'http-table',
        h(
          'div',
          { class: 'row-head http-cols' },
          h('span', {}, 'time'),
          h('span', {}, 'method'),
          h('span', {}, 'url'),
          h('span', {}, 'status'),
          h('span', {}, 'duration'),
          h('span', {}, 'trace id'),
        ),
        rows,
      ),
      footer,
    );
  }

  private buildVitals(): HTMLElement {
    const e = this.el;
    e.vitalCards = h('div', { class: 'vital-cards', 'data-testid': 'session-vitals' });
    e.p75Cards = h('div', { class: 'vital-cards', 'data-testid': 'all-vitals' });
    e.distributions = h('div', { class: 'distributions' });
    e.distNote = h('p', { class: 'muted' });
    return this.section(
      'vitals',
      'Web vitals',
      h('h3', {}, 'This session: the worst value of each vital, and the page where it happened'),
      e.vitalCards,
      h('h3', {}, 'All sessions: the 75th percentile of the page views'),
      e.p75Cards,
      h('h3', {}, 'Distribution across all sessions'),
      e.distNote,
      e.distributions,
    );
  }

  private buildRequests(): HTMLElement {
    const all = h('input', { type: 'checkbox' });
    all.addEventListener('change', () => {
      this.allRequests = all.checked;
      this.resetRequests();
    });
    const rows = h('div', { class: 'rows' });
    const footer = h('div', { class: 'list-footer' });
    this.requestList = new PagedList<RequestRecord>({
      container: rows,
      footer,
      render: (r) => this.requestRow(r),
      compare: bySeq,
      empty: 'No PutRumEvents requests for this session.',
      pageSize: this.o.pageSize,
      noun: 'requests',
    });
    return this.section(
      'requests',
      'PutRumEvents requests',
      h(
        'div',
        { class: 'toolbar' },
        h(
          'label',
          { class: 'check' },
          all,
          'all sessions (and requests refused before a session was known)',
        ),
      ),
      scrollTable(
        'request-table',
        h(
          'div',
          { class: 'row-head request-cols' },
          h('span', {}, 'time'),
          h('span', {}, 'events'),
          h('span', {}, 'verdict'),
          h('span', {}, 'signed by'),
          h('span', {}, 'sent as'),
        ),
        rows,
      ),
      footer,
    );
  }

  private buildDiagnostics(): HTMLElement {
    this.el.diagnostics = h('div', { 'data-testid': 'diagnostics', class: 'diagnostics' });
    return this.section('diagnostics', 'Client diagnostics', this.el.diagnostics);
  }

  // ---- live data -------------------------------------------------------------------------------

  private showLive(state: LiveState, detail?: string): void {
    const label: Record<LiveState, string> = {
      connecting: 'connecting…',
      live: 'live',
      polling: 'live (polling)',
      offline: 'offline',
    };
    this.el.live.className = `live live-${state}`;
    this.el.live.title =
      state === 'offline'
        ? `Cannot reach the emulator: ${detail ?? ''}`
        : state === 'polling'
          ? 'The event stream is not available; checking every 2 seconds.'
          : state === 'live'
            ? 'Updates as events arrive (Server-Sent Events).'
            : '';
    setText(this.el.liveText, label[state]);
  }

  /** Take in what a sync brought and patch the page. */
  apply(r: SyncResult): void {
    if (r.reset) this.forget();
    const fresh = this.addEvents(r.events);
    const freshRequests = this.addRequests(r.requests);
    this.sessions = r.sessions ?? summarizeSessions(this.events);
    this.diagnostics = new Map(
      r.diagnostics.filter((d) => typeof d.sessionId === 'string').map((d) => [d.sessionId, d]),
    );
    if (r.info) this.demoUrl = httpUrl(r.info.demoUrl);

    this.renderCounts();
    this.renderSessions();
    const wanted =
      this.selected && this.sessions.some((s) => s.sessionId === this.selected)
        ? this.selected
        : this.sessions[0]?.sessionId;
    if (wanted !== this.shown || r.reset) {
      this.select(wanted, false);
      return;
    }
    if (wanted) {
      const mine = fresh.filter((ev) => ev.userDetails?.sessionId === wanted);
      this.timeline.add(mine);
      this.errors.add(mine);
      this.http.add(mine);
      this.requestList.add(
        freshRequests.filter((q) => this.allRequests || q.sessionIds?.includes(wanted)),
      );
      this.renderTypeOptions();
      this.renderSessionHead();
      this.renderVitalCards();
      this.renderDiagnostics();
      this.renderNavCounts();
    } else {
      this.renderSessionHead();
    }
    if (fresh.length || r.reset) {
      this.renderOverview();
      this.renderDistributions();
    }
  }

  /** The session whose sections are on screen. */
  private shown?: string;

  private forget(): void {
    this.events = [];
    this.bySession.clear();
    this.requests = [];
    this.putRequests = [];
    this.requestsBySession.clear();
    this.pageViewVitals.clear();
    this.durations.clear();
    this.diagnostics.clear();
    this.sessions = [];
  }

  private addEvents(list: StoredEvent[]): StoredEvent[] {
    const fresh = list.filter(
      (e) => e && typeof e === 'object' && e.event && typeof e.event === 'object',
    );
    for (const e of fresh) {
      this.events.push(e);
      const id = str(e.userDetails?.sessionId) ?? '';
      let mine = this.bySession.get(id);
      if (!mine) this.bySession.set(id, (mine = []));
      mine.push(e);
      this.pageViewVitals.add(e);
      if (e.event.type === XRAY_TYPE) {
        const d = obj(e.event.details);
        const trace = str(d.trace_id);
        const start = num(d.start_time);
        const end = num(d.end_time);
        if (trace && start !== undefined && end !== undefined)
          this.durations.set(trace, (end - start) * 1000);
      }
    }
    return fresh;
  }

  private addRequests(list: RequestRecord[]): RequestRecord[] {
    const fresh = list.filter((r) => r && typeof r === 'object');
    for (const r of fresh) {
      this.requests.push(r);
      if (!isPutRumEvents(r)) continue;
      this.putRequests.push(r);
      for (const id of Array.isArray(r.sessionIds) ? r.sessionIds : []) {
        let mine = this.requestsBySession.get(id);
        if (!mine) this.requestsBySession.set(id, (mine = []));
        mine.push(r);
      }
    }
    return fresh.filter(isPutRumEvents);
  }

  private async clear(): Promise<void> {
    const ask = this.o.confirm ?? ((m: string) => window.confirm(m));
    if (!ask('Delete every stored event, request and diagnostics report from the emulator?'))
      return;
    try {
      await this.api.clear();
    } catch (e) {
      this.showLive('offline', e instanceof Error ? e.message : String(e));
      return;
    }
    this.apply({ reset: true, events: [], requests: [], sessions: [], diagnostics: [] });
    await this.live.sync();
  }

  // ---- header and sessions list ------------------------------------------------------------------

  private renderCounts(): void {
    const count = (
      n: number,
      figure: HTMLElement,
      noun: HTMLElement,
      one: string,
      many?: string,
    ) => {
      setText(figure, String(n));
      // The number is its own element (tests and people read it); the noun follows it.
      setText(noun, plural(n, one, many).slice(String(n).length));
    };
    count(this.events.length, this.el.eventCount, this.el.eventNoun, 'event');
    count(this.sessions.length, this.el.sessionCount, this.el.sessionNoun, 'session');
    count(this.putRequests.length, this.el.requestCount, this.el.requestNoun, 'PutRumEvents call');
    const refused = this.putRequests.filter((r) => requestVerdict(r) === 'refused').length;
    this.el.refusedCount.hidden = refused === 0;
    setText(this.el.refusedCount, `${refused} refused`);
  }

  private refusedIn(sessionId: string): number {
    return (this.requestsBySession.get(sessionId) ?? []).filter(
      (r) => requestVerdict(r) === 'refused',
    ).length;
  }

  private renderSessions(): void {
    const list = this.el.sessionList;
    const seen = new Set<string>();
    let previous: Element | null = null;
    for (const s of this.sessions) {
      const id = str(s.sessionId) ?? '';
      seen.add(id);
      const problems = diagnosticFindings(this.diagnostics.get(id)?.report).filter(
        (f) => f.level === 'problem',
      ).length;
      const refused = this.refusedIn(id);
      const sig = safeJson([s, problems, refused], 0);
      let entry = this.sessionRows.get(id);
      if (!entry) {
        const row = h('div', {
          class: 'session-row',
          role: 'option',
          tabindex: 0,
          'data-testid': 'session-row',
          'data-session-id': id,
        });
        row.addEventListener('click', () => this.select(id, true));
        row.addEventListener('keydown', (ev) => {
          if (ev.key === 'Enter' || ev.key === ' ') {
            ev.preventDefault();
            this.select(id, true);
          }
        });
        entry = { row, sig: '' };
        this.sessionRows.set(id, entry);
      }
      if (entry.sig !== sig) {
        entry.sig = sig;
        this.fillSessionRow(entry.row, s, problems, refused);
        entry.row.hidden = !sessionMatches(s, this.sessionFilter);
      }
      entry.row.classList.toggle('selected', id === this.selected);
      entry.row.setAttribute('aria-selected', String(id === this.selected));
      // Keep the DOM order equal to the list's order, moving only rows out of place.
      const expected: Element | null = previous
        ? previous.nextElementSibling
        : list.firstElementChild;
      if (expected !== entry.row) list.insertBefore(entry.row, expected);
      previous = entry.row;
    }
    for (const [id, entry] of this.sessionRows) {
      if (!seen.has(id)) {
        entry.row.remove();
        this.sessionRows.delete(id);
      }
    }
    this.el.sessionEmpty.hidden = this.sessions.length > 0;
  }

  private fillSessionRow(
    row: HTMLElement,
    s: SessionSummary,
    problems: number,
    refused: number,
  ): void {
    const pages = Array.isArray(s.pages) ? s.pages.filter((p) => typeof p === 'string') : [];
    const who = [str(s.browser), str(s.os)].filter(Boolean).join(' · ');
    const errors = num(s.errors) ?? 0;
    setChildren(
      row,
      h(
        'div',
        { class: 's-top' },
        h(
          'code',
          { class: 's-id', title: str(s.sessionId) ?? '' },
          shortId(str(s.sessionId) ?? ''),
        ),
        h(
          'span',
          { class: 'badges' },
          errors > 0 && h('span', { class: 'pill pill-bad' }, plural(errors, 'error')),
          refused > 0 && h('span', { class: 'pill pill-bad' }, `${refused} refused`),
          problems > 0 && h('span', { class: 'pill pill-warn' }, plural(problems, 'problem')),
        ),
      ),
      h(
        'div',
        { class: 's-who' },
        h('span', {}, who || 'unknown browser'),
        h(
          'span',
          { class: 's-time', title: `last event ${formatDateTime(num(s.lastAt) ?? 0)}` },
          formatClock(num(s.lastAt) ?? 0),
        ),
      ),
      h(
        'div',
        { class: 's-pages', title: pages.join('\n') },
        `${plural(pages.length, 'page')}: ${pages.join(', ') || '—'}`,
      ),
      h(
        'div',
        { class: 's-counts' },
        [
          plural(num(s.events) ?? 0, 'event'),
          plural(num(s.http) ?? 0, 'HTTP call'),
          plural(num(s.pageViews) ?? 0, 'page view'),
        ].join(' · '),
      ),
    );
  }

  private filterSessions(): void {
    for (const s of this.sessions) {
      const entry = this.sessionRows.get(s.sessionId);
      if (entry) entry.row.hidden = !sessionMatches(s, this.sessionFilter);
    }
  }

  // ---- selection -------------------------------------------------------------------------------

  /** Show a session's sections (or an empty page when `id` is undefined). */
  select(id: string | undefined, byUser: boolean): void {
    if (id !== this.shown) this.stopReplay();
    this.selected = id;
    this.shown = id;
    for (const [sid, entry] of this.sessionRows) {
      entry.row.classList.toggle('selected', sid === id);
      entry.row.setAttribute('aria-selected', String(sid === id));
    }
    if (byUser && id) history.replaceState(null, '', `#session=${encodeURIComponent(id)}`);
    const events = (id !== undefined && this.bySession.get(id)) || [];
    this.typeFilter = '';
    this.typeOptionsSig = '';
    this.renderTypeOptions();
    this.refilterTimeline();
    this.errors.reset(events);
    this.http.reset(events);
    this.resetRequests();
    this.renderSessionHead();
    this.renderVitalCards();
    this.diagnosticsSig = '';
    this.renderDiagnostics();
    this.renderNavCounts();
    this.renderOverview();
    this.renderDistributions();
  }

  private selectedSession(): SessionSummary | undefined {
    return this.sessions.find((s) => s.sessionId === this.shown);
  }

  private selectedEvents(): StoredEvent[] {
    return (this.shown !== undefined && this.bySession.get(this.shown)) || [];
  }

  private stopReplay(): void {
    this.closeReplay?.();
    this.closeReplay = undefined;
    this.replaySig = '';
  }

  /** The session's replay, when its rrweb events hold a full snapshot: a button that plays it. */
  private renderReplay(): void {
    const events = replayEvents(this.selectedEvents());
    const sig = `${this.shown} ${events.length}`;
    // An open player goes on with the events it was given.
    if (this.closeReplay || sig === this.replaySig) return;
    this.replaySig = sig;
    if (!playable(events)) return setChildren(this.el.replay);
    const open = h(
      'button',
      { type: 'button', 'data-testid': 'replay-open' },
      'Play the session replay',
    );
    const box = h('div', { class: 'replay-box' });
    open.addEventListener('click', () => {
      const close = h('button', { type: 'button', 'data-testid': 'replay-close' }, 'Close');
      close.addEventListener('click', () => {
        this.stopReplay();
        this.renderReplay();
      });
      setChildren(
        this.el.replay,
        h('div', { class: 'replay-head' }, h('h2', {}, 'Replay'), close),
        box,
      );
      this.closeReplay = openReplay(box, events);
    });
    setChildren(
      this.el.replay,
      h(
        'div',
        { class: 'replay-head' },
        open,
        h('span', { class: 'muted' }, `${events.length} recorded rrweb events (masked)`),
      ),
    );
  }

  private renderSessionHead(): void {
    this.renderReplay();
    const s = this.selectedSession();
    if (!s) {
      const demo = this.demoUrl;
      const sig = `empty ${demo ?? ''}`;
      if (this.headSig === sig) return;
      this.headSig = sig;
      setChildren(
        this.el.sessionHead,
        h('h1', {}, 'No session selected'),
        demo
          ? h(
              'p',
              { class: 'muted', 'data-testid': 'empty-state' },
              'Nothing has arrived yet. Open the demo site at ',
              h('a', { href: demo, target: '_blank', rel: 'noopener' }, demo),
              ' and click around: its sessions appear here as their events are accepted.',
            )
          : h(
              'p',
              { class: 'muted', 'data-testid': 'empty-state' },
              "Nothing has arrived yet. Point an app at this emulator: set the client's ",
              h('code', {}, 'endpoint'),
              ' (and, for anonymous credentials, ',
              h('code', {}, 'cognitoEndpoint'),
              ' and ',
              h('code', {}, 'stsEndpoint'),
              ') to ',
              h('code', {}, location.origin),
              ', as docs/emulator.md shows in “Point a real app at it during development”. ' +
                'Its sessions appear here as their events are accepted.',
            ),
      );
      return;
    }
    this.headSig = '';
    const first = num(s.firstAt) ?? 0;
    const last = num(s.lastAt) ?? 0;
    const field = (label: string, value: string | undefined, testid?: string) =>
      value
        ? h(
            'div',
            {},
            h('dt', {}, label),
            h('dd', testid ? { class: 'id', title: value, 'data-testid': testid } : {}, value),
          )
        : null;
    setChildren(
      this.el.sessionHead,
      h('h1', {}, 'Session ', h('code', { class: 'id' }, str(s.sessionId) ?? '')),
      h(
        'dl',
        { class: 'facts' },
        field('user', str(s.userId), 'session-user'),
        field('app monitor', str(s.appMonitorId), 'session-app-monitor'),
        field('browser', [str(s.browser), str(s.os), str(s.device)].filter(Boolean).join(' · ')),
        field(
          'active',
          `${formatDateTime(first)} → ${formatClock(last)} (${formatDuration(last - first)})`,
        ),
        field('pages', (Array.isArray(s.pages) ? s.pages : []).join(', ')),
      ),
    );
  }

  private renderNavCounts(): void {
    const s = this.selectedSession();
    const diag = this.shown ? this.diagnostics.get(this.shown) : undefined;
    const problems = diagnosticFindings(diag?.report).filter((f) => f.level === 'problem').length;
    const counts: Partial<Record<SectionId, string>> = {
      timeline: String(this.selectedEvents().length),
      errors: String(num(s?.errors) ?? this.errors.size),
      http: String(this.http.size),
      requests: String(this.requestList.size),
      diagnostics: problems ? `${problems}!` : '',
    };
    for (const [id, el] of this.navCounts) {
      setText(el, counts[id] ?? '');
      el.classList.toggle(
        'bad',
        (id === 'errors' && counts.errors !== '0') || (id === 'diagnostics' && problems > 0),
      );
    }
  }

  // ---- timeline --------------------------------------------------------------------------------

  private renderTypeOptions(): void {
    const counts = new Map<string, number>();
    for (const e of this.selectedEvents())
      counts.set(e.event.type, (counts.get(e.event.type) ?? 0) + 1);
    const types = [...counts.keys()].sort((a, b) => shortType(a).localeCompare(shortType(b)));
    const sig = safeJson(
      types.map((t) => [t, counts.get(t)]),
      0,
    );
    if (sig === this.typeOptionsSig) return;
    this.typeOptionsSig = sig;
    const select = this.el.typeSelect as HTMLSelectElement;
    setChildren(
      select,
      h('option', { value: '' }, `all types (${this.selectedEvents().length})`),
      ...types.map((t) =>
        h(
          'option',
          { value: t, selected: t === this.typeFilter },
          `${shortType(t)} (${counts.get(t)})`,
        ),
      ),
    );
    select.value = counts.has(this.typeFilter) ? this.typeFilter : '';
  }

  private refilterTimeline(): void {
    const type = this.typeFilter;
    const text = this.textFilter;
    this.timeline.setFilter(
      (e) =>
        (!type || e.event.type === type) &&
        (!text ||
          `${shortType(e.event.type)} ${eventPage(e)} ${summarizeEvent(e.event)}`
            .toLowerCase()
            .includes(text)),
    );
    this.timeline.reset(this.selectedEvents());
  }

  private timelineRow(e: StoredEvent): HTMLElement {
    const t = eventTimeMs(e);
    const type = str(e.event.type) ?? '';
    const line = h(
      'div',
      { class: 'line timeline-cols', role: 'button', tabindex: 0, 'aria-expanded': 'false' },
      h('span', { class: 'mono muted', title: formatDateTime(t) }, formatClock(t)),
      h('span', { class: `type cat-text-${categoryOf(type)}`, title: type }, shortType(type)),
      h('span', { class: 'mono page', title: eventPage(e) }, eventPage(e)),
      h('span', { class: 'summary' }, summarizeEvent(e.event)),
    );
    const row = h(
      'div',
      { class: 'row', 'data-testid': 'timeline-row', 'data-seq': num(e.seq), 'data-type': type },
      line,
    );
    let detail: HTMLElement | undefined;
    const toggle = () => {
      if (detail) {
        detail.remove();
        detail = undefined;
        line.setAttribute('aria-expanded', 'false');
        row.classList.remove('open');
        return;
      }
      detail = eventDetail(e);
      row.appendChild(detail);
      line.setAttribute('aria-expanded', 'true');
      row.classList.add('open');
    };
    line.addEventListener('click', toggle);
    line.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        toggle();
      }
    });
    return row;
  }

  // ---- errors and HTTP -------------------------------------------------------------------------

  private errorRow(e: StoredEvent): HTMLElement {
    const info = errorInfo(e.event);
    const t = eventTimeMs(e);
    return h(
      'div',
      { class: 'row error', 'data-testid': 'error-row', 'data-seq': num(e.seq) },
      h(
        'div',
        { class: 'error-head' },
        h('span', { class: 'error-type' }, info.type),
        h('span', { class: 'error-message' }, info.message),
      ),
      h(
        'div',
        { class: 'muted small' },
        h('span', { class: 'mono', title: formatDateTime(t) }, formatClock(t)),
        ' · page ',
        h('span', { class: 'mono' }, eventPage(e) || '—'),
        info.where && ' · ',
        info.where && h('span', { class: 'mono' }, info.where),
      ),
      info.stack
        ? h('pre', { class: 'stack' }, info.stack)
        : h('p', { class: 'muted small' }, 'No stack trace.'),
    );
  }

  private httpRow(e: StoredEvent): HTMLElement {
    const info = httpDetails(e.event.details);
    const t = eventTimeMs(e);
    const duration =
      info.durationMs ??
      (info.traceId !== undefined ? this.durations.get(info.traceId) : undefined);
    const outcome = httpOutcome(info);
    return h(
      'div',
      { class: 'row line http-cols', 'data-testid': 'http-row', 'data-seq': num(e.seq) },
      h('span', { class: 'mono muted', title: formatDateTime(t) }, formatClock(t)),
      h('span', { class: 'mono' }, info.method),
      h('span', { class: 'mono url', title: info.url }, info.url || '(not recorded)'),
      h(
        'span',
        { class: `status status-${outcome}`, title: info.error ?? info.statusText ?? '' },
        info.error
          ? info.error
          : `${info.status ?? '?'}${info.statusText ? ' ' + info.statusText : ''}`,
      ),
      h('span', { class: 'mono' }, duration !== undefined ? formatDuration(duration) : ''),
      h('span', { class: 'mono muted trace', title: info.traceId ?? '' }, info.traceId ?? ''),
    );
  }

  // ---- vitals ----------------------------------------------------------------------------------

  /** The selected session's worst value of each vital, and the page where it happened. */
  private sessionVitals(): Partial<Record<VitalKey, WorstVital>> {
    return worstVitals(this.selectedEvents());
  }

  private renderVitalCards(): void {
    const worst = this.sessionVitals();
    const cards = VITALS.map((def) => {
      const w = worst[def.key];
      return vitalCard(def.key, w?.value, {
        testid: 'vital-card',
        page: w?.page,
        note: w ? `worst, on ${w.page || 'an unnamed page'}` : '',
        title: `${def.name}: the worst value in this session`,
      });
    });
    setChildren(this.el.vitalCards, ...cards);
  }

  private renderDistributions(): void {
    const worst = this.sessionVitals();
    const total = this.pageViewVitals.size;
    setText(
      this.el.distNote,
      total
        ? `One value per page view (its worst, when it reported more than one), from ` +
            `${plural(this.sessions.length, 'session')}; the dashed line marks this session's worst value.`
        : 'No web vitals recorded yet.',
    );
    setChildren(
      this.el.p75Cards,
      ...VITALS.map((def) => {
        const p = vitalP75(def.key, this.pageViewVitals.values(def.key));
        return vitalCard(def.key, p?.value, {
          testid: 'vital-p75',
          note: p ? `p75 of ${plural(p.count, 'page view')}` : '',
          title: `${def.name}: the 75th percentile across all sessions' page views`,
        });
      }),
    );
    setChildren(
      this.el.distributions,
      ...VITALS.map((def) => {
        const values = this.pageViewVitals.values(def.key);
        return h(
          'figure',
          { class: 'dist', 'data-vital': def.key },
          h('figcaption', {}, h('b', {}, def.label), ` ${plural(values.length, 'page view')}`),
          distributionChart(def, values, worst[def.key]?.value),
        );
      }),
    );
  }

  // ---- overview --------------------------------------------------------------------------------

  private renderOverview(): void {
    const events = this.chartScope === 'all' ? this.events : this.selectedEvents();
    const data = bucketEvents(
      events.map((e) => ({ at: eventTimeMs(e), category: categoryOf(e.event.type) })),
    );
    setChildren(this.el.overviewChart, timeChart(data));
    setText(
      this.el.overviewNote,
      data.buckets.length
        ? `${plural(events.length, 'event')}, ${formatDuration(data.step)} per bar`
        : '',
    );
  }

  // ---- requests --------------------------------------------------------------------------------

  private resetRequests(): void {
    this.requestList.reset(
      this.allRequests
        ? this.putRequests
        : (this.shown !== undefined && this.requestsBySession.get(this.shown)) || [],
    );
    this.renderNavCounts();
  }

  private requestRow(r: RequestRecord): HTMLElement {
    const verdict = requestVerdict(r);
    const reason = rejectionReason(r);
    const sessions = Array.isArray(r.sessionIds) ? r.sessionIds : [];
    return h(
      'div',
      {
        class: `row request verdict-${verdict}`,
        'data-testid': 'request-row',
        'data-verdict': verdict,
        'data-seq': num(r.seq),
      },
      h(
        'div',
        { class: 'line request-cols' },
        h('span', { class: 'mono muted', title: formatDateTime(r.at) }, formatClock(r.at)),
        h('span', { class: 'mono' }, String(num(r.eventCount) ?? '—')),
        h('span', { class: `pill ${verdict === 'accepted' ? 'pill-good' : 'pill-bad'}` }, verdict),
        h('span', { class: 'mono signer', title: describeSigner(r) }, describeSigner(r)),
        h('span', {}, requestTransport(r)),
      ),
      reason && h('div', { class: 'reason' }, `${r.status ? `HTTP ${r.status} · ` : ''}${reason}`),
      this.allRequests &&
        sessions.length > 0 &&
        h('div', { class: 'muted small' }, 'sessions: ', sessions.map(shortId).join(', ')),
    );
  }

  // ---- diagnostics -----------------------------------------------------------------------------

  private renderDiagnostics(): void {
    const entry = this.shown !== undefined ? this.diagnostics.get(this.shown) : undefined;
    const sig = entry ? safeJson(entry, 0) : this.shown === undefined ? 'none' : 'missing';
    if (sig === this.diagnosticsSig) return;
    this.diagnosticsSig = sig;
    const box = this.el.diagnostics;
    if (!entry) {
      box.dataset.state = 'missing';
      setChildren(
        box,
        h(
          'p',
          { class: 'empty' },
          'No diagnostics report from this session. The client posts the result of ' +
            "cwr('diagnose') here when it is set up to.",
        ),
      );
      return;
    }
    const report = obj(entry.report);
    const findings = diagnosticFindings(report);
    box.dataset.state = findings.some((f) => f.level === 'problem') ? 'problems' : 'ok';
    const session = obj(report.session);
    const creds = obj(report.credentials);
    const last = obj(report.lastDispatch);
    const fact = (label: string, value: unknown, bad = false) =>
      h(
        'div',
        { class: bad ? 'bad' : '' },
        h('dt', {}, label),
        h('dd', {}, value === undefined || value === null || value === '' ? '—' : String(value)),
      );
    setChildren(
      box,
      h(
        'p',
        { class: 'muted small' },
        'Report posted at ',
        h('span', { class: 'mono' }, formatDateTime(num(entry.at) ?? 0)),
      ),
      findings.length
        ? h(
            'ul',
            { class: 'findings' },
            ...findings.map((f) => h('li', { class: `finding finding-${f.level}` }, f.text)),
          )
        : h('p', { class: 'ok-note' }, 'No problems reported.'),
      h(
        'dl',
        { class: 'facts' },
        fact('enabled', report.enabled, report.enabled === false),
        fact('sampled', session.sampled, session.sampled === false),
        fact(
          'events recorded',
          `${num(session.eventsRecorded) ?? '?'} of ${num(session.eventLimit) ?? '?'}`,
        ),
        fact(
          'credentials',
          creds.signing === false
            ? 'signing off'
            : `${creds.available ? 'available' : 'none'}${str(creds.source) ? ` — ${creds.source}` : ''}`,
          creds.available === false && report.enabled !== false,
        ),
        fact('pending events', report.pending),
        fact(
          'last dispatch',
          Object.keys(last).length
            ? `${last.ok === false ? 'failed' : 'ok'}${num(last.status) ? ` (HTTP ${last.status})` : ''}` +
                `${num(last.events) !== undefined ? `, ${plural(last.events as number, 'event')}` : ''}` +
                `${num(last.at) ? ` at ${formatClock(last.at as number)}` : ''}`
            : 'none yet',
          last.ok === false,
        ),
      ),
      h(
        'details',
        {},
        h('summary', {}, 'Full report'),
        h('pre', { class: 'json' }, safeJson(report)),
      ),
    );
  }
}

/** The expanded part of a timeline row: ids, then details and metadata as pretty JSON. */
function eventDetail(e: StoredEvent): HTMLElement {
  const facts: [string, string][] = [
    ['event id', str(e.event.id) ?? ''],
    ['seq', String(num(e.seq) ?? '')],
    ['type', str(e.event.type) ?? ''],
    ['timestamp', formatDateTime(eventTimeMs(e))],
    ['received', num(e.receivedAt) ? formatDateTime(e.receivedAt) : ''],
    ['batch', str(e.batchId) ?? ''],
    ['signed', e.presigned ? 'presigned URL' : e.signed ? 'yes' : 'no'],
    ['access key', str(e.accessKeyId) ?? ''],
  ];
  return h(
    'div',
    { class: 'event-detail' },
    h(
      'dl',
      { class: 'facts' },
      ...facts
        .filter(([, v]) => v)
        .map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', { class: 'mono' }, v))),
    ),
    h(
      'div',
      { class: 'json-pair' },
      h('div', {}, h('h4', {}, 'details'), h('pre', { class: 'json' }, safeJson(e.event.details))),
      h(
        'div',
        {},
        h('h4', {}, 'metadata'),
        h('pre', { class: 'json' }, safeJson(e.event.metadata)),
      ),
    ),
  );
}

/** A vital's card: its value rated by the thresholds, a note on what the value is. */
function vitalCard(
  key: VitalKey,
  value: number | undefined,
  o: { testid: string; note: string; title: string; page?: string },
): HTMLElement {
  const def = VITALS.find((d) => d.key === key) as (typeof VITALS)[number];
  const rating = value === undefined ? undefined : rateVital(key, value);
  return h(
    'div',
    {
      class: `vital-card ${rating ? `rating-${rating}` : 'rating-none'}`,
      'data-testid': o.testid,
      'data-vital': key,
      'data-rating': rating,
      'data-page': value === undefined ? undefined : o.page,
      title: o.title,
    },
    h('div', { class: 'vital-label' }, def.label),
    h('div', { class: 'vital-value' }, value === undefined ? '—' : formatVital(key, value)),
    h('div', { class: 'vital-rating' }, rating ? RATING_LABEL[rating] : 'no value'),
    o.note && h('div', { class: 'vital-page' }, o.note),
    h(
      'div',
      { class: 'vital-thresholds muted' },
      `good ≤ ${formatVital(key, def.good)} · poor > ${formatVital(key, def.poor)}`,
    ),
  );
}

/** Rows under a header that scroll sideways inside their section when the screen is narrow. */
function scrollTable(testid: string, head: HTMLElement, rows: HTMLElement): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', 'data-testid': testid },
    h('div', { class: 'table' }, head, rows),
  );
}

/** `url` when it is an absolute http(s) URL (safe to link to), else undefined. */
function httpUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Build the viewer in `root` and start following the emulator. */
export function startViewer(root: HTMLElement, options?: ViewerOptions): Viewer {
  const viewer = new Viewer(root, options);
  viewer.start();
  return viewer;
}
