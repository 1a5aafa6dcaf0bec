import { bootCore } from '../boot/aws-rum';
import type { Core } from '../boot/core';
import { logger } from '../tools/logger';
import { reportInternalError } from '../tools/monitor';
import { own } from '../tools/own';

type Command = (core: Core, payload: unknown) => unknown;

// The commands a page may send with cwr(name, payload). addPlugin, getSessionId and getUserId
// are npm-only in the predecessor; here they work too (ids are returned from the call).
const COMMANDS: Record<string, Command> = {
  recordPageView: (c, p) => c.recordPageView(p),
  recordError: (c, p) => c.recordError(p),
  recordEvent: (c, p) => c.recordEvent(own(p, 'type'), own(p, 'data'), own(p, 'metadata')),
  addSessionAttributes: (c, p) => c.addSessionAttributes(p),
  setAwsCredentials: (c, p) => c.setAwsCredentials(p),
  allowCookies: (c, p) => c.allowCookies(p),
  enable: (c) => c.enable(),
  disable: (c) => c.disable(),
  dispatch: (c) => c.dispatch(),
  dispatchBeacon: (c) => c.dispatchBeacon(),
  addPlugin: (c, p) => c.addPlugin(p as never),
  registerDomEvents: (c, p) => c.registerDomEvents(p),
  getSessionId: (c) => c.getSessionId(),
  getUserId: (c) => c.getUserId(),
  pinSessionId: (c, p) => c.pinSessionId(p),
  pinUserId: (c, p) => c.pinUserId(p),
  startSession: (c, p) => c.startSession(p),
  setEventMetadataHook: (c, p) => c.setEventMetadataHook(p),
  clearEventMetadataHook: (c) => c.clearEventMetadataHook(),
  clearCookies: (c) => c.clearCookies(),
  diagnose: (c) => c.diagnose(),
};

/** Runs one cwr(name, payload) command; never throws into the page. */
const runCommand = (core: Core | undefined, name: unknown, payload: unknown): unknown => {
  const command =
    typeof name === 'string' && Object.prototype.hasOwnProperty.call(COMMANDS, name)
      ? COMMANDS[name]
      : undefined;
  if (!command) {
    logger.error(
      `unknown command ${typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : `of type ${typeof name}`}. Known commands: ${Object.keys(COMMANDS).join(', ')}.`,
    );
    return undefined;
  }
  if (!core) return undefined;
  try {
    const r = command(core, payload);
    return r instanceof Promise ? r.catch(reportInternalError) : r;
  } catch (e) {
    reportInternalError(e);
    return undefined;
  }
};

/**
 * The CDN entry: reads what the snippet left in window.AwsRumClient, builds the client,
 * replays the queued commands in order and replaces window[n] with the live command function.
 */
export const bootFromSnippet = (): void => {
  // Own properties only: what a page added to Object.prototype is not the snippet's config.
  const g = own(window, 'AwsRumClient');
  const [q, n, i, v, r, c] = ['q', 'n', 'i', 'v', 'r', 'c'].map((k) => own(g, k));
  if (!Array.isArray(q) || typeof n !== 'string') {
    logger.error(
      'window.AwsRumClient is missing or malformed: load cwr.js with the CloudWatch RUM snippet.',
    );
    return;
  }
  const core = bootCore(i, v, r, c, 'arw-script');
  const live = (name: unknown, payload?: unknown) => runCommand(core, name, payload);
  // Commands queued before the script loaded run first, as if the client had been there when
  // they were called: attributes, credentials and consent apply before anything is recorded,
  // and the first recording command starts the session (session_start, page view) itself.
  const queued: unknown[] = q.splice(0);
  const run = (item: unknown) => live(own(item, 'c'), own(item, 'p'));
  queued.forEach(run);
  try {
    core?.start();
  } catch (e) {
    reportInternalError(e);
  }
  (window as unknown as Record<string, unknown>)[n] = live;
  // Anything pushed to the queue directly after boot still runs.
  q.push = (...items) => {
    items.forEach(run);
    return 0;
  };
};
