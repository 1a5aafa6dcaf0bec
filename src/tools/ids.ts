export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

// Byte → two hex digits, and a pool of random bytes refilled 4 KiB at a time:
// crypto.getRandomValues per id was the largest single cost of recording an event.
const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX[i] = (i < 16 ? '0' : '') + i.toString(16);
const pool = new Uint8Array(4096);
let used = pool.length;

const take = (n: number): number => {
  if (used + n > pool.length) {
    try {
      // (The platform's, in Node as in browsers: tools/ is below browser/.)
      // eslint-disable-next-line no-restricted-globals
      crypto.getRandomValues(pool);
    } catch {
      // Replaced by the page, or missing: ids must still be made (uniqueness, not secrecy).
      for (let i = 0; i < pool.length; i++) pool[i] = (Math.random() * 256) | 0;
    }
    used = 0;
  }
  const at = used;
  used += n;
  return at;
};

const hex = (at: number, n: number): string => {
  let s = '';
  for (let i = at; i < at + n; i++) s += HEX[pool[i]];
  return s;
};

/** `n` random bytes as lowercase hex, from the platform's CSPRNG. */
export const randomHex = (n: number): string => hex(take(n), n);

/** A version 4 UUID (crypto.randomUUID is missing on insecure origins, so build it ourselves). */
export const uuid = (): string => {
  const at = take(16);
  pool[at + 6] = (pool[at + 6] & 0x0f) | 0x40;
  pool[at + 8] = (pool[at + 8] & 0x3f) | 0x80;
  return `${hex(at, 4)}-${hex(at + 4, 2)}-${hex(at + 6, 2)}-${hex(at + 8, 2)}-${hex(at + 10, 6)}`;
};
