import type { Check, Warn } from '../domain/types';
import { own } from '../tools/own';

/** Option checks for telemetry plugins: a bad value gets one warning and the default. */
/** (The same shape as the config's checks: domain/types.ts.) */
export type OptionCheck = Check;

export const isBool: OptionCheck = (v) => typeof v === 'boolean';
export const isFn: OptionCheck = (v) => typeof v === 'function';
export const isRegExps: OptionCheck = (v) =>
  Array.isArray(v) && v.every((r) => r instanceof RegExp);
export const isCount: OptionCheck = (v) => typeof v === 'number' && v >= 0 && Number.isInteger(v);
export const isStrings: OptionCheck = (v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * A telemetry's options: each option's default and its check. What each must be is said in
 * the diagnostics chunk (src/diagnostics/options.ts).
 */
export type OptionSpec<T> = { [K in keyof T]: [T[K], OptionCheck] };

/**
 * Resolves a telemetry's options against its defaults: a bad value is reported by name and
 * replaced by the default; an unknown name is reported with the names it could have meant.
 */
export const resolveOptions = <T extends Record<string, unknown>>(
  telemetry: string,
  given: Record<string, unknown>,
  spec: OptionSpec<T>,
  warn: Warn,
): T => {
  const out = {} as T;
  const known = Object.keys(spec) as (keyof T & string)[];
  for (const key of known) {
    const [fallback, check] = spec[key];
    const v = own(given, key);
    out[key] = v === undefined ? fallback : (v as T[typeof key]);
    if (v !== undefined && !check(v)) {
      warn(`telemetries ${telemetry}.${key}`, { got: v, fallback });
      out[key] = fallback;
    }
  }
  for (const key of Object.keys(given))
    if (!known.includes(key)) warn(`telemetries ${telemetry}.${key}`, { word: key, known });
  return out;
};
