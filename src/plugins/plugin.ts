import type { Config } from '../boot/config';

export type PluginConfig = Omit<Config, 'credentials'>;

export interface SessionInfo {
  sessionId: string;
  record: boolean;
  eventCount: number;
}

/** What a plugin gets when it is loaded. The same shape the predecessor's plugins receive. */
export interface PluginContext {
  applicationId: string;
  applicationVersion: string;
  /** The resolved config, without the app's AWS credentials: a plugin never sees those. */
  config: PluginConfig;
  /**
   * Records an event; `details` is the event's data object. Returns the event's id when it
   * was queued (not sampled out, over the limit, dropped by beforeSend or recorded from inside
   * a hook), so another event can name it (LCP names its resource and navigation events).
   * Typed `unknown`: a wrapper that returns something else (or nothing) is still a context.
   */
  record(type: string, details: object): unknown;
  recordPageView(pageId: string | { pageId: string }): void;
  getSession(): SessionInfo | undefined;
  /** Reports a reason events may be missing, once per code (console and diagnose()). */
  problem?(code: string, data?: Record<string, unknown>): void;
  /**
   * Was the client disabled at this `performance.now()` time? What was observed then (a
   * buffered performance entry, a request that started then) is never recorded.
   */
  disabledAt?(time: number): boolean;
}

/**
 * A telemetry plugin. Custom plugins written for the predecessor keep working: the method
 * names and the context are the same.
 */
export interface Plugin<UpdateType = unknown> {
  getPluginId(): string;
  load(context: PluginContext): void;
  enable(): void;
  disable(): void;
  record?(data: unknown): void;
  update?(updateWith: UpdateType): void;
  /**
   * The client's own telemetries (not mangled: chunks share it): called when the page hides, after every
   * `visibilitychange` listener on `window` (web-vitals' among them) and just before the client
   * sends what it holds: the last moment to record what was held back for the hide.
   */
  beforeHide?(): void;
  /**
   * The client's own telemetries (not mangled, as beforeHide): a new page view is about to be
   * recorded (the old view's metadata still applies) / has been; `route` when it follows
   * another view of this page load.
   */
  beforeView?(route: boolean): void;
  afterView?(route: boolean): void;
  /** The app said its view has loaded: `cwr('pageLoaded')`, `rum.pageLoaded()`. */
  pageLoaded?(): void;
}
