import {
  formatVital,
  rateVital,
  type VitalKey,
  VITALS,
} from '../../../../emulator/viewer/logic/vitals';
import { R } from '../fixtures';

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
