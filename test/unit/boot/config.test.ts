import { CONFIG_KEYS, resolveConfig as resolve, TELEMETRY_NAMES } from '../../../src/boot/config';
import { createProblems } from '../../../src/boot/problems';
import * as diagnostics from '../../../src/lazy/diagnostics';
import { createLogger } from '../../../src/tools/logger';
import { APP_ID, collectWarnings } from '../fakes';

describe('resolveConfig', () => {
  let warned: string[];
  const resolveConfig = (region: string, input: unknown) => {
    const w = collectWarnings();
    warned = w.messages;
    return resolve(region, input, w.warn);
  };

  it('gives every key of the public surface its documented default', () => {
    const c = resolveConfig('us-west-2', undefined);
    expect(c).toMatchObject({
      sessionSampleRate: 1,
      sessionEventLimit: 200,
      signing: true,
      // As aws-rum-web 3.x: session replay is on by default.
      telemetries: [
        ['errors', {}],
        ['performance', {}],
        ['http', {}],
        ['replay', {}],
      ],
      allowCookies: false,
      cookieAttributes: {
        domain: location.hostname,
        path: '/',
        sameSite: 'Strict',
        secure: true,
        unique: false,
      },
      sessionLengthSeconds: 1800,
      sessionAttributes: {},
      disableAutoPageView: false,
      pageIdFormat: 'PATH',
      pagesToExclude: [],
      enableRumClient: true,
      enableXRay: false,
      enableW3CTraceId: false,
      recordResourceUrl: true,
      dispatchInterval: 5000,
      batchLimit: 100,
      eventCacheSize: 1000,
      retries: 2,
      useBeacon: true,
      compressionStrategy: { enabled: true },
      headers: {},
      debug: false,
      eventPluginsToLoad: [],
      routeChangeComplete: 100,
      routeChangeTimeout: 10000,
      userIdRetentionDays: 30,
      suppressSessionStartEvent: false,
    });
    expect(c.pagesToInclude.map(String)).toEqual(['/.*/']);
    expect(c.endpoint).toBe('https://dataplane.rum.us-west-2.amazonaws.com/');
    expect(warned).toEqual([]);
  });

  it.each([
    ['sessionSampleRate', 1.5, 'a number from 0 to 1', 'using the default 1'],
    ['sessionSampleRate', '0.5', 'a number from 0 to 1', 'using the default 1'],
    ['sessionEventLimit', -1, 'an integer >= 0 (0: no limit)', 'using the default 200'],
    ['signing', 'false', 'true or false', 'using the default true'],
    [
      'pageIdFormat',
      'QUERY',
      "'PATH' or 'HASH' or 'PATH_AND_HASH' or 'PATH_AND_SEARCH'",
      'using the default "PATH"',
    ],
    ['batchLimit', 500, 'an integer from 1 to 100', 'using the default 100'],
    [
      'endpoint',
      'not a url',
      'an absolute http(s) URL',
      'using the default "https://dataplane.rum.us-west-2.amazonaws.com/"',
    ],
    ['releaseId', 'has spaces', 'up to 200 characters of a-z A-Z 0-9 _ - : / .', 'it is ignored'],
    ['identityPoolId', 'pool', "an identity pool id like 'us-west-2:uuid'", 'it is ignored'],
    ['pagesToInclude', ['/home'], 'an array of RegExp', 'using the default [/.*/]'],
  ])('warns once naming %s when given %p, and uses the default', (key, value, expected, used) => {
    const c = resolveConfig('us-west-2', { [key]: value }) as unknown as Record<string, unknown>;
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain(`config.${key} must be ${expected}, got ${JSON.stringify(value)}`);
    expect(warned[0].endsWith(`; ${used}.`)).toBe(true);
    expect(c[key]).not.toEqual(value);
  });

  it.each([
    ['sessionSampleRat', 'sessionSampleRate'],
    ['telemetrys', 'telemetries'],
    ['identitypoolid', 'identityPoolId'],
    ['AllowCookies', 'allowCookies'],
  ])('says which option %s may have meant (%s)', (typo, meant) => {
    resolveConfig('us-west-2', { [typo]: 1 });
    expect(warned).toEqual([
      `config.${typo} is not a known option; it is ignored. Did you mean ${meant}?`,
    ]);
  });

  it('suggests nothing for a name far from every option', () => {
    resolveConfig('us-west-2', { colour: 'blue' });
    expect(warned).toEqual(['config.colour is not a known option; it is ignored.']);
  });

  it('does not take inherited names (constructor, toString) for options', () => {
    const c = resolveConfig('us-west-2', {
      constructor: 1,
      cookieAttributes: { toString: 'x' },
      telemetries: ['constructor', 'hasOwnProperty'],
    });
    expect(c.telemetries).toEqual([]);
    expect(warned).toEqual([
      'config.constructor is not a known option; it is ignored.',
      'config.cookieAttributes.toString is not a known option; it is ignored.',
      "config.telemetries[0] 'constructor' is not a known telemetry; it is ignored.",
      "config.telemetries[1] 'hasOwnProperty' is not a known telemetry; it is ignored.",
    ]);
  });

  it('says what a telemetry name or option may have meant', () => {
    resolveConfig('us-west-2', {
      telemetries: ['perfomance', ['http', { recordAllRequest: true }], 'replay', 7],
    });
    expect(warned).toEqual([
      "config.telemetries[0] 'perfomance' is not a known telemetry; it is ignored. Did you mean performance?",
      "config.telemetries[3] must be a telemetry name or [name, options], the names being 'errors', 'http', 'performance', 'interaction', 'replay', got 7; it is ignored.",
    ]);
  });

  it('has words for every option it checks', () => {
    const { EXPECTED } = jest.requireActual('../../../src/diagnostics/options');
    const missing = CONFIG_KEYS.filter((k) => k !== 'credentials' && !('config.' + k in EXPECTED));
    expect(missing).toEqual([]);
    // The names it accepts are the telemetries the client has.
    const { TELEMETRIES } = jest.requireActual('../../../src/plugins/telemetries');
    expect([...TELEMETRY_NAMES].sort()).toEqual(Object.keys(TELEMETRIES).sort());
  });

  it('keeps valid values, normalises the endpoint and warns on unknown keys', () => {
    const c = resolveConfig('eu-west-1', {
      sessionSampleRate: 0.25,
      endpoint: 'https://proxy.example.com/stage',
      sesionEventLimit: 5,
      telemetries: ['errors', ['http', { recordAllRequests: true }], 'bogus'],
    } as never);
    expect(c.sessionSampleRate).toBe(0.25);
    expect(c.endpoint).toBe('https://proxy.example.com/stage/');
    expect(c.telemetries).toEqual([
      ['errors', {}],
      ['http', { recordAllRequests: true }],
    ]);
    expect(warned).toEqual([
      'config.sesionEventLimit is not a known option; it is ignored. Did you mean sessionEventLimit?',
      "config.telemetries[2] 'bogus' is not a known telemetry; it is ignored.",
    ]);
  });

  it('validates cookie attributes one by one', () => {
    const c = resolveConfig('us-west-2', {
      cookieAttributes: { sameSite: 'Loose', unique: true },
    } as never);
    expect(c.cookieAttributes.sameSite).toBe('Strict');
    expect(c.cookieAttributes.unique).toBe(true);
    expect(warned).toEqual([
      `config.cookieAttributes.sameSite must be 'Strict' or 'Lax' or 'None', got "Loose"; using the default "Strict".`,
    ]);
  });

  it('survives a config that is not an object', () => {
    expect(resolveConfig('us-west-2', 'nope').sessionSampleRate).toBe(1);
    expect(warned).toEqual(['config must be an object, got "nope"; using the defaults.']);
  });

  it('rejects a beforeSend that is not a function, naming the key; diagnose() lists it in those words', async () => {
    const message =
      'config.beforeSend must be a function (event) => event | false, got "nope"; it is ignored.';
    const c = resolveConfig('us-west-2', { beforeSend: 'nope' });
    expect(warned).toEqual([message]);
    expect(c.beforeSend).toBeUndefined();
    // Through the problem registry, as the core reads its config.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const problems = createProblems(
      createLogger(() => false),
      () => Promise.resolve(diagnostics),
      () => ({ appMonitorId: APP_ID, region: 'us-west-2', endpoint: 'https://x/' }),
    );
    resolve('us-west-2', { beforeSend: 'nope' }, problems.configProblem);
    await new Promise((r) => setTimeout(r, 0));
    expect(warn).toHaveBeenCalledWith('[cwr] ' + message);
    expect(problems.shown()).toEqual([{ code: 'bad-option', message, count: 1 }]);
    warn.mockRestore();
  });
});
