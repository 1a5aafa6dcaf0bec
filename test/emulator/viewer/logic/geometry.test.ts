import {
  type Bucket,
  bucketEvents,
  niceMax,
  niceStep,
  rectsPath,
  stackedBars,
  vitalDistribution,
  vitalDomain,
} from '../../../../emulator/viewer/logic/geometry';
import { vitalDef } from '../../../../emulator/viewer/logic/vitals';
import { T0 } from '../fixtures';

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
