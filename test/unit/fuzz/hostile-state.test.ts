/**
 * Property-based: the page the client runs on is hostile. Random and malformed cookies
 * (`cwr_s`, `cwr_u`), storage (`cwr_c`, `cwr_i`, `cwr_q_<id>`), polluted prototypes and
 * replaced or non-writable globals, in every combination. Whatever the page holds: nothing is
 * thrown into the page, the client keeps recording (its events arrive, signed, with valid
 * ids), bad stored state is discarded once with a debug note, and the limits hold.
 */
import fc from 'fast-check';
import { AwsRum } from '../../../src/boot/aws-rum';
import type { AwsRumConfig } from '../../../src/boot/config';
import type { Core } from '../../../src/boot/core';
import { localStore } from '../../../src/browser/storage';
import { UUID_RE } from '../../../src/domain/rules';
import { APP_ID, fakeClock, response } from '../fakes';

const POOL = 'us-west-2:00000000-0000-4000-8000-000000000000';
const MINTED = 'us-west-2:66666666-7777-4888-8999-000000000000';
const LIMIT = 30;
const CACHE = 50;

// Each property runs the whole client a hundred times or so: seconds, not milliseconds.
jest.setTimeout(120_000);

let debug: jest.SpyInstance;
beforeEach(() => {
  for (const level of ['warn', 'error', 'info', 'log'] as const)
    jest.spyOn(console, level).mockImplementation(() => undefined);
  debug = jest.spyOn(console, 'debug').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

// ---- what a page may hold -------------------------------------------------------------------

const b64 = (v: unknown) => {
  try {
    return btoa(unescape(encodeURIComponent(JSON.stringify(v) ?? 'undefined')));
  } catch {
    return 'x';
  }
};
const uuidish = fc.oneof(
  fc.uuid(),
  fc.constantFrom('abc', '', '00000000-0000-0000-0000-00000000000g', 'x'.repeat(36)),
  fc.string(),
);
/** Cookie values: raw strings with stray percent signs, or base64 of near-valid sessions. */
const cookieValue = fc.oneof(
  fc.string({ unit: fc.constantFrom('%', 'E', '0', 'A', '4', 'z', '=', ' ', 'é', '"') }),
  fc.constantFrom('%E0%A4%A', '100%', '%', 'abc', ''),
  fc
    .record(
      {
        sessionId: uuidish,
        record: fc.oneof(fc.boolean(), fc.anything()),
        eventCount: fc.oneof(fc.nat(1000), fc.integer(), fc.double(), fc.string()),
        page: fc.oneof(
          fc.record(
            {
              pageId: fc.oneof(fc.string(), fc.anything()),
              interaction: fc.oneof(fc.nat(10), fc.anything()),
              start: fc.oneof(fc.nat(), fc.double(), fc.anything()),
              parentPageId: fc.oneof(fc.string(), fc.anything()),
            },
            { requiredKeys: [] },
          ),
          fc.anything(),
        ),
        expires: fc.oneof(
          fc.constant(Date.now() + 60_000),
          fc.constant(Date.now() + 1e12),
          fc.double(),
          fc.string(),
        ),
      },
      { requiredKeys: [] },
    )
    .map(b64),
  fc.jsonValue().map(b64),
);
const savedEntry = fc.oneof(
  fc.tuple(
    uuidish,
    uuidish,
    uuidish,
    fc.oneof(fc.constant(Date.now() / 1000), fc.double(), fc.string()),
    fc.oneof(fc.constant('saved'), fc.string()),
    fc.oneof(fc.constant('{}'), fc.anything()),
    fc.oneof(fc.constant(0), fc.integer(), fc.string()),
  ),
  fc.jsonValue(),
);
const backlog = fc.oneof(
  fc.string(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record({
      v: fc.oneof(fc.constant(1), fc.jsonValue()),
      m: fc.oneof(fc.constant(['{"version":"1.0.0","domain":"localhost"}']), fc.jsonValue()),
      e: fc.oneof(fc.array(savedEntry, { maxLength: 20 }), fc.jsonValue()),
    })
    .map((v) => JSON.stringify(v)),
  // Many valid events of one session: more than the cache and the session limit.
  fc.nat({ max: 300 }).map((n) =>
    JSON.stringify({
      v: 1,
      m: ['{"version":"1.0.0","domain":"localhost"}'],
      e: Array.from({ length: n }, (_, i) => [
        '0f8fad5b-d9cb-469f-a165-70867728950e',
        '00000000-0000-0000-0000-000000000000',
        `7c9e6679-7425-40de-944b-${String(i).padStart(12, '0')}`,
        Date.now() / 1000,
        'saved',
        '{}',
        0,
      ]),
    }),
  ),
);
const identity = fc.oneof(
  fc.string(),
  fc
    .record({ identityId: uuidish, poolId: fc.constantFrom(POOL, 'other') })
    .map((v) => JSON.stringify(v)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);
const cachedCredentials = fc.oneof(
  fc.string(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record({
      accessKeyId: fc.oneof(fc.string(), fc.anything()),
      secretAccessKey: fc.oneof(fc.string(), fc.anything()),
      expiration: fc.oneof(fc.string(), fc.double(), fc.constant(Date.now() + 3.6e6)),
      appMonitorId: fc.constantFrom(APP_ID, 'other'),
    })
    .map((v) => JSON.stringify(v)),
);

/** Keys a page (or a library it loads) might add to Object.prototype, with hostile values. */
const POLLUTABLE = [
  'endpoint',
  'fetchFunction',
  'signing',
  'sessionSampleRate',
  'sessionEventLimit',
  'telemetries',
  'headers',
  'identityPoolId',
  'allowCookies',
  'pageId',
  'sessionId',
  'userId',
  'details',
  'metadata',
  'enabled',
  'c',
  'p',
  'accessKeyId',
  'sessionToken',
  'cssLocator',
];
const pollution = fc.dictionary(
  fc.constantFrom(...POLLUTABLE),
  fc.oneof(
    fc.constant('https://evil.example/'),
    fc.constant(() => Promise.reject(new Error('evil'))),
    fc.constant(0),
    fc.constant(false),
    fc.constant(['nope']),
    fc.constant({ 'x-evil': '1' }),
  ),
  { maxKeys: 6 },
);

/** Globals a page may replace, freeze or break before the client loads. */
const GLOBAL_HAZARDS = {
  'console.debug throws': () => {
    debug.mockImplementation(() => {
      throw new Error('console');
    });
  },
  'crypto.getRandomValues throws': () =>
    jest.spyOn(crypto, 'getRandomValues').mockImplementation(() => {
      throw new Error('no entropy');
    }),
  'history.pushState is frozen': () =>
    Object.defineProperty(history, 'pushState', {
      value: history.pushState,
      writable: false,
      configurable: true,
    }),
  'XMLHttpRequest.prototype.send is not writable': () =>
    Object.defineProperty(XMLHttpRequest.prototype, 'send', {
      value: XMLHttpRequest.prototype.send,
      writable: false,
      configurable: true,
    }),
  'localStorage throws': () =>
    jest.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    }),
} as const;
type Hazard = keyof typeof GLOBAL_HAZARDS;
const hazards = fc.subarray(Object.keys(GLOBAL_HAZARDS) as Hazard[]);

// ---- the world the client talks to -----------------------------------------------------------

/** Cognito (a cached identity other than MINTED is unknown to it) and PutRumEvents. */
const services = () => {
  const puts: { sessionId: string; userId: string; types: string[] }[] = [];
  const serve = (async (url: string, init: RequestInit = {}): Promise<Response> => {
    const target = new Headers(init.headers).get('x-amz-target') ?? '';
    const body = JSON.parse(String(init.body ?? '{}'));
    if (target.endsWith('.GetId')) return response(200, { IdentityId: MINTED });
    if (target.endsWith('.GetCredentialsForIdentity')) {
      if (body.IdentityId !== MINTED)
        return response(
          400,
          { __type: 'ValidationException', message: 'bad identity' },
          { 'x-amzn-ErrorType': 'ValidationException' },
        );
      return response(200, {
        IdentityId: MINTED,
        Credentials: {
          AccessKeyId: 'ASIAGOOD',
          SecretKey: 'secret',
          SessionToken: 'token',
          Expiration: Date.now() / 1000 + 3600,
        },
      });
    }
    if (String(url).includes('/appmonitors/')) {
      // Credentials other than Cognito's (a forged cwr_c) are refused, as the service would.
      const auth = new Headers(init.headers).get('authorization') ?? '';
      if (!/Credential=ASIAGOOD\//.test(auth))
        return response(
          403,
          { message: 'The security token included in the request is invalid.' },
          { 'x-amzn-ErrorType': 'UnrecognizedClientException' },
        );
      puts.push({
        ...body.UserDetails,
        types: body.RumEvents.map((e: { type: string }) => e.type),
      });
      return response(200, {});
    }
    return response(404, {});
  }) as unknown as typeof fetch;
  return { fetch: serve, puts };
};

// ---- the property ----------------------------------------------------------------------------

interface World {
  session?: string;
  user?: string;
  queue?: string;
  identity?: string;
  credentials?: string;
  polluted: Record<string, unknown>;
  hazards: Hazard[];
}

const clearPage = () => {
  for (const c of document.cookie.split('; ').filter(Boolean))
    document.cookie = c.split('=')[0] + '=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  localStorage.clear();
};

const run = async (w: World) => {
  clearPage();
  const stored = localStore();
  if (w.session !== undefined) document.cookie = `cwr_s=${w.session}; path=/`;
  if (w.user !== undefined) document.cookie = `cwr_u=${w.user}; path=/`;
  if (w.queue !== undefined) stored.set(`cwr_q_${APP_ID}`, w.queue);
  if (w.identity !== undefined) stored.set('cwr_i', w.identity);
  if (w.credentials !== undefined) stored.set('cwr_c', w.credentials);
  const saved = { pushState: history.pushState, send: XMLHttpRequest.prototype.send };
  for (const [k, v] of Object.entries(w.polluted))
    Object.defineProperty(Object.prototype, k, { value: v, configurable: true, writable: true });
  w.hazards.forEach((h) => GLOBAL_HAZARDS[h]());
  const clock = fakeClock();
  const { fetch, puts } = services();
  let rum: AwsRum | undefined;
  try {
    const config: AwsRumConfig = {
      allowCookies: true,
      identityPoolId: POOL,
      sessionEventLimit: LIMIT,
      eventCacheSize: CACHE,
      telemetries: ['errors', 'http'],
      cookieAttributes: { secure: false },
      debug: true,
    };
    rum = new AwsRum(APP_ID, '1', 'us-west-2', config, {
      clock,
      fetch,
      store: stored,
      loadSigner: () => import('../../../src/transport/sigv4'),
    });
    for (let i = 0; i < 10; i++) rum.recordEvent('app', { i });
    history.pushState(null, '', '/next');
    rum.recordPageView('/manual');
    rum.getSessionId();
    // The session as it was while the events were recorded (it may expire while they are sent).
    const diagnosis = rum.diagnose();
    await clock.advance(60_000);
    await rum.dispatch();
    await clock.advance(60_000);
    return { puts, rum, diagnosis, stored, notes: debug.mock.calls.map((c) => String(c[0])) };
  } finally {
    (rum as unknown as { _core?: Core })?._core?.shutdown();
    for (const k of Object.keys(w.polluted))
      delete (Object.prototype as Record<string, unknown>)[k];
    jest.restoreAllMocks();
    debug = jest.spyOn(console, 'debug').mockImplementation(() => undefined);
    for (const level of ['warn', 'error', 'info', 'log'] as const)
      jest.spyOn(console, level).mockImplementation(() => undefined);
    Object.defineProperty(history, 'pushState', {
      value: saved.pushState,
      writable: true,
      configurable: true,
    });
    Object.defineProperty(XMLHttpRequest.prototype, 'send', {
      value: saved.send,
      writable: true,
      configurable: true,
    });
    history.replaceState(null, '', '/');
  }
};

const world = fc.record({
  session: fc.option(cookieValue, { nil: undefined }),
  user: fc.option(cookieValue, { nil: undefined }),
  queue: fc.option(backlog, { nil: undefined }),
  identity: fc.option(identity, { nil: undefined }),
  credentials: fc.option(cachedCredentials, { nil: undefined }),
  polluted: pollution,
  hazards,
});

const discardNotes = (notes: string[]) =>
  notes.filter((n) =>
    /not a valid value|not a saved backlog|were old, over the limits|cached Cognito identity was refused/.test(
      n,
    ),
  );

describe('whatever the page holds', () => {
  it('nothing is thrown, events keep arriving signed with valid ids, limits hold', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const { puts, diagnosis } = await run(w);
        // Recording went on: the app's events arrived (the service accepts only batches signed
        // with Cognito's credentials), with UUID ids.
        const types = puts.flatMap((p) => p.types);
        // (A well-formed cwr_s may say the session was sampled out: then nothing is sent; or
        // that it has recorded many events already: then it reaches its limit.)
        expect(diagnosis).toBeDefined();
        const { sampled, droppedOverLimit, eventsRecorded } = diagnosis!.session;
        const app = types.filter((t) => t === 'app').length;
        if (!sampled) expect(app).toBe(0);
        // (A cookie may count more than the limit already: then nothing more is recorded.)
        else if (droppedOverLimit) expect(eventsRecorded).toBeGreaterThanOrEqual(LIMIT);
        else expect(app).toBe(10);
        for (const p of puts) {
          expect(p.sessionId).toMatch(UUID_RE);
          expect(p.userId).toMatch(UUID_RE);
        }
        // Limits: per session, and a restored backlog within the cache.
        const perSession = new Map<string, number>();
        for (const p of puts)
          perSession.set(p.sessionId, (perSession.get(p.sessionId) ?? 0) + p.types.length);
        for (const n of perSession.values()) expect(n).toBeLessThanOrEqual(LIMIT);
        expect(types.filter((t) => t === 'saved').length).toBeLessThanOrEqual(CACHE);
        expect(diagnosis!.session.sessionId).toMatch(UUID_RE);
      }),
      { numRuns: 120 },
    );
  });

  it('bad stored state is discarded once, with a debug note, and not met again', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ session: cookieValue, user: cookieValue, queue: backlog, identity }),
        async (w) => {
          debug.mockClear();
          const first = await run({ ...w, polluted: {}, hazards: [] });
          const firstNotes = first.notes;
          // What the client left is valid: a second page on the same state has nothing to
          // discard, and says nothing about it.
          const left = {
            session: /cwr_s=([^;]*)/.exec(document.cookie)?.[1],
            user: /cwr_u=([^;]*)/.exec(document.cookie)?.[1],
            queue: first.stored.get(`cwr_q_${APP_ID}`) ?? undefined,
            identity: first.stored.get('cwr_i') ?? undefined,
          };
          expect(left.identity && JSON.parse(left.identity).identityId).toBe(MINTED);
          // At most one note per stored key on the first page (once, not per event)…
          expect(discardNotes(firstNotes).length).toBeLessThanOrEqual(4);
          // …and none on the next page: it was all replaced.
          debug.mockClear();
          await run({ ...left, polluted: {}, hazards: [] });
          expect(discardNotes(debug.mock.calls.map((c) => String(c[0])))).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
