export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

const hex = (bytes: Uint8Array): string => {
  let s = '';
  for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16);
  return s;
};

/** `n` random bytes as lowercase hex, from the platform's CSPRNG. */
export const randomHex = (n: number): string => hex(crypto.getRandomValues(new Uint8Array(n)));

/** A version 4 UUID (crypto.randomUUID is missing on insecure origins, so build it ourselves). */
export const uuid = (): string => {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
