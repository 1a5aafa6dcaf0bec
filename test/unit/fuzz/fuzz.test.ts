/**
 * Property-based: thousands of random configs, commands and payloads — wrong types, huge
 * strings, cycles, throwing getters, frozen objects, null prototypes — thrown at the client.
 * Nothing may reach the caller, the client keeps recording, and bad input gets a bounded
 * number of console messages (one per problem, not one per event).
 */
import fc from 'fast-check';
import { AwsRum } from '../../../src/boot/aws-rum';
import { memoryStore } from '../../../src/browser/storage';
import { APP_ID, fakeClock, fakeFetch } from '../fakes';

let messages: jest.SpyInstance[];
const count = () => messages.reduce((n, m) => n + m.mock.calls.length, 0);
beforeEach(() => {
  messages = (['warn', 'error', 'info', 'debug', 'log'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation(() => undefined),
  );
});
afterEach(() => jest.restoreAllMocks());

/** Values that have broken clients: cycles, throwing getters, frozen, null prototype, huge. */
const nasty = fc.oneof(
  fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true }),
  fc.constant(undefined),
  fc.constant('x'.repeat(300_000)),
  fc.constant(
    (() => {
      const o: Record<string, unknown> = { a: 1 };
      o.self = o;
      return o;
    })(),
  ),
  fc.constant(
    Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    }),
  ),
  fc.constant(Object.freeze({ frozen: true, nested: Object.freeze({ a: [1] }) })),
  fc.constant(Object.create(null)),
  fc.constant(() => {
    throw new Error('called');
  }),
  fc.constant(Symbol('s')),
  fc.constant(
    new Proxy(
      {},
      {
        // Throws on every read but toString (which the test reporter needs).
        get: (_t, k) => {
          if (k === 'toString') return () => '[a Proxy that throws]';
          if (typeof k === 'symbol') return undefined;
          throw new Error('proxy');
        },
        ownKeys: () => {
          throw new Error('keys');
        },
      },
    ),
  ),
);

const CONFIG_KEYS = [
  'sessionSampleRate',
  'sessionEventLimit',
  'identityPoolId',
  'guestRoleArn',
  'endpoint',
  'signing',
  'telemetries',
  'allowCookies',
  'cookieAttributes',
  'sessionLengthSeconds',
  'sessionAttributes',
  'disableAutoPageView',
  'pageIdFormat',
  'pagesToInclude',
  'pagesToExclude',
  'enableRumClient',
  'enableXRay',
  'recordResourceUrl',
  'dispatchInterval',
  'batchLimit',
  'eventCacheSize',
  'retries',
  'useBeacon',
  'compressionStrategy',
  'headers',
  'alias',
  'releaseId',
  'debug',
  'eventPluginsToLoad',
  'userIdRetentionDays',
  'sessionId',
  'userId',
  'applicationAttributes',
  'credentials',
  'unknownKey',
];

const config = fc.oneof(
  nasty,
  fc.dictionary(fc.constantFrom(...CONFIG_KEYS), nasty, { maxKeys: 8 }),
);

const client = (cfg: unknown, region: unknown = 'us-west-2', id: unknown = APP_ID) => {
  const clock = fakeClock();
  const net = fakeFetch();
  const rum = new AwsRum(id as string, '1.0.0', region as string, cfg as object, {
    clock,
    fetch: net.fetch,
    store: memoryStore(),
    sendBeacon: () => true,
  });
  return { rum, clock, net };
};

jest.setTimeout(120_000);

describe('no exception ever reaches the caller', () => {
  it('random configs (and app monitor ids and regions): constructing never throws, and the client works', () => {
    fc.assert(
      fc.property(config, fc.oneof(fc.constant('us-west-2'), nasty), (cfg, region) => {
        const before = count();
        const { rum } = client(cfg, region);
        const messagesForConfig = count() - before;
        // One message per problem at most: bounded by the keys given (plus the object itself).
        // Each key may be a problem of its own, nested ones (cookieAttributes.x) included.
        const countKeys = (v: unknown, depth: number): number => {
          try {
            if (!v || typeof v !== 'object' || depth === 0) return 0;
            return Object.values(v).reduce((n: number, x) => n + 1 + countKeys(x, depth - 1), 0);
          } catch {
            return 0; // a Proxy that throws
          }
        };
        const keys = countKeys(cfg, 2);
        expect(messagesForConfig).toBeLessThanOrEqual(keys * 2 + 3);
        rum.recordEvent('fuzz.ok', { n: 1 });
        rum.recordError(new Error('x'));
        expect(() => rum.diagnose()).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });

  const METHODS = [
    'recordEvent',
    'recordError',
    'recordPageView',
    'addSessionAttributes',
    'setAwsCredentials',
    'allowCookies',
    'registerDomEvents',
    'pinSessionId',
    'pinUserId',
    'startSession',
    'setEventMetadataHook',
    'addPlugin',
    'dispatch',
    'dispatchBeacon',
    'enable',
    'disable',
    'getSessionId',
    'getUserId',
    'clearCookies',
    'diagnose',
  ] as const;

  it('random commands with random payloads: nothing throws, the client keeps recording', () => {
    const { rum, clock, net } = client({ signing: false, telemetries: [] });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...METHODS), nasty, nasty), { maxLength: 12 }),
        (calls) => {
          for (const [m, a, b] of calls) {
            const f = (rum as unknown as Record<string, (...x: unknown[]) => unknown>)[m];
            const r = f.call(rum, a, b);
            if (r instanceof Promise)
              r.catch(() => {
                throw new Error(`${m} rejected`);
              });
          }
          rum.enable();
        },
      ),
      { numRuns: 1000 },
    );
    // Still working afterwards: a plain event is recorded and sent.
    rum.enable();
    rum.recordEvent('after.fuzz', { ok: true });
    return clock.advance(10_000).then(() => {
      const types = net.requests.flatMap((r) => r.body.RumEvents.map((e) => e.type));
      expect(types).toContain('after.fuzz');
    });
  });

  it('the cwr() command function of the CDN build takes random names and payloads', async () => {
    const { bootFromSnippet } = await import('../../../src/cdn/boot');
    const w = window as unknown as Record<string, unknown>;
    w.AwsRumClient = {
      q: [],
      n: 'cwrFuzz',
      i: APP_ID,
      v: '1.0.0',
      r: 'us-west-2',
      c: { signing: false, telemetries: [] },
    };
    w.cwrFuzz = (c: unknown, p: unknown) => (w.AwsRumClient as { q: unknown[] }).q.push({ c, p });
    const queue = w.cwrFuzz;
    bootFromSnippet();
    const cwr = w.cwrFuzz as (c: unknown, p?: unknown) => unknown;
    expect(cwr).not.toBe(queue); // the live command function, not the snippet's queue
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(
            'recordEvent',
            'recordPageView',
            'addSessionAttributes',
            'setAwsCredentials',
            'registerDomEvents',
            'allowCookies',
            'diagnose',
            'dispatch',
          ),
          nasty,
        ),
        nasty,
        (c, p) => {
          const r = cwr(c, p);
          if (r instanceof Promise) void r.catch(() => undefined);
        },
      ),
      { numRuns: 1000 },
    );
    expect(() => cwr('recordEvent', { type: 'still.ok', data: {} })).not.toThrow();
  });
});
