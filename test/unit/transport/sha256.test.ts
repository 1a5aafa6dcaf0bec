/** SHA-256 and HMAC-SHA256 (transport/sha256.ts), our own, against Node's. */
import { createHash, createHmac, randomBytes } from 'crypto';
import fc from 'fast-check';
import { hmacSha256, sha256 as ourSha256, toHex } from '../../../src/transport/sha256';

describe('sha256 and hmacSha256', () => {
  const nodeSha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
  const nodeHmac = (key: Uint8Array, data: Uint8Array) =>
    createHmac('sha256', key).update(data).digest('hex');
  const bytes = (length: number) => new Uint8Array(randomBytes(length));

  it('hashes every length up to three blocks, padding edges included', () => {
    for (let length = 0; length <= 200; length++) {
      const data = bytes(length);
      expect([length, toHex(ourSha256(data))]).toEqual([length, nodeSha256(data)]);
    }
  });

  it('hashes random inputs as Node does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (data) => {
        expect(toHex(ourSha256(data))).toBe(nodeSha256(data));
      }),
      { numRuns: 300 },
    );
  });

  it('hashes a view into a larger buffer by its own bytes', () => {
    const buffer = bytes(300);
    const view = buffer.subarray(7, 7 + 130);
    expect(toHex(ourSha256(view))).toBe(nodeSha256(view));
  });

  it('hashes 1 MB', () => {
    const data = bytes(1 << 20);
    expect(toHex(ourSha256(data))).toBe(nodeSha256(data));
  });

  it('gives the standard digests of the FIPS 180-4 examples', () => {
    const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
    expect(toHex(ourSha256(ascii('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(toHex(ourSha256(ascii('')))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(
      toHex(ourSha256(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))),
    ).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('computes HMACs as Node does, for keys shorter and longer than a block', () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 100, 200]) {
      for (const dataLength of [0, 1, 55, 56, 63, 64, 65, 1000]) {
        const key = bytes(keyLength);
        const data = bytes(dataLength);
        expect(toHex(hmacSha256(key, data))).toBe(nodeHmac(key, data));
      }
    }
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 300 }),
        (key, data) => {
          expect(toHex(hmacSha256(key, data))).toBe(nodeHmac(key, data));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('derives its constants far from any rounding edge, so every engine gets the same words', () => {
    // The module computes K and H0 from cube and square roots of primes in double precision;
    // a result within a hair of a 2^-32 step could truncate differently where Math.cbrt is
    // less exact. The closest comes within 0.0055 of a step; doubles err by about 4e-6.
    const primes: number[] = [];
    for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p)) primes.push(n);
    const distance = (root: number) => {
      const scaled = (root % 1) * 2 ** 32;
      return Math.min(scaled % 1, 1 - (scaled % 1));
    };
    const nearest = Math.min(
      ...primes.map((p) => distance(Math.cbrt(p))),
      ...primes.slice(0, 8).map((p) => distance(Math.sqrt(p))),
    );
    expect(nearest).toBeGreaterThan(1e-3);
  });

  it('writes lower-case hex with leading zeros', () => {
    expect(toHex(new Uint8Array([0, 1, 15, 16, 171, 255]))).toBe('00010f10abff');
  });
});
