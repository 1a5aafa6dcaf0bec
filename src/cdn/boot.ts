import { bootCore } from '../boot/aws-rum';
import type { Core } from '../boot/core';
import { say } from '../lazy/say';
import { reportInternalError } from '../tools/monitor';
import { own } from '../tools/own';
import { loadChunk } from './load';
import type * as RemoteConfig from './remote-config';
import type { StartWith } from './remote-config';

// The commands a page may send with cwr(name, payload): each calls the core's method of that
// name with the payload, every method but these, which are the CDN build's own wiring.
// addPlugin, getSessionId and getUserId are npm-only in the predecessor; here they work too
// (ids are returned from the call).
const WIRING = ['start', 'record', 'problem', 'shutdown'];
const isCommand = (core: Core, name: unknown): boolean =>
  typeof name == 'string' && !WIRING.includes(name) && typeof own(core, name) == 'function';

/** Runs one cwr(name, payload) command; never throws into the page. */
const runCommand = (core: Core | undefined, name: unknown, payload: unknown): unknown => {
  // (A client that did not start said why; what it is sent then is not checked.)
  if (!core) return undefined;
  if (!isCommand(core, name))
    return say('error', 'command', {
      got: name,
      known: Object.keys(core).filter((k) => isCommand(core, k)),
    });
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
    return say('error', 'snippet');
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
