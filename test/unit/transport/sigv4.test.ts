import { createHash, createHmac } from 'crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import fc from 'fast-check';
import * as ourHashes from '../../../src/transport/sha256';
import { presign, sign, type UnsignedRequest } from '../../../src/transport/sigv4';
import type { Credentials } from '../../../src/auth/credentials';
import { APP_ID } from '../fakes';
import { installSubtle } from './helpers';

const URL_ = `http://127.0.0.1:4700/appmonitors/${APP_ID}/`;
const DATE = new Date('2024-05-01T12:34:56Z');
const AMZ_DATE = '20240501T123456Z';
const SCOPE = '20240501/us-west-2/rum/aws4_request';
const CREDS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG',
  sessionToken: 'tok/en+with=chars',
};
const BODY = JSON.stringify({ BatchId: 'b', RumEvents: [] });

const request = (body: string | Uint8Array = BODY): UnsignedRequest => ({
  url: new URL(URL_),
  headers: { 'content-type': 'application/json' },
  body,
});

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();
/** SigV4's signature of a canonical request, computed here from the spec with Node's crypto. */
const signatureOf = (canonicalRequest: string) => {
  const stringToSign = ['AWS4-HMAC-SHA256', AMZ_DATE, SCOPE, sha256(canonicalRequest)].join('\n');
  let key = hmac('AWS4' + CREDS.secretAccessKey, '20240501');
  for (const part of ['us-west-2', 'rum', 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign).digest('hex');
};
/** RFC 3986 encoding, as SigV4 wants for query strings. */
const enc = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );

/** The same request, signed by @smithy/signature-v4 directly. */
const smithy = () =>
  new SignatureV4({ credentials: CREDS, region: 'us-west-2', service: 'rum', sha256: Sha256 });
const smithyRequest = (headers: Record<string, string>, body: string | Uint8Array = BODY) => ({
  method: 'POST',
  protocol: 'http:',
  hostname: '127.0.0.1',
  port: 4700,
  path: `/appmonitors/${APP_ID}/`,
  query: {},
  headers: { ...headers, host: '127.0.0.1:4700' },
  body,
});

describe('sign', () => {
  it('returns the SigV4 headers, without host', async () => {
    const h = await sign(request(), CREDS, 'us-west-2', DATE);
    expect(Object.keys(h).sort()).toEqual([
      'authorization',
      'content-type',
      'x-amz-content-sha256',
      'x-amz-date',
      'x-amz-security-token',
    ]);
    expect(h).not.toHaveProperty('host');
    expect(h['content-type']).toBe('application/json');
    expect(h['x-amz-date']).toBe(AMZ_DATE);
    expect(h['x-amz-security-token']).toBe(CREDS.sessionToken);
    expect(h['x-amz-content-sha256']).toBe(sha256(BODY));
    expect(h.authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${SCOPE}, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$`,
      ),
    );
  });

  it('signs what the server will check: the host with its port, the path, the body hash', async () => {
    const h = await sign(request(), CREDS, 'us-west-2', DATE);
    const signedHeaders = 'content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token';
    expect(h.authorization).toContain(`SignedHeaders=${signedHeaders},`);
    const canonical = [
      'POST',
      `/appmonitors/${APP_ID}/`,
      '',
      'content-type:application/json',
      'host:127.0.0.1:4700',
      `x-amz-content-sha256:${sha256(BODY)}`,
      `x-amz-date:${AMZ_DATE}`,
      `x-amz-security-token:${CREDS.sessionToken}`,
      '',
      signedHeaders,
      sha256(BODY),
    ].join('\n');
    expect(h.authorization.split('Signature=')[1]).toBe(signatureOf(canonical));
  });

  it('matches @smithy/signature-v4 signing the same request at the same date', async () => {
    const ours = await sign(request(), CREDS, 'us-west-2', DATE);
    const theirs = await smithy().sign(smithyRequest({ 'content-type': 'application/json' }), {
      signingDate: DATE,
    });
    const { host, ...expected } = theirs.headers as Record<string, string>;
    expect(host).toBe('127.0.0.1:4700');
    expect(ours).toEqual(expected);
  });

  it('signs a gzip body as the bytes sent', async () => {
    const bytes = new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]);
    const req = request(bytes);
    req.headers['content-encoding'] = 'gzip';
    const h = await sign(req, CREDS, 'us-west-2', DATE);
    expect(h['x-amz-content-sha256']).toBe(sha256(bytes));
    expect(h['content-encoding']).toBe('gzip');
    expect(h.authorization).toContain('SignedHeaders=content-encoding;content-type;host;');
  });

  it('changes the signature with the date and the body', async () => {
    const a = (await sign(request(), CREDS, 'us-west-2', DATE)).authorization;
    const b = (await sign(request(), CREDS, 'us-west-2', new Date(DATE.getTime() + 1000)))
      .authorization;
    const c = (await sign(request(BODY + ' '), CREDS, 'us-west-2', DATE)).authorization;
    expect(new Set([a, b, c]).size).toBe(3);
    expect((await sign(request(), CREDS, 'us-west-2', DATE)).authorization).toBe(a);
  });

  it('leaves out the token header for credentials without one', async () => {
    const longTerm = { accessKeyId: CREDS.accessKeyId, secretAccessKey: CREDS.secretAccessKey };
    const h = await sign(request(), longTerm, 'us-west-2', DATE);
    expect(h).not.toHaveProperty('x-amz-security-token');
    expect(h.authorization).toContain(
      'SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,',
    );
  });
});

describe('presign', () => {
  it('puts the signature in the query string, signing only host', async () => {
    const u = new URL(await presign(request(), CREDS, 'us-west-2', DATE));
    expect(u.origin + u.pathname).toBe(URL_);
    const q = Object.fromEntries(u.searchParams);
    expect(q).toEqual({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `AKIDEXAMPLE/${SCOPE}`,
      'X-Amz-Date': AMZ_DATE,
      'X-Amz-Expires': '300',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Security-Token': CREDS.sessionToken,
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('computes the signature SigV4 defines for the query and the body hash', async () => {
    const u = new URL(await presign(request(), CREDS, 'us-west-2', DATE));
    const query = [...u.searchParams]
      .filter(([k]) => k !== 'X-Amz-Signature')
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${enc(k)}=${enc(v)}`)
      .join('&');
    const canonical = [
      'POST',
      `/appmonitors/${APP_ID}/`,
      query,
      'host:127.0.0.1:4700',
      '',
      'host',
      sha256(BODY),
    ].join('\n');
    expect(u.searchParams.get('X-Amz-Signature')).toBe(signatureOf(canonical));
  });

  it('matches @smithy/signature-v4 presigning the same request at the same date', async () => {
    const ours = new URL(await presign(request(), CREDS, 'us-west-2', DATE));
    const theirs = await smithy().presign(smithyRequest({}), { signingDate: DATE, expiresIn: 300 });
    expect(Object.fromEntries(ours.searchParams)).toEqual(theirs.query);
  });

  it('does not sign the content type, which sendBeacon chooses itself', async () => {
    const a = await presign(request(), CREDS, 'us-west-2', DATE);
    const req = request();
    req.headers['content-type'] = 'text/plain;charset=UTF-8';
    expect(await presign(req, CREDS, 'us-west-2', DATE)).toBe(a);
  });
});

/**
 * The signer this module replaced: @smithy/signature-v4 with @aws-crypto/sha256-js, fed the
 * way the old sigv4.ts fed it. Our output must be the same, byte for byte.
 */
const smithyAdapter = (req: UnsignedRequest, headers: Record<string, string>) => {
  const query: Record<string, string> = {};
  req.url.searchParams.forEach((v, k) => (query[k] = v));
  return {
    method: 'POST',
    protocol: req.url.protocol,
    hostname: req.url.hostname,
    port: req.url.port ? Number(req.url.port) : undefined,
    path: req.url.pathname,
    query,
    headers: { ...headers, host: req.url.host },
    body: req.body,
  };
};
const smithySigner = (credentials: Credentials, region: string) =>
  new SignatureV4({ credentials, region, service: 'rum', sha256: Sha256 });
const smithySign = async (
  req: UnsignedRequest,
  credentials: Credentials,
  region: string,
  signingDate: Date,
) => {
  const signed = await smithySigner(credentials, region).sign(smithyAdapter(req, req.headers), {
    signingDate,
  });
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers.host;
  return headers;
};
const smithyPresign = async (
  req: UnsignedRequest,
  credentials: Credentials,
  region: string,
  signingDate: Date,
) => {
  const signed = await smithySigner(credentials, region).presign(smithyAdapter(req, {}), {
    signingDate,
    expiresIn: 300,
  });
  const url = new URL(req.url.href);
  for (const [k, v] of Object.entries(signed.query ?? {})) url.searchParams.set(k, String(v));
  return url.href;
};

/** What a promise settles to, comparable with toEqual: rejections compare equal to each other. */
const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value }),
    () => ({ rejected: true }),
  );

// Arbitraries for requests, with the characters that trip encoders and canonicalisers.
const chars = (...units: string[]) => fc.constantFrom(...units);
/** Any single code point, lone surrogates included. */
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const text = (unit: fc.Arbitrary<string>, maxLength = 12) => fc.string({ unit, maxLength });
const randomCase = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((upper) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));

/** Header names smithy treats specially, plus ordinary and odd ones, in any letter case. */
const headerName = fc.oneof(
  fc
    .constantFrom(
      'content-type',
      'content-encoding',
      'content-length',
      'host',
      'date',
      'authorization',
      'x-amz-date',
      'x-amz-security-token',
      'x-amz-content-sha256',
      'x-amz-user-agent',
      'x-amz-meta-thing',
      'user-agent',
      'x-amzn-trace-id',
      'expect',
      'cache-control',
      'connection',
      'from',
      'keep-alive',
      'max-forwards',
      'pragma',
      'referer',
      'te',
      'trailer',
      'transfer-encoding',
      'upgrade',
      'proxy-authorization',
      'proxy-x',
      'sec-fetch-mode',
      'x-custom',
      '123',
    )
    .chain(randomCase),
  text(chars('a', 'Z', 'x', '-', '_', '0', '.', 'é', 'İ', ' '), 8).filter(
    (n) => n.length > 0 && n !== '__proto__',
  ),
);
/** Header values with runs of odd whitespace, at the ends and inside. */
const headerValue = text(
  fc.oneof(
    chars(' ', '  ', '\t', '\r', '\n', '\r\n', '\v', '\u00a0', 'a', 'B', ',', '=', ';'),
    anyChar,
  ),
);
const headers = fc
  .array(fc.tuple(headerName, headerValue), { maxLength: 8 })
  .map((entries) => Object.fromEntries(entries));

const pathSegment = text(
  fc.oneof(
    chars('a', 'Z', '0', '-', '_', '~', '.', '..', ' ', '%', '%2F', '%20', '%zz', '+', '='),
    chars('&', "'", '(', ')', '*', '!', '@', ':', ';', ',', '$', '?', '#', '\\', 'é', '日本', '😀'),
    anyChar,
  ),
  6,
);
const queryPart = text(
  fc.oneof(
    chars('a', 'B', '-', '.', ' ', '+', '%', '%20', '%zz', '=', '&', '*', "'", '~', 'é', '😀'),
    anyChar,
  ),
  6,
);
const url = fc
  .record({
    scheme: fc.constantFrom('http', 'https'),
    host: fc.constantFrom(
      '127.0.0.1',
      'localhost',
      'dataplane.rum.us-west-2.amazonaws.com',
      'Example.COM',
      'bücher.example',
      '[::1]',
    ),
    port: fc.option(fc.oneof(fc.constantFrom(80, 443, 4700), fc.integer({ min: 1, max: 65535 }))),
    segments: fc.array(pathSegment, { maxLength: 5 }),
    trailingSlash: fc.boolean(),
    // The query, either as name/value pairs or as a raw string the URL parser takes apart.
    query: fc.oneof(
      fc.array(fc.tuple(queryPart, queryPart), { maxLength: 5 }),
      text(fc.oneof(queryPart, chars('&', '=', 'a=1', 'X-Amz-Date=x', 'x-amz-signature=s')), 6),
    ),
  })
  .map(({ scheme, host, port, segments, trailingSlash, query }) => {
    const u = new URL(`${scheme}://${host}${port === null ? '' : `:${port}`}/`);
    u.pathname = '/' + segments.join('/') + (trailingSlash ? '/' : '');
    if (typeof query === 'string') u.search = query;
    else for (const [k, v] of query) u.searchParams.append(k, v);
    return u;
  })
  // The old adapter built the query as a plain object, where __proto__ is not a key.
  .filter((u) => !u.searchParams.has('__proto__'));

const body = fc.oneof(
  fc.constantFrom('', new Uint8Array(0), BODY),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.uint8Array({ maxLength: 300 }),
);
const credentials = fc.record(
  {
    accessKeyId: fc.oneof(
      fc.constantFrom('AKIDEXAMPLE', 'ASIAQEXAMPLE123456'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }),
      // A lone surrogate cannot be URI-encoded: presigning must then fail as smithy's does.
      fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
    ),
    secretAccessKey: fc.oneof(
      fc.constantFrom(CREDS.secretAccessKey),
      // Long enough, with "AWS4" in front, for HMAC to hash the key first.
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
    ),
    sessionToken: fc.oneof(
      fc.constantFrom('', CREDS.sessionToken),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
    ),
  },
  { requiredKeys: ['accessKeyId', 'secretAccessKey'] },
);
const region = fc.oneof(
  fc.constantFrom('us-west-2', 'us-east-1', 'eu-central-1', 'ap-southeast-2', 'cn-north-1'),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
);
const date = fc.oneof(
  fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  }),
  fc.date({ noInvalidDate: true }),
);
const unsignedRequest = fc
  .record({ url, headers, body })
  .map((r): UnsignedRequest => ({ url: r.url, headers: r.headers, body: r.body }));

/**
 * The ways sigv4.ts hashes: WebCrypto (a secure page), our own SHA-256 in sync mode (the
 * page-hide flush: WebCrypto is there, and left alone), and our own on an insecure page.
 */
const MODES = [
  ['WebCrypto', { secure: true, sync: false }],
  ['our own SHA-256, in sync mode', { secure: true, sync: true }],
  ['our own SHA-256, on an insecure page', { secure: false, sync: false }],
] as const;

describe.each(MODES)('sign and presign with %s, against @smithy/signature-v4', (_, mode) => {
  let platform: ReturnType<typeof installSubtle>;
  let ownHash: jest.SpyInstance;
  beforeEach(() => {
    platform = installSubtle({ secure: mode.secure });
    ownHash = jest.spyOn(ourHashes, 'sha256');
  });
  afterEach(() => {
    platform.undo();
    jest.restoreAllMocks();
  });

  /**
   * What ours settles to, signed in the mode's way: the spies check that it was, so a silent
   * fallback to our own SHA-256 would fail the test. (A request smithy refuses too is signed
   * again by our own after WebCrypto, then refused.)
   */
  const ours = async <T>(run: (sync: boolean) => Promise<T>) => {
    jest.clearAllMocks();
    const result = await settle(run(mode.sync));
    if ('value' in result) {
      if (mode.secure && !mode.sync) {
        expect(platform.subtle.digest).toHaveBeenCalled();
        expect(platform.subtle.sign).toHaveBeenCalled();
        expect(ownHash).not.toHaveBeenCalled();
      } else {
        expect(platform.calls()).toBe(0);
        expect(ownHash).toHaveBeenCalled();
      }
    }
    return result;
  };

  it('signs every generated request as smithy does, headers and their order included', async () => {
    await fc.assert(
      fc.asyncProperty(unsignedRequest, credentials, region, date, async (req, creds, reg, at) => {
        const mine = await ours((sync) => sign(req, creds, reg, at, sync).then(Object.entries));
        const theirs = await settle(smithySign(req, creds, reg, at).then(Object.entries));
        expect(mine).toEqual(theirs);
      }),
      { numRuns: 500 },
    );
  });

  it('presigns every generated request to the same URL as smithy', async () => {
    await fc.assert(
      fc.asyncProperty(unsignedRequest, credentials, region, date, async (req, creds, reg, at) => {
        const mine = await ours((sync) => presign(req, creds, reg, at, sync));
        const theirs = await settle(smithyPresign(req, creds, reg, at));
        expect(mine).toEqual(theirs);
      }),
      { numRuns: 500 },
    );
  });

  // The cases where smithy's choices are easy to get wrong, spelled out.
  it.each<[string, string, Record<string, string>, string | Uint8Array]>([
    ['empty and dot segments', 'https://h.example//a/./b/../c//', {}, BODY],
    ['encoded characters in the path', 'http://h.example:8080/a b/%2F/é/%zz', {}, BODY],
    ['names sorting differently with "="', 'http://h.example/?a-b=1&a=2&A=3&a=4', {}, BODY],
    [
      'a given signature parameter',
      'http://h.example/?X-Amz-Signature=x&x-amz-signature=y',
      {},
      '',
    ],
    ['generated headers dropped', URL_, { Date: 'd', Authorization: 'a', 'X-Amz-Date': 'x' }, BODY],
    ['a given payload hash', URL_, { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' }, BODY],
    ['a name in two cases', URL_, { 'X-Custom': ' a\t\t b ', 'x-custom': 'c' }, BODY],
    ['unsigned headers', URL_, { 'User-Agent': 'u', 'Sec-Fetch-Mode': 'cors', Expect: 'e' }, BODY],
    ['a binary body', URL_, {}, new Uint8Array([0, 255, 128])],
    ['a multi-byte body', URL_, {}, 'é😀日本'],
  ])('%s', async (_, href, hdrs, payload) => {
    const req = (): UnsignedRequest => ({
      url: new URL(href),
      headers: { ...hdrs },
      body: payload,
    });
    expect(
      await ours((sync) => sign(req(), CREDS, 'eu-west-1', DATE, sync).then(Object.entries)),
    ).toEqual({ value: Object.entries(await smithySign(req(), CREDS, 'eu-west-1', DATE)) });
    expect(await ours((sync) => presign(req(), CREDS, 'eu-west-1', DATE, sync))).toEqual({
      value: await smithyPresign(req(), CREDS, 'eu-west-1', DATE),
    });
  });
});

describe('WebCrypto', () => {
  afterEach(() => jest.restoreAllMocks());

  /** Our own signature and presigned URL (no WebCrypto in jsdom), to compare with. */
  const ownOf = async (creds: Credentials, reg = 'us-west-2', at = DATE) => ({
    headers: await sign(request(), creds, reg, at),
    url: await presign(request(), creds, reg, at),
  });

  it('derives the signing key once for a secret, day and region, non-extractable; a request then costs two digests and one HMAC', async () => {
    const creds = { ...CREDS, secretAccessKey: 'key-cache' };
    const other = { ...creds, secretAccessKey: 'key-cache-2' };
    const later = new Date(DATE.getTime() + 3_600_000); // the same day
    const expected = [
      await ownOf(creds),
      await ownOf(creds, 'us-west-2', later),
      await ownOf(creds, 'eu-west-1'),
      await ownOf(other),
    ];
    const { subtle, undo } = installSubtle();
    try {
      /** What signing one request cost: [digests, keys imported, HMACs]. */
      const cost = async (c: Credentials, reg: string, at: Date, want: (typeof expected)[0]) => {
        jest.clearAllMocks();
        expect(await sign(request(), c, reg, at)).toEqual(want.headers);
        return [subtle.digest, subtle.importKey, subtle.sign].map((m) => m.mock.calls.length);
      };
      // Derived: 4 HMACs, each under a key imported for it, and the signing key imported.
      expect(await cost(creds, 'us-west-2', DATE, expected[0])).toEqual([2, 5, 5]);
      for (const [format, , algorithm, extractable, usages] of subtle.importKey.mock.calls)
        expect([format, algorithm, extractable, usages]).toEqual([
          'raw',
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['sign'],
        ]);
      const kept = (await subtle.importKey.mock.results[4].value) as CryptoKey;
      expect(kept.extractable).toBe(false);
      // Kept: the same day, secret and region.
      expect(await cost(creds, 'us-west-2', later, expected[1])).toEqual([2, 0, 1]);
      expect(subtle.sign.mock.calls[0][1]).toBe(kept);
      // Another region, another secret: derived again, and only the last one kept.
      expect(await cost(creds, 'eu-west-1', DATE, expected[2])).toEqual([2, 5, 5]);
      expect(await cost(other, 'us-west-2', DATE, expected[3])).toEqual([2, 5, 5]);
      expect(await cost(creds, 'us-west-2', DATE, expected[0])).toEqual([2, 5, 5]);
      // Presigning uses it too.
      jest.clearAllMocks();
      expect(await presign(request(), creds, 'us-west-2', later)).toBe(expected[1].url);
      expect(subtle.importKey).not.toHaveBeenCalled();
    } finally {
      undo();
    }
  });

  const fail = () => {
    throw new Error('broken by the page');
  };
  const reject = () => Promise.reject(new Error('refused'));
  const never = () => new Promise(() => undefined);
  /** Each setting, and the subtle method that must have been tried (none: WebCrypto unused). */
  it.each<[string, Parameters<typeof installSubtle>[0], 'digest' | 'importKey' | 'sign' | null]>([
    ['digest throws', { replace: { digest: fail } }, 'digest'],
    ['digest rejects', { replace: { digest: reject } }, 'digest'],
    ['importKey rejects', { replace: { importKey: reject } }, 'importKey'],
    ['sign throws', { replace: { sign: fail } }, 'sign'],
    ['sign rejects', { replace: { sign: reject } }, 'sign'],
    // A page's stand-in that answers, but not with a digest: nothing, or the wrong length.
    ['digest answers nothing', { replace: { digest: () => Promise.resolve(undefined) } }, 'digest'],
    ['sign answers 20 bytes', { replace: { sign: async () => new ArrayBuffer(20) } }, 'sign'],
    ['no crypto.subtle', { subtle: null }, null],
    ['an insecure page', { secure: false }, null],
  ])(
    '%s: signed by our own SHA-256 instead, the same, never rejecting',
    async (name, setting, tried) => {
      const creds = { ...CREDS, secretAccessKey: 'fallback ' + name }; // none kept yet
      const expected = await ownOf(creds);
      const { subtle, calls, undo } = installSubtle(setting);
      try {
        expect(await sign(request(), creds, 'us-west-2', DATE)).toEqual(expected.headers);
        expect(await presign(request(), creds, 'us-west-2', DATE)).toBe(expected.url);
        if (tried) expect(subtle[tried]).toHaveBeenCalled();
        else expect(calls()).toBe(0);
      } finally {
        undo();
      }
    },
  );

  it('reads crypto and isSecureContext defensively: getters that throw mean our own SHA-256', async () => {
    const creds = { ...CREDS, secretAccessKey: 'getters' };
    const expected = await ownOf(creds);
    for (const name of ['crypto', 'isSecureContext']) {
      const { calls, undo } = installSubtle();
      const before = Object.getOwnPropertyDescriptor(globalThis, name);
      Object.defineProperty(globalThis, name, { get: fail, configurable: true });
      try {
        expect(await sign(request(), creds, 'us-west-2', DATE)).toEqual(expected.headers);
        expect(await presign(request(), creds, 'us-west-2', DATE)).toBe(expected.url);
        expect(calls()).toBe(0);
      } finally {
        if (before) Object.defineProperty(globalThis, name, before);
        undo();
      }
    }
  });

  it('a failure keeps nothing: the next request is signed by WebCrypto again', async () => {
    const creds = { ...CREDS, secretAccessKey: 'after a failure' };
    const expected = await ownOf(creds);
    const broken = installSubtle({ replace: { sign: reject } });
    expect(await sign(request(), creds, 'us-west-2', DATE)).toEqual(expected.headers);
    broken.undo();
    const { subtle, undo } = installSubtle();
    try {
      expect(await sign(request(), creds, 'us-west-2', DATE)).toEqual(expected.headers);
      expect(subtle.sign).toHaveBeenCalledTimes(5);
    } finally {
      undo();
    }
  });

  it('in sync mode, ready after microtasks even when WebCrypto never answers (a page being unloaded)', async () => {
    const expected = await ownOf(CREDS);
    const { subtle, undo } = installSubtle({
      replace: { digest: never, importKey: never, sign: never },
    });
    try {
      const settled: unknown[] = [];
      void sign(request(), CREDS, 'us-west-2', DATE, true).then((h) => (settled[0] = h));
      void presign(request(), CREDS, 'us-west-2', DATE, true).then((u) => (settled[1] = u));
      // Not in sync mode, it waits for WebCrypto: it never settles here.
      void sign(request(), CREDS, 'us-west-2', DATE).then((h) => (settled[2] = h));
      for (let i = 0; i < 100; i++) await Promise.resolve();
      expect(settled).toEqual([expected.headers, expected.url]);
      expect(subtle.digest).toHaveBeenCalledTimes(1); // by the last one only
    } finally {
      undo();
    }
  });
});
