import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/**
 * SHA-256 and HMAC-SHA-256 for smithy's SignatureV4 (its `ChecksumConstructor`), from node's
 * OpenSSL: the proxy hashes every body it forwards, up to 1 MiB, so the native hash pays
 * (the pure-JS `@aws-crypto/sha256-js` the emulator's checker uses costs ~10× more per byte).
 * The signer calls `new Sha256(key)` for an HMAC and `new Sha256()` for a hash.
 */
export class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.start();
  }

  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }

  digest(): Promise<Uint8Array> {
    const out = new Uint8Array(this.hash.digest());
    return Promise.resolve(out);
  }

  reset(): void {
    this.hash = this.start();
  }

  private start(): Hash | Hmac {
    const key = this.secret;
    if (key === undefined) return createHash('sha256');
    if (typeof key === 'string') return createHmac('sha256', key);
    const bytes = ArrayBuffer.isView(key)
      ? new Uint8Array(key.buffer, key.byteOffset, key.byteLength)
      : new Uint8Array(key);
    return createHmac('sha256', bytes);
  }
}
