import { bootCore } from '../boot/aws-rum';
import type { Core } from '../boot/core';
import { logger } from '../tools/logger';
import { reportInternalError } from '../tools/monitor';
import { own } from '../tools/own';
import { loadChunk } from './load';
import type * as RemoteConfig from './remote-config';
import type { StartWith } from './remote-config';

// The commands a page may send with cwr(name, payload): each calls the core's method of that
// name with the payload. addPlugin, getSessionId and getUserId are npm-only in the
// predecessor; here they work too (ids are returned from the call).
const COMMANDS = (
  'recordPageView recordError recordEvent addSessionAttributes setAwsCredentials allowCookies ' +
  'enable disable dispatch dispatchBeacon addPlugin registerDomEvents getSessionId getUserId ' +
  'pinSessionId pinUserId startSession setEventMetadataHook clearEventMetadataHook ' +
  'clearCookies diagnose'
).split(' ');

/** Runs one cwr(name, payload) command; never throws into the page. */
const runCommand = (core: Core | undefined, name: unknown, payload: unknown): unknown => {
  if (!COMMANDS.includes(name as string)) {
    logger.error(
      `unknown command ${typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : `of type ${typeof name}`}. Known commands: ${COMMANDS.join(', ')}.`,
    );
    return undefined;
  }
  if (!core) return undefined;
  try {
    const r =
      name === 'recordEvent'
        ? core.recordEvent(own(payload, 'type'), own(payload, 'data'), own(payload, 'metadata'))
        : (core[name as keyof Core] as (p: unknown) => unknown)(payload);
    return r instanceof Promise ? r.catch(reportInternalError) : r;
  } catch (e) {
    reportInternalError(e);
    return undefined;
  }
};

/**
 * The CDN entry: reads what the snippet left in window.AwsRumClient, builds the client (with the
 * config document at the snippet's config URL, if it gave one), replays the queued commands in
 * order and replaces window[n] with the live command function.
 */
export const bootFromSnippet = (): void => {
  // Own properties only: what a page added to Object.prototype is not the snippet's config.
  const g = own(window, 'AwsRumClient');
  const [q, n, i, v, r, c, u] = ['q', 'n', 'i', 'v', 'r', 'c', 'u'].map((k) => own(g, k));
  if (!Array.isArray(q) || typeof n !== 'string') {
    logger.error(
      'window.AwsRumClient is missing or malformed: load cwr.js with the CloudWatch RUM snippet.',
    );
    return;
  }
  const start: StartWith = (config, problem) => {
    const core = bootCore(i, v, r, config, 'arw-script');
    if (problem) core?.problem('remote-config', problem);
    const live = (name: unknown, payload?: unknown) => runCommand(core, name, payload);
    // Commands queued before the script loaded run first, as if the client had been there when
    // they were called: attributes, credentials and consent apply before anything is recorded,
    // and the first recording command starts the session (session_start, page view) itself.
    // (So do the errors that came while the config was on its way: see remote-config.ts.)
    const run = (item: unknown) => live(own(item, 'c'), own(item, 'p'));
    q.splice(0).forEach(run);
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
  // The config URL's document is fetched and merged by a chunk (cwr-config.js) of its own.
  if (u)
    loadChunk<typeof RemoteConfig>('cwr-config.js')
      .then((m) => m.fetchConfig(u, c, q, start))
      .catch(() => start(c, { url: u }));
  else start(c);
};
