// Small guards for untrusted values, and the text helpers every part of the viewer prints with.
// Pure: no DOM, no globals.

import { RUM_PREFIX } from '../../../src/domain/rules';

export { RUM_PREFIX };

export const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
export const obj = (x: unknown): Record<string, unknown> => (isObject(x) ? x : {});
export const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
export const num = (x: unknown): number | undefined =>
  typeof x === 'number' && Number.isFinite(x) ? x : undefined;

/** At most `max` characters, with an ellipsis when cut. */
export function clip(text: string, max = 160): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? oneLine.slice(0, max - 1) + '…' : oneLine;
}

/** The event type without the `com.amazon.rum.` prefix. */
export const shortType = (type: string): string =>
  type.startsWith(RUM_PREFIX) ? type.slice(RUM_PREFIX.length) : type;

/**
 * A count with its noun, singular for exactly 1 and plural otherwise: `1 session`, `0 sessions`,
 * `2 page views`. `many` defaults to `one` + `s`; pass it for irregular nouns (`1 reply`,
 * `2 replies`). Every count the viewer prints goes through here.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** First 8 characters of an id (a UUID's first group). */
export const shortId = (id: string): string => (id.length > 8 ? id.slice(0, 8) : id);

/** JSON text of an untrusted value, pretty with `indent` spaces; never throws. */
export function safeJson(x: unknown, indent = 2): string {
  try {
    return JSON.stringify(x, null, indent) ?? String(x);
  } catch {
    return String(x);
  }
}

/**
 * Whether two JSON-like values are equal, field by field (arrays in order, objects whatever the
 * key order). The store keeps an old object in place of an equal new one, so that the
 * components can tell what changed by reference.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => deepEqual(x, bs[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  return (
    keys.length === Object.keys(bo).length &&
    keys.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]))
  );
}
