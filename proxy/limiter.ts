/**
 * Rate limits with a memory bound: one token bucket per key (a client address, a session id)
 * in a Map kept in least-recently-seen order, holding at most `maxKeys` buckets. A new key
 * past the bound evicts the key seen longest ago; that bucket had been refilling all the
 * while, so forgetting it loses (almost) nothing. Each bucket costs 180 to 300 bytes with its
 * key (measured on Node 20: an IPv4 address ~180, a session id ~210, an IPv6 /64 ~300), so a
 * table of 20,000 keys stays near 6 MB whatever a flood of new keys does.
 */
import type { RateLimit } from './config';

interface Bucket {
  tokens: number;
  at: number;
}

export class RateTable {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys: number,
  ) {}

  /**
   * Takes a token for `key` at time `now` (ms). Returns 0 when taken, else the seconds until a
   * token will be there (for `Retry-After`).
   */
  take(key: string, now: number): number {
    const { perSecond, burst } = this.limit;
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key);
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
      bucket.at = now;
    } else {
      bucket = { tokens: burst, at: now };
      if (this.buckets.size >= this.maxKeys) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
    }
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  }

  get size(): number {
    return this.buckets.size;
  }
}

/**
 * The key of a client address: IPv4 as is, IPv6 by its /64 (one host is given a whole /64, so
 * keying by full address would give it 2^64 buckets). IPv4-mapped IPv6 (`::ffff:1.2.3.4`)
 * counts as the IPv4 address.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const [head, tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')
    .concat('::/64');
}
