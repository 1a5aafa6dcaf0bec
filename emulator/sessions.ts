import { RUM_PREFIX as PREFIX } from '../src/domain/rules';
import type { SessionSummary, StoredEvent } from './types';

/** The web-vital event types, by the key `SessionSummary.vitals` names them with. */
export const VITAL_TYPES: Readonly<Record<string, keyof SessionSummary['vitals']>> = {
  [`${PREFIX}largest_contentful_paint_event`]: 'lcp',
  [`${PREFIX}first_contentful_paint_event`]: 'fcp',
  [`${PREFIX}cumulative_layout_shift_event`]: 'cls',
  [`${PREFIX}interaction_to_next_paint_event`]: 'inp',
  [`${PREFIX}time_to_first_byte_event`]: 'ttfb',
  [`${PREFIX}first_input_delay_event`]: 'fid',
};

const ERROR_TYPE = `${PREFIX}js_error_event`;
const HTTP_TYPE = `${PREFIX}http_event`;
const PAGE_VIEW_TYPE = `${PREFIX}page_view_event`;

interface Entry {
  summary: SessionSummary;
  pages: Set<string>;
}

/**
 * One running summary per session (`UserDetails.sessionId`), kept up to date as events are
 * stored, so listing sessions does not go through every event again.
 */
export class SessionIndex {
  private entries = new Map<string, Entry>();

  add(stored: StoredEvent): void {
    const sessionId = stored.userDetails.sessionId;
    const at = Math.round(stored.event.timestamp * 1000);
    let entry = this.entries.get(sessionId);
    if (!entry) {
      entry = {
        summary: {
          sessionId,
          userId: stored.userDetails.userId,
          appMonitorId: stored.appMonitorId,
          firstAt: at,
          lastAt: at,
          events: 0,
          errors: 0,
          http: 0,
          pageViews: 0,
          pages: [],
          vitals: {},
        },
        pages: new Set(),
      };
      this.entries.set(sessionId, entry);
    }
    const s = entry.summary;
    const { type, metadata, details } = stored.event;
    s.events += 1;
    if (at < s.firstAt) s.firstAt = at;
    if (at > s.lastAt) s.lastAt = at;
    if (stored.userDetails.userId) s.userId = stored.userDetails.userId;

    if (type === ERROR_TYPE) s.errors += 1;
    else if (type === HTTP_TYPE) s.http += 1;
    else if (type === PAGE_VIEW_TYPE) s.pageViews += 1;

    const pageId =
      text(type === PAGE_VIEW_TYPE ? details.pageId : undefined) ?? text(metadata.pageId);
    if (pageId !== undefined && !entry.pages.has(pageId)) {
      entry.pages.add(pageId);
      s.pages.push(pageId);
    }

    const vital = VITAL_TYPES[type];
    if (vital && typeof details.value === 'number' && Number.isFinite(details.value)) {
      s.vitals[vital] = details.value;
    }

    const browser = joined(metadata.browserName, majorVersion(metadata.browserVersion));
    if (browser) s.browser = browser;
    const os = joined(metadata.osName, text(metadata.osVersion));
    if (os) s.os = os;
    const device = text(metadata.deviceType);
    if (device) s.device = device;
  }

  /** Every session, the most recently active first; copies the caller may keep. */
  summaries(): SessionSummary[] {
    return [...this.entries.values()]
      .map(({ summary }) => ({
        ...summary,
        pages: [...summary.pages],
        vitals: { ...summary.vitals },
      }))
      .sort((a, b) => b.lastAt - a.lastAt);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A usable metadata string: present, not empty, and not the placeholder `unknown`. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== 'unknown' ? value : undefined;
}

/** `139.0.7258.5` → `139`: what a person needs to tell browsers apart. */
function majorVersion(value: unknown): string | undefined {
  return text(value)?.split('.')[0];
}

function joined(name: unknown, version: string | undefined): string | undefined {
  const n = text(name);
  if (!n) return undefined;
  return version ? `${n} ${version}` : n;
}
