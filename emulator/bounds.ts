/**
 * The memory bounds of the store: how many events, request records and diagnostics reports it
 * holds, and how many bytes of JSON (as a data file line would hold them). `BoundedList` is a
 * list in `seq` order that lets its oldest go past either bound.
 */

export const DEFAULT_MAX_EVENTS = 100_000;
export const DEFAULT_MAX_REQUESTS = 50_000;
/** Sessions whose latest diagnostics report is kept. */
export const MAX_DIAGNOSTICS = 1_000;
/**
 * Byte budgets (of JSON, as a data file line would hold it) for what is kept in memory. Past
 * one, the oldest go first, as past a count: events and request records down to 90% of the
 * budget, diagnostics one session at a time. Objects take a few times their JSON in memory.
 */
export const DEFAULT_MAX_EVENT_BYTES = 128 * 1024 * 1024;
export const DEFAULT_MAX_REQUEST_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MAX_DIAGNOSTICS_BYTES = 16 * 1024 * 1024;

/**
 * Items in `seq` order with the JSON size of each. Past `maxCount` items, the oldest tenth is
 * let go; past `maxBytes`, the oldest until 90% of it is left.
 */
export class BoundedList<T extends { seq: number }> {
  private list: T[] = [];
  private sizes: number[] = [];
  private bytes = 0;

  constructor(
    private readonly maxCount: number,
    private readonly maxBytes: number,
  ) {}

  /** The items held, oldest first (the list itself: not to be changed). */
  get items(): readonly T[] {
    return this.list;
  }

  /** The highest `seq` held; 0 when there is none. */
  lastSeq(): number {
    return this.list[this.list.length - 1]?.seq ?? 0;
  }

  /** Add an item of `size` bytes (its data file line), without trimming. */
  push(item: T, size: number): void {
    this.list.push(item);
    this.sizes.push(size);
    this.bytes += size;
  }

  /** Let the oldest go if past either bound; returns how many went. */
  trim(): number {
    const drop = overBudget(this.list.length, this.maxCount, this.sizes, this.bytes, this.maxBytes);
    if (drop > 0) this.bytes -= dropFirst(drop, this.list, this.sizes);
    return drop;
  }

  /** Hold the newest of `items` (oldest first) that fit in both bounds, sized by `line`. */
  replaceWithNewest(items: T[], line: (item: T) => string): void {
    const kept = newestWithin(items, this.maxCount, this.maxBytes, line);
    this.list = kept.items;
    this.sizes = kept.sizes;
    this.bytes = kept.bytes;
  }

  clear(): void {
    this.list = [];
    this.sizes = [];
    this.bytes = 0;
  }
}

/** A count or byte budget given as an option: a whole number of at least 1. */
export function checkMax(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a whole number of at least 1; got ${value}.`);
  }
  return value;
}

/** After going past `max`, keep 90% of it: letting go of a tenth at once, not one by one. */
function keepAfterTrim(max: number): number {
  return max - Math.floor(max / 10);
}

/**
 * How many of the oldest items to let go of: none while within both the count and the byte
 * budget; past either, enough to get back to 90% of it.
 */
function overBudget(
  count: number,
  maxCount: number,
  sizes: number[],
  bytes: number,
  maxBytes: number,
): number {
  let drop = count > maxCount ? count - keepAfterTrim(maxCount) : 0;
  if (bytes > maxBytes) {
    const excess = bytes - keepAfterTrim(maxBytes);
    let freed = 0;
    let n = 0;
    while (freed < excess && n < sizes.length) freed += sizes[n++];
    drop = Math.max(drop, n);
  }
  return drop;
}

/** Remove the first `n` items (and their sizes); returns the bytes freed. */
function dropFirst<T>(n: number, items: T[], sizes: number[]): number {
  items.splice(0, n);
  return sizes.splice(0, n).reduce((sum, size) => sum + size, 0);
}

/** The newest items that fit in `maxCount` and `maxBytes`, oldest first, with their sizes. */
function newestWithin<T>(
  items: T[],
  maxCount: number,
  maxBytes: number,
  line: (item: T) => string,
): { items: T[]; sizes: number[]; bytes: number } {
  const sizes: number[] = [];
  let bytes = 0;
  let first = items.length;
  while (first > 0 && items.length - first < maxCount) {
    const size = Buffer.byteLength(line(items[first - 1]));
    if (bytes + size > maxBytes) break;
    bytes += size;
    sizes.push(size);
    first -= 1;
  }
  return { items: items.slice(first), sizes: sizes.reverse(), bytes };
}
