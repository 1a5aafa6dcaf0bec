// The geometry of the charts: events bucketed over time as stacked bars, and a vital's values as
// a histogram over its threshold bands (SVG path data, which ../charts.ts draws). Pure.

import { CATEGORIES, type Category } from './kinds';
import { rateVital, type Rating, type VitalDef } from './vitals';

export type Counts = Record<Category, number>;

export interface Bucket {
  /** Epoch ms where the bucket starts; it ends at `start + step`. */
  start: number;
  counts: Counts;
  total: number;
}

export interface Buckets {
  start: number;
  step: number;
  buckets: Bucket[];
}

const STEPS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
  1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/** The smallest round step that splits `spanMs` into at most `maxBuckets`. */
export function niceStep(spanMs: number, maxBuckets: number): number {
  for (const s of STEPS) if (spanMs / s < maxBuckets) return s;
  const day = STEPS[STEPS.length - 1];
  return Math.ceil(spanMs / maxBuckets / day) * day;
}

export const emptyCounts = (): Counts => ({
  errors: 0,
  http: 0,
  pageViews: 0,
  vitals: 0,
  other: 0,
});

/** Count events per category in round time buckets (at most `maxBuckets`) over their span. */
export function bucketEvents(
  points: Iterable<{ at: number; category: Category }>,
  maxBuckets = 60,
): Buckets {
  let min = Infinity;
  let max = -Infinity;
  const list: { at: number; category: Category }[] = [];
  for (const p of points) {
    if (!Number.isFinite(p.at)) continue;
    list.push(p);
    if (p.at < min) min = p.at;
    if (p.at > max) max = p.at;
  }
  if (!list.length) return { start: 0, step: 1000, buckets: [] };
  const step = niceStep(max - min + 1, maxBuckets);
  const start = Math.floor(min / step) * step;
  const n = Math.floor((max - start) / step) + 1;
  const buckets: Bucket[] = Array.from({ length: n }, (_, i) => ({
    start: start + i * step,
    counts: emptyCounts(),
    total: 0,
  }));
  for (const p of list) {
    const b = buckets[Math.floor((p.at - start) / step)];
    b.counts[p.category]++;
    b.total++;
  }
  return { start, step, buckets };
}

/** A round number ≥ n for an axis top: 1, 2, 5, 10, 20, 50, … */
export function niceMax(n: number): number {
  if (n <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/** SVG path data for one rectangle per bar (`M x y h w v h h -w Z`). */
export function rectsPath(
  rects: readonly { x: number; y: number; w: number; h: number }[],
): string {
  return rects
    .filter((r) => r.w > 0 && r.h > 0)
    .map((r) => `M${r2(r.x)} ${r2(r.y)}h${r2(r.w)}v${r2(r.h)}h${r2(-r.w)}Z`)
    .join('');
}

export interface StackedChart {
  /** One path per category, the bars stacked bottom-up in `CATEGORIES` order. */
  paths: Record<Category, string>;
  yMax: number;
  /** Each bucket's column (for hover areas and labels). */
  columns: { x: number; w: number; bucket: Bucket }[];
}

/** Stacked bars for the buckets, in a `width`×`height` plot area starting at (0, 0). */
export function stackedBars(
  buckets: readonly Bucket[],
  width: number,
  height: number,
): StackedChart {
  const yMax = niceMax(Math.max(0, ...buckets.map((b) => b.total)));
  const slot = buckets.length ? width / buckets.length : width;
  const gap = slot > 6 ? Math.min(2, slot * 0.15) : 0;
  const rects: Record<Category, { x: number; y: number; w: number; h: number }[]> = {
    errors: [],
    http: [],
    pageViews: [],
    vitals: [],
    other: [],
  };
  const columns = buckets.map((bucket, i) => {
    const x = i * slot;
    let base = height;
    for (const { key } of CATEGORIES) {
      const h = (bucket.counts[key] / yMax) * height;
      if (h > 0) rects[key].push({ x: x + gap / 2, y: base - h, w: slot - gap, h });
      base -= h;
    }
    return { x, w: slot, bucket };
  });
  const paths = Object.fromEntries(
    CATEGORIES.map(({ key }) => [key, rectsPath(rects[key])]),
  ) as Record<Category, string>;
  return { paths, yMax, columns };
}

// ---- vitals distribution ---------------------------------------------------------------------

export interface Distribution {
  /** The x axis runs from 0 to this value; larger values count in the last bin. */
  domainMax: number;
  bins: { from: number; to: number; count: number; rating: Rating }[];
  maxCount: number;
  /** Threshold bands as x ranges in plot units. */
  bands: { x: number; w: number; rating: Rating }[];
  /** One path per rating: the histogram bars coloured by where they fall. */
  paths: Record<Rating, string>;
  /** Plot x of a value (clamped to the plot). */
  x: (value: number) => number;
}

/** The x range of a vital's chart: past the poor threshold, and wide enough for most values. */
export function vitalDomain(def: VitalDef, values: readonly number[]): number {
  const floor = def.poor * 1.5;
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return floor;
  // Up to the 95th percentile, so one outlier does not squash every other bar.
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
  return Math.max(floor, Math.min(p95 * 1.1, def.poor * 10));
}

/** A histogram of a vital's values with its threshold bands, in a `width`×`height` plot. */
export function vitalDistribution(
  def: VitalDef,
  values: readonly number[],
  width: number,
  height: number,
  binCount = 24,
): Distribution {
  const domainMax = vitalDomain(def, values);
  const size = domainMax / binCount;
  const bins = Array.from({ length: binCount }, (_, i) => {
    const from = i * size;
    const to = from + size;
    return { from, to, count: 0, rating: rateVital(def.key, (from + to) / 2) };
  });
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const i = Math.min(binCount - 1, Math.max(0, Math.floor(v / size)));
    bins[i].count++;
  }
  const maxCount = Math.max(0, ...bins.map((b) => b.count));
  const x = (v: number) => (Math.min(Math.max(v, 0), domainMax) / domainMax) * width;
  const bands: Distribution['bands'] = [
    { x: 0, w: x(def.good), rating: 'good' },
    { x: x(def.good), w: x(def.poor) - x(def.good), rating: 'needs-improvement' },
    { x: x(def.poor), w: width - x(def.poor), rating: 'poor' },
  ];
  const rects: Record<Rating, { x: number; y: number; w: number; h: number }[]> = {
    good: [],
    'needs-improvement': [],
    poor: [],
  };
  const slot = width / binCount;
  for (const [i, b] of bins.entries()) {
    if (!b.count) continue;
    const h = Math.max(1, (b.count / maxCount) * height);
    rects[b.rating].push({ x: i * slot + 0.5, y: height - h, w: slot - 1, h });
  }
  return {
    domainMax,
    bins,
    maxCount,
    bands,
    paths: {
      good: rectsPath(rects.good),
      'needs-improvement': rectsPath(rects['needs-improvement']),
      poor: rectsPath(rects.poor),
    },
    x,
  };
}
