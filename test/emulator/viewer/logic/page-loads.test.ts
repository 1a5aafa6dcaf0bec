import { loadTiming, loadsByPage, pageLoads } from '../../../../emulator/viewer/logic/page-loads';
import { T0, ev } from '../fixtures';

const view = (page: string, interaction: number, at: number, session = 's1') =>
  ev(
    session,
    'page_view_event',
    { pageId: page, interaction },
    { at, page, metadata: { interaction } },
  );
const nav = (
  page: string,
  details: Record<string, unknown>,
  at: number,
  o: { interaction?: number; session?: string } = {},
) =>
  ev(o.session ?? 's1', 'performance_navigation_event', details, {
    at,
    page,
    metadata: o.interaction !== undefined ? { interaction: o.interaction } : {},
  });

describe('loadTiming', () => {
  it('reads a page load: its duration, else its load event start when the duration is 0', () => {
    expect(
      loadTiming(nav('/', { initiatorType: 'navigation', duration: 1234.5 }, T0)),
    ).toMatchObject({ pageId: '/', kind: 'load', durationMs: 1234.5 });
    expect(
      loadTiming(nav('/', { initiatorType: 'navigation', duration: 0, loadEventStart: 900 }, T0)),
    ).toMatchObject({ kind: 'load', durationMs: 900 });
  });

  it('reads a route change: its start time and duration', () => {
    expect(
      loadTiming(
        nav('/orders', { initiatorType: 'route_change', startTime: 5230.4, duration: 812.1 }, T0),
      ),
    ).toMatchObject({ pageId: '/orders', kind: 'route', startTime: 5230.4, durationMs: 812.1 });
  });

  it('ignores other events', () => {
    expect(loadTiming(ev('s1', 'page_view_event', { pageId: '/' }))).toBeUndefined();
  });
});

describe('pageLoads', () => {
  it('puts each view in order with its timing; a view without one is left untimed', () => {
    const views = pageLoads([
      // Arrival order differs from time order.
      nav('/orders', { initiatorType: 'route_change', startTime: 4000, duration: 800 }, T0 + 5000),
      view('/', 0, T0),
      nav('/', { initiatorType: 'navigation', duration: 1500 }, T0 + 1500),
      view('/orders', 1, T0 + 4000),
      view('/cart', 2, T0 + 9000),
    ]);
    expect(views.map((v) => [v.pageId, v.kind, v.durationMs])).toEqual([
      ['/', 'load', 1500],
      ['/orders', 'route', 800],
      ['/cart', undefined, undefined],
    ]);
    expect(views[1].startTime).toBe(4000);
  });

  it('matches a timing to its view by page view number when the events carry it', () => {
    const views = pageLoads([
      view('/a', 0, T0),
      view('/b', 1, T0 + 1000),
      view('/a', 2, T0 + 2000),
      // Arrives (and is stamped) late, but names page view 0.
      nav('/a', { initiatorType: 'navigation', duration: 700 }, T0 + 3000, { interaction: 0 }),
      nav('/a', { initiatorType: 'route_change', duration: 90 }, T0 + 3100, { interaction: 2 }),
    ]);
    expect(views.map((v) => [v.pageId, v.interaction, v.kind, v.durationMs])).toEqual([
      ['/a', 0, 'load', 700],
      ['/b', 1, undefined, undefined],
      ['/a', 2, 'route', 90],
    ]);
  });

  it('without page view numbers, a timing goes to the latest untimed view of its page before it', () => {
    const plain = (page: string, at: number) =>
      ev('s1', 'page_view_event', { pageId: page }, { at, page });
    const views = pageLoads([
      plain('/a', T0),
      plain('/a', T0 + 1000),
      nav('/a', { initiatorType: 'route_change', duration: 50 }, T0 + 1200),
    ]);
    expect(views.map((v) => v.durationMs)).toEqual([undefined, 50]);
  });

  it('a timing with no page view is a view of its own; an event sent twice counts once', () => {
    const t = nav('/x', { initiatorType: 'navigation', duration: 300 }, T0 + 1000);
    const views = pageLoads([view('/', 0, T0 + 2000), t, { ...t, seq: t.seq + 100 }]);
    expect(views.map((v) => [v.pageId, v.durationMs])).toEqual([
      ['/x', 300],
      ['/', undefined],
    ]);
  });
});

describe('loadsByPage', () => {
  it("counts each page's views and timed views, and takes the p75 and the slowest", () => {
    const a = pageLoads([
      view('/', 0, T0),
      nav('/', { initiatorType: 'navigation', duration: 1000 }, T0 + 1000),
      view('/p', 1, T0 + 2000),
      nav('/p', { initiatorType: 'route_change', duration: 200 }, T0 + 2300),
    ]);
    const b = pageLoads([
      view('/', 0, T0, 's2'),
      nav('/', { initiatorType: 'navigation', duration: 3000 }, T0 + 3000, { session: 's2' }),
      view('/p', 1, T0 + 4000, 's2'),
      view('/', 2, T0 + 5000, 's2'),
      nav('/', { initiatorType: 'route_change', duration: 100 }, T0 + 5100, { session: 's2' }),
    ]);
    expect(loadsByPage([a, b])).toEqual([
      // 100, 1000, 3000: the nearest-rank p75 is the 3rd.
      { pageId: '/', views: 3, loads: 2, routes: 1, p75: 3000, max: 3000 },
      { pageId: '/p', views: 2, loads: 0, routes: 1, p75: 200, max: 200 },
    ]);
    expect(loadsByPage([[{ pageId: '/z', at: T0 }]])).toEqual([
      { pageId: '/z', views: 1, loads: 0, routes: 0 },
    ]);
  });
});
