import {
  VITALS,
  bucketEvents,
  categoryOf,
  clip,
  compareEvents,
  describeSigner,
  diagnosticFindings,
  errorInfo,
  eventPage,
  eventTimeMs,
  formatDuration,
  formatVital,
  httpDetails,
  httpOutcome,
  lastVitals,
  niceMax,
  niceStep,
  PageViewVitals,
  percentile,
  plural,
  rateVital,
  rectsPath,
  rejectionReason,
  requestTransport,
  requestVerdict,
  safeJson,
  sessionMatches,
  shortType,
  stackedBars,
  summarizeEvent,
  summarizeSessions,
  traceDurations,
  upperBound,
  vitalDef,
  vitalDistribution,
  vitalDomain,
  vitalP75,
  vitalSample,
  worstVitals,
  type Bucket,
  type VitalKey,
} from '../../../emulator/viewer/logic';
import { R, T0, ev, putRequest, report, summary } from './fixtures';

describe('rateVital', () => {
  // [vital, good threshold, poor threshold] as in the issue.
  const thresholds: [VitalKey, number, number][] = [
    ['lcp', 2500, 4000],
    ['fcp', 1800, 3000],
    ['cls', 0.1, 0.25],
    ['inp', 200, 500],
    ['ttfb', 800, 1800],
    ['fid', 100, 300],
  ];

  it.each(thresholds)('rates %s: good up to %p, poor above %p', (key, good, poor) => {
    expect(rateVital(key, 0)).toBe('good');
    expect(rateVital(key, good)).toBe('good');
    expect(rateVital(key, good * 1.01)).toBe('needs-improvement');
    expect(rateVital(key, poor)).toBe('needs-improvement');
    expect(rateVital(key, poor * 1.01)).toBe('poor');
    expect(rateVital(key, poor * 100)).toBe('poor');
  });

  it('knows each vital by its event type', () => {
    expect(VITALS.map((v) => v.type)).toEqual([
      R + 'largest_contentful_paint_event',
      R + 'first_contentful_paint_event',
      R + 'cumulative_layout_shift_event',
      R + 'interaction_to_next_paint_event',
      R + 'time_to_first_byte_event',
      R + 'first_input_delay_event',
    ]);
  });

  it('formats values in ms, seconds, or unitless for CLS', () => {
    expect(formatVital('lcp', 272.4)).toBe('272 ms');
    expect(formatVital('lcp', 2310)).toBe('2.31 s');
    expect(formatVital('cls', 0.0383)).toBe('0.038');
    expect(formatVital('inp', 16)).toBe('16 ms');
  });
});

describe('summarizeEvent', () => {
  const sum = (type: string, details: Record<string, unknown>) =>
    summarizeEvent(ev('s', type, details).event);

  it('summarises each kind of RUM event in one line', () => {
    expect(sum('js_error_event', { type: 'TypeError', message: 'x is undefined' })).toBe(
      'TypeError: x is undefined',
    );
    expect(
      sum('http_event', {
        request: { method: 'POST', url: 'https://api.example/items' },
        response: { status: 503, statusText: 'Service Unavailable' },
      }),
    ).toBe('POST https://api.example/items → 503 Service Unavailable');
    expect(
      sum('http_event', {
        request: { method: 'GET', url: 'https://api.example/x' },
        error: { type: 'TypeError', message: 'Failed to fetch' },
      }),
    ).toBe('GET https://api.example/x failed: TypeError: Failed to fetch');
    expect(
      sum('page_view_event', {
        pageId: '/cart',
        parentPageInteractionId: '/-0',
        timeOnParentPage: 2500,
      }),
    ).toBe('viewed /cart (from /-0 after 2.50 s)');
    expect(sum('largest_contentful_paint_event', { value: 4100 })).toBe('LCP 4.10 s · poor');
    expect(sum('cumulative_layout_shift_event', { value: 0.05 })).toBe('CLS 0.050 · good');
    expect(sum('session_start_event', {})).toBe('session started');
    expect(
      sum('performance_resource_event', {
        targetUrl: 'https://cdn.example/img/a.webp?v=2',
        fileType: 'image',
        duration: 120,
      }),
    ).toBe('image a.webp in 120 ms');
    expect(sum('performance_navigation_event', { navigationType: 'navigate', duration: 840 })).toBe(
      'navigate, loaded in 840 ms',
    );
    expect(sum('dom_event', { event: 'click', elementId: 'buy' })).toBe('click on #buy');
  });

  it('shows custom events as compact JSON, cut to one line', () => {
    const long = sum('shop.checkout', { cart: { items: 3 }, note: 'a\nb'.repeat(200) });
    expect(long.startsWith('{"version":"1.0.0","cart":{"items":3}')).toBe(true);
    expect(long.length).toBeLessThanOrEqual(160);
    expect(long).not.toContain('\n');
    expect(long.endsWith('…')).toBe(true);
  });

  it('survives details of the wrong shape', () => {
    const odd = {
      ...ev('s', 'http_event').event,
      details: null as unknown as Record<string, never>,
    };
    expect(summarizeEvent(odd)).toBe('GET (url not recorded)');
    expect(summarizeEvent({ ...odd, type: R + 'js_error_event' })).toBe('error without a message');
    expect(summarizeEvent({ ...odd, type: R + 'first_input_delay_event' })).toBe('FID: no value');
  });

  it('drops the com.amazon.rum. prefix and sorts types into chart categories', () => {
    expect(shortType(R + 'http_event')).toBe('http_event');
    expect(shortType('shop.custom')).toBe('shop.custom');
    expect(categoryOf(R + 'js_error_event')).toBe('errors');
    expect(categoryOf(R + 'http_event')).toBe('http');
    expect(categoryOf(R + 'page_view_event')).toBe('pageViews');
    expect(categoryOf(R + 'time_to_first_byte_event')).toBe('vitals');
    expect(categoryOf(R + 'dom_event')).toBe('other');
  });
});

describe('event helpers', () => {
  it('reads times in seconds (as on the wire) or milliseconds', () => {
    const e = ev('s', 'session_start_event', {}, { at: T0 });
    expect(eventTimeMs(e)).toBe(T0);
    expect(eventTimeMs({ ...e, event: { ...e.event, timestamp: T0 + 1 } })).toBe(T0 + 1);
  });

  it('orders by time, then by arrival', () => {
    const a = ev('s', 'x.a', {}, { at: T0 + 1000, seq: 5 });
    const b = ev('s', 'x.b', {}, { at: T0, seq: 9 });
    const c = ev('s', 'x.c', {}, { at: T0, seq: 7 });
    expect([a, b, c].sort(compareEvents).map((e) => e.seq)).toEqual([7, 9, 5]);
    expect(upperBound([1, 2, 2, 4], 2, (x, y) => x - y)).toBe(3);
    expect(upperBound([], 2, (x, y) => x - y)).toBe(0);
  });

  it('finds the page in metadata, else in the details', () => {
    expect(eventPage(ev('s', 'x.y', {}, { page: '/a' }))).toBe('/a');
    const pv = ev('s', 'page_view_event', { pageId: '/b' });
    pv.event.metadata = {};
    expect(eventPage(pv)).toBe('/b');
  });

  it('reads errors and HTTP events', () => {
    expect(
      errorInfo(
        ev('s', 'js_error_event', {
          type: 'RangeError',
          message: 'bad',
          stack: 'RangeError: bad\n  at f',
          filename: 'app.js',
          lineno: 3,
          colno: 9,
        }).event,
      ),
    ).toEqual({
      type: 'RangeError',
      message: 'bad',
      stack: 'RangeError: bad\n  at f',
      where: 'app.js:3:9',
    });
    expect(errorInfo(ev('s', 'js_error_event', {}).event)).toEqual({
      type: 'Error',
      message: '(no message)',
      stack: undefined,
      where: undefined,
    });
    const ok = httpDetails({ request: { method: 'GET', url: '/x' }, response: { status: 200 } });
    expect(httpOutcome(ok)).toBe('ok');
    expect(httpOutcome({ ...ok, status: 404 })).toBe('warn');
    expect(httpOutcome({ ...ok, status: 500 })).toBe('bad');
    expect(httpOutcome(httpDetails({ request: {}, error: { message: 'boom' } }))).toBe('bad');
  });

  it('times HTTP requests from their X-Ray trace events', () => {
    const trace = '1-5759e988-bd862e3fe1be46a994272793';
    const d = traceDurations([
      ev('s', 'xray_trace_event', { trace_id: trace, start_time: 100, end_time: 100.25 }),
      ev('s', 'xray_trace_event', { trace_id: 'no-end', start_time: 100 }),
    ]);
    expect(d.get(trace)).toBeCloseTo(250);
    expect(d.has('no-end')).toBe(false);
  });

  it('takes the latest value of each vital', () => {
    const v = lastVitals([
      ev('s', 'largest_contentful_paint_event', { value: 3000 }, { at: T0 + 2000 }),
      ev('s', 'largest_contentful_paint_event', { value: 1000 }, { at: T0 }),
      ev('s', 'cumulative_layout_shift_event', { value: 0.2 }),
      ev('s', 'first_input_delay_event', { value: 'fast' }),
    ]);
    expect(v).toEqual({ lcp: 3000, cls: 0.2 });
  });

  it('formats durations and clips text', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2400)).toBe('2.40 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(7_800_000)).toBe('2 h 10 min');
    expect(clip('a  b\nc')).toBe('a b c');
    expect(clip('x'.repeat(10), 5)).toBe('xxxx…');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(safeJson(loop)).toBe('[object Object]');
  });
});

describe('bucketEvents', () => {
  it('picks a round step that keeps the number of buckets under the limit', () => {
    expect(niceStep(30_000, 60)).toBe(1000);
    expect(niceStep(600_000, 60)).toBe(15_000);
    expect(niceStep(3_500_000, 60)).toBe(60_000);
    expect(niceStep(3_600_000, 60)).toBe(120_000);
    expect(niceStep(100 * 86_400_000, 60)).toBe(2 * 86_400_000);
  });

  it('counts events per category in each bucket', () => {
    const t = T0;
    const b = bucketEvents(
      [
        { at: t + 100, category: 'errors' },
        { at: t + 900, category: 'http' },
        { at: t + 1200, category: 'errors' },
        { at: t + 4500, category: 'other' },
      ],
      60,
    );
    expect(b.step).toBe(1000);
    expect(b.start).toBe(t);
    expect(b.buckets.map((x) => x.total)).toEqual([2, 1, 0, 0, 1]);
    expect(b.buckets[0].counts).toMatchObject({ errors: 1, http: 1 });
    expect(b.buckets[1].counts.errors).toBe(1);
    expect(b.buckets[4].counts.other).toBe(1);
    expect(b.buckets.reduce((n, x) => n + x.total, 0)).toBe(4);
  });

  it('never makes more buckets than asked, and none for no events', () => {
    const points = Array.from({ length: 500 }, (_, i) => ({
      at: T0 + i * 37_000,
      category: 'other' as const,
    }));
    const b = bucketEvents(points, 40);
    expect(b.buckets.length).toBeLessThanOrEqual(40);
    expect(b.buckets.reduce((n, x) => n + x.total, 0)).toBe(500);
    expect(bucketEvents([]).buckets).toEqual([]);
    expect(bucketEvents([{ at: NaN, category: 'other' }]).buckets).toEqual([]);
  });
});

describe('chart geometry', () => {
  it('rounds axis tops', () => {
    expect([0, 1, 3, 7, 10, 11, 260, 999].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 500, 1000]);
  });

  it('writes one closed subpath per bar', () => {
    expect(
      rectsPath([
        { x: 0, y: 10, w: 5, h: 20 },
        { x: 1, y: 1, w: 0, h: 3 },
      ]),
    ).toBe('M0 10h5v20h-5Z');
  });

  it('stacks the categories bottom-up, scaled to the axis top', () => {
    const counts = { errors: 2, http: 3, pageViews: 0, vitals: 0, other: 5 };
    const buckets: Bucket[] = [
      { start: 0, counts, total: 10 },
      { start: 1000, counts: { ...counts, errors: 0, http: 0, other: 0 }, total: 0 },
    ];
    const chart = stackedBars(buckets, 200, 100);
    expect(chart.yMax).toBe(10);
    expect(chart.columns.map((c) => [c.x, c.w])).toEqual([
      [0, 100],
      [100, 100],
    ]);
    // errors at the bottom (y 80..100), http above (50..80), other on top (0..50).
    expect(chart.paths.errors).toBe('M1 80h98v20h-98Z');
    expect(chart.paths.http).toBe('M1 50h98v30h-98Z');
    expect(chart.paths.other).toBe('M1 0h98v50h-98Z');
    expect(chart.paths.pageViews).toBe('');
  });

  it('bins a vital between its threshold bands', () => {
    const lcp = vitalDef('lcp');
    const d = vitalDistribution(lcp, [...Array(20).fill(100), 2600, 5000, 999_999], 240, 50, 24);
    expect(d.domainMax).toBe(6000); // 1.5 × the poor threshold: the values fit
    expect(d.bins).toHaveLength(24);
    expect(d.bins.reduce((n, b) => n + b.count, 0)).toBe(23);
    expect(d.bins[0].count).toBe(20);
    expect(d.bins[23].count).toBe(1); // the outlier lands in the last bin
    expect(d.maxCount).toBe(20);
    expect(d.bands).toEqual([
      { x: 0, w: 100, rating: 'good' },
      { x: 100, w: 60, rating: 'needs-improvement' },
      { x: 160, w: 80, rating: 'poor' },
    ]);
    expect(d.paths.good).toContain('h9v50');
    expect(d.paths['needs-improvement']).toContain('v2.5h');
    expect(d.paths.poor.match(/Z/g)).toHaveLength(2);
    expect(d.x(-5)).toBe(0);
    expect(d.x(1e9)).toBe(240);
  });

  it('widens the range for slow values, but not for one outlier', () => {
    const lcp = vitalDef('lcp');
    expect(vitalDomain(lcp, [])).toBe(6000);
    expect(vitalDomain(lcp, Array(40).fill(9000))).toBeCloseTo(9900);
    expect(vitalDomain(lcp, [...Array(40).fill(1000), 500_000])).toBe(6000);
  });
});

describe('requests', () => {
  it('names who signed and how', () => {
    const r = putRequest(1);
    expect(describeSigner(r)).toBe(
      'cognito · pool us-west-2:pool-1 · identity us-west-2:identity-1 · role RUM-Unauth · key ASIATEST',
    );
    expect(
      describeSigner(putRequest(2, { credential: { kind: 'static' }, accessKeyId: 'AKID' })),
    ).toBe('static · key AKID');
    expect(
      describeSigner(
        putRequest(3, { credential: undefined, accessKeyId: undefined, signed: false }),
      ),
    ).toBe('unsigned');
    expect(requestTransport(putRequest(4, { presigned: true }))).toBe('beacon (presigned URL)');
    expect(requestTransport(putRequest(5))).toBe('signed headers');
  });

  it('gives the verdict and the reason of a refusal', () => {
    const refused = putRequest(1, {
      verdict: 'refused',
      status: 403,
      errorType: 'AccessDeniedException',
      message: 'not allowed',
    });
    expect(requestVerdict(refused)).toBe('refused');
    expect(rejectionReason(refused)).toBe('AccessDeniedException: not allowed');
    expect(rejectionReason(putRequest(2))).toBe('');
    // Without a verdict (an older emulator), the status decides.
    expect(requestVerdict(putRequest(3, { verdict: undefined, status: 400 }))).toBe('refused');
    expect(rejectionReason(putRequest(3, { verdict: undefined, status: 400 }))).toBe('HTTP 400');
  });
});

describe('diagnosticFindings', () => {
  it('lists reported problems first, then what the report shows is wrong', () => {
    const f = diagnosticFindings(
      report('s', {
        problems: [{ code: 'no-credentials', message: 'No pool', count: 3 }],
        session: { sampled: false, droppedOverLimit: 4, eventLimit: 200 },
        credentials: { available: false, tried: ['cwr_c cache', 'Cognito'] },
        lastDispatch: { ok: false, status: 403, errorType: 'AccessDeniedException', halted: true },
      }).report,
    );
    expect(f.map((x) => x.level)).toEqual([
      'problem',
      'warning',
      'warning',
      'problem',
      'problem',
      'problem',
    ]);
    expect(f[0].text).toBe('no-credentials: No pool (×3)');
    expect(f.map((x) => x.text).join('\n')).toContain('HTTP 403');
  });

  it('does not blame missing credentials on a disabled client, nor before any were tried', () => {
    const off = report('s', { enabled: false, credentials: { available: false, tried: [] } });
    expect(diagnosticFindings(off.report)).toEqual([
      { level: 'warning', text: 'The client is disabled.' },
    ]);
    const early = report('s', { credentials: { available: false, tried: [] } });
    expect(diagnosticFindings(early.report)).toEqual([
      { level: 'warning', text: 'No AWS credentials yet to sign requests.' },
    ]);
  });

  it('finds nothing in a healthy or missing report', () => {
    expect(diagnosticFindings(report('s').report)).toEqual([]);
    expect(diagnosticFindings(undefined)).toEqual([]);
  });
});

describe('sessions', () => {
  it('summarises sessions from events, newest activity first', () => {
    const list = summarizeSessions([
      ev('a', 'session_start_event', {}, { at: T0 }),
      ev('a', 'page_view_event', { pageId: '/' }, { at: T0 }),
      ev('a', 'js_error_event', {}, { at: T0 + 1000, page: '/cart' }),
      ev('b', 'http_event', {}, { at: T0 + 5000 }),
      ev('a', 'largest_contentful_paint_event', { value: 1200 }, { at: T0 + 2000 }),
    ]);
    expect(list.map((s) => s.sessionId)).toEqual(['b', 'a']);
    expect(list[1]).toMatchObject({
      events: 4,
      errors: 1,
      pageViews: 1,
      pages: ['/', '/cart'],
      browser: 'Chromium 139',
      os: 'Linux',
      device: 'desktop',
      firstAt: T0,
      lastAt: T0 + 2000,
      vitals: { lcp: 1200 },
    });
    expect(list[0].http).toBe(1);
  });

  it('filters on every word, anywhere in the session', () => {
    const s = summary('80bde787-aaaa', T0, { browser: 'Firefox 128', pages: ['/checkout'] });
    expect(sessionMatches(s, '')).toBe(true);
    expect(sessionMatches(s, '80bde')).toBe(true);
    expect(sessionMatches(s, 'firefox CHECKOUT')).toBe(true);
    expect(sessionMatches(s, 'firefox cart')).toBe(false);
  });
});

describe('plural', () => {
  it('uses the singular for exactly one, the plural for anything else', () => {
    expect(plural(1, 'session')).toBe('1 session');
    expect(plural(0, 'session')).toBe('0 sessions');
    expect(plural(2, 'session')).toBe('2 sessions');
    expect(plural(1, 'page view')).toBe('1 page view');
    expect(plural(12, 'page view')).toBe('12 page views');
    expect(plural(1, 'reply', 'replies')).toBe('1 reply');
    expect(plural(3, 'reply', 'replies')).toBe('3 replies');
    expect(plural(1.5, 'second')).toBe('1.5 seconds');
  });

  it('counts the dropped events of a diagnostics report right', () => {
    const texts = (dropped: number) =>
      diagnosticFindings(
        report('s', { session: { droppedOverLimit: dropped, eventLimit: 200 } }).report,
      )
        .map((f) => f.text)
        .join('\n');
    expect(texts(1)).toContain("1 event dropped over the session's limit of 200.");
    expect(texts(7)).toContain("7 events dropped over the session's limit of 200.");
  });
});

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
