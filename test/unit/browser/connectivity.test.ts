/** The transport's connectivity defaults: navigator.onLine and a monitored `online` listener. */
import { onLine, onOnline } from '../../../src/browser/connectivity';
import { listen } from '../../../src/browser/listen';

describe('connectivity', () => {
  it('onOnline calls back on each online event until stopped', () => {
    const fn = jest.fn();
    const stop = onOnline(fn);
    window.dispatchEvent(new Event('online'));
    window.dispatchEvent(new Event('online'));
    stop();
    window.dispatchEvent(new Event('online'));
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('a callback that throws is reported, never thrown at the page', () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const stop = listen('online', () => {
      throw new Error('bug');
    });
    expect(() => window.dispatchEvent(new Event('online'))).not.toThrow();
    stop();
    expect(error).toHaveBeenCalledWith(expect.stringContaining('internal error'));
    error.mockRestore();
  });

  it('onLine is what the browser says (jsdom: online)', () => {
    expect(onLine()).toBe(navigator.onLine !== false);
    expect(onLine()).toBe(true);
  });
});
