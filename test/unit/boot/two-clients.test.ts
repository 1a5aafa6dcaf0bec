import { makeRum } from '../core-harness';

// Two clients on one page (two app monitors, or a CDN client beside an npm one) each speak
// for themselves: one's config.debug does not switch the other's debug output, and a message
// one said once does not silence the same message of the other.
let debugs: jest.SpyInstance;
let warns: jest.SpyInstance;
let errors: jest.SpyInstance;
beforeEach(() => {
  debugs = jest.spyOn(console, 'debug').mockImplementation(() => undefined);
  warns = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());
const settle = () => new Promise((r) => setTimeout(r, 0));
const lines = (spy: jest.SpyInstance, re: RegExp) =>
  spy.mock.calls.map((c) => String(c[0])).filter((m) => re.test(m));

describe('two clients on one page', () => {
  it("keep their own debug output: the second's config.debug does not switch the first's", async () => {
    const quiet = makeRum({ debug: false });
    const loud = makeRum({ debug: true, cookieAttributes: { unique: true } } as never);
    quiet.rum.getSessionId();
    loud.rum.getSessionId();
    await settle(); // (the words are in the diagnostics chunk)
    const started = lines(debugs, /session .* started/);
    expect(started).toEqual([expect.stringContaining(loud.rum.getSessionId() as string)]);
    // And a later debug note of the first stays silent after the second turned debug on.
    quiet.rum.startSession();
    await settle();
    expect(lines(debugs, /session .* started/)).toHaveLength(1);
  });

  it('say a once-per-client message each, not once per page', async () => {
    const a = makeRum({ eventCacheSize: 1 } as never);
    const b = makeRum({ eventCacheSize: 1, cookieAttributes: { unique: true } } as never);
    for (const { rum } of [a, b]) {
      rum.getSessionId(); // session_start and the page view fill the cache of 1
      rum.recordEvent('one.more', {});
      rum.recordEvent('and.another', {});
    }
    await settle(); // (the words are in the diagnostics chunk)
    expect(lines(warns, /event cache is full \(1 events/)).toHaveLength(2);
    expect(errors).not.toHaveBeenCalled();
  });
});
