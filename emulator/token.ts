import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The OpenID Connect tokens the emulated Cognito hands out (GetOpenIdToken) and the emulated
 * STS takes back (AssumeRoleWithWebIdentity). Shaped like a JWT (base64url header.payload.
 * signature) but signed with HMAC-SHA256 and a secret only this emulator knows, so a token from
 * anywhere else, or one edited on the way, is refused.
 */

/** `iss` of every token, as Cognito writes it. */
export const TOKEN_ISSUER = 'https://cognito-identity.amazonaws.com';
/** GetOpenIdToken tokens are valid for 10 minutes. */
export const TOKEN_LIFETIME_SECONDS = 10 * 60;

export interface TokenClaims {
  iss: string;
  /** The identity id. */
  sub: string;
  /** The identity pool id. */
  aud: string;
  amr: string[];
  /** Epoch seconds. */
  iat: number;
  exp: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false };

export class TokenIssuer {
  private readonly secret = randomBytes(32);

  issue(identityId: string, poolId: string, nowMs: number): string {
    const iat = Math.floor(nowMs / 1000);
    const claims: TokenClaims = {
      iss: TOKEN_ISSUER,
      sub: identityId,
      aud: poolId,
      amr: ['unauthenticated'],
      iat,
      exp: iat + TOKEN_LIFETIME_SECONDS,
    };
    const header = { kid: 'rum-emulator-1', typ: 'JWS', alg: 'HS256' };
    const unsigned = `${encode(header)}.${encode(claims)}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  /** Whether `token` is one of ours, unaltered; expiry is the caller's to judge. */
  verify(token: string): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false };
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false };
    const claims = decode(parts[1]);
    if (!isClaims(claims) || claims.iss !== TOKEN_ISSUER) return { ok: false };
    return { ok: true, claims };
  }

  private sign(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url');
  }
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isClaims(value: unknown): value is TokenClaims {
  const c = value as Partial<TokenClaims> | undefined;
  return (
    !!c &&
    typeof c.iss === 'string' &&
    typeof c.sub === 'string' &&
    typeof c.aud === 'string' &&
    Array.isArray(c.amr) &&
    c.amr.every((a) => typeof a === 'string') &&
    typeof c.exp === 'number' &&
    typeof c.iat === 'number'
  );
}
