import { Sha256 } from '@aws-crypto/sha256-js';
import { GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { PutRumEventsCommand } from '@aws-sdk/client-rum';
import { SignatureV4 } from '@smithy/signature-v4';
import { startEmulator, type Emulator } from '../../emulator';
import {
  APP_MONITORS,
  KEY,
  MONITOR_ID,
  OTHER_MONITOR_ID,
  POOL_ID,
  VENDING_OPTIONS,
  batch,
  cognitoClient,
  post,
  presignedUrl,
  rumClient,
  rumClientWith,
  sdkError,
  sdkInput,
  signedHeaders,
} from './helpers';

// The emulator as a gatekeeper: every way of reusing, stretching or bending a SigV4 signature
// must be refused with the error type the real service answers, and a valid request must pass.
// Requests go over loopback, signed by the official SDK or by @smithy/signature-v4 by hand.

const PATH = `/appmonitors/${MONITOR_ID}/`;
const JSON_HEADERS = { 'content-type': 'application/json' };
const MINUTE = 60_000;

describe('SigV4 attacks against PutRumEvents', () => {
  let emu: Emulator;
  const TEMP_KEY = {
    accessKeyId: 'ASIATEMPEXPIRED01',
    secretAccessKey: 'temp-secret',
    sessionToken: 'expired-session-token',
  };
  beforeEach(async () => {
    emu = await startEmulator({
      appMonitors: APP_MONITORS,
      credentials: [KEY, { ...TEMP_KEY, expiration: Date.now() - 1000 }],
      ...VENDING_OPTIONS,
    });
  });
  afterEach(() => emu.close());

  /** A signed request, ready to send (and to tamper with first). */
  const signed = async (options: Partial<Parameters<typeof signedHeaders>[1]> = {}) => {
    const body = JSON.stringify(batch());
    const { url, headers } = await signedHeaders(emu, {
      body,
      headers: JSON_HEADERS,
      ...options,
    });
    return { url, headers, body };
  };

  test('a valid request is accepted (SDK and hand-signed)', async () => {
    const output = await rumClient(emu).send(new PutRumEventsCommand(sdkInput()));
    expect(output.$metadata.httpStatusCode).toBe(200);

    const { url, headers, body } = await signed();
    const res = await post(url, body, headers);
    expect(res.status).toBe(200);
    expect(emu.events()).toHaveLength(4);
  });

  test('a body changed after signing is InvalidSignatureException (declared hash or not)', async () => {
    // With X-Amz-Content-Sha256: the declared hash no longer matches the body.
    const withHash = await signed();
    let res = await post(withHash.url, withHash.body.replace('1.2.3', '6.6.6'), withHash.headers);
    expect([res.status, res.errorType]).toEqual([403, 'InvalidSignatureException']);
    expect(String(res.json.message)).toMatch(/x-amz-content-sha256/);

    // The attacker also rewrites the declared hash: the signature no longer matches.
    const tampered = withHash.body.replace('1.2.3', '6.6.6');
    const { createHash } = await import('node:crypto');
    res = await post(withHash.url, tampered, {
      ...withHash.headers,
      'x-amz-content-sha256': createHash('sha256').update(tampered).digest('hex'),
    });
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/signature we calculated does not match/);

    // Without a declared hash: the payload hash inside the signature catches it.
    const bare = await signed({ applyChecksum: false });
    res = await post(bare.url, bare.body.replace('1.2.3', '6.6.6'), bare.headers);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(emu.events()).toHaveLength(0);
  });

  test('a signature for one app monitor sent to another is InvalidSignatureException', async () => {
    const { url, headers } = await signed();
    const body = JSON.stringify(batch(undefined, OTHER_MONITOR_ID));
    const res = await post(url.replace(MONITOR_ID, OTHER_MONITOR_ID), body, headers);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/does not match/);
  });

  test('a signature scoped to another service (execute-api) is InvalidSignatureException', async () => {
    const { url, headers, body } = await signed({ service: 'execute-api' });
    expect(headers.authorization).toMatch(/\/us-west-2\/execute-api\/aws4_request/);
    const res = await post(url, body, headers);
    expect([res.status, res.errorType]).toEqual([403, 'InvalidSignatureException']);
    expect(String(res.json.message)).toMatch(/correct service: 'rum', not 'execute-api'/);
  });

  test('a signature scoped to another region is InvalidSignatureException', async () => {
    const error = await sdkError(
      rumClient(emu, { region: 'eu-west-1' }).send(new PutRumEventsCommand(sdkInput())),
    );
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/scoped to a valid region, not 'eu-west-1'/);

    const { url, headers, body } = await signed({ region: 'us-east-1' });
    const res = await post(url, body, headers);
    expect(res.errorType).toBe('InvalidSignatureException');
  });

  test('the region in the Credential scope cannot be edited after signing', async () => {
    const { url, headers, body } = await signed({ region: 'us-east-1' });
    headers.authorization = headers.authorization.replace('/us-east-1/', '/us-west-2/');
    const res = await post(url, body, headers);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/does not match/);
  });

  test('expired credentials are ExpiredTokenException', async () => {
    const error = await sdkError(
      rumClientWith(emu, TEMP_KEY).send(new PutRumEventsCommand(sdkInput())),
    );
    expect(error.name).toBe('ExpiredTokenException');
    expect(error.message).toBe('The security token included in the request is expired');
    expect((error as Error & { $metadata: { httpStatusCode?: number } }).$metadata).toMatchObject({
      httpStatusCode: 403,
    });
  });

  test('credentials minted by Cognito expire with their Expiration', async () => {
    emu.setCredentialLifetime(900);
    const cognito = cognitoClient(emu);
    const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId: POOL_ID }));
    const { Credentials } = await cognito.send(
      new GetCredentialsForIdentityCommand({ IdentityId }),
    );
    const minted = {
      accessKeyId: Credentials?.AccessKeyId as string,
      secretAccessKey: Credentials?.SecretKey as string,
      sessionToken: Credentials?.SessionToken as string,
    };
    await rumClientWith(emu, minted).send(new PutRumEventsCommand(sdkInput()));

    emu.setClockOffset(16 * MINUTE);
    const error = await sdkError(
      rumClientWith(emu, minted).send(new PutRumEventsCommand(sdkInput())),
    );
    expect(error.name).toBe('ExpiredTokenException');
  });

  test('a request replayed more than 5 minutes after signing is "Signature expired"', async () => {
    const late = await signed({ signingDate: new Date(Date.now() - 6 * MINUTE) });
    let res = await post(late.url, late.body, late.headers);
    expect([res.status, res.errorType]).toEqual([403, 'InvalidSignatureException']);
    expect(String(res.json.message)).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than/,
    );

    // The same, by capturing a request now and replaying it once the clock has moved on.
    const captured = await signed();
    emu.setClockOffset(5 * MINUTE + 30_000);
    res = await post(captured.url, captured.body, captured.headers);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/^Signature expired/);
    expect(emu.events()).toHaveLength(0);
  });

  test('refreshing X-Amz-Date on a captured request breaks the signature', async () => {
    const captured = await signed({ signingDate: new Date(Date.now() - 10 * MINUTE) });
    const fresh = new Date()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '');
    const res = await post(captured.url, captured.body, {
      ...captured.headers,
      'x-amz-date': fresh,
    });
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(emu.events()).toHaveLength(0);
  });

  test('a request replayed within 5 minutes is accepted, as by AWS, and shows as duplicates', async () => {
    // SigV4 carries no nonce: within the clock window, a byte-for-byte replay is valid.
    const captured = await signed();
    expect((await post(captured.url, captured.body, captured.headers)).status).toBe(200);
    expect((await post(captured.url, captured.body, captured.headers)).status).toBe(200);
    expect(emu.stats()).toMatchObject({ accepted: 2, events: 4, unique: 2, duplicates: 2 });
  });

  test('a presigned URL used after X-Amz-Expires is refused', async () => {
    const body = JSON.stringify(batch());
    const url = await presignedUrl(emu, { body, expiresIn: 60 });
    expect((await post(url, body, { 'content-type': 'text/plain' })).status).toBe(200);

    emu.setClockOffset(2 * MINUTE);
    const res = await post(url, body, { 'content-type': 'text/plain' });
    expect([res.status, res.errorType]).toEqual([403, 'InvalidSignatureException']);
    expect(String(res.json.message)).toMatch(/^Signature expired: the presigned request/);
  });

  test('a presigned URL cannot be stretched by editing X-Amz-Expires or X-Amz-Date', async () => {
    const body = JSON.stringify(batch());
    const url = await presignedUrl(emu, {
      body,
      expiresIn: 60,
      signingDate: new Date(Date.now() - 2 * MINUTE),
    });
    const stretched = url.replace('X-Amz-Expires=60', 'X-Amz-Expires=3600');
    expect(stretched).not.toBe(url);
    let res = await post(stretched, body, { 'content-type': 'text/plain' });
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/does not match/);

    const fresh = new Date()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '');
    const redated = url.replace(/X-Amz-Date=\d{8}T\d{6}Z/, `X-Amz-Date=${fresh}`);
    res = await post(redated, body, { 'content-type': 'text/plain' });
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(emu.events()).toHaveLength(0);
  });

  test('a presigned URL valid for more than a week is refused outright', async () => {
    const body = JSON.stringify(batch());
    // @smithy/signature-v4 will not presign past a week; the emulator checks the limit before
    // the signature, so an edited URL is refused for its lifetime alone.
    const url = await presignedUrl(emu, { body, expiresIn: 60 });
    const long = url.replace('X-Amz-Expires=60', 'X-Amz-Expires=604801');
    const res = await post(long, body, { 'content-type': 'text/plain' });
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/less than a week .* 604800/);
  });

  test('a presigned URL with a different body is InvalidSignatureException', async () => {
    const body = JSON.stringify(batch());
    const url = await presignedUrl(emu, { body });
    const res = await post(url, JSON.stringify(batch()), { 'content-type': 'text/plain' });
    expect(res.errorType).toBe('InvalidSignatureException');
  });

  test('dropping a signed header, or leaving Host unsigned, is InvalidSignatureException', async () => {
    const { url, headers, body } = await signed();
    const withoutHash: Record<string, string> = { ...headers };
    delete withoutHash['x-amz-content-sha256'];
    let res = await post(url, body, withoutHash);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/Signed header\(s\) missing .*x-amz-content-sha256/);

    const signer = new SignatureV4({
      service: 'rum',
      region: 'us-west-2',
      credentials: KEY,
      sha256: Sha256,
    });
    const noHost = await signer.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: emu.port,
        path: PATH,
        headers: { host: `127.0.0.1:${emu.port}`, ...JSON_HEADERS },
        body,
      },
      { unsignableHeaders: new Set(['host']) },
    );
    const sent = { ...(noHost.headers as Record<string, string>) };
    delete sent.host;
    expect(sent.authorization).not.toMatch(/SignedHeaders=[^,]*host/);
    res = await post(`${emu.url}${PATH}`, body, sent);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/'Host' must be a signed header/);
  });

  test('a Credential scope date that is not the X-Amz-Date day is InvalidSignatureException', async () => {
    const { url, headers, body } = await signed();
    headers.authorization = headers.authorization.replace(
      /Credential=(\w+)\/\d{8}\//,
      'Credential=$1/20200101/',
    );
    const res = await post(url, body, headers);
    expect(res.errorType).toBe('InvalidSignatureException');
    expect(String(res.json.message)).toMatch(/Date in Credential scope does not match/);
  });

  test('a wrong secret, an unknown key or a stripped session token is refused', async () => {
    let error = await sdkError(
      rumClient(emu, { credentials: { ...KEY, secretAccessKey: 'guess' } }).send(
        new PutRumEventsCommand(sdkInput()),
      ),
    );
    expect(error.name).toBe('InvalidSignatureException');

    error = await sdkError(
      rumClient(emu, { credentials: { accessKeyId: 'AKIDSTOLEN', secretAccessKey: 'x' } }).send(
        new PutRumEventsCommand(sdkInput()),
      ),
    );
    expect(error.name).toBe('UnrecognizedClientException');

    const { sessionToken: _token, ...withoutToken } = TEMP_KEY;
    error = await sdkError(
      rumClientWith(emu, withoutToken).send(new PutRumEventsCommand(sdkInput())),
    );
    expect(error.name).toBe('UnrecognizedClientException');
    expect(emu.events()).toHaveLength(0);
  });
});
