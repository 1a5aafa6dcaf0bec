// The viewer page: the header, the sessions list on the left, and every section of the shown
// session stacked on the right, each a component (components/) that renders from the state and
// changes only what changed. This module composes them, owns the state (state.ts), follows the
// emulator (api.ts: Server-Sent Events or polling), and passes each new state down; what a person
// does comes up through the callbacks given to the components.

import { Api, type FetchLike, type SyncResult } from './api';
import { Live, type LiveState } from './live';
import { createDiagnostics } from './components/diagnostics';
import { createErrors } from './components/errors';
import { createFrustration } from './components/frustration';
import { createHeader } from './components/header';
import { createHttp } from './components/http';
import { createOverview } from './components/overview';
import { createPageLoads } from './components/page-loads';
import type { Component } from './components/parts';
import { createReplayCard } from './components/replay-card';
import { createRequests } from './components/requests';
import { createSectionNav } from './components/section-nav';
import { createSessionHead } from './components/session-head';
import { createSessionList } from './components/session-list';
import { createTimeline } from './components/timeline';
import { createUrlGroups } from './components/url-groups';
import { createVitals } from './components/vitals';
import { h, setChildren } from './dom';
import { ViewerStore, type ViewerState } from './state';

export interface ViewerOptions {
  fetch?: FetchLike;
  /** Pass `undefined` to poll instead of using Server-Sent Events. */
  EventSource?: typeof EventSource;
  confirm?: (message: string) => boolean;
  pollMs?: number;
  pageSize?: number;
}

export class Viewer {
  readonly api: Api;
  readonly live: Live;
  private readonly store: ViewerStore;
  private readonly parts: Component[];

  constructor(
    root: HTMLElement,
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
    this.store = new ViewerStore(fromHash ? safeDecode(fromHash) : undefined);

    const origin = location.origin;
    const pageSize = o.pageSize;
    const header = createHeader({ origin, onClear: () => void this.clear() });
    const sessions = createSessionList({
      onSelect: (id) => this.select(id, true),
      onFilter: (sessionFilter) => this.render(this.store.choose({ sessionFilter })),
    });
    const main = [
      createSessionHead({ origin }),
      createReplayCard(),
      createSectionNav(),
      createOverview({ onScope: (chartScope) => this.render(this.store.choose({ chartScope })) }),
      createTimeline({
        pageSize,
        onFilter: (change) =>
          this.render(this.store.choose({ timeline: { ...this.state.timeline, ...change } })),
      }),
      createErrors({ pageSize }),
      createHttp({ pageSize }),
      createVitals(),
      createPageLoads(),
      createFrustration(),
      createUrlGroups(),
      createRequests({
        pageSize,
        onAll: (allRequests) => this.render(this.store.choose({ allRequests })),
      }),
      createDiagnostics(),
    ];
    this.parts = [header, sessions, ...main];
    setChildren(
      root,
      header.el,
      h(
        'div',
        { class: 'layout' },
        sessions.el,
        h('main', { class: 'detail' }, ...main.map((c) => c.el)),
      ),
    );
    this.render(this.store.state);
  }

  get state(): ViewerState {
    return this.store.state;
  }

  start(): void {
    this.live.start();
  }

  stop(): void {
    this.live.stop();
  }

  /** Take in what a sync brought and patch the page. */
  apply(r: SyncResult): void {
    this.render(this.store.apply(r));
  }

  /** Show a session's sections (or an empty page when `id` is undefined). */
  select(id: string | undefined, byUser: boolean): void {
    if (byUser && id) history.replaceState(null, '', `#session=${encodeURIComponent(id)}`);
    this.render(this.store.select(id));
  }

  private render(state: ViewerState): void {
    for (const part of this.parts) part.update(state);
  }

  private showLive(state: LiveState, detail?: string): void {
    this.render(this.store.setLive(state, detail));
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
