import {
  clip,
  detectPlatform,
  MAX_ATTRIBUTE_CHARS,
  validAttributes as valid,
} from '../../../src/domain/metadata';
import { describeMessage } from '../../../src/diagnostics/messages';

const brands = (...names: string[]) => names.map((brand) => ({ brand, version: '124' }));

const CHROME_WIN =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const HEADLESS_DEBIAN =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';

describe('detectPlatform', () => {
  it.each([
    [
      'Chrome on Windows 10',
      CHROME_WIN,
      { brands: brands('Google Chrome', 'Chromium', 'Not_A Brand'), mobile: false },
      ['Chrome', '124.0.0.0', 'Windows', '10', 'desktop'],
    ],
    [
      'headless Chromium on Debian',
      HEADLESS_DEBIAN,
      { brands: brands('Chromium', 'HeadlessChrome', 'Not-A.Brand'), mobile: false },
      ['Chromium', '156.0.0.0', 'Linux', 'unknown', 'desktop'],
    ],
    [
      'Chrome with no userAgentData',
      CHROME_WIN,
      undefined,
      ['Chrome', '124.0.0.0', 'Windows', '10', 'desktop'],
    ],
    [
      'Edge on Windows',
      CHROME_WIN + ' Edg/124.0.2478.80',
      { brands: brands('Chromium', 'Microsoft Edge', 'Not-A.Brand') },
      ['Microsoft Edge', '124.0.2478.80', 'Windows', '10', 'desktop'],
    ],
    [
      'Opera on Windows 7',
      'Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36 OPR/95.0.0.0',
      { brands: brands('Not_A Brand', 'Opera', 'Chromium') },
      ['Opera', '95.0.0.0', 'Windows', '7', 'desktop'],
    ],
    [
      'Brave (brand list only)',
      CHROME_WIN,
      { brands: brands('Brave', 'Chromium', 'Not)A;Brand') },
      ['Brave', '124.0.0.0', 'Windows', '10', 'desktop'],
    ],
    [
      'Firefox on macOS',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:125.0) Gecko/20100101 Firefox/125.0',
      undefined,
      ['Firefox', '125.0', 'Mac OS', '10.15', 'desktop'],
    ],
    [
      'Safari on macOS',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
      undefined,
      ['Safari', '17.4.1', 'Mac OS', '10.15.7', 'desktop'],
    ],
    [
      'Safari on iPhone',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      undefined,
      ['Safari', '17.4', 'iOS', '17.4', 'mobile'],
    ],
    [
      'Safari on iPad',
      'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
      undefined,
      ['Safari', '16.6', 'iOS', '16.6', 'tablet'],
    ],
    [
      'Chrome on iPhone',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
      undefined,
      ['Chrome', '124.0.6367.88', 'iOS', '17.4', 'mobile'],
    ],
    [
      'Samsung Internet on Android',
      'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
      { brands: brands('Samsung Internet', 'Chromium', 'Not_A Brand'), mobile: true },
      ['Samsung Internet', '24.0', 'Android', '13', 'mobile'],
    ],
    [
      'Chrome on an Android phone',
      'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
      { brands: brands('Google Chrome', 'Chromium', 'Not-A.Brand'), mobile: true },
      ['Chrome', '124.0.0.0', 'Android', '10', 'mobile'],
    ],
    [
      'Chrome on an Android tablet',
      'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
      { brands: brands('Google Chrome', 'Chromium', 'Not-A.Brand'), mobile: false },
      ['Chrome', '124.0.0.0', 'Android', '13', 'tablet'],
    ],
    [
      'Firefox on an Android tablet',
      'Mozilla/5.0 (Android 14; Tablet; rv:125.0) Gecko/125.0 Firefox/125.0',
      undefined,
      ['Firefox', '125.0', 'Android', '14', 'tablet'],
    ],
    [
      'Chrome on ChromeOS',
      'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
      { brands: brands('Chromium', 'Not-A.Brand', 'Google Chrome') },
      ['Chrome', '124.0.0.0', 'Chrome OS', '14541.0.0', 'desktop'],
    ],
    [
      'an unknown agent',
      'curl/8.5.0',
      undefined,
      ['unknown', 'unknown', 'unknown', 'unknown', 'desktop'],
    ],
  ])(
    'recognises %s',
    (_name, ua, uaData, [browserName, browserVersion, osName, osVersion, deviceType]) => {
      expect(detectPlatform(ua, uaData)).toEqual({
        browserName,
        browserVersion,
        osName,
        osVersion,
        deviceType,
      });
    },
  );

  // Chromium's GREASE brands: "Not" + one of " ()-./:;=?_" + "A" + one of them + "Brand".
  it.each([
    'Not_A Brand',
    'Not-A.Brand',
    'Not)A;Brand',
    ' Not A;Brand',
    'Not/A)Brand',
    'Not:A-Brand',
    'Not.A/Brand',
    'Not;A=Brand',
    'Not?A_Brand',
    'Not=A?Brand',
    'Not A(Brand',
  ])('never names the browser after the GREASE brand %p', (grease) => {
    expect(detectPlatform(CHROME_WIN, { brands: brands(grease, 'Chromium') }).browserName).toBe(
      'Chromium',
    );
    expect(detectPlatform(CHROME_WIN, { brands: brands(grease) }).browserName).toBe('Chrome');
    expect(
      detectPlatform(HEADLESS_DEBIAN, { brands: brands('HeadlessChrome', grease) }).browserName,
    ).toBe('Chromium');
  });

  it('treats userAgentData.mobile as a phone', () => {
    expect(detectPlatform(HEADLESS_DEBIAN, { brands: [], mobile: true }).deviceType).toBe('mobile');
  });
});

describe('validAttributes', () => {
  // What each left-out attribute is told as, in the words the client then says (cwr-diag.js).
  const warn = jest.fn();
  beforeEach(() => warn.mockReset());
  const tell = (key: string, data: Record<string, unknown>) =>
    warn('[cwr] ' + describeMessage(key, data));
  const validAttributes = (input: unknown, source: string, room?: number) =>
    valid(input, source, room, {}, tell);
  const warnings = () => warn.mock.calls.map((c) => c[0] as string);

  it('keeps string, number and boolean values with valid keys, without a warning', () => {
    const input = { plan: 'pro', count: 3, beta: false, 'a:b_C9': 'x', k: 'y'.repeat(256) };
    expect(validAttributes(input, 'src')).toEqual(input);
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['has space', 'its key must match'],
    ['dash-key', 'its key must match'],
    ['aws:reserved', 'its key must match'],
    ['pageTags', 'its key must match'],
    ['pageTagsExtra', 'its key must match'],
    ['k'.repeat(129), 'its key must match'],
  ])('refuses the key %p with one warning', (key, why) => {
    expect(validAttributes({ [key]: 'v', ok: 1 }, 'src')).toEqual({ ok: 1 });
    expect(warnings()).toEqual([
      expect.stringMatching(
        `^\\[cwr\\] src\\.${key.replace(/[()]/g, '\\$&')} was left out: ${why}`,
      ),
    ]);
  });

  it('accepts a key of 128 characters', () => {
    expect(validAttributes({ ['k'.repeat(128)]: 1 }, 'src')).toEqual({ ['k'.repeat(128)]: 1 });
  });

  it.each([
    ['null', null],
    ['an object', { a: 1 }],
    ['an array', ['a']],
    ['a function', () => 1],
    ['undefined', undefined],
    ['a bigint', BigInt(1)],
  ])('refuses a value that is %s with one warning', (_what, value) => {
    expect(validAttributes({ bad: value, ok: 'v' }, 'src')).toEqual({ ok: 'v' });
    expect(warnings()).toEqual([
      '[cwr] src.bad was left out: its value must be a string, number or boolean.',
    ]);
  });

  it.each([NaN, Infinity, -Infinity])(
    'refuses the number %p, which JSON turns into null',
    (value) => {
      expect(validAttributes({ bad: value, ok: 1 }, 'src')).toEqual({ ok: 1 });
      expect(warnings()).toEqual([
        '[cwr] src.bad was left out: its value must be a finite number.',
      ]);
    },
  );

  it(`refuses string values over ${MAX_ATTRIBUTE_CHARS} characters`, () => {
    expect(validAttributes({ long: 'x'.repeat(257), ok: 'x'.repeat(256) }, 'src')).toEqual({
      ok: 'x'.repeat(256),
    });
    expect(warnings()).toEqual([
      '[cwr] src.long was left out: its value is longer than 256 characters.',
    ]);
  });

  it('keeps at most `room` attributes, first come first kept, with one warning per extra', () => {
    const input = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(validAttributes(input, 'src'))).toEqual(
      Array.from({ length: 10 }, (_, i) => `k${i}`),
    );
    expect(warnings()).toEqual([
      '[cwr] src.k10 was left out: an event carries at most 10 custom attributes.',
      '[cwr] src.k11 was left out: an event carries at most 10 custom attributes.',
    ]);
    warn.mockReset();
    expect(validAttributes({ a: 1, b: 2, c: 3 }, 'src', 2)).toEqual({ a: 1, b: 2 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(validAttributes({ a: 1 }, 'src', 0)).toEqual({});
  });

  it('does not count refused attributes against the room', () => {
    expect(validAttributes({ 'bad key': 1, a: 1, b: 2 }, 'src', 2)).toEqual({ a: 1, b: 2 });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('warns once for input that is not an object, and not at all for undefined', () => {
    expect(validAttributes('plan=pro', 'src')).toEqual({});
    expect(validAttributes(null, 'src')).toEqual({});
    expect(warnings()).toEqual([
      '[cwr] src must be an object of attributes, got plan=pro.',
      '[cwr] src must be an object of attributes, got null.',
    ]);
    warn.mockReset();
    expect(validAttributes(undefined, 'src')).toEqual({});
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('clip', () => {
  it('keeps strings up to 256 characters and cuts longer ones to 256', () => {
    expect(clip('')).toBe('');
    expect(clip('a'.repeat(256))).toBe('a'.repeat(256));
    expect(clip('a'.repeat(256) + 'b')).toBe('a'.repeat(256));
    expect(clip('x'.repeat(10_000))).toHaveLength(256);
  });
});
