// The web vitals: their definitions and thresholds, rating a value and printing it. Pure.

import type { VitalValues } from '../types';
import { RUM_PREFIX } from './text';

export type VitalKey = keyof VitalValues;
export type Rating = 'good' | 'needs-improvement' | 'poor';

export interface VitalDef {
  key: VitalKey;
  label: string;
  name: string;
  type: string;
  /** Good up to and including this value. */
  good: number;
  /** Poor above this value. */
  poor: number;
  unit: 'ms' | '';
}

export const VITALS: readonly VitalDef[] = [
  {
    key: 'lcp',
    label: 'LCP',
    name: 'Largest Contentful Paint',
    type: RUM_PREFIX + 'largest_contentful_paint_event',
    good: 2500,
    poor: 4000,
    unit: 'ms',
  },
  {
    key: 'fcp',
    label: 'FCP',
    name: 'First Contentful Paint',
    type: RUM_PREFIX + 'first_contentful_paint_event',
    good: 1800,
    poor: 3000,
    unit: 'ms',
  },
  {
    key: 'cls',
    label: 'CLS',
    name: 'Cumulative Layout Shift',
    type: RUM_PREFIX + 'cumulative_layout_shift_event',
    good: 0.1,
    poor: 0.25,
    unit: '',
  },
  {
    key: 'inp',
    label: 'INP',
    name: 'Interaction to Next Paint',
    type: RUM_PREFIX + 'interaction_to_next_paint_event',
    good: 200,
    poor: 500,
    unit: 'ms',
  },
  {
    key: 'ttfb',
    label: 'TTFB',
    name: 'Time to First Byte',
    type: RUM_PREFIX + 'time_to_first_byte_event',
    good: 800,
    poor: 1800,
    unit: 'ms',
  },
  {
    key: 'fid',
    label: 'FID',
    name: 'First Input Delay',
    type: RUM_PREFIX + 'first_input_delay_event',
    good: 100,
    poor: 300,
    unit: 'ms',
  },
];

const VITAL_BY_KEY = new Map(VITALS.map((v) => [v.key, v]));
const VITAL_BY_TYPE = new Map(VITALS.map((v) => [v.type, v]));

export const vitalDef = (key: VitalKey): VitalDef => VITAL_BY_KEY.get(key) as VitalDef;
export const vitalForType = (type: string): VitalDef | undefined => VITAL_BY_TYPE.get(type);

/** good ≤ the good threshold < needs-improvement ≤ the poor threshold < poor. */
export function rateVital(key: VitalKey, value: number): Rating {
  const d = vitalDef(key);
  if (value <= d.good) return 'good';
  if (value <= d.poor) return 'needs-improvement';
  return 'poor';
}

export const RATING_LABEL: Record<Rating, string> = {
  good: 'good',
  'needs-improvement': 'needs improvement',
  poor: 'poor',
};

/** `272 ms`, `2.31 s`, `0.038`. */
export function formatVital(key: VitalKey, value: number): string {
  if (vitalDef(key).unit === '') return value < 10 ? value.toFixed(3) : String(Math.round(value));
  if (Math.abs(value) < 1000) return `${Math.round(value)} ms`;
  return `${(value / 1000).toFixed(2)} s`;
}
