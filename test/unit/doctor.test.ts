/**
 * `doctor` says what the client itself says at start: the same configs go to both, and the
 * messages must be the same. The client here is the whole npm client (its chunks loaded as the
 * bundler's dynamic imports), started and left to finish its idle-time start.
 */
import { AwsRum } from '../../src/boot/aws-rum';
import { memoryStore } from '../../src/browser/storage';
import { lintConfig } from '../../src/doctor';
import { APP_ID, fakeFetch, flushPromises } from './fakes';

const POOL = 'us-west-2:0a1b2c3d-1111-2222-3333-444455556666';
const ROLE = 'arn:aws:iam::123456789012:role/RUM-Guest';

/** What the client printed, without the "[cwr] " prefix, for one config. */
const clientSays = async (appMonitorId: string, region: string, config: unknown) => {
  const said: string[] = [];
  const spies = (['warn', 'error', 'info'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      const m = args[0];
      if (typeof m === 'string' && m.startsWith('[cwr] ')) said.push(m.slice(6));
    }),
  );
  // jsdom has no Performance Timeline: give web-vitals an empty one, as a page before its
  // first entries would.
  Object.assign(performance, { getEntriesByType: () => [] });
  const net = fakeFetch();
  const rum = new AwsRum(appMonitorId, '1.0.0', region, config as never, {
    fetch: net.fetch,
    store: memoryStore(),
    idle: (fn) => setTimeout(fn, 0),
    sendBeacon: () => true,
  });
  // The idle-time start, the chunks it loads (performance, interaction, diagnostics) and the
  // words of each problem.
  for (let i = 0; i < 5; i++) await flushPromises();
  // diagnose() lists the same problems (undefined when the client did not start).
  const listed = rum.diagnose()?.problems.map((p) => p.message);
  (rum as unknown as { _core?: { shutdown(): void } })._core?.shutdown();
  spies.forEach((s) => s.mockRestore());
  return { said, listed };
};

const CASES: [string, unknown, string?, string?][] = [
  ['a clean config', { identityPoolId: POOL, sessionSampleRate: 1, allowCookies: true }],
  ["a misspelt http option (the issue's)", { telemetries: [['http', { recordAllRequest: true }]] }],
  [
    'misspelt top-level options',
    { telemetrys: ['errors'], sessionSampleRat: 1, AllowCookies: true },
  ],
  ['an endpoint that is not a URL', { endpoint: 'not a url' }],
  ['values of the wrong type', { sessionSampleRate: '1', batchLimit: 500, pageIdFormat: 'QUERY' }],
  ['signing off with an identity pool', { signing: false, identityPoolId: POOL }],
  [
    'an identity pool in another region',
    { identityPoolId: 'eu-west-1:0a1b2c3d-1111-2222-3333-444455556666', guestRoleArn: ROLE },
  ],
  ['a role without a pool', { guestRoleArn: ROLE }],
  ['an endpoint in another region', { endpoint: 'https://dataplane.rum.eu-west-1.amazonaws.com' }],
  ['X-Ray without the http telemetry', { enableXRay: true, telemetries: ['errors'] }],
  ['X-Ray without the trace header', { enableXRay: true, telemetries: ['http'] }],
  ['no session sampled', { sessionSampleRate: 0 }],
  [
    'telemetry names and lazily loaded options',
    {
      telemetries: [
        'perfomance',
        'replay',
        ['performance', { eventLimit: -1, reportAllCLS: 'yes', nope: 1 }],
        ['interaction', { events: [{ event: 'click' }, { event: 'click', cssLocator: '.buy' }] }],
      ],
    },
  ],
  [
    'replay options (the recorder says them once it is loaded)',
    {
      telemetries: [
        ['replay', { batchSize: 0, flushIntervall: 1, recordOptions: { maskAllInputs: false } }],
      ],
    },
  ],
  [
    'cookie attributes',
    { allowCookies: true, cookieAttributes: { sameSite: 'Loose', secur: true } },
  ],
  ['attributes the client sets itself', { applicationAttributes: { version: 'x', ok: 1 } }],
  ['a config that is not an object', 'sessionSampleRate=1'],
  ['the client switched off', { enableRumClient: false }],
  ['an app monitor id that is not a UUID', {}, 'my-app'],
  ['an app monitor id that cannot be one', {}, 'my app!'],
  ['a region that is not one', {}, APP_ID, 'us-west'],
];

describe('doctor', () => {
  // Each row in full: jest takes a test function with more parameters than the row for one
  // that waits for done().
  const rows = CASES.map(([name, config, id, region]) => [name, config, id ?? APP_ID, region]);
  it.each(rows)(
    'says what the client says at start: %s',
    async (_, config, appMonitorId, region) => {
      const r = (region as string | undefined) ?? 'us-west-2';
      const client = await clientSays(appMonitorId as string, r, config);
      const doctor = lintConfig(appMonitorId as string, r, config).map((f) => f.message);
      expect([...doctor].sort()).toEqual([...client.said].sort());
      if (client.listed) expect(client.listed.sort()).toEqual(doctor.sort());
    },
  );

  it('finds something to say in every case but the clean one', () => {
    for (const [name, config, id, region] of CASES) {
      const findings = lintConfig(id ?? APP_ID, region ?? 'us-west-2', config);
      expect([name, findings.length > 0]).toEqual([name, name !== 'a clean config']);
    }
  });

  it('names what a misspelt option may have meant, and the default used for a bad value', () => {
    const messages = lintConfig(APP_ID, 'us-west-2', {
      telemetries: [['http', { recordAllRequest: true }]],
      endpoint: 'not a url',
    }).map((f) => f.message);
    expect(messages).toEqual([
      'config.endpoint must be an absolute http(s) URL, got "not a url"; using the default "https://dataplane.rum.us-west-2.amazonaws.com/".',
      'telemetries http.recordAllRequest is not a known option; it is ignored. Did you mean recordAllRequests?',
    ]);
  });

  it('flags an identity pool that signing: false leaves unused, and one in another region', () => {
    const codes = (config: object) => lintConfig(APP_ID, 'us-west-2', config).map((f) => f.message);
    expect(codes({ signing: false, identityPoolId: POOL })).toEqual([
      expect.stringContaining('config.identityPoolId is not used: config.signing is false'),
    ]);
    expect(codes({ identityPoolId: 'eu-west-1:0a1b2c3d-1111-2222-3333-444455556666' })).toEqual([
      expect.stringContaining('config.identityPoolId is in eu-west-1 but the region argument'),
    ]);
  });
});
