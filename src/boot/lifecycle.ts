import { onCspViolation } from '../browser/csp';
import { onPageHide } from '../browser/lifecycle';
import { pageVisible } from '../browser/page';
import type { KeyValueStore } from '../browser/storage';
import type { EventCache } from '../domain/event-cache';
import type { Tell } from '../domain/types';
import type { Sessions } from '../domain/session';
import type { Clock } from '../tools/clock';
import { monitor, reportInternalError } from '../tools/monitor';
import type { Dispatcher } from '../transport/dispatcher';
import { createOutbox } from '../transport/outbox';
import type { Config } from './config';

/** localStorage holds about 5 million characters per site; the saved backlog takes at most 2. */
const OUTBOX_MAX_CHARS = 2_000_000;

export interface LifecycleDeps {
  appMonitorId: string;
  config: Config;
  clock: Clock;
  store: KeyValueStore;
  cache: EventCache;
  dispatcher: Dispatcher;
  sessions: Sessions;
  /** The page hides: finish the start and let the plugins record what they held back. */
  hiding: () => void;
  /** Back from the back-forward cache: the page view of the page the visitor is on again. */
  restored: () => void;
  /** A Content-Security-Policy blocked a request to this URL. */
  blocked: (uri: string, directive: string) => void;
  /** The outbox's debug notes, by message key. */
  note?: Tell;
}

/**
 * The page's lifecycle as one client lives it: at hide, the session is saved and what waits is
 * sent within the beacon quota, the rest kept in localStorage (the outbox) for the next page of
 * the site; shown again, that backlog is taken back; back from the back-forward cache, sending
 * starts again and the visitor is on a page view again.
 */
export const startLifecycle = (d: LifecycleDeps) => {
  const { config, cache, dispatcher, sessions } = d;
  // Events an earlier page (or this one, before it was hidden) could not send.
  const outbox = createOutbox(
    d.store,
    'cwr_q_' + d.appMonitorId,
    {
      // A backlog holds no more than one session may record (saved events were counted).
      maxEvents: Math.min(config.eventCacheSize, config.sessionEventLimit || Infinity),
      maxChars: OUTBOX_MAX_CHARS,
      maxAgeMs: config.sessionLengthSeconds * 1000,
    },
    () => d.clock.now(),
    d.note,
  );
  const restore = () => {
    // What fits the event cache beside what this page has recorded already.
    const saved = outbox.restore().slice(0, Math.max(0, config.eventCacheSize - cache.size));
    if (!saved.length) return;
    cache.putBack(saved);
    dispatcher.schedule();
  };
  const stopHide = onPageHide(
    () => {
      d.hiding();
      sessions.persist();
      // Send what the beacon quota allows; keep the rest for the next page.
      dispatcher
        .flushOnHide()
        .catch(reportInternalError)
        .then(
          monitor(() => {
            // Shown again meanwhile: keep sending from here.
            if (pageVisible()) return;
            const left = cache.takeAll();
            const saved = outbox.save(left);
            if (saved < left.length) cache.putBack(left.slice(saved));
          }),
        );
    },
    restore,
    () => {
      // Back from the back-forward cache. Other pages of the site may have moved the session
      // on; the visitor is on this page again: a page view, after the page they came from
      // (none when it is still this one), but no load timing, since nothing was loaded.
      dispatcher.restored();
      sessions.reread();
      d.restored();
    },
  );
  // A Content-Security-Policy that blocks the client's own requests or chunks: the
  // diagnostics chunk decides whether the blocked URL is ours and says what to add.
  const stopCsp = onCspViolation(d.blocked);
  return {
    /** Takes back the events an earlier page saved. */
    restore,
    stop(): void {
      stopHide();
      stopCsp();
    },
  };
};
