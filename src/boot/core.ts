import { deferredChain } from '../auth/deferred-chain';
import { createCookieJar } from '../browser/cookies';
import { onLocationChange } from '../browser/history';
import { onPageHide } from '../browser/lifecycle';
import { type KeyValueStore, localStore } from '../browser/storage';
import { errorDetails } from '../domain/errors';
import { createEventCache } from '../domain/event-cache';
import {
  CUSTOM_TYPE_RE,
  JS_ERROR,
  MAX_EVENT_BYTES,
  PAGE_VIEW,
  RUM,
  SESSION_START,
} from '../domain/event-types';
import {
  clip,
  configAttributes,
  detectPlatform,
  MAX_CUSTOM_ATTRIBUTES,
  sanitizeMetadata,
  validAttributes,
} from '../domain/metadata';
import { isPageAllowed, nextPage, pageIdOf } from '../domain/page';
import { createSessions, type Session, type SessionPage } from '../domain/session';
import type { Plugin, PluginContext } from '../plugins/plugin';
import { DEFERRED_TELEMETRIES, TELEMETRIES } from '../plugins/telemetries';
import { createDispatcher } from '../transport/dispatcher';
import { createOutbox } from '../transport/outbox';
import {
  type AuthModule,
  type DiagnosticsModule,
  loadAuth as loadAuthChunk,
  loadDiagnostics as loadDiagnosticsChunk,
} from '../lazy/load';
import type { SigV4 } from '../transport/sigv4';
import { type Clock, systemClock } from '../tools/clock';
import { isUuid, uuid } from '../tools/ids';
import { logger } from '../tools/logger';
import { monitor, reportInternalError } from '../tools/monitor';
import { own } from '../tools/own';
import { VERSION } from '../version';
import type { Attributes, AwsRumConfig, Warn } from './config';
import { resolveConfig } from './config';
import type { Problem } from '../diagnostics/checks';
import type { ProblemData } from '../diagnostics/explain';

/** localStorage holds about 5 million characters per site; the saved backlog takes at most 2. */
const OUTBOX_MAX_CHARS = 2_000_000;
/** The longest the rest of the start waits for an idle moment of the page. */
const START_IDLE_TIMEOUT_MS = 1000;

export type MetadataHook = (
  type: string,
  data: object,
  metadata: Record<string, unknown>,
) => Record<string, unknown>;

export interface PageViewInput {
  pageId: string;
  pageTags?: string[];
  pageAttributes?: Attributes;
}

/** Seams for tests; production passes nothing and gets the browser's own. */
export interface CoreDeps {
  clock?: Clock;
  store?: KeyValueStore;
  fetch?: typeof fetch;
  sendBeacon?: (url: string, data: string) => boolean;
  random?: () => number;
  loadSigner?: () => Promise<SigV4>;
  loadAuth?: () => Promise<AuthModule>;
  loadDiagnostics?: () => Promise<DiagnosticsModule>;
  /** Runs the rest of the start when the page is idle (default: requestIdleCallback). */
  idle?: (fn: () => void) => void;
}

/**
 * The orchestrator: reads the config, gates every event on the session (sampled? under the
 * limit? page allowed?), stamps metadata, queues it, and hands batches to the dispatcher.
 */
export const createCore = (
  appMonitorId: string,
  appVersion: string,
  region: string,
  rawConfig: unknown,
  client: string,
  deps: CoreDeps = {},
) => {
  const problems: (Problem & { key: string; count: number; shown?: boolean })[] = [];
  /** A problem already in words: on the console and in diagnose() at once. */
  const show = (code: string, message: string, level: 'warn' | 'error' = 'warn') => {
    problems.push({ key: message, code, message, count: 1, shown: true });
    logger[level](message);
  };
  /**
   * A chunk file that could not be loaded, said once per file in words kept here (cwr-diag.js
   * may be the file missing); what needed it is then not reported as a problem of its own.
   */
  const chunk =
    <T>(load: () => Promise<T>) =>
    () =>
      load().catch((e) => {
        const m = String(e instanceof Error ? e.message : e);
        if (!problems.some((p) => p.key == m)) show('chunk-missing', m, 'error');
        throw e;
      });
  const loadDiagnostics = chunk(deps.loadDiagnostics ?? loadDiagnosticsChunk);
  /**
   * Reports a problem once per key: a console warning, and an entry in diagnose() that counts
   * repeats. The words come from the diagnostics chunk (cwr-diag.js): only a page with a
   * problem loads them.
   */
  const problem = (key: string, data: ProblemData = {}) => {
    const known = problems.find((p) => p.key === key);
    if (known) return void known.count++;
    // Counted here while its words load; shown (console, diagnose()) once they have.
    const entry = { key, code: key, message: `${key} (see docs/troubleshooting.md)`, count: 1 };
    problems.push(entry);
    const kind = key.split(':')[0];
    loadDiagnostics()
      .then((m) => m.describeProblem(kind, data, explainContext()))
      .catch(() => entry)
      .then((p) => {
        problems.splice(problems.indexOf(entry), 1);
        // Not a problem after all (a CSP report about someone else's URL).
        if (!p) return;
        // Keys the words give another code (refusals, blocked URLs) are counted by that code;
        // keys of one kind (each unknown option) stay apart.
        const same = p.code != kind && problems.find((x) => x.shown && x.code === p.code);
        if (same) return void (same.count += entry.count);
        problems.push(Object.assign(entry, p, { shown: true }));
        logger.warn(entry.message);
      });
  };
  /**
   * A problem with the config, found at start. A bad or unknown option is put in words by the
   * diagnostics chunk (what it must be, or "did you mean"), like every problem.
   */
  const configProblem: Warn = (message, detail) =>
    detail
      ? problem(('known' in detail ? 'unknown-option:' : 'bad-option:') + message, {
          name: message,
          ...detail,
        })
      : show('config', message);
  let config: ReturnType<typeof resolveConfig>;
  try {
    config = resolveConfig(region, rawConfig, configProblem);
  } catch (e) {
    // A config object whose properties throw when read (a Proxy, a getter).
    show(
      'config',
      `config could not be read (${e instanceof Error ? e.message : 'it threw'}); using the defaults.`,
      'error',
    );
    config = resolveConfig(region, {}, configProblem);
  }
  logger.debugEnabled = config.debug;
  if (!isUuid(appMonitorId)) problem('app-monitor-id', { id: appMonitorId });
  const clock = deps.clock ?? systemClock;
  const store = deps.store ?? localStore();
  const suffix = config.cookieAttributes.unique ? '_' + appMonitorId : '';
  const cookies = createCookieJar(config.cookieAttributes);

  const nativeFetch = config.fetchFunction ?? deps.fetch ?? fetch.bind(window);
  const { identityPoolId } = config;
  const loadAuth = chunk(deps.loadAuth ?? loadAuthChunk);
  // The chain and its sources (the cwr_c cache, Cognito, STS) are in the auth chunk, loaded
  // in idle time by a page that signs; the app's credentials are checked here at once.
  const credentials = deferredChain(() =>
    loadAuth().then((m) =>
      m.createCredentials({
        clock,
        store,
        fetch: nativeFetch,
        cacheKey: 'cwr_c' + suffix,
        owner: { appMonitorId, identityPoolId },
        onForeign: (other) =>
          problem('foreign-credentials', { key: 'cwr_c' + suffix, owner: other.appMonitorId }),
        cognito: identityPoolId
          ? {
              name: `Cognito (identity pool ${identityPoolId}${config.guestRoleArn ? ', basic flow with STS' : ''})`,
              identityPoolId,
              guestRoleArn: config.guestRoleArn,
              cognitoEndpoint:
                config.cognitoEndpoint ??
                `https://cognito-identity.${identityPoolId.split(':')[0]}.amazonaws.com/`,
              stsEndpoint: config.stsEndpoint ?? `https://sts.${region}.amazonaws.com/`,
              identityKey: 'cwr_i' + suffix,
            }
          : undefined,
      }),
    ),
  );
  if (config.credentials) credentials.setAppCredentials(config.credentials);

  const cache = createEventCache(config.eventCacheSize);
  const dispatcher = createDispatcher(
    cache,
    {
      endpointUrl: config.endpointUrl,
      appMonitorId,
      appVersion,
      region,
      signing: config.signing,
      headers: config.headers,
      alias: config.alias,
      batchLimit: config.batchLimit,
      retries: config.retries,
      compression: config.compressionStrategy.enabled,
      useBeacon: config.useBeacon,
      dispatchInterval: config.dispatchInterval,
    },
    {
      clock,
      fetch: nativeFetch,
      sendBeacon:
        deps.sendBeacon ??
        (typeof navigator.sendBeacon === 'function'
          ? navigator.sendBeacon.bind(navigator)
          : undefined),
      credentials,
      loadSigner: deps.loadSigner ?? loadAuth,
      refused: (o, data) => problem('refused:' + (o.errorType ?? o.status ?? 'network'), data),
      noCredentials: () => {
        // A Cognito or STS refusal (a VendingError, made in the auth chunk: duck-typed).
        const e = credentials.lastErrors.find(
          (x) => !!x && typeof (x as { service?: unknown }).service === 'string',
        ) as { code: string; detail: string } | undefined;
        if (e) problem('vending:' + e.code, { ...e, message: e.detail });
        // (Not when the auth chunk is what is missing: that was said.)
        else if (!problems.some((p) => p.code == 'chunk-missing'))
          problem('no-credentials', { tried: credentials.lastMiss.join(', ') });
      },
    },
  );
  const explainContext = () => ({
    appMonitorId,
    region,
    endpoint: config.endpointUrl.href,
    identityPoolId,
    guestRoleArn: config.guestRoleArn,
    cognitoEndpoint: config.cognitoEndpoint,
    stsEndpoint: config.stsEndpoint,
    credentialSource: credentials.source(),
  });

  let enabled = true;
  let startWhenEnabled = false;
  /**
   * When the client was disabled, as [from, to) pairs of performance.now() times (to is
   * Infinity while it is). What a plugin observed then is never recorded, even later.
   */
  const offTimes: number[] = [];
  const disabledAt = (t: number): boolean => {
    for (let i = 0; i < offTimes.length; i += 2)
      if (t >= offTimes[i] && t < offTimes[i + 1]) return true;
    return false;
  };
  /** A session that started while disabled: its session_start is recorded on enable. */
  let owedStart: Session | undefined;
  let droppedOverLimit = 0;
  let page: SessionPage | undefined;
  let pageTags: string[] | undefined;
  let pageAttributes: Attributes = {};
  let metadataHook: MetadataHook | undefined;
  const plugins = new Map<string, Plugin>();
  /** registerDomEvents calls made before the interaction chunk arrived. */
  const domEventsWaiting: unknown[] = [];

  const platform = detectPlatform(
    navigator.userAgent,
    (navigator as { userAgentData?: never }).userAgentData,
  );
  const configured = configAttributes(config, configProblem);
  const appAttributes = configured.application;
  let sessionAttributes = configured.session;
  const baseMetadata: Record<string, unknown> = {
    version: '1.0.0',
    domain: location.hostname,
    browserLanguage: navigator.language,
    // What could not be told (say, the OS version on Linux) is left out, not sent as 'unknown'.
    ...Object.fromEntries(Object.entries(platform).filter(([, v]) => v !== 'unknown')),
    platformType: 'web',
    'aws:client': client,
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
    m.pageId = page?.pageId ?? here();
    if (page) {
      m.interaction = page.interaction;
      if (page.parentPageId) m.parentPageId = page.parentPageId;
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
      { title: clip(document.title) },
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
  const invalidateMetadata = () => (metadataJson = undefined);

  const sessions = createSessions(
    {
      sessionSampleRate: config.sessionSampleRate,
      sessionEventLimit: config.sessionEventLimit,
      sessionLengthSeconds: config.sessionLengthSeconds,
      userIdRetentionDays: config.userIdRetentionDays,
      allowCookies: config.allowCookies,
      sessionId: config.sessionId,
      userId: config.userId,
      sessionCookie: 'cwr_s' + suffix,
      userCookie: 'cwr_u' + suffix,
    },
    clock,
    cookies,
    monitor((session: Session) => {
      logger.debug(
        `session ${session.sessionId} started (${session.record ? 'sampled in' : 'not sampled: its events are not recorded'})`,
      );
      page = undefined;
      invalidateMetadata();
      if (!session.record) {
        problem('not-sampled', { rate: config.sessionSampleRate, cookies: config.allowCookies });
      }
      // Started while disabled (getSessionId, say): its session_start waits for enable().
      if (!enabled) return void (owedStart = session);
      if (!config.suppressSessionStartEvent) push(session, SESSION_START, { version: '1.0.0' });
      if (autoPageViews()) recordPageView(startPageId ?? here());
    }),
    deps.random,
  );

  /** The page id of the current location. */
  const here = () => pageIdOf(location, config.pageIdFormat);
  // pagesToInclude/Exclude are evaluated when the location changes, not for every event.
  const pageAllowedNow = () =>
    isPageAllowed(location.href, config.pagesToInclude, config.pagesToExclude);
  let pageAllowed = pageAllowedNow();
  const autoPageViews = () => !config.disableAutoPageView;

  type Pushed = [session: Session, type: string, details: object, extra?: Record<string, unknown>];
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
      if (hookDepth > 1)
        return logger.once(
          'hook-chain',
          'warn',
          'events a hook records for its own events are dropped.',
        );
      fromHooks.push(args);
      return;
    }
    const id = pushNow(args, 1);
    // Each waits its turn, with its own hooks (whose recordings are dropped).
    for (let next; (next = fromHooks.shift());) pushNow(next, 2);
    return id;
  };

  const pushNow = ([session, type, details, extra]: Pushed, depth: number): string | void => {
    if (!session.record || !enabled || !pageAllowed) return;
    if (!sessions.hasRoom(session)) {
      droppedOverLimit++;
      problem('event-limit', { limit: config.sessionEventLimit });
      return;
    }
    let meta: string;
    const now = clock.now();
    const { beforeSend } = config;
    if (extra || metadataHook || beforeSend) {
      let m = { ...metadata(), ...extra };
      // What a hook returns, made safe; the schema's required fields stay the client's.
      const replace = (given: unknown, source: string) => {
        if (given && typeof given === 'object')
          m = {
            ...sanitizeMetadata(given as Record<string, unknown>, source),
            version: '1.0.0',
            domain: m.domain,
          };
      };
      hookDepth = depth;
      try {
        if (metadataHook) {
          // The hook may add, change or remove metadata (say, redact the URL).
          replace(metadataHook(type, details, m), 'the event metadata hook');
        }
        if (beforeSend) {
          // The site's last word: scrub or drop. An exception drops the event (fail closed).
          let e: ReturnType<typeof beforeSend> = false;
          try {
            e = beforeSend({ type, details, metadata: m });
          } catch (x) {
            logger.once(
              'before-send',
              'error',
              `config.beforeSend threw (${x instanceof Error ? x.message : typeof x}); each event it throws on is dropped.`,
            );
          }
          if (!e || typeof e !== 'object') return;
          const d = own(e, 'details');
          if (d && typeof d === 'object') details = d;
          replace(own(e, 'metadata'), 'config.beforeSend');
        }
      } finally {
        hookDepth = 0;
      }
      meta = JSON.stringify(m);
    } else {
      // Apps retitle the page after route changes; look at the title a few times a second
      // rather than on every event (document.title walks the DOM).
      if (now - titleCheckedAt > 250) {
        titleCheckedAt = now;
        if (metadataTitle !== document.title) {
          metadataTitle = document.title;
          metadataJson = undefined;
        }
      }
      meta = metadataJson ??= JSON.stringify(metadata());
    }
    let json: string;
    try {
      json = JSON.stringify(details);
    } catch (e) {
      logger.warn(`event ${type} was dropped: its data cannot be turned into JSON (${String(e)}).`);
      return;
    }
    // (The service's limit for custom events; built-in ones, like rrweb's, may be larger.)
    if (json.length + meta.length > MAX_EVENT_BYTES && !type.startsWith(RUM)) {
      logger.warn(
        `event ${type} was dropped: its details and metadata exceed ${MAX_EVENT_BYTES} bytes.`,
      );
      return;
    }
    const id = uuid();
    const added = cache.add({
      event: { id, timestamp: now / 1000, type, details: json, metadata: meta },
      sessionId: session.sessionId,
      userId: session.userId,
    });
    if (!added) {
      logger.once(
        'cache-full',
        'warn',
        `the event cache is full (${config.eventCacheSize} events waiting to be sent); new events are dropped until it drains.`,
      );
      return;
    }
    sessions.count(session);
    dispatcher.added();
    return id;
  };

  /** Records an event through all the gates; returns its id when it was queued. */
  const record = (
    type: string,
    details: object,
    extra?: Record<string, unknown>,
  ): string | void => {
    if (!enabled) return;
    finishStart();
    return push(sessions.get(), type, details, extra);
  };

  /**
   * What start() leaves for idle time: nothing the first event needs waits for it, and the
   * page's own loading does not wait for cookies, storage or lazily loaded chunks. Run early,
   * in order, when an event comes first or the page hides.
   */
  let startRest: (() => void) | undefined;
  /** The page the client started on: the first page view's, even when recorded later. */
  let startPageId: string | undefined;
  /** The rest of the start has run. */
  let begun = false;
  const finishStart = () => {
    const rest = startRest;
    startRest = undefined;
    if (rest) {
      begun = true;
      rest();
    }
  };
  const idle =
    deps.idle ??
    ((fn: () => void) =>
      typeof requestIdleCallback === 'function'
        ? requestIdleCallback(fn, { timeout: START_IDLE_TIMEOUT_MS })
        : clock.setTimeout(fn, 0));

  function recordPageView(input: unknown): void {
    // Nothing is recorded while disabled; enable() records the page the visitor is on then.
    if (!enabled) return;
    finishStart();
    const p: PageViewInput | undefined =
      typeof input === 'string'
        ? { pageId: input }
        : input && typeof input === 'object'
          ? {
              pageId: own(input, 'pageId') as string,
              pageTags: own(input, 'pageTags') as string[] | undefined,
              pageAttributes: own(input, 'pageAttributes') as Attributes | undefined,
            }
          : undefined;
    if (!p || typeof p.pageId !== 'string' || !p.pageId) {
      logger.error(
        `recordPageView needs a page id string or { pageId, pageTags?, pageAttributes? }, got ${String(input)}.`,
      );
      return;
    }
    const session = sessions.get();
    // A new load in a session the cookie kept: the same page again (a reload) is resumed,
    // with no page view, and another page follows it, as in the predecessor.
    page ??= session.page;
    if (page?.pageId === p.pageId && !p.pageTags && !p.pageAttributes) return;
    const { details, ...kept } = nextPage(
      p.pageId,
      session.pageViews++,
      clock.now(),
      page,
      document.referrer,
    );
    page = session.page = kept;
    sessions.persist();
    pageTags = Array.isArray(p.pageTags)
      ? p.pageTags.filter((t) => typeof t === 'string')
      : undefined;
    pageAttributes = validAttributes(
      p.pageAttributes ?? {},
      'recordPageView pageAttributes',
      room(pageAttributes),
    );
    invalidateMetadata();
    push(session, PAGE_VIEW, details);
  }

  const onLocation = monitor(() => {
    pageAllowed = pageAllowedNow();
    invalidateMetadata();
    if (autoPageViews()) recordPageView(here());
  });

  const pluginContext: PluginContext = {
    applicationId: appMonitorId,
    applicationVersion: appVersion,
    config,
    record: (type, details) => record(type, details),
    recordPageView: (p) => recordPageView(p),
    getSession: () => {
      const s = sessions.get();
      return { sessionId: s.sessionId, record: s.record, eventCount: s.eventCount };
    },
    problem,
    disabledAt,
  };

  const addPlugin = (plugin: Plugin): void => {
    if (!plugin || typeof plugin.getPluginId !== 'function' || typeof plugin.load !== 'function') {
      logger.error(
        'addPlugin needs a plugin object: { getPluginId(), load(context), enable(), disable() }.',
      );
      return;
    }
    const id = plugin.getPluginId();
    if (plugins.has(id)) {
      logger.error(`addPlugin: a plugin with id "${id}" is already loaded; this one is ignored.`);
      return;
    }
    plugins.set(id, plugin);
    guard(plugin, () => {
      plugin.load(pluginContext);
      if (id === 'dom-event') domEventsWaiting.splice(0).forEach((e) => plugin.update?.(e));
      // The predecessor's lifecycle: load, then enable (plugins written for it attach their
      // listeners in enable()); or disable while the client is.
      if (enabled) plugin.enable();
      else plugin.disable();
    });
  };
  /** Runs a plugin's code: what it throws is its own problem, never the others' or the app's. */
  const guard = (plugin: Plugin, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      logger.error(
        `plugin "${plugin.getPluginId()}" threw: ${e instanceof Error ? e.message : typeof e}.`,
      );
    }
  };

  // Events an earlier page (or this one, before it was hidden) could not send.
  const outbox = createOutbox(
    store,
    'cwr_q_' + appMonitorId,
    {
      // A backlog holds no more than one session may record (saved events were counted).
      maxEvents: Math.min(config.eventCacheSize, config.sessionEventLimit || Infinity),
      maxChars: OUTBOX_MAX_CHARS,
      maxAgeMs: config.sessionLengthSeconds * 1000,
    },
    () => clock.now(),
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
      finishStart();
      plugins.forEach((p) => p.beforeHide && guard(p, () => p.beforeHide!()));
      sessions.persist();
      // Send what the beacon quota allows; keep the rest for the next page.
      dispatcher
        .flushOnHide()
        .catch(reportInternalError)
        .finally(() => {
          // Shown again meanwhile: keep sending from here.
          if (document.visibilityState === 'visible') return;
          const left = cache.takeAll();
          const saved = outbox.save(left);
          if (saved < left.length) cache.putBack(left.slice(saved));
        });
    },
    restore,
    () => {
      // Back from the back-forward cache. Other pages of the site may have moved the session
      // on; the visitor is on this page again: a page view, after the page they came from
      // (none when it is still this one), but no load timing, since nothing was loaded.
      dispatcher.restored();
      sessions.reread();
      if (autoPageViews()) {
        page = undefined;
        recordPageView(here());
      }
    },
  );
  const stopHistory = onLocationChange(onLocation);

  // A Content-Security-Policy that blocks the client's own requests or chunks: the
  // diagnostics chunk decides whether the blocked URL is ours and says what to add.
  const onViolation = monitor((e: SecurityPolicyViolationEvent) => {
    if (e.disposition === 'enforce' && /^http/.test(e.blockedURI))
      problem('csp:' + new URL(e.blockedURI).origin, {
        uri: e.blockedURI,
        directive: e.effectiveDirective,
      });
  });
  document.addEventListener('securitypolicyviolation', onViolation);

  const createTelemetry = (name: string, options: Record<string, unknown>) => {
    const failed = (e: unknown) =>
      logger.error(`the '${name}' telemetry could not be loaded: ${String(e)}.`);
    try {
      // Most are created at once (so the first errors are not missed); some load lazily.
      const plugin = TELEMETRIES[name](options, configProblem);
      if (plugin instanceof Promise) plugin.then(addPlugin, failed);
      else addPlugin(plugin);
    } catch (e) {
      failed(e);
    }
  };

  // The config checks live in the diagnostics chunk; load it only for the options they look
  // at (an explicit AWS endpoint, X-Ray, a role without a pool, a pool that is not used or is
  // in another region).
  const checkConfig = () => {
    if (
      config.enableXRay ||
      (config.guestRoleArn && !identityPoolId) ||
      (identityPoolId && (!config.signing || !identityPoolId.startsWith(region + ':'))) ||
      ((rawConfig as AwsRumConfig | undefined)?.endpoint && /amazonaws\.com/.test(config.endpoint))
    ) {
      loadDiagnostics().then(
        (m) => m.checkConfig(region, config).forEach((p) => show(p.code, p.message)),
        () => undefined,
      );
    }
  };

  /** The service refuses every batch whose session or user id is not a UUID. */
  const isId = (what: string, id: unknown): id is string =>
    isUuid(id) || (logger.error(`${what} needs a UUID; ignored.`), false);

  const core = {
    config,
    credentials,
    /**
     * Starts recording: the session and first page view (unless an earlier command already
     * started them), then the plugins.
     */
    start(): void {
      // Disabled before the start (consent not given yet): start when enabled, so the
      // session_start and first page view are not lost to the wait.
      if (!enabled) {
        startWhenEnabled = true;
        return;
      }
      // Now: what must not miss anything (errors, requests, interaction, app plugins).
      // In idle time: the session (cookies), the first page view, events an earlier page
      // left (localStorage), the signer and credentials, the performance chunk.
      const later: [string, Record<string, unknown>][] = [];
      for (const [name, options] of config.telemetries) {
        if (DEFERRED_TELEMETRIES.includes(name)) later.push([name, options]);
        else createTelemetry(name, options);
      }
      for (const p of config.eventPluginsToLoad) addPlugin(p);
      startPageId = here();
      // Each step on its own: one that throws (hostile cookies or storage) leaves the
      // others done, never a half-started client.
      startRest = () =>
        [
          sessions.get,
          () => !page && autoPageViews() && recordPageView(startPageId ?? here()),
          () => (startPageId = undefined),
          restore,
          () => later.forEach(([name, options]) => createTelemetry(name, options)),
          dispatcher.warmUp,
          checkConfig,
        ].forEach((step) => monitor(step)());
      // Disabled meanwhile (consent withdrawn): enable() finishes it.
      idle(() => enabled && finishStart());
    },
    record,
    /** Reports a problem by key, in the diagnostics chunk's words (the snippet's remote config). */
    problem,
    recordPageView,
    recordError(error: unknown): void {
      record(JS_ERROR, errorDetails(error));
    },
    recordEvent(type: unknown, data: unknown, extra?: unknown): void {
      if (typeof type !== 'string' || !CUSTOM_TYPE_RE.test(type)) {
        logger.error(
          `recordEvent: the type must match ${CUSTOM_TYPE_RE}, got ${JSON.stringify(type)}; the event was not recorded.`,
        );
        return;
      }
      if (!data || typeof data !== 'object') {
        logger.error(
          `recordEvent: the data of "${type}" must be an object; the event was not recorded.`,
        );
        return;
      }
      record(
        type,
        data,
        extra === undefined
          ? undefined
          : validAttributes(extra, 'recordEvent metadata', room(), customAttributes()),
      );
    },
    addSessionAttributes(attrs: unknown): void {
      sessionAttributes = {
        ...sessionAttributes,
        ...validAttributes(attrs, 'addSessionAttributes', room(), sessionAttributes),
      };
      invalidateMetadata();
    },
    setAwsCredentials(input: unknown): void {
      credentials.setAppCredentials(input);
      if (cache.size) dispatcher.schedule();
    },
    allowCookies(allow: unknown): void {
      if (typeof allow !== 'boolean') {
        logger.error(`allowCookies needs true or false, got ${String(allow)}.`);
        return;
      }
      sessions.setAllowCookies(allow);
    },
    enable(): void {
      if (enabled) return;
      enabled = true;
      offTimes[offTimes.length - 1] = performance.now();
      dispatcher.enable();
      plugins.forEach((p) => guard(p, () => p.enable()));
      if (startWhenEnabled) {
        startWhenEnabled = false;
        return core.start();
      }
      // What changed while disabled: a session that started, the page the visitor moved to.
      const s = owedStart;
      owedStart = undefined;
      if (s && s === sessions.get() && !config.suppressSessionStartEvent)
        push(s, SESSION_START, { version: '1.0.0' });
      finishStart();
      pageAllowed = pageAllowedNow();
      const at = here();
      if (autoPageViews() && page?.pageId !== at) recordPageView(at);
    },
    disable(): void {
      if (!enabled) return;
      // First, while recording is still on: a plugin may record what it buffered (replay).
      plugins.forEach((p) => guard(p, () => p.disable()));
      enabled = false;
      // Disabled before the client has started (consent not given yet): the page's own
      // loading counts as observed while disabled, as does the page it started on.
      offTimes.push(begun ? performance.now() : 0, Infinity);
      if (!begun) startPageId = undefined;
      dispatcher.disable();
    },
    // Sending now includes what the start left for idle time (the first page view).
    dispatch: (): Promise<void> => (finishStart(), dispatcher.flush()),
    dispatchBeacon: (): Promise<number> => (finishStart(), dispatcher.flushOnHide(true)),
    addPlugin,
    registerDomEvents(events: unknown): void {
      const dom = plugins.get('dom-event');
      if (dom?.update) dom.update(events);
      // The interaction chunk is still loading: apply them when it is there.
      else if (config.telemetries.some(([name]) => name === 'interaction'))
        domEventsWaiting.push(events);
      else
        logger.error(
          "registerDomEvents needs the 'interaction' telemetry; add it to config.telemetries.",
        );
    },
    getSessionId: (): string => sessions.get().sessionId,
    getUserId: (): string => sessions.get().userId,
    pinSessionId(id: unknown): void {
      if (isId('pinSessionId', id)) sessions.pinSessionId(id);
    },
    pinUserId(id: unknown): void {
      if (isId('pinUserId', id)) sessions.pinUserId(id);
    },
    startSession(ids?: unknown): void {
      const sessionId = own(ids, 'sessionId');
      const userId = own(ids, 'userId');
      if (
        (sessionId === undefined || isId('startSession sessionId', sessionId)) &&
        (userId === undefined || isId('startSession userId', userId))
      )
        sessions.start(sessionId, userId);
    },
    setEventMetadataHook(hook: unknown): void {
      if (typeof hook !== 'function')
        return logger.error(
          'setEventMetadataHook needs a function (type, data, metadata) => metadata.',
        );
      const user = hook as MetadataHook;
      metadataHook = (t, d, m) => {
        try {
          return user(t, d, m);
        } catch (e) {
          logger.error(
            `the event metadata hook threw (${String(e)}); the event keeps its metadata.`,
          );
          return m;
        }
      };
    },
    clearEventMetadataHook(): void {
      metadataHook = undefined;
    },
    clearCookies(): void {
      sessions.clearCookies();
    },
    /** What the client knows about why events may not arrive, as data. */
    diagnose() {
      const s = sessions.get();
      const c = credentials.peek();
      return {
        enabled,
        session: {
          sessionId: s.sessionId,
          sampled: s.record,
          eventsRecorded: s.eventCount,
          eventLimit: config.sessionEventLimit,
          droppedOverLimit,
        },
        credentials: config.signing
          ? {
              available: !!c,
              source: c && credentials.source(),
              expiration: c?.expiration?.toISOString(),
              tried: [...credentials.lastMiss],
            }
          : { signing: false },
        pending: cache.size,
        lastDispatch: dispatcher.last(),
        problems: problems
          .filter((p) => p.shown)
          .map(({ code, message, count }) => ({ code, message, count })),
      };
    },
    /** Stops listening and timers (tests, and pages that unload the client). */
    shutdown(): void {
      core.disable();
      stopHide();
      stopHistory();
      document.removeEventListener('securitypolicyviolation', onViolation);
    },
    /** Events waiting to be sent. */
    get pending(): number {
      return cache.size;
    },
  };
  return core;
};

export type Core = ReturnType<typeof createCore>;
