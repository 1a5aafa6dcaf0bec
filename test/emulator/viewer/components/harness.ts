// What the component tests share: a store fed like the emulator feeds it, and a watch on the DOM
// that says which elements an update touched.
import type { SyncResult } from '../../../../emulator/viewer/api';
import { ViewerStore } from '../../../../emulator/viewer/state';
import { T0, ev, putRequest, report, resetSeq } from '../fixtures';

export const A = 'aaaaaaaa-session';
export const B = 'bbbbbbbb-session';

export const sync = (o: Partial<SyncResult> = {}): SyncResult => ({
  reset: false,
  events: [],
  requests: [],
  diagnostics: [],
  ...o,
});

/** Two sessions (B the newer, so shown) with a little of everything. */
export function seeded(): ViewerStore {
  resetSeq();
  const store = new ViewerStore();
  store.apply(
    sync({
      events: [
        ev(A, 'session_start_event', {}, { at: T0 }),
        ev(A, 'largest_contentful_paint_event', { value: 5000 }, { at: T0 + 1000 }),
        ev(B, 'session_start_event', {}, { at: T0 + 60_000 }),
        ev(B, 'page_view_event', { pageId: '/' }, { at: T0 + 60_000 }),
        ev(B, 'js_error_event', { type: 'TypeError', message: 'boom' }, { at: T0 + 61_000 }),
        ev(
          B,
          'http_event',
          { request: { method: 'GET', url: 'https://api.example/a' }, response: { status: 200 } },
          { at: T0 + 62_000 },
        ),
        ev(B, 'largest_contentful_paint_event', { value: 2400 }, { at: T0 + 63_000 }),
      ],
      requests: [putRequest(1, { sessionIds: [A] }), putRequest(2, { sessionIds: [B] })],
      diagnostics: [report(B)],
    }),
  );
  return store;
}

/** Records every change under `el`; each call says what changed since the one before. */
export function watch(el: Node): { touched(): Node[]; count(): number } {
  const observer = new MutationObserver(() => undefined);
  observer.observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
  return {
    /** The nodes changed (for text, the text node; for children, their parent). */
    touched: () => observer.takeRecords().map((r) => r.target),
    count: () => observer.takeRecords().length,
  };
}

/** Whether every node is `part` or inside it. */
export const allWithin = (nodes: Node[], part: Node): boolean =>
  nodes.length > 0 && nodes.every((n) => n === part || part.contains(n));

export { T0, ev, putRequest, report };
