import { logger } from '../tools/logger';

/** Option checks for telemetry plugins: a bad value gets one warning and the default. */
export type OptionCheck = (v: unknown) => boolean;

export const isBool: OptionCheck = (v) => typeof v === 'boolean';
export const isFn: OptionCheck = (v) => typeof v === 'function';
export const isRegExps: OptionCheck = (v) =>
  Array.isArray(v) && v.every((r) => r instanceof RegExp);
export const isCount: OptionCheck = (v) => typeof v === 'number' && v >= 0 && Number.isInteger(v);
export const isStrings: OptionCheck = (v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * Resolves a telemetry's options against its defaults: `spec` maps each option to
 * [default, check, what it must be]. Unknown options and bad values are reported by name.
 */
export const resolveOptions = <T extends Record<string, unknown>>(
  telemetry: string,
  given: Record<string, unknown>,
  spec: { [K in keyof T]: [T[K], OptionCheck, string] },
): T => {
  const out = {} as T;
  for (const key of Object.keys(spec) as (keyof T & string)[]) {
    const [fallback, check, what] = spec[key];
    const v = given[key];
    if (v === undefined) out[key] = fallback;
    else if (check(v)) out[key] = v as T[typeof key];
    else {
      logger.warn(`telemetries ${telemetry}.${key} must be ${what}; using the default.`);
      out[key] = fallback;
    }
  }
  for (const key of Object.keys(given)) {
    if (!(key in spec))
      logger.warn(`telemetries ${telemetry}.${key} is not a known option; it is ignored.`);
  }
  return out;
};
