import {
  lastVitals,
  PageViewVitals,
  percentile,
  vitalP75,
  vitalSample,
  worstVitals,
} from '../../../../emulator/viewer/logic/vital-stats';
import { formatVital, rateVital } from '../../../../emulator/viewer/logic/vitals';
import { T0, ev } from '../fixtures';

describe('web vitals per session and across sessions', () => {
  const inp = (value: number, page: string, at: number, interaction?: number) =>
    ev(
      's1',
      'interaction_to_next_paint_event',
      { value },
      { at, page, metadata: interaction === undefined ? {} : { interaction } },
    );

  it("takes a session's worst value of each vital and the page it happened on", () => {
    // A 432 ms slow click on '/', then a quick 24 ms one on '/products'.
    const events = [
      inp(432, '/', T0, 0),
      inp(24, '/products', T0 + 5000, 1),
      ev('s1', 'cumulative_layout_shift_event', { value: 0.02 }, { at: T0, page: '/' }),
      ev('s1', 'cumulative_layout_shift_event', { value: 0.31 }, { at: T0 + 6000, page: '/cart' }),
      ev('s1', 'largest_contentful_paint_event', { value: 'slow' }),
      ev('s1', 'page_view_event', { pageId: '/' }),
    ];
    const worst = worstVitals(events);
    expect(worst.inp).toEqual({ value: 432, page: '/', at: T0 });
    expect(rateVital('inp', worst.inp!.value)).toBe('needs-improvement');
    expect(formatVital('inp', worst.inp!.value)).toBe('432 ms');
    expect(worst.cls).toEqual({ value: 0.31, page: '/cart', at: T0 + 6000 });
    expect(rateVital('cls', worst.cls!.value)).toBe('poor');
    expect(worst.lcp).toBeUndefined();
    // The latest value (what the emulator's summary holds) would have been 24 ms, good.
    expect(lastVitals(events).inp).toBe(24);
  });

  it('keeps the earliest page of equal worst values, and reads pages from the metadata', () => {
    const worst = worstVitals([
      inp(300, '/b', T0 + 1000),
      inp(300, '/a', T0),
      ev('s1', 'first_input_delay_event', { value: 80 }, { metadata: { pageId: undefined } }),
    ]);
    expect(worst.inp?.page).toBe('/a');
    expect(worst.fid).toEqual({ value: 80, page: '', at: T0 });
    expect(worstVitals([])).toEqual({});
  });

  it("puts a page load's vitals on the page that loaded, not the route the input opened", () => {
    // A single-page app: /shop loads, the first click opens /orders/:id (pushState), and
    // web-vitals reports LCP and FID on that input, under the new route's metadata.
    const view = (page: string, interaction: number, at: number) =>
      ev(
        's1',
        'page_view_event',
        { pageId: page, interaction },
        { at, page, metadata: { interaction } },
      );
    const vital = (type: string, value: number, page: string, interaction: number, at: number) =>
      ev('s1', type, { value }, { at, page, metadata: { interaction } });
    const navigation = (initiatorType: string, page: string, interaction: number, at: number) =>
      ev(
        's1',
        'performance_navigation_event',
        { initiatorType, duration: 500 },
        { at, page, metadata: { interaction } },
      );
    const spa = [
      view('/shop', 0, T0),
      vital('first_contentful_paint_event', 280, '/shop', 0, T0 + 300),
      navigation('navigation', '/shop', 0, T0 + 600),
      view('/orders/:id', 1, T0 + 2000),
      vital('largest_contentful_paint_event', 284, '/orders/:id', 1, T0 + 2000),
      vital('first_input_delay_event', 32, '/orders/:id', 1, T0 + 2000),
      navigation('route_change', '/orders/:id', 1, T0 + 2400),
      view('/orders/:id', 2, T0 + 4000),
      vital('interaction_to_next_paint_event', 208, '/orders/:id', 2, T0 + 9000),
      vital('cumulative_layout_shift_event', 0.01, '/orders/:id', 2, T0 + 9000),
    ];
    const worst = worstVitals(spa);
    expect(worst.lcp).toEqual({ value: 284, page: '/shop', at: T0 + 2000 });
    expect(worst.fid?.page).toBe('/shop');
    expect(worst.fcp?.page).toBe('/shop');
    // INP and CLS are the interaction's and the shift's: they stay where they were recorded.
    expect(worst.inp?.page).toBe('/orders/:id');
    expect(worst.cls?.page).toBe('/orders/:id');

    // Two page loads (a multi-page site): each load's LCP stays on its own page.
    const mpa = [
      view('/', 0, T0),
      navigation('navigation', '/', 0, T0 + 500),
      vital('largest_contentful_paint_event', 900, '/', 0, T0 + 1000),
      view('/cart', 1, T0 + 5000),
      navigation('navigation', '/cart', 1, T0 + 5500),
      vital('largest_contentful_paint_event', 1800, '/cart', 1, T0 + 6000),
    ];
    expect(worstVitals(mpa).lcp?.page).toBe('/cart');
    // Without page views (or the view's number) the event's own page is kept.
    expect(worstVitals([vital('largest_contentful_paint_event', 900, '/a', 3, T0)]).lcp?.page).toBe(
      '/a',
    );
  });

  it('reads one sample from a vital event, naming its page view', () => {
    const sample = vitalSample(inp(432, '/', T0, 3));
    expect(sample).toEqual({
      key: 'inp',
      value: 432,
      page: '/',
      pageView: JSON.stringify(['s1', '/', 3]),
      at: T0,
    });
    expect(vitalSample(ev('s1', 'page_view_event'))).toBeUndefined();
    expect(vitalSample({} as never)).toBeUndefined();
  });

  it('takes percentiles by nearest rank: the ⌈p/100 · n⌉-th smallest value', () => {
    const tens = [1000, 100, 900, 200, 800, 300, 700, 400, 600, 500];
    // ⌈0.75 × 10⌉ = 8th smallest.
    expect(percentile(tens, 75)).toBe(800);
    expect(percentile(tens, 50)).toBe(500);
    expect(percentile(tens, 100)).toBe(1000);
    expect(percentile(tens, 0)).toBe(100);
    // ⌈0.75 × 4⌉ = 3rd; ⌈0.75 × 2⌉ = 2nd; one value is every percentile.
    expect(percentile([40, 10, 30, 20], 75)).toBe(30);
    expect(percentile([24, 432], 75)).toBe(432);
    expect(percentile([7], 75)).toBe(7);
    expect(percentile([], 75)).toBeUndefined();
    expect(percentile([NaN, 5, Infinity], 75)).toBe(5);
    // The input is left as it was.
    expect(tens[0]).toBe(1000);
  });

  it('rates the p75 against the thresholds', () => {
    // LCP of 8 page views; ⌈0.75 × 8⌉ = 6th smallest = 2600 ms: needs improvement.
    const lcp = [900, 1200, 1500, 2000, 2400, 2600, 3900, 5200];
    expect(vitalP75('lcp', lcp)).toEqual({ value: 2600, rating: 'needs-improvement', count: 8 });
    expect(vitalP75('cls', [0.01, 0.02, 0.05, 0.3])).toEqual({
      value: 0.05,
      rating: 'good',
      count: 4,
    });
    expect(vitalP75('inp', [600, 700])?.rating).toBe('poor');
    expect(vitalP75('ttfb', [])).toBeUndefined();
  });

  it('keeps one value per page view, its worst, across sessions', () => {
    const all = new PageViewVitals();
    for (const e of [
      inp(432, '/', T0, 0),
      inp(120, '/', T0 + 500, 0), // the same page view again: its worst (432) stays
      inp(24, '/products', T0 + 5000, 1),
      inp(24, '/', T0 + 9000, 2), // '/' again, a new page view
      ev('s2', 'interaction_to_next_paint_event', { value: 250 }, { metadata: { interaction: 0 } }),
      ev('s2', 'largest_contentful_paint_event', { value: 1800 }),
      ev('s2', 'page_view_event'),
    ])
      all.add(e);
    expect(all.values('inp').sort((a, b) => a - b)).toEqual([24, 24, 250, 432]);
    expect(all.values('lcp')).toEqual([1800]);
    expect(all.values('fcp')).toEqual([]);
    expect(all.size).toBe(5);
    // p75 of 24, 24, 250, 432: the 3rd smallest.
    expect(vitalP75('inp', all.values('inp'))).toEqual({
      value: 250,
      rating: 'needs-improvement',
      count: 4,
    });
    all.clear();
    expect(all.size).toBe(0);
  });
});
