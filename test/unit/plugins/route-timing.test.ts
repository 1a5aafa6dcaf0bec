/** @jest-environment jsdom */
import type { RequestEnd, RequestObserver } from '../../../src/browser/requests';
import type { PluginContext } from '../../../src/plugins/plugin';
import { createRouteTiming } from '../../../src/plugins/route-timing';

type Rec = [string, Record<string, unknown>];

/** Route timing over a fake request observer, with fake timers (performance.now() too). */
const setup = (quiet = 100, timeout = 10_000) => {
  const records: Rec[] = [];
  const ctx = {
    record: (t: string, d: object) => records.push([t, d as Record<string, unknown>]),
    config: {
      endpointUrl: new URL('https://dataplane.rum.us-east-1.amazonaws.com/'),
      routeChangeComplete: quiet,
      routeChangeTimeout: timeout,
    },
  } as unknown as PluginContext;
  const observers = new Set<RequestObserver>();
  const observe = [
    (o: RequestObserver) => {
      observers.add(o);
      return () => observers.delete(o);
    },
  ];
  const routes = createRouteTiming(ctx, observe);
  /** Starts a request of the app (or the client's own); returns its end. */
  const request = (url = 'https://api.example/orders') => {
    const ends = [...observers].map((o) => o({ method: 'GET', url, setHeader: () => undefined }));
    return () => ends.forEach((end) => end?.({ status: 200 } as RequestEnd));
  };
  const durations = () => records.map(([, d]) => d.duration);
  return { routes, records, request, durations, observers };
};

/** Lets a MutationObserver's callback run (a microtask) at the current fake time. */
const mutate = async () => {
  document.body.appendChild(document.createElement('p'));
  await Promise.resolve();
};

beforeEach(() => {
  jest.useFakeTimers();
  document.body.innerHTML = '';
});
afterEach(() => jest.useRealTimers());

test('a route change ends at its last DOM change, once the page has been quiet for 100 ms', async () => {
  const { routes, records } = setup();
  const start = performance.now();
  routes.view(true);
  jest.advanceTimersByTime(60);
  await mutate();
  jest.advanceTimersByTime(80);
  await mutate();
  expect(records).toEqual([]);
  jest.advanceTimersByTime(99);
  expect(records).toEqual([]);
  jest.advanceTimersByTime(1);
  expect(records).toEqual([
    [
      'com.amazon.rum.performance_navigation_event',
      {
        version: '1.0.0',
        initiatorType: 'route_change',
        navigationType: 'navigate',
        startTime: Math.round(start * 10) / 10,
        duration: 140,
      },
    ],
  ]);
  // Nothing more: the observers are gone.
  await mutate();
  jest.advanceTimersByTime(1000);
  expect(records).toHaveLength(1);
});

test('the first view of a page load is not timed (the navigation event is its load)', async () => {
  const { routes, records, observers } = setup();
  routes.view(false);
  await mutate();
  jest.advanceTimersByTime(1000);
  expect(records).toEqual([]);
  expect(observers.size).toBe(0);
});

test("an app request in flight holds the view open; its end is the view's end", async () => {
  const { routes, durations, request } = setup();
  routes.view(true);
  const end = request();
  jest.advanceTimersByTime(500);
  expect(durations()).toEqual([]);
  end();
  jest.advanceTimersByTime(100);
  expect(durations()).toEqual([500]);
});

test("the client's own requests (PutRumEvents) do not hold a view open", () => {
  const { routes, durations, request } = setup();
  routes.view(true);
  jest.advanceTimersByTime(30);
  request('https://dataplane.rum.us-east-1.amazonaws.com/appmonitors/abc');
  jest.advanceTimersByTime(100);
  expect(durations()).toEqual([0]);
});

test('a view that is never quiet within routeChangeTimeout is not recorded', async () => {
  const { routes, records, observers } = setup(100, 1000);
  routes.view(true);
  for (let i = 0; i < 20; i++) {
    jest.advanceTimersByTime(60);
    await mutate();
  }
  expect(records).toEqual([]);
  expect(observers.size).toBe(0);
});

test('a view left before it is quiet (another view, the page hidden) is not recorded', async () => {
  const { routes, durations, request } = setup();
  routes.view(true);
  request();
  jest.advanceTimersByTime(50);
  routes.view(true);
  jest.advanceTimersByTime(100);
  // Only the second view, quiet from its start (the first's request is not its own).
  expect(durations()).toEqual([0]);
  routes.view(true);
  await mutate();
  routes.hide();
  jest.advanceTimersByTime(1000);
  expect(durations()).toEqual([0]);
});

test('pageLoaded() ends the view at once; after it, views wait for the app, not the quiet', async () => {
  const { routes, durations, observers } = setup();
  routes.view(true);
  jest.advanceTimersByTime(40);
  routes.loaded();
  expect(durations()).toEqual([40]);
  // Trusted now: no observers, the quiet does not end the next view.
  routes.view(true);
  expect(observers.size).toBe(0);
  jest.advanceTimersByTime(700);
  expect(durations()).toEqual([40]);
  routes.loaded();
  expect(durations()).toEqual([40, 700]);
  // A call with no view being timed records nothing.
  routes.loaded();
  expect(durations()).toEqual([40, 700]);
});

test('pageLoaded() on the first view records nothing, and makes later views wait for it', () => {
  const { routes, durations } = setup(100, 2000);
  routes.view(false);
  routes.loaded();
  routes.view(true);
  jest.advanceTimersByTime(2000);
  // Not called again within routeChangeTimeout: not recorded.
  expect(durations()).toEqual([]);
});
