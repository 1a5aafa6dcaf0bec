import { resolveConfig } from '../../../src/boot/config';

describe('resolveConfig', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)));
  afterEach(() => warn.mockRestore());

  it('gives every key of the public surface its documented default', () => {
    const c = resolveConfig('us-west-2', undefined);
    expect(c).toMatchObject({
      sessionSampleRate: 1,
      sessionEventLimit: 200,
      signing: true,
      telemetries: [
        ['errors', {}],
        ['performance', {}],
        ['http', {}],
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
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['sessionSampleRate', 1.5, 'a number from 0 to 1', '1'],
    ['sessionSampleRate', '0.5', 'a number from 0 to 1', '1'],
    ['sessionEventLimit', -1, 'an integer >= 0', '200'],
    ['signing', 'false', 'true or false', 'true'],
    ['pageIdFormat', 'QUERY', "'PATH' or 'HASH' or 'PATH_AND_HASH'", '"PATH"'],
    ['batchLimit', 500, 'an integer from 1 to 100', '100'],
    ['endpoint', 'not a url', 'an absolute http(s) URL', 'undefined'],
    ['releaseId', 'has spaces', 'up to 200 characters', 'undefined'],
    ['pagesToInclude', ['/home'], 'an array of RegExp', '[/.*/]'],
  ])(
    'warns once naming %s when given %p, and uses the default',
    (key, value, expected, fallback) => {
      const c = resolveConfig('us-west-2', { [key]: value }) as unknown as Record<string, unknown>;
      expect(warn).toHaveBeenCalledTimes(1);
      const msg = warn.mock.calls[0][0] as string;
      expect(msg).toContain(`config.${key} must be ${expected}`);
      expect(msg).toContain(`using the default ${fallback}`);
      expect(c[key]).not.toEqual(value);
    },
  );

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
    expect(warn.mock.calls.map((a) => a[0])).toEqual([
      expect.stringContaining('config.sesionEventLimit is not a known option'),
      expect.stringContaining('config.telemetries[2] must be one of'),
    ]);
  });

  it('validates cookie attributes one by one', () => {
    const c = resolveConfig('us-west-2', {
      cookieAttributes: { sameSite: 'Loose', unique: true },
    } as never);
    expect(c.cookieAttributes.sameSite).toBe('Strict');
    expect(c.cookieAttributes.unique).toBe(true);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('config.cookieAttributes.sameSite must be'),
    );
  });

  it('survives a config that is not an object', () => {
    expect(resolveConfig('us-west-2', 'nope').sessionSampleRate).toBe(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('config must be an object'));
  });
});
