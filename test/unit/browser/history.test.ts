type HistoryModule = typeof import('../../../src/browser/history');

const originalPush = history.pushState;
const originalReplace = history.replaceState;

/** A fresh copy of the module, so each test installs its own wrapper over what is there now. */
const load = (): HistoryModule => {
  let m: HistoryModule | undefined;
  jest.isolateModules(() => {
    m = jest.requireActual<HistoryModule>('../../../src/browser/history');
  });
  return m!;
};

let errors: jest.SpyInstance;
const stops: (() => void)[] = [];
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  originalReplace.call(history, null, '', '/');
});
afterEach(() => {
  stops.splice(0).forEach((s) => s());
  history.pushState = originalPush;
  history.replaceState = originalReplace;
  jest.restoreAllMocks();
});

const listen = (m: HistoryModule, cb: () => void) => {
  const stop = m.onLocationChange(cb);
  stops.push(stop);
  return stop;
};

describe('onLocationChange', () => {
  it('calls listeners after pushState and replaceState, once the location has changed', () => {
    const seen: string[] = [];
    listen(load(), () => seen.push(location.pathname + location.hash));
    history.pushState({ a: 1 }, '', '/one');
    history.replaceState(null, '', '/two#h');
    expect(seen).toEqual(['/one', '/two#h']);
    expect(history.state).toBeNull();
  });

  it('calls listeners on back/forward (popstate) and on hash changes', () => {
    const cb = jest.fn();
    listen(load(), cb);
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(cb).toHaveBeenCalledTimes(2);
  });

  it('calls the original with the same arguments and `this`, and returns what it returned', () => {
    const original = jest.fn(function (this: History) {
      return 'from-original' as unknown as void;
    });
    history.pushState = original;
    history.replaceState = original;
    const cb = jest.fn();
    listen(load(), cb);
    const state = { id: 7 };
    expect(history.pushState(state, 'title', '/x')).toBe('from-original');
    expect(history.replaceState(null, '', '/y')).toBe('from-original');
    expect(original.mock.calls).toEqual([
      [state, 'title', '/x'],
      [null, '', '/y'],
    ]);
    expect(original.mock.contexts).toEqual([history, history]);
    expect(cb).toHaveBeenCalledTimes(2);
  });

  it('wraps once, whatever the number of listeners', () => {
    const m = load();
    const a = jest.fn();
    const b = jest.fn();
    listen(m, a);
    const wrapped = history.pushState;
    listen(m, b);
    expect(history.pushState).toBe(wrapped);
    history.pushState(null, '', '/z');
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('stops calling a listener that unsubscribed, and keeps the page working', () => {
    const cb = jest.fn();
    const stop = listen(load(), cb);
    stop();
    history.pushState(null, '', '/after');
    expect(cb).not.toHaveBeenCalled();
    expect(location.pathname).toBe('/after');
  });

  it('keeps pushState working for the page when a listener throws, and other listeners still hear', () => {
    const m = load();
    listen(m, () => {
      throw new Error('listener bug');
    });
    const other = jest.fn();
    listen(m, other);
    expect(() => history.pushState(null, '', '/safe')).not.toThrow();
    expect(location.pathname).toBe('/safe');
    expect(other).toHaveBeenCalledTimes(1);
    expect(() => window.dispatchEvent(new PopStateEvent('popstate'))).not.toThrow();
    expect(other).toHaveBeenCalledTimes(2);
    expect(errors).toHaveBeenCalledTimes(2);
    expect(errors.mock.calls[0][0]).toMatch(/^\[cwr\] internal error .*listener bug/s);
  });

  it('lets an error of the original reach the page unchanged, and tells no listener', () => {
    const cb = jest.fn();
    listen(load(), cb);
    // A cross-origin URL: the browser refuses it with a SecurityError.
    expect(() => history.pushState(null, '', 'https://elsewhere.example/')).toThrow(
      expect.objectContaining({ name: 'SecurityError' }),
    );
    expect(cb).not.toHaveBeenCalled();
    expect(location.pathname).toBe('/');
  });
});

it('wraps what it can when the page made pushState read-only, and throws nothing', () => {
  Object.defineProperty(history, 'pushState', {
    value: originalPush,
    writable: false,
    configurable: true,
  });
  try {
    const cb = jest.fn();
    const m = load();
    expect(() => listen(m, cb)).not.toThrow();
    history.replaceState(null, '', '/replaced');
    expect(cb).toHaveBeenCalledTimes(1);
    history.pushState(null, '', '/pushed');
    expect(location.pathname).toBe('/pushed');
  } finally {
    Object.defineProperty(history, 'pushState', {
      value: originalPush,
      writable: true,
      configurable: true,
    });
  }
});

describe('with the Navigation API', () => {
  afterEach(() => delete (window as { navigation?: unknown }).navigation);

  it('listens to currententrychange and wraps nothing of the page', () => {
    const nav = new EventTarget();
    (window as { navigation?: unknown }).navigation = nav;
    const m = load();
    const seen: number[] = [];
    listen(m, () => seen.push(1));
    expect(history.pushState).toBe(originalPush);
    expect(history.replaceState).toBe(originalReplace);
    nav.dispatchEvent(new Event('currententrychange'));
    expect(seen).toEqual([1]);
    // (popstate is the Navigation API's too: not heard twice.)
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(seen).toEqual([1]);
  });

  it('falls back to wrapping History when navigation is not an EventTarget', () => {
    (window as { navigation?: unknown }).navigation = { addEventListener: 1 };
    const m = load();
    const seen: number[] = [];
    listen(m, () => seen.push(1));
    history.pushState({}, '', '/x');
    expect(seen).toEqual([1]);
  });
});
