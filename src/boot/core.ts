// One client's public surface: about twenty commands of a few lines each over the steps it
// composes (problems, send, assembly, views, plugins, lifecycle), with consent and the start,
// whose order matters. That is why it is longer than 300 lines: split further, one API and
// its order of start would be spread over files.
import { createCookieJar } from '../browser/cookies';
import { pageBeacon, pageFetch, pageNow, whenIdle } from '../browser/page';
import { onLocationChange } from '../browser/history';
import { type KeyValueStore, localStore } from '../browser/storage';
import { errorDetails } from '../domain/errors';
import { createEventCache } from '../domain/event-cache';
import { JS_ERROR, SESSION_START } from '../domain/event-types';
import { CUSTOM_TYPE_RE, isUuid, SCHEMA_VERSION } from '../domain/rules';
import { createSessions, type Session } from '../domain/session';
import { urlGrouper } from '../domain/urls';
import type { Tell } from '../domain/types';
import type { PluginContext } from '../plugins/plugin';
import { DEFERRED_TELEMETRIES } from '../plugins/telemetries';
import {
  type AuthModule,
  type DiagnosticsModule,
  loadAuth as loadAuthChunk,
  loadDiagnostics as loadDiagnosticsChunk,
} from '../lazy/load';
import type { SigV4 } from '../transport/sigv4';
import { type Clock, systemClock } from '../tools/clock';
import { createLogger, showPageDebug } from '../tools/logger';
import { monitor } from '../tools/monitor';
import { own } from '../tools/own';
import { createAssembly } from './assembly';
import type { AwsRumConfig } from './config';
import { resolveConfig } from './config';
import { startLifecycle } from './lifecycle';
import { createPlugins } from './plugins';
import { createProblems } from './problems';
import { startSending } from './send';
import { createViews } from './views';

export type { MetadataHook } from './assembly';
export type { PageViewInput } from './views';

/** The longest the rest of the start waits for an idle moment of the page. */
const START_IDLE_TIMEOUT_MS = 1000;

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
 * One client: reads the config, then composes the steps of an event's way (boot/problems.ts,
 * send.ts, assembly.ts, views.ts, plugins.ts, lifecycle.ts) and holds the commands, consent
 * (enable/disable) and the start, whose cookie, storage and chunk work waits for idle time.
 */
export const createCore = (
  appMonitorId: string,
  appVersion: string,
  region: string,
  rawConfig: unknown,
  client: string,
  deps: CoreDeps = {},
) => {
  // Debug output follows config.debug, known once the config is read.
  let debug = false;
  const log = createLogger(() => debug);
  const problems = createProblems(log, deps.loadDiagnostics ?? loadDiagnosticsChunk, () =>
    // (The config as resolved: endpoint is its URL's href.)
    ({ ...config, appMonitorId, region, credentialSource: credentials.source() }),
  );
  const { problem, configProblem } = problems;
  let config: ReturnType<typeof resolveConfig>;
  try {
    config = resolveConfig(region, rawConfig, configProblem);
  } catch (e) {
    // A config object whose properties throw when read (a Proxy, a getter).
    problems.problem('config-threw', { error: e });
    config = resolveConfig(region, {}, configProblem);
  }
  // A urlNormalizer that throws or returns no string is said once, in cwr-diag.js's words.
  config.groupUrl = urlGrouper(config.urlNormalizer, (url, gave) =>
    problems.sayOnce('warn', 'url-normalizer', { url, gave }),
  );
  if ((debug = config.debug)) showPageDebug();
  if (!isUuid(appMonitorId)) problem('app-monitor-id', { id: appMonitorId });
  const clock = deps.clock ?? systemClock;
  const store = deps.store ?? localStore();
  const suffix = config.cookieAttributes.unique ? '_' + appMonitorId : '';
  const cache = createEventCache(config.eventCacheSize);
  const { credentials, dispatcher } = startSending(
    appMonitorId,
    appVersion,
    region,
    config,
    cache,
    problems,
    {
      clock,
      store,
      fetch: config.fetchFunction ?? deps.fetch ?? pageFetch(),
      sendBeacon: deps.sendBeacon ?? pageBeacon(),
      loadAuth: problems.chunk(deps.loadAuth ?? loadAuthChunk),
      loadSigner: deps.loadSigner,
    },
  );

  let enabled = true;
  let startWhenEnabled = false;
  /**
   * When the client was disabled, as [from, to) pairs of pageNow() times (to is
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

  /** Debug notes, in the diagnostics chunk's words where debug notes show. */
  const note: Tell = (key, data) => problems.say('debug', key, data);
  const sessions = createSessions(
    // (The config's session options by their names, and the cookie names.)
    { ...config, sessionCookie: 'cwr_s' + suffix, userCookie: 'cwr_u' + suffix },
    clock,
    createCookieJar(config.cookieAttributes),
    monitor((session: Session) => {
      note('session', { id: session.sessionId, record: session.record });
      assembly.setView(undefined);
      if (!session.record) {
        problem('not-sampled', { rate: config.sessionSampleRate, cookies: config.allowCookies });
      }
      // Started while disabled (getSessionId, say): its session_start waits for enable().
      if (!enabled) return void (owedStart = session);
      sessionStart(session);
      if (views.auto) views.recordPageView(startPageId ?? views.here());
    }),
    deps.random,
    note,
  );
  const sessionStart = (s: Session) =>
    config.suppressSessionStartEvent ||
    assembly.push(s, SESSION_START, { version: SCHEMA_VERSION });

  const views = createViews(
    config,
    clock,
    sessions,
    problems.say,
    () => assembly,
    () => enabled && (finishStart(), true),
    (after, route) => plugins.each((p) => (after ? p.afterView?.(route) : p.beforeView?.(route))),
  );
  const assembly = createAssembly({
    config,
    client,
    clock,
    sessions,
    cache,
    problems,
    open: () => enabled && views.allowed(),
    here: views.here,
    added: () => dispatcher.added(),
  });

  /** Records an event through all the gates; returns its id when it was queued. */
  const record = (
    type: string,
    details: object,
    extra?: Record<string, unknown>,
  ): string | void => {
    if (!enabled) return;
    finishStart();
    return assembly.push(sessions.get(), type, details, extra);
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
    ((fn: () => void) => whenIdle(fn, START_IDLE_TIMEOUT_MS) || clock.setTimeout(fn, 0));

  // Plugins get the config without the app's credentials (setAwsCredentials' are never in it).
  const { credentials: _appCredentials, ...pluginConfig } = config;
  const pluginContext: PluginContext = {
    applicationId: appMonitorId,
    applicationVersion: appVersion,
    config: pluginConfig,
    record: (type, details) => record(type, details),
    recordPageView: (p) => views.recordPageView(p),
    getSession: () => {
      const s = sessions.get();
      return { sessionId: s.sessionId, record: s.record, eventCount: s.eventCount };
    },
    problem,
    disabledAt,
  };
  const plugins = createPlugins(
    pluginContext,
    problems.say,
    () => enabled,
    configProblem,
    config.telemetries.some(([name]) => name === 'interaction'),
  );

  const lifecycle = startLifecycle({
    note,
    appMonitorId,
    config,
    clock,
    store,
    cache,
    dispatcher,
    sessions,
    hiding: () => {
      finishStart();
      plugins.each((p) => p.beforeHide?.());
    },
    restored: () => {
      if (!views.auto) return;
      assembly.setView(undefined);
      views.viewHere(true);
    },
    blocked: (uri, directive) => problem('csp:' + new URL(uri).origin, { uri, directive }),
  });
  const stopHistory = onLocationChange(
    monitor(() => {
      views.moved();
      views.viewHere(true);
    }),
  );

  // The config checks live in the diagnostics chunk; load it only for the options they look
  // at (an explicit AWS endpoint, X-Ray, a role without a pool, a pool that is not used or is
  // in another region).
  const checkConfig = () => {
    const pool = config.identityPoolId;
    if (
      config.enableXRay ||
      (config.guestRoleArn && !pool) ||
      (pool && (!config.signing || !pool.startsWith(region + ':'))) ||
      ((rawConfig as AwsRumConfig | undefined)?.endpoint && /amazonaws\.com/.test(config.endpoint))
    ) {
      problems
        .loadDiagnostics()
        .then((m) => m.checkConfig(region, config).forEach((p) => problems.show(p.code, p.message)))
        .catch(() => undefined);
    }
  };

  /** The service refuses every batch whose session or user id is not a UUID. */
  const isId = (what: string, id: unknown): id is string =>
    isUuid(id) || (problems.say('error', 'uuid', { what }), false);

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
        else plugins.telemetry(name, options);
      }
      for (const p of config.eventPluginsToLoad) plugins.add(p);
      startPageId = views.here();
      // Each step on its own: one that throws (hostile cookies or storage) leaves the
      // others done, never a half-started client.
      startRest = () =>
        [
          sessions.get,
          () => !assembly.view() && views.auto && views.recordPageView(startPageId ?? views.here()),
          () => (startPageId = undefined),
          lifecycle.restore,
          () => later.forEach(([name, options]) => plugins.telemetry(name, options)),
          dispatcher.warmUp,
          checkConfig,
        ].forEach((step) => monitor(step)());
      // Disabled meanwhile (consent withdrawn): enable() finishes it.
      idle(() => enabled && finishStart());
    },
    record,
    /** Reports a problem by key, in the diagnostics chunk's words (the snippet's remote config). */
    problem,
    recordPageView: (p: unknown) => views.recordPageView(p),
    /** The app's view has loaded (route timing: docs/insights.md). */
    pageLoaded(): void {
      if (enabled) plugins.each((p) => p.pageLoaded?.());
    },
    recordError(error: unknown): void {
      record(JS_ERROR, errorDetails(error));
    },
    recordEvent(type: unknown, data: unknown, extra?: unknown): void {
      if (typeof type !== 'string' || !CUSTOM_TYPE_RE.test(type)) {
        return problems.say('error', 'event-type', { got: type });
      }
      if (!data || typeof data !== 'object') {
        return problems.say('error', 'event-data', { type });
      }
      record(type, data, extra === undefined ? undefined : assembly.eventAttributes(extra));
    },
    addSessionAttributes: assembly.addSessionAttributes,
    setAwsCredentials(input: unknown): void {
      credentials.setAppCredentials(input);
      if (cache.size) dispatcher.schedule();
    },
    allowCookies(allow: unknown): void {
      if (typeof allow !== 'boolean') {
        return problems.say('error', 'allow-cookies', { got: allow });
      }
      sessions.setAllowCookies(allow);
    },
    enable(): void {
      if (enabled) return;
      enabled = true;
      offTimes[offTimes.length - 1] = pageNow();
      dispatcher.enable();
      plugins.each((p) => p.enable());
      if (startWhenEnabled) {
        startWhenEnabled = false;
        return core.start();
      }
      // What changed while disabled: a session that started, the page the visitor moved to.
      const s = owedStart;
      owedStart = undefined;
      if (s && s === sessions.get()) sessionStart(s);
      finishStart();
      views.moved();
      views.viewHere();
    },
    disable(): void {
      if (!enabled) return;
      // First, while recording is still on: a plugin may record what it buffered (replay).
      plugins.each((p) => p.disable());
      enabled = false;
      // Disabled before the client has started (consent not given yet): the page's own
      // loading counts as observed while disabled, as does the page it started on.
      offTimes.push(begun ? pageNow() : 0, Infinity);
      if (!begun) startPageId = undefined;
      dispatcher.disable();
    },
    // Sending now includes what the start left for idle time (the first page view).
    dispatch: (): Promise<void> => (finishStart(), dispatcher.flush()),
    dispatchBeacon: (): Promise<number> => (finishStart(), dispatcher.flushOnHide(true)),
    addPlugin: plugins.add,
    registerDomEvents: plugins.registerDomEvents,
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
    setEventMetadataHook: assembly.setMetadataHook,
    clearEventMetadataHook: assembly.clearMetadataHook,
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
          droppedOverLimit: assembly.droppedOverLimit(),
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
        /** Events dropped because the event cache was full (config.eventCacheSize). */
        droppedCacheFull: cache.dropped,
        lastDispatch: dispatcher.last(),
        problems: problems.shown(),
      };
    },
    /** Stops listening and timers (tests, and pages that unload the client). */
    shutdown(): void {
      core.disable();
      dispatcher.stop();
      lifecycle.stop();
      stopHistory();
    },
    /** Events waiting to be sent. */
    get pending(): number {
      return cache.size;
    },
  };
  return core;
};

export type Core = ReturnType<typeof createCore>;
