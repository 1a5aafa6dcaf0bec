import { gzipSync } from 'node:zlib';
import { startEmulator, type Emulator } from '../../emulator';
import {
  APP_MONITORS,
  KEY,
  MONITOR_ID,
  OPEN_MONITOR_ID,
  batch,
  post,
  presignedUrl,
  signedHeaders,
} from './helpers';

// Requests signed by hand with @smithy/signature-v4 and sent with fetch: what the browser
// client does (sign() for fetch, presign() for navigator.sendBeacon, which cannot set headers).

describe('SigV4 verification of hand-signed requests', () => {
  let emu: Emulator;
  const TOKEN_KEY = {
    accessKeyId: 'ASIATEMPORARY0001',
    secretAccessKey: 'temp-secret',
    sessionToken: 'FwoGZXIvYXdzE+token/with=special+chars',
  };
  beforeEach(async () => {
    emu = await startEmulator({ appMonitors: APP_MONITORS, credentials: [KEY, TOKEN_KEY] });
  });
  afterEach(() => emu.close());

  test('no Authorization header is MissingAuthenticationTokenException', async () => {
    const res = await post(`${emu.url}/appmonitors/${MONITOR_ID}/`, JSON.stringify(batch()));
    expect(res.status).toBe(403);
    expect(res.errorType).toBe('MissingAuthenticationTokenException');
    expect(res.json.__type).toBe('MissingAuthenticationTokenException');
    expect(emu.requests()[0]).toMatchObject({
      status: 403,
      errorType: 'MissingAuthenticationTokenException',
      signed: false,
    });
  });

  test('an app monitor that allows unsigned requests takes them', async () => {
    const res = await post(
      `${emu.url}/appmonitors/${OPEN_MONITOR_ID}`,
      JSON.stringify(batch(undefined, OPEN_MONITOR_ID)),
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({});
    expect(emu.events({ appMonitorId: OPEN_MONITOR_ID })[0]).toMatchObject({ signed: false });
  });

  test('sign(): an Authorization header with a session token verifies', async () => {
    const body = JSON.stringify(batch());
    const { url, headers } = await signedHeaders(emu, {
      body,
      headers: { 'content-type': 'application/json' },
      credentials: TOKEN_KEY,
    });
    expect(headers['x-amz-security-token']).toBe(TOKEN_KEY.sessionToken);
    const res = await post(url, body, headers);
    expect(res.status).toBe(200);
    expect(emu.events()[0]).toMatchObject({ accessKeyId: TOKEN_KEY.accessKeyId, signed: true });
  });

  test('sign(): a body that differs from the signed one is InvalidSignatureException', async () => {
    const body = JSON.stringify(batch());
    const { url, headers } = await signedHeaders(emu, {
      body,
      headers: { 'content-type': 'application/json' },
    });
    // Same declared hash, different bytes.
    const res = await post(url, body.replace('1.2.3', '1.2.4'), headers);
    expect(res.status).toBe(403);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/x-amz-content-sha256/);

    // Without a declared hash, the payload hash inside the signature catches it.
    const bare = await signedHeaders(emu, {
      body,
      headers: { 'content-type': 'application/json' },
      applyChecksum: false,
    });
    expect(bare.headers['x-amz-content-sha256']).toBeUndefined();
    expect((await post(bare.url, body, bare.headers)).status).toBe(200);
    const tampered = await post(bare.url, body.replace('1.2.3', '1.2.4'), bare.headers);
    expect(tampered.errorType).toBe('InvalidSignatureException');
    expect(String(tampered.json.message)).toMatch(/signature we calculated does not match/);
  });

  test('sign(): the signature covers a signed header; changing it fails', async () => {
    const body = JSON.stringify(batch());
    const { url, headers } = await signedHeaders(emu, {
      body,
      headers: { 'content-type': 'application/json' },
    });
    const res = await post(url, body, { ...headers, 'content-type': 'text/plain' });
    expect(res.status).toBe(403);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/content-type:text\/plain/);
  });

  test('presign(): a query-string signature verifies (sendBeacon style, text/plain)', async () => {
    const body = JSON.stringify(batch());
    const url = await presignedUrl(emu, { body, credentials: TOKEN_KEY });
    expect(url).toMatch(/X-Amz-Signature=/);
    expect(url).toMatch(/X-Amz-Security-Token=/);
    const res = await post(url, body, { 'content-type': 'text/plain;charset=UTF-8' });
    expect(res.status).toBe(200);
    expect(emu.events()[0]).toMatchObject({
      presigned: true,
      signed: true,
      contentType: 'text/plain;charset=UTF-8',
    });
    expect(emu.requests()[0]).toMatchObject({ presigned: true, signed: true });
  });

  test('presign(): a tampered body is InvalidSignatureException', async () => {
    const body = JSON.stringify(batch());
    const url = await presignedUrl(emu, { body });
    const res = await post(url, body.replace('1.2.3', '9.9.9'), { 'content-type': 'text/plain' });
    expect(res.status).toBe(403);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/does not match/);
  });

  test('presign(): past X-Amz-Expires the URL is rejected', async () => {
    const body = JSON.stringify(batch());
    const url = await presignedUrl(emu, {
      body,
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });
    const res = await post(url, body, { 'content-type': 'text/plain' });
    expect(res.status).toBe(403);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/Signature expired/);
  });

  test('a gzip body is verified as sent, then decompressed', async () => {
    const json = JSON.stringify(batch());
    const body = gzipSync(json);
    const { url, headers } = await signedHeaders(emu, {
      body,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    const res = await post(url, body, headers);
    expect(res.status).toBe(200);
    expect(emu.events()).toHaveLength(2);
    expect(emu.events()[0].contentEncoding).toBe('gzip');
    expect(emu.requests()[0]).toMatchObject({ contentEncoding: 'gzip', eventCount: 2 });
  });

  test('a clock more than 5 minutes ahead is "not yet current"', async () => {
    const body = JSON.stringify(batch());
    const { url, headers } = await signedHeaders(emu, {
      body,
      signingDate: new Date(Date.now() + 6 * 60 * 1000),
    });
    const res = await post(url, body, headers);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/Signature not yet current/);
  });

  test('the wrong signing service is InvalidSignatureException', async () => {
    const body = JSON.stringify(batch());
    const { Sha256 } = await import('@aws-crypto/sha256-js');
    const { SignatureV4 } = await import('@smithy/signature-v4');
    const signed = await new SignatureV4({
      service: 'execute-api',
      region: 'us-west-2',
      credentials: KEY,
      sha256: Sha256,
    }).sign({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: emu.port,
      path: `/appmonitors/${MONITOR_ID}/`,
      headers: { host: `127.0.0.1:${emu.port}` },
      body,
    });
    const headers = { ...signed.headers };
    delete headers.host;
    const res = await post(`${emu.url}/appmonitors/${MONITOR_ID}/`, body, headers);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/correct service: 'rum', not 'execute-api'/);
  });
});

describe('endpoint paths and regions', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ appMonitors: APP_MONITORS, credentials: [KEY] });
  });
  afterEach(() => emu.close());

  test('a proxy prefix in front of /appmonitors/{id}/ works', async () => {
    const body = JSON.stringify(batch());
    const path = `/stage/appmonitors/${MONITOR_ID}/`;
    const { url, headers } = await signedHeaders(emu, { path, body });
    const res = await post(url, body, headers);
    expect(res.status).toBe(200);
    expect(emu.requests()[0]).toMatchObject({ path, appMonitorId: MONITOR_ID });
  });

  test('a region prefix makes the emulator that regional endpoint', async () => {
    const body = JSON.stringify(batch());
    const path = `/us-east-1/appmonitors/${MONITOR_ID}`;

    // Signed for the app monitor's region, sent to us-east-1: the scope is wrong there.
    const westSigned = await signedHeaders(emu, { path, body });
    let res = await post(westSigned.url, body, westSigned.headers);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/not 'us-west-2'/);

    // Signed for us-east-1: authenticated, but the app monitor lives in us-west-2.
    const eastSigned = await signedHeaders(emu, { path, body, region: 'us-east-1' });
    res = await post(eastSigned.url, body, eastSigned.headers);
    expect(res.status).toBe(404);
    expect(res.errorType).toBe('ResourceNotFoundException');

    // The matching region prefix is fine.
    const ok = await signedHeaders(emu, { path: `/us-west-2/appmonitors/${MONITOR_ID}/`, body });
    res = await post(ok.url, body, ok.headers);
    expect(res.status).toBe(200);
  });
});
