// The two SVG charts, drawn from the geometry logic/geometry.ts computes: events over time (stacked
// bars by category) and a vital's distribution over its good / needs-improvement / poor bands.

import { h, s } from './dom';
import { stackedBars, vitalDistribution, type Buckets } from './logic/geometry';
import { CATEGORIES } from './logic/kinds';
import { plural } from './logic/text';
import { formatClock, formatDateTime, formatDuration } from './logic/time';
import { RATING_LABEL, formatVital, rateVital, type Rating, type VitalDef } from './logic/vitals';

const TIME_W = 900;
const TIME_H = 170;
const M = { left: 40, right: 8, top: 8, bottom: 22 };

/** Events over time as stacked bars, with hover titles per bucket. */
export function timeChart(data: Buckets): SVGElement {
  const plotW = TIME_W - M.left - M.right;
  const plotH = TIME_H - M.top - M.bottom;
  const svg = s('svg', {
    viewBox: `0 0 ${TIME_W} ${TIME_H}`,
    class: 'chart time-chart',
    role: 'img',
    'aria-label': 'Events over time',
  });
  if (!data.buckets.length) {
    svg.appendChild(
      s(
        'text',
        { x: TIME_W / 2, y: TIME_H / 2, 'text-anchor': 'middle', class: 'axis' },
        'No events',
      ),
    );
    return svg;
  }
  const chart = stackedBars(data.buckets, plotW, plotH);
  const plot = s('g', { transform: `translate(${M.left} ${M.top})` });
  for (const frac of [0, 0.5, 1]) {
    const y = plotH - frac * plotH;
    plot.appendChild(s('line', { x1: 0, x2: plotW, y1: y, y2: y, class: 'grid' }));
    const label = chart.yMax * frac;
    if (frac === 0 || Number.isInteger(label))
      svg.appendChild(
        s(
          'text',
          { x: M.left - 6, y: M.top + y + 4, 'text-anchor': 'end', class: 'axis' },
          String(label),
        ),
      );
  }
  for (const { key } of CATEGORIES) {
    if (chart.paths[key]) plot.appendChild(s('path', { d: chart.paths[key], class: `cat-${key}` }));
  }
  const wide = data.step * data.buckets.length > 86_400_000;
  const label = (ms: number) => (wide ? formatDateTime(ms).slice(5, 16) : formatClock(ms));
  for (const col of chart.columns) {
    const b = col.bucket;
    const parts = CATEGORIES.filter(({ key }) => b.counts[key]).map(({ key, one, many }) =>
      plural(b.counts[key], one, many),
    );
    const hover = s(
      'rect',
      { x: col.x, y: 0, width: col.w, height: plotH, class: 'hover' },
      s(
        'title',
        {},
        `${formatDateTime(b.start)} (+${formatDuration(data.step)}): ${plural(b.total, 'event')}` +
          (parts.length ? ` — ${parts.join(', ')}` : ''),
      ),
    );
    plot.appendChild(hover);
  }
  svg.appendChild(plot);
  const n = data.buckets.length;
  const ticks = n <= 1 ? [0] : [0, Math.floor((n - 1) / 2), n - 1];
  for (const i of ticks) {
    const col = chart.columns[i];
    const anchor = i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle';
    const x = M.left + (i === n - 1 ? col.x + col.w : i === 0 ? col.x : col.x + col.w / 2);
    svg.appendChild(
      s(
        'text',
        { x, y: TIME_H - 6, 'text-anchor': anchor, class: 'axis' },
        label(i === n - 1 ? col.bucket.start + data.step : col.bucket.start),
      ),
    );
  }
  return svg;
}

/** The colour legend of the time chart. */
export function timeLegend(): HTMLElement {
  return h(
    'div',
    { class: 'legend' },
    ...CATEGORIES.map(({ key, label }) =>
      h('span', {}, h('i', { class: `swatch cat-${key}` }), label),
    ),
  );
}

const DIST_W = 280;
const DIST_H = 96;
const D = { left: 4, right: 4, top: 6, bottom: 18 };

/**
 * A vital's values across all sessions as a histogram over its threshold bands, with the
 * selected session's worst value marked.
 */
export function distributionChart(
  def: VitalDef,
  values: readonly number[],
  marker: number | undefined,
): SVGElement {
  const plotW = DIST_W - D.left - D.right;
  const plotH = DIST_H - D.top - D.bottom;
  const dist = vitalDistribution(def, values, plotW, plotH);
  const svg = s('svg', {
    viewBox: `0 0 ${DIST_W} ${DIST_H}`,
    class: 'chart dist-chart',
    role: 'img',
    'aria-label': `${def.name} across all sessions`,
  });
  const plot = s('g', { transform: `translate(${D.left} ${D.top})` });
  for (const band of dist.bands) {
    if (band.w > 0)
      plot.appendChild(
        s(
          'rect',
          { x: band.x, y: 0, width: band.w, height: plotH, class: `band band-${band.rating}` },
          s('title', {}, RATING_LABEL[band.rating]),
        ),
      );
  }
  for (const rating of ['good', 'needs-improvement', 'poor'] as Rating[]) {
    if (dist.paths[rating])
      plot.appendChild(s('path', { d: dist.paths[rating], class: `bar bar-${rating}` }));
  }
  plot.appendChild(s('line', { x1: 0, x2: plotW, y1: plotH, y2: plotH, class: 'baseline' }));
  if (marker !== undefined && Number.isFinite(marker)) {
    const x = dist.x(marker);
    plot.appendChild(
      s(
        'line',
        { x1: x, x2: x, y1: -2, y2: plotH, class: `marker marker-${rateVital(def.key, marker)}` },
        s('title', {}, `this session's worst: ${formatVital(def.key, marker)}`),
      ),
    );
  }
  svg.appendChild(plot);
  const y = DIST_H - 5;
  const tick = (v: number, anchor: string, text: string) =>
    svg.appendChild(
      s('text', { x: D.left + dist.x(v), y, 'text-anchor': anchor, class: 'axis' }, text),
    );
  tick(0, 'start', '0');
  tick(def.good, 'middle', formatVital(def.key, def.good));
  tick(def.poor, 'middle', formatVital(def.key, def.poor));
  tick(dist.domainMax, 'end', `${formatVital(def.key, dist.domainMax)}+`);
  return svg;
}
