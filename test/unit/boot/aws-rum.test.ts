/** The npm class (boot/aws-rum.ts): arguments it refuses, without ever throwing at the app. */
import { AwsRum } from '../../../src/boot/aws-rum';
import { memoryStore } from '../../../src/browser/storage';
import { APP_ID, fakeClock, fakeFetch, flushPromises } from '../fakes';

afterEach(() => jest.restoreAllMocks());

describe('AwsRum', () => {
  it('refuses a bad app monitor id or region without throwing', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const rum = new AwsRum('not a uuid!', '1', 'us-west-2');
    expect(() => rum.recordEvent('x', {})).not.toThrow();
    expect(rum.getSessionId()).toBeUndefined();
    await flushPromises(); // (the words are in the diagnostics chunk)
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining('the app monitor id must be a UUID'),
    );
    new AwsRum(APP_ID, '1', 'mars');
    await flushPromises();
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining('the region must be an AWS region like \'us-west-2\', got "mars"'),
    );
  });

  it('runs with an app monitor id that is not a UUID (a proxy may route it), and says so', async () => {
    const warns = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const net = fakeFetch();
    const rum = new AwsRum(
      'abc123',
      '1',
      'us-west-2',
      { signing: false, telemetries: [] },
      { clock: fakeClock(), fetch: net.fetch, store: memoryStore() },
    );
    rum.recordEvent('x', {});
    await rum.dispatch();
    await new Promise((r) => setTimeout(r, 0));
    expect(net.requests.some((r) => r.url.endsWith('/appmonitors/abc123/'))).toBe(true);
    expect(warns).toHaveBeenCalledWith(
      expect.stringContaining('the app monitor id "abc123" is not a UUID'),
    );
  });
});
