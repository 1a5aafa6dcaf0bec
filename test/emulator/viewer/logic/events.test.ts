import {
  compareEvents,
  eventPage,
  summarizeEvent,
  upperBound,
} from '../../../../emulator/viewer/logic/events';
import {
  errorInfo,
  httpDetails,
  httpOutcome,
  traceDurations,
} from '../../../../emulator/viewer/logic/http';
import { categoryOf } from '../../../../emulator/viewer/logic/kinds';
import { clip, safeJson, shortType } from '../../../../emulator/viewer/logic/text';
import { eventTimeMs, formatDuration } from '../../../../emulator/viewer/logic/time';
import { lastVitals } from '../../../../emulator/viewer/logic/vital-stats';
import { R, T0, ev } from '../fixtures';

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

  it('says what the insights events are: route timing, long frames, frustration signals', () => {
    expect(
      sum('performance_navigation_event', {
        initiatorType: 'route_change',
        navigationType: 'navigate',
        startTime: 5230,
        duration: 812,
      }),
    ).toBe('route change, loaded in 812 ms');
    expect(
      sum('cwr.long_animation_frame', { startTime: 1, duration: 212.5, scripts: [{}], inp: true }),
    ).toBe('long frame 213 ms, 1 script (INP)');
    expect(sum('cwr.long_task', { startTime: 1, duration: 80, attribution: [] })).toBe(
      'long task 80 ms',
    );
    expect(sum('cwr.rage_click', { selector: '#checkout', element: 'button', clicks: 5 })).toBe(
      'rage click ×5 on #checkout',
    );
    expect(sum('cwr.dead_click', { selector: 'a.more', element: 'a' })).toBe(
      'dead click on a.more',
    );
    expect(sum('cwr.error_click', { selector: '#pay', element: 'button', error: 'boom' })).toBe(
      'error click on #pay: boom',
    );
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
