import { sessionMatches, summarizeSessions } from '../../../../emulator/viewer/logic/sessions';
import { T0, ev, summary } from '../fixtures';

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
