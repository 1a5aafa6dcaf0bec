import {
  frustrationCounts,
  frustrationTotal,
  signalOf,
} from '../../../../emulator/viewer/logic/frustration';
import { ev } from '../fixtures';

const click = (
  session: string,
  type: 'rage' | 'dead' | 'error',
  selector: string,
  page: string,
  more: Record<string, unknown> = {},
) => ev(session, `cwr.${type}_click`, { selector, element: 'button', ...more }, { page });

describe('frustrationCounts', () => {
  it('counts rage, dead and error clicks per element and page, most first', () => {
    const rows = frustrationCounts([
      click('s1', 'dead', '#save', '/edit'),
      click('s1', 'rage', '#checkout', '/cart', { clicks: 5 }),
      click('s2', 'rage', '#checkout', '/cart', { clicks: 3 }),
      click('s2', 'error', '#checkout', '/cart', { error: 'TypeError: x is undefined' }),
      click('s1', 'dead', '#save', '/edit'),
      // The same element on another page is another row.
      click('s1', 'dead', '#checkout', '/edit'),
      ev('s1', 'dom_event', { event: 'click' }),
    ]);
    expect(
      rows.map((r) => [r.selector, r.page, r.rage, r.dead, r.error, r.total, r.sessions]),
    ).toEqual([
      ['#checkout', '/cart', 2, 0, 1, 3, 2],
      ['#save', '/edit', 0, 2, 0, 2, 1],
      ['#checkout', '/edit', 0, 1, 0, 1, 1],
    ]);
    expect(rows[0]).toMatchObject({
      element: 'button',
      rageClicks: 8,
      lastError: 'TypeError: x is undefined',
    });
  });

  it('breaks ties by rage clicks, then by selector; an event sent twice counts once', () => {
    const twice = click('s1', 'dead', '#b', '/');
    const rows = frustrationCounts([
      click('s1', 'dead', '#c', '/'),
      click('s1', 'rage', '#z', '/'),
      twice,
      { ...twice, seq: 99 },
    ]);
    expect(rows.map((r) => [r.selector, r.total])).toEqual([
      ['#z', 1],
      ['#b', 1],
      ['#c', 1],
    ]);
  });

  it('counts nothing without frustration events', () => {
    expect(frustrationCounts([ev('s1', 'page_view_event', { pageId: '/' })])).toEqual([]);
  });
});

test('signalOf and frustrationTotal', () => {
  expect(signalOf('cwr.rage_click')).toBe('rage');
  expect(signalOf('cwr.dead_click')).toBe('dead');
  expect(signalOf('cwr.error_click')).toBe('error');
  expect(signalOf('com.amazon.rum.dom_event')).toBeUndefined();
  expect(signalOf(undefined)).toBeUndefined();
  expect(
    frustrationTotal([
      click('s', 'rage', '#a', '/'),
      click('s', 'dead', '#a', '/'),
      ev('s', 'dom_event'),
    ]),
  ).toBe(2);
});
