import { createHash, createHmac } from 'crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { presign, sign, type UnsignedRequest } from '../../../src/transport/sigv4';
import { APP_ID } from '../fakes';

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
