import { browserInfo, pageTitle } from '../browser/page';
import type { EventCache } from '../domain/event-cache';
import { RUM } from '../domain/event-types';
import {
  clip,
  configAttributes,
  detectPlatform,
  MAX_CUSTOM_ATTRIBUTES,
  sanitizeMetadata,
  validAttributes,
} from '../domain/metadata';
import { MAX_EVENT_BYTES, SCHEMA_VERSION } from '../domain/rules';
import type { Session, SessionPage, Sessions } from '../domain/session';
import type { Clock } from '../tools/clock';
import { uuid } from '../tools/ids';
import { own } from '../tools/own';
import { VERSION } from '../version';
import type { Attributes, Config } from './config';
import type { Tell } from '../domain/types';
import { errorText, type Problems } from './problems';

export type MetadataHook = (
  type: string,
  data: object,
  metadata: Record<string, unknown>,
) => Record<string, unknown>;

export type Pushed = [
  session: Session,
  type: string,
  details: object,
  extra?: Record<string, unknown>,
];

export interface AssemblyDeps {
  config: Config;
  client: string;
  clock: Clock;
  sessions: Sessions;
  cache: EventCache;
  problems: Problems;
  /** Recording now? (enabled, and the page is one of config.pagesToInclude/Exclude) */
  open: () => boolean;
  /** The page id of the current location. */
  here: () => string;
  /** An event was queued. */
  added: () => void;
}

/**
 * Every event's last steps: the session's gates (sampled, under the limit), the metadata it
 * carries (built once per change), the app's hooks (the metadata hook, then `beforeSend`),
 * the size limit, and the queue.
 */
export const createAssembly = (d: AssemblyDeps) => {
  const { config, clock, sessions, cache, problems, open, here, added } = d;
  const { say, sayOnce } = problems;
  const tell: Tell = (key, data) => say('warn', key, data);
  let view: SessionPage | undefined;
  let pageTags: string[] | undefined;
  let pageAttributes: Attributes = {};
  let metadataHook: MetadataHook | undefined;
  let droppedOverLimit = 0;

  const [userAgent, userAgentData, language, hostname] = browserInfo();
  const platform = detectPlatform(userAgent, userAgentData);
  // A config attribute left out is a config problem: listed by diagnose() too.
  const configured = configAttributes(config, (key, data) =>
    problems.problem(`${key}:${String(data.source)}.${String(data.key)}`, data),
  );
  const appAttributes = configured.application;
  let sessionAttributes = configured.session;
  const baseMetadata: Record<string, unknown> = {
    version: SCHEMA_VERSION,
    domain: hostname,
    browserLanguage: language,
    // What could not be told (say, the OS version on Linux) is left out, not sent as 'unknown'.
    ...Object.fromEntries(Object.entries(platform).filter(([, v]) => v !== 'unknown')),
    platformType: 'web',
    'aws:client': d.client,
    'aws:clientVersion': VERSION,
  };
  if (config.releaseId) baseMetadata['aws:releaseId'] = config.releaseId;

  // The metadata JSON is the same for every event on a page: build it once per change.
  let metadataJson: string | undefined;
  let metadataTitle = '';
  let titleCheckedAt = 0;
  const metadata = (): Record<string, unknown> => {
    const m: Record<string, unknown> = { ...baseMetadata };
    // Before the first page view (session_start, or with disableAutoPageView) the page id
    // is still the location's.
    m.pageId = view?.pageId ?? here();
    if (view) {
      m.interaction = view.interaction;
      if (view.parentPageId) m.parentPageId = view.parentPageId;
      if (pageTags?.length) m.pageTags = pageTags;
    }
    // Not the page's URL: its query string and fragment may hold tokens or personal data.
    // The page id (config.pageIdFormat) names the page; a metadata hook may add more.
    // Validated when they were set (domain/metadata.ts: what they may replace), at most 10.
    // As in the predecessor, the document's title replaces an app or session attribute
    // `title`; a page view's pageAttributes replace it.
    return Object.assign(
      m,
      appAttributes,
      sessionAttributes,
      { title: clip(pageTitle()) },
      pageAttributes,
    );
  };
  const customAttributes = (): Attributes => ({
    ...appAttributes,
    ...sessionAttributes,
    ...pageAttributes,
  });
  /** Room left for new custom attributes, besides those in `except`. */
  const room = (except: Attributes = {}) =>
    MAX_CUSTOM_ATTRIBUTES - Object.keys(customAttributes()).filter((k) => !(k in except)).length;
  const invalidate = () => (metadataJson = undefined);

  /** Events the app's hooks recorded while one ran (beforeSend calling recordEvent). */
  const fromHooks: Pushed[] = [];
  /** 0: no hook is running; 1: a hook of an app's event; 2: a hook of an event a hook recorded. */
  let hookDepth = 0;
  /**
   * Queues one event of `session`. An event recorded from inside beforeSend or the metadata
   * hook waits until the hook has returned (no recursion, and it is counted against the limit
   * like any other); one recorded by a hook of such an event is dropped (no endless chain).
   * Returns the event's id when it was queued then.
   */
  const push = (...args: Pushed): string | void => {
    if (hookDepth) {
      if (hookDepth > 1) return sayOnce('warn', 'hook-chain');
      fromHooks.push(args);
      return;
    }
    const id = pushNow(args, 1);
    // Each waits its turn, with its own hooks (whose recordings are dropped).
    for (let next; (next = fromHooks.shift());) pushNow(next, 2);
    return id;
  };

  /** The event's metadata as JSON, after the app's hooks; undefined: beforeSend dropped it. */
  const hooked = (
    type: string,
    details: object,
    extra: Record<string, unknown> | undefined,
    depth: number,
  ): [string, object] | void => {
    const { beforeSend } = config;
    let m = { ...metadata(), ...extra };
    // What a hook returns, made safe; the schema's required fields stay the client's.
    const replace = (given: unknown, source: string) => {
      if (given && typeof given === 'object')
        m = {
          ...sanitizeMetadata(given as Record<string, unknown>, source, (key, data) =>
            sayOnce('warn', key, data, `${key}:${String(data.key)}`),
          ),
          version: SCHEMA_VERSION,
          domain: m.domain,
        };
    };
    hookDepth = depth;
    try {
      // The hook may add, change or remove metadata (say, redact the URL).
      if (metadataHook) replace(metadataHook(type, details, m), 'the event metadata hook');
      if (beforeSend) {
        // The site's last word: scrub or drop. An exception drops the event (fail closed).
        let e: ReturnType<typeof beforeSend> = false;
        try {
          e = beforeSend({ type, details, metadata: m });
        } catch (x) {
          sayOnce('error', 'before-send', { error: errorText(x) });
        }
        if (!e || typeof e !== 'object') return;
        const given = own(e, 'details');
        if (given && typeof given === 'object') details = given;
        replace(own(e, 'metadata'), 'config.beforeSend');
      }
    } finally {
      hookDepth = 0;
    }
    return [JSON.stringify(m), details];
  };

  const pushNow = ([session, type, details, extra]: Pushed, depth: number): string | void => {
    if (!session.record || !open()) return;
    if (!sessions.hasRoom(session)) {
      droppedOverLimit++;
      problems.problem('event-limit', { limit: config.sessionEventLimit });
      return;
    }
    let meta: string;
    const now = clock.now();
    // (Config types every option as set; this one is optional.)
    const beforeSend = config.beforeSend as Config['beforeSend'] | undefined;
    if (extra || metadataHook || beforeSend) {
      const out = hooked(type, details, extra, depth);
      if (!out) return;
      [meta, details] = out;
    } else {
      // Apps retitle the page after route changes; look at the title a few times a second
      // rather than on every event (document.title walks the DOM).
      if (now - titleCheckedAt > 250) {
        titleCheckedAt = now;
        const title = pageTitle();
        if (metadataTitle !== title) {
          metadataTitle = title;
          metadataJson = undefined;
        }
      }
      meta = metadataJson ??= JSON.stringify(metadata());
    }
    let json: string;
    try {
      json = JSON.stringify(details);
    } catch (e) {
      say('warn', 'event-json', { type, error: e });
      return;
    }
    // (The service's limit for custom events; built-in ones, like rrweb's, may be larger.)
    if (json.length + meta.length > MAX_EVENT_BYTES && !type.startsWith(RUM)) {
      say('warn', 'event-size', { type });
      return;
    }
    const id = uuid();
    const queued = cache.add({
      event: { id, timestamp: now / 1000, type, details: json, metadata: meta },
      sessionId: session.sessionId,
      userId: session.userId,
    });
    if (!queued) {
      sayOnce('warn', 'cache-full', { size: config.eventCacheSize });
      return;
    }
    sessions.count(session);
    added();
    return id;
  };

  return {
    push,
    invalidate,
    /** The page view events are of now (undefined before the first). */
    view: () => view,
    /** The page a reload resumes (no page view): events are of it again. */
    resume(page: SessionPage): void {
      view = page;
      invalidate();
    },
    /** A new page view: its page, tags and attributes replace the last one's. */
    setView(page: SessionPage | undefined, tags?: unknown, attributes?: unknown) {
      view = page;
      if (page) {
        pageTags = Array.isArray(tags) ? tags.filter((t) => typeof t === 'string') : undefined;
        pageAttributes = validAttributes(
          attributes ?? {},
          'recordPageView pageAttributes',
          room(pageAttributes),
          undefined,
          tell,
        );
      }
      invalidate();
    },
    /** recordEvent's own metadata, validated against what the event already carries. */
    eventAttributes: (extra: unknown) =>
      validAttributes(extra, 'recordEvent metadata', room(), customAttributes(), tell),
    addSessionAttributes(attrs: unknown): void {
      sessionAttributes = {
        ...sessionAttributes,
        ...validAttributes(attrs, 'addSessionAttributes', room(), sessionAttributes, tell),
      };
      invalidate();
    },
    setMetadataHook(hook: unknown): void {
      if (typeof hook !== 'function') return say('error', 'metadata-hook');
      const user = hook as MetadataHook;
      metadataHook = (t, data, m) => {
        try {
          return user(t, data, m);
        } catch (e) {
          say('error', 'metadata-hook-threw', { error: e });
          return m;
        }
      };
    },
    clearMetadataHook(): void {
      metadataHook = undefined;
    },
    /** Events dropped at the session's event limit. */
    droppedOverLimit: () => droppedOverLimit,
  };
};

export type Assembly = ReturnType<typeof createAssembly>;
