/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) over bytes, synchronous and self-contained.
 * Signing uses WebCrypto where it can (./sigv4); this is for where it cannot: crypto.subtle is
 * missing on insecure (http:) pages, may be broken by the page, and answers in a later task,
 * too late for a page being unloaded.
 */

/**
 * The round constants K (the first 32 bits of the fractional parts of the cube roots of the
 * first 64 primes) and the initial hash H0 (the same of the square roots of the first 8).
 * Computed rather than listed: none of these 72 values comes near a 2^-32 boundary, so any
 * cbrt/sqrt accurate to far less than that gives the standard words (the tests check both).
 */
const K = new Int32Array(64);
const H0 = new Int32Array(8);
for (let n = 2, found = 0; found < 64; n++) {
  let prime = true;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
  if (prime) {
    const fraction = (root: number) => (root - Math.floor(root)) * 2 ** 32;
    if (found < 8) H0[found] = fraction(Math.sqrt(n));
    K[found++] = fraction(Math.cbrt(n));
  }
}

/** The SHA-256 digest (32 bytes) of `data`. */
export const sha256 = (data: Uint8Array): Uint8Array => {
  // The message, a 1 bit, zeros, and its length in bits as a 64-bit big-endian number, padded
  // to whole 64-byte blocks.
  const length = data.length;
  const size = (length + 72) & ~63;
  const message = new Uint8Array(size);
  message.set(data);
  message[length] = 0x80;
  const view = new DataView(message.buffer);
  view.setUint32(size - 8, length / 2 ** 29);
  view.setUint32(size - 4, length << 3);

  // The rotations (x >>> n | x << 32 - n) are written out: a helper function per rotation
  // makes the first, not yet optimised, call much slower.
  const hash = H0.slice();
  const w = new Int32Array(64);
  for (let block = 0; block < size; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getInt32(block + i * 4);
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let a = hash[0];
    let b = hash[1];
    let c = hash[2];
    let d = hash[3];
    let e = hash[4];
    let f = hash[5];
    let g = hash[6];
    let h = hash[7];
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    // Int32Array stores wrap modulo 2^32.
    hash[0] += a;
    hash[1] += b;
    hash[2] += c;
    hash[3] += d;
    hash[4] += e;
    hash[5] += f;
    hash[6] += g;
    hash[7] += h;
  }

  const digest = new DataView(new ArrayBuffer(32));
  hash.forEach((word, i) => digest.setInt32(i * 4, word));
  return new Uint8Array(digest.buffer);
};

/** HMAC-SHA256 of `data` under `key`. */
export const hmacSha256 = (key: Uint8Array, data: Uint8Array): Uint8Array => {
  if (key.length > 64) key = sha256(key);
  const inner = new Uint8Array(64 + data.length);
  const outer = new Uint8Array(64 + 32);
  // Past its end, key[i] is undefined, which XORs as 0: the key is zero-padded to 64 bytes.
  for (let i = 0; i < 64; i++) {
    inner[i] = key[i] ^ 0x36;
    outer[i] = key[i] ^ 0x5c;
  }
  inner.set(data, 64);
  outer.set(sha256(inner), 64);
  return sha256(outer);
};

/** Lower-case hex of bytes. */
export const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
