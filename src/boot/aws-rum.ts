import type { Plugin } from '../plugins/plugin';
import { inBrowser } from '../browser/page';
import type { MessageData } from '../diagnostics/messages';
import { say } from '../lazy/say';
import { logger } from '../tools/logger';
import { reportInternalError } from '../tools/monitor';
import { type AwsRumConfig } from './config';
import { REGION_RE } from '../domain/rules';

import {
  type Core,
  type CoreDeps,
  createCore,
  type MetadataHook,
  type PageViewInput,
} from './core';

/**
 * Why the client does not start with these arguments, as [console level, message key, data]
 * (the words: src/diagnostics/messages.ts): a missing or malformed app monitor id (one that is
 * only not a UUID is warned about, not refused), a malformed region, or
 * `enableRumClient: false`. Undefined when it starts.
 */
export const whyNotStart = (
  appMonitorId: unknown,
  region: unknown,
  config: unknown,
): ['error' | 'info', string, MessageData] | undefined =>
  // Not a UUID is worth a warning (the core gives it), not a refusal: a proxy may route any id.
  typeof appMonitorId !== 'string' || !/^[\w.-]{1,128}$/.test(appMonitorId)
    ? ['error', 'bad-app-monitor-id', { got: appMonitorId }]
    : typeof region !== 'string' || !REGION_RE.test(region)
      ? ['error', 'bad-region', { got: region }]
      : (config as AwsRumConfig | undefined)?.enableRumClient === false
        ? ['info', 'disabled', {}]
        : undefined;

/**
 * Builds the core, or nothing (with one console message) when the client cannot run (see
 * whyNotStart). Never throws.
 */
export const bootCore = (
  appMonitorId: unknown,
  appVersion: unknown,
  region: unknown,
  config: unknown,
  client: string,
  deps?: CoreDeps,
): Core | undefined => {
  try {
    const refused = whyNotStart(appMonitorId, region, config);
    if (refused) return void say(...refused);
    const version = typeof appVersion === 'string' ? appVersion : String(appVersion ?? '');
    return createCore(appMonitorId as string, version, region as string, config, client, deps);
  } catch (e) {
    reportInternalError(e);
    return undefined;
  }
};

/**
 * The CloudWatch RUM web client for apps that install it from npm.
 *
 * @example
 * const rum = new AwsRum('01234567-89ab-cdef-0123-456789abcdef', '1.0.0', 'us-west-2', {
 *   identityPoolId: 'us-west-2:…',
 *   sessionSampleRate: 1,
 * });
 * rum.recordEvent('checkout', { total: 42 });
 */
export class AwsRum {
  private readonly _core: Core | undefined;

  constructor(
    applicationId: string,
    applicationVersion: string,
    region: string,
    config?: AwsRumConfig,
    /** @internal */ deps?: CoreDeps & { client?: string },
  ) {
    // Server-side rendering: nothing to monitor here (the CDN build never gets this far).
    if (!inBrowser()) {
      logger.warn(
        'not running in a browser (server-side rendering?): this AwsRum does nothing. Create it in the browser, e.g. in an effect or after hydration.',
      );
      return;
    }
    this._core = bootCore(
      applicationId,
      applicationVersion,
      region,
      config,
      deps?.client ?? 'arw-module',
      deps,
    );
    this._run((c) => c.start());
  }

  private _run<R>(fn: (core: Core) => R): R | undefined {
    try {
      return this._core ? fn(this._core) : undefined;
    } catch (e) {
      reportInternalError(e);
      return undefined;
    }
  }

  /** Records a page view: a page id, or `{ pageId, pageTags?, pageAttributes? }`. */
  recordPageView(payload: string | PageViewInput): void {
    this._run((c) => c.recordPageView(payload));
  }
  /**
   * The current view has loaded: ends its route timing (`['performance', { routeTiming: true }]`,
   * docs/insights.md); after the first call, route changes wait for it.
   */
  pageLoaded(): void {
    this._run((c) => c.pageLoaded());
  }
  /** Records a caught error (an Error, an ErrorEvent, or a message). */
  recordError(error: unknown): void {
    this._run((c) => c.recordError(error));
  }
  /** Records a custom event; `type` matches /^[a-zA-Z0-9_.-]{1,256}$/, events over 6 KB are dropped. */
  recordEvent(
    type: string,
    data: object,
    metadata?: Record<string, string | number | boolean>,
  ): void {
    this._run((c) => c.recordEvent(type, data, metadata));
  }
  /** Adds attributes to the metadata of every later event of this session. */
  addSessionAttributes(attributes: Record<string, string | number | boolean>): void {
    this._run((c) => c.addSessionAttributes(attributes));
  }
  /** Credentials to sign with: an object, its JSON string, or a function returning a promise of one. */
  setAwsCredentials(credentials: unknown): void {
    this._run((c) => c.setAwsCredentials(credentials));
  }
  allowCookies(allow: boolean): void {
    this._run((c) => c.allowCookies(allow));
  }
  enable(): void {
    this._run((c) => c.enable());
  }
  disable(): void {
    this._run((c) => c.disable());
  }
  /** Sends the waiting events now. */
  dispatch(): Promise<void> {
    return this._run((c) => c.dispatch()) ?? Promise.resolve();
  }
  /** Sends the waiting events now with sendBeacon (falling back to keepalive fetch). */
  dispatchBeacon(): Promise<void> {
    return (this._run((c) => c.dispatchBeacon()) ?? Promise.resolve()).then(() => undefined);
  }
  addPlugin(plugin: Plugin): void {
    this._run((c) => c.addPlugin(plugin));
  }
  registerDomEvents(events: unknown[]): void {
    this._run((c) => c.registerDomEvents(events));
  }
  getSessionId(): string | undefined {
    return this._run((c) => c.getSessionId());
  }
  getUserId(): string | undefined {
    return this._run((c) => c.getUserId());
  }
  pinSessionId(sessionId: string): void {
    this._run((c) => c.pinSessionId(sessionId));
  }
  pinUserId(userId: string): void {
    this._run((c) => c.pinUserId(userId));
  }
  startSession(ids?: { sessionId?: string; userId?: string }): void {
    this._run((c) => c.startSession(ids));
  }
  setEventMetadataHook(hook: MetadataHook): void {
    this._run((c) => c.setEventMetadataHook(hook));
  }
  clearEventMetadataHook(): void {
    this._run((c) => c.clearEventMetadataHook());
  }
  clearCookies(): void {
    this._run((c) => c.clearCookies());
  }
  /**
   * Why events may not be arriving, as data: the session (sampled? how many events, how many
   * dropped over the limit), the credentials, the last PutRumEvents answer, and every problem
   * the client has reported on the console.
   */
  diagnose(): ReturnType<Core['diagnose']> | undefined {
    return this._run((c) => c.diagnose());
  }
}
