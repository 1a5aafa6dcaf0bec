import { createAssembly } from '../../../src/boot/assembly';
import { resolveConfig, type AwsRumConfig } from '../../../src/boot/config';
import { createProblems } from '../../../src/boot/problems';
import { createViews } from '../../../src/boot/views';
import { createCookieJar } from '../../../src/browser/cookies';
import { createEventCache } from '../../../src/domain/event-cache';
import { createSessions } from '../../../src/domain/session';
import * as diagnostics from '../../../src/lazy/diagnostics';
import { createLogger } from '../../../src/tools/logger';
import { fakeClock } from '../fakes';

/**
 * An event's last steps (boot/assembly.ts) and the page views (boot/views.ts), composed as the
 * core composes them, with a real session over jsdom's cookies and a fake clock; the problems'
 * words come from the real diagnostics chunk. Shared by assembly.test.ts and views.test.ts.
 */
export const setup = (options: AwsRumConfig = {}, random = () => 0) => {
  const config = resolveConfig('us-west-2', { telemetries: [], ...options }, () => undefined);
  const clock = fakeClock();
  const log = createLogger(() => false);
  const problems = createProblems(
    log,
    () => Promise.resolve(diagnostics),
    () => ({
      appMonitorId: 'a',
      region: 'us-west-2',
      endpoint: 'https://x/',
    }),
  );
  const cache = createEventCache(config.eventCacheSize);
  let open = true;
  const added = jest.fn();
  const sessions = createSessions(
    {
      ...config,
      sessionCookie: 'cwr_s',
      userCookie: 'cwr_u',
    },
    clock,
    createCookieJar(config.cookieAttributes),
    () => undefined,
    random,
    (key, data) => problems.say('debug', key, data),
  );
  const views = createViews(
    config,
    clock,
    sessions,
    problems.say,
    () => assembly,
    () => open,
    () => undefined,
  );
  const assembly = createAssembly({
    config,
    client: 'test',
    clock,
    sessions,
    cache,
    problems,
    open: () => open && views.allowed(),
    here: views.here,
    added,
  });
  const take = () =>
    cache.takeAll().map((q) => ({
      type: q.event.type,
      details: JSON.parse(q.event.details),
      metadata: JSON.parse(q.event.metadata),
    }));
  return { assembly, views, sessions, cache, clock, added, take, close: () => (open = false) };
};
