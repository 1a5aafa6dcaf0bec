/**
 * The predecessor's plugin classes, for npm apps written for aws-rum-web 3.x
 * (`eventPluginsToLoad: [new FetchPlugin({ ... })]`, `rum.addPlugin(new TTIPlugin())`). Each
 * wraps one of the built-in telemetries (./telemetries.ts) and records only its own events.
 * The CDN build has no classes: this module is reached from src/index.ts only.
 */
import type { TelemetryConfig, Warn } from '../boot/config';
import { observeFetch } from '../browser/fetch';
import { observeXhr } from '../browser/xhr';
import { loadPerformance } from '../lazy/load';
import { systemClock } from '../tools/clock';
import { logger } from '../tools/logger';
import { NAVIGATION_EVENT, RESOURCE_EVENT } from '../domain/event-types';
import { createHttpPlugin, type HttpOptions } from './http';
import type { PerformanceOptions } from './performance';
import type { Plugin, PluginContext } from './plugin';
import { TELEMETRIES } from './telemetries';

type Options = Record<string, unknown>;
type Make = (options: Options, warn: Warn) => Plugin | Promise<Plugin>;

// (By id, for the messages: a minifier may rename the classes.)
const NAMES: Record<string, string> = {
  'js-error': 'JsErrorPlugin',
  fetch: 'FetchPlugin',
  xhr: 'XhrPlugin',
  navigation: 'NavigationPlugin',
  resource: 'ResourcePlugin',
  'web-vitals': 'WebVitalsPlugin',
  'dom-event': 'DomEventPlugin',
  rrweb: 'RRWebPlugin',
  'time-to-interactive': 'TTIPlugin',
  'page-view': 'PageViewPlugin',
};

/**
 * A plugin class around a telemetry plugin made when the class is loaded, with `options` (the
 * telemetry's options). `keep(type)` says which of its events are this class's. A class whose
 * telemetry is also in `config.telemetries` does nothing, with one console warning: the
 * telemetry records those events already, and they would be recorded twice.
 */
abstract class BuiltInPlugin implements Plugin {
  /** @internal */ _inner?: Plugin;
  /** @internal */ _on = false;

  protected constructor(
    /** @internal */ readonly _id: string,
    /** @internal */ readonly _telemetry: string | undefined,
    /** @internal */ readonly _make: Make,
    /** @internal */ readonly _options?: unknown,
    /** @internal */ readonly _keep?: (type: string) => boolean,
  ) {}

  /**
   * The default telemetry this class stands for as a whole (RRWebPlugin, JsErrorPlugin,
   * DomEventPlugin): given in `eventPluginsToLoad` while `telemetries` is left at its default,
   * the class replaces it (src/boot/config.ts), so its options are the ones used.
   */
  replacesTelemetry?: string;

  /** The predecessor's id: `com.amazonaws.rum.` and the plugin's short id. */
  getPluginId(): string {
    return 'com.amazonaws.rum.' + this._id;
  }

  load(context: PluginContext): void {
    const name = NAMES[this._id];
    const telemetry = this._telemetry;
    if (telemetry && context.config.telemetries.some(([t]) => t === telemetry))
      return logger.warn(
        `${name} is ignored: the '${telemetry}' telemetry in config.telemetries records its events already. Leave out one of the two.`,
      );
    // An option's problem is told as the telemetry's would be (console and diagnose()).
    const warn: Warn = (message, detail) =>
      detail
        ? context.problem?.(('known' in detail ? 'unknown-option:' : 'bad-option:') + message, {
            name: message,
            ...detail,
          })
        : logger.warn(message);
    const keep = this._keep;
    const ctx: PluginContext = keep
      ? { ...context, record: (type, details) => keep(type) && context.record(type, details) }
      : context;
    const attach = (p: Plugin) => {
      p.load(ctx);
      this._inner = p;
      if (this._on) p.enable();
      else p.disable();
    };
    const failed = (e: unknown) => logger.error(`${name} could not be loaded: ${String(e)}.`);
    try {
      const o = this._options;
      const p = this._make(o && typeof o === 'object' ? { ...o } : {}, warn);
      if (p instanceof Promise) p.then(attach).catch(failed);
      else attach(p);
    } catch (e) {
      failed(e);
    }
  }

  enable(): void {
    this._on = true;
    this._inner?.enable();
  }

  disable(): void {
    this._on = false;
    this._inner?.disable();
  }

  beforeHide(): void {
    this._inner?.beforeHide?.();
  }
  beforeView(route: boolean): void {
    this._inner?.beforeView?.(route);
  }
  afterView(route: boolean): void {
    this._inner?.afterView?.(route);
  }
  pageLoaded(): void {
    this._inner?.pageLoaded?.();
  }

  /** DomEventPlugin: more targets, as `registerDomEvents` takes them. */
  update(events: unknown): void {
    this._inner?.update?.(events);
  }
}

const telemetry =
  (name: string): Make =>
  (options, warn) =>
    TELEMETRIES[name](options, warn);

/** The errors telemetry's options. */
export type PartialJsErrorPluginConfig = Partial<{
  stackTraceLength: number;
  ignore: (event: ErrorEvent | PromiseRejectionEvent) => unknown;
}> &
  Options;

/** The http telemetry's options. */
export type PartialHttpPluginConfig = Partial<HttpOptions> & Options;

/** The performance telemetry's options. */
export type PartialPerformancePluginConfig = Partial<PerformanceOptions> & Options;

/** The interaction telemetry's options. */
export type PartialDomEventPluginConfig = Partial<{
  events: { event: string; cssLocator?: string; elementId?: string; element?: Element }[];
  enableMutationObserver: boolean;
  interactionId: (event: Event) => string;
  /** Rage, dead and error clicks (docs/insights.md). */
  frustration: boolean;
  rageClicks: number;
  frustrationWindow: number;
}> &
  Options;

/** Uncaught errors and unhandled rejections (the `errors` telemetry). */
export class JsErrorPlugin extends BuiltInPlugin {
  constructor(config?: PartialJsErrorPluginConfig) {
    super('js-error', 'errors', telemetry('errors'), config);
    this.replacesTelemetry = 'errors';
  }
}

/** Requests made with fetch, not XMLHttpRequest (the `http` telemetry's fetch half). */
export class FetchPlugin extends BuiltInPlugin {
  constructor(config?: PartialHttpPluginConfig) {
    super('fetch', 'http', (o, w) => createHttpPlugin(o, w, systemClock, [observeFetch]), config);
  }
}

/** Requests made with XMLHttpRequest, not fetch (the `http` telemetry's XHR half). */
export class XhrPlugin extends BuiltInPlugin {
  constructor(config?: PartialHttpPluginConfig) {
    super('xhr', 'http', (o, w) => createHttpPlugin(o, w, systemClock, [observeXhr]), config);
  }
}

/** performance_navigation_event only (of the `performance` telemetry). */
export class NavigationPlugin extends BuiltInPlugin {
  constructor(config?: PartialPerformancePluginConfig) {
    super(
      'navigation',
      'performance',
      telemetry('performance'),
      config,
      (t) => t === NAVIGATION_EVENT,
    );
  }
}

/** performance_resource_event only (of the `performance` telemetry). */
export class ResourcePlugin extends BuiltInPlugin {
  constructor(config?: PartialPerformancePluginConfig) {
    super('resource', 'performance', telemetry('performance'), config, (t) => t === RESOURCE_EVENT);
  }
}

/** The web vitals only: LCP, CLS, INP, FCP, TTFB, FID (of the `performance` telemetry). */
export class WebVitalsPlugin extends BuiltInPlugin {
  constructor(config?: PartialPerformancePluginConfig) {
    super(
      'web-vitals',
      'performance',
      telemetry('performance'),
      config,
      (t) => t !== NAVIGATION_EVENT && t !== RESOURCE_EVENT,
    );
  }
}

/** DOM events of the configured targets (the `interaction` telemetry). */
export class DomEventPlugin extends BuiltInPlugin {
  constructor(config?: PartialDomEventPluginConfig) {
    super('dom-event', 'interaction', telemetry('interaction'), config);
    this.replacesTelemetry = 'interaction';
  }
}

/** Session replay (the `replay` telemetry), with its options (RRWEB_CONFIG_PROD's fields). */
export class RRWebPlugin extends BuiltInPlugin {
  constructor(config?: Options) {
    super('rrweb', 'replay', telemetry('replay'), config);
    this.replacesTelemetry = 'replay';
  }
}

/** Time to interactive, once per page load (see src/plugins/tti.ts); in no telemetry. */
export class TTIPlugin extends BuiltInPlugin {
  constructor(_fpsEnabled?: unknown) {
    super('time-to-interactive', undefined, () =>
      loadPerformance().then((m) => m.createTtiPlugin()),
    );
  }
}

/**
 * Page views are the client's own (config.disableAutoPageView, recordPageView), not a plugin's:
 * this class, which the predecessor always loaded, is accepted and does nothing.
 */
export class PageViewPlugin extends BuiltInPlugin {
  constructor(_config?: unknown) {
    super('page-view', undefined, () => ({
      getPluginId: () => 'page-view',
      load: () => undefined,
      enable: () => undefined,
      disable: () => undefined,
    }));
  }
}

// The predecessor's short plugin ids (getPluginId() adds 'com.amazonaws.rum.').
export const JS_ERROR_EVENT_PLUGIN_ID = 'js-error';
export const FETCH_PLUGIN_ID = 'fetch';
export const XHR_PLUGIN_ID = 'xhr';
export const NAVIGATION_EVENT_PLUGIN_ID = 'navigation';
export const RESOURCE_EVENT_PLUGIN_ID = 'resource';
export const WEB_VITAL_EVENT_PLUGIN_ID = 'web-vitals';
export const DOM_EVENT_PLUGIN_ID = 'dom-event';
export const PAGE_EVENT_PLUGIN_ID = 'page-view';
export const RRWEB_PLUGIN_ID = 'rrweb';

/** The predecessor's replay defaults, for `new RRWebPlugin({ ...RRWEB_CONFIG_PROD, ... })`. */
export const RRWEB_CONFIG_PROD = {
  additionalSampleRate: 1,
  batchSize: 50,
  flushInterval: 5000,
  recordOptions: {
    slimDOMOptions: 'all',
    inlineStylesheet: true,
    inlineImages: false,
    collectFonts: true,
    recordCrossOriginIframes: false,
  },
};

/** The telemetry names, as the predecessor's enum has them. */
export const TelemetryEnum = {
  Errors: 'errors',
  Performance: 'performance',
  Interaction: 'interaction',
  Http: 'http',
  Replay: 'replay',
} as const;
export type TelemetryEnum = (typeof TelemetryEnum)[keyof typeof TelemetryEnum];

/** The page id formats, as the predecessor's enum has them. */
export const PageIdFormatEnum = {
  Path: 'PATH',
  Hash: 'HASH',
  PathAndHash: 'PATH_AND_HASH',
} as const;
export type PageIdFormatEnum = (typeof PageIdFormatEnum)[keyof typeof PageIdFormatEnum];

/** One entry of `config.telemetries` (the predecessor's name for it). */
export type Telemetry = TelemetryConfig;
