import {
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
} from '@aws-sdk/client-cognito-identity';
import { PutRumEventsCommand } from '@aws-sdk/client-rum';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { startEmulator, type Emulator, type RequestRecord } from '../../emulator';
import {
  APP_MONITORS,
  KEY,
  MONITOR_ID,
  OPEN_MONITOR_ID,
  OTHER_MONITOR_ID,
  POOL_ID,
  ROLE_ARN,
  VENDING_OPTIONS,
  batch,
  cognitoClient,
  post,
  presignedUrl,
  rawPost,
  rumClient,
  rumClientWith,
  sdkError,
  sdkInput,
  stsClient,
} from './helpers';

// Each PutRumEvents record says whether the batch was stored, and who signed it: a key Cognito
// or STS minted (for which pool, identity and role), a configured key, or a key nobody knows.

describe('PutRumEvents verification results in the request log', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({
      appMonitors: APP_MONITORS,
      credentials: [KEY],
      ...VENDING_OPTIONS,
    });
  });
  afterEach(() => emu.close());

  const lastPut = (): RequestRecord =>
    emu
      .requests()
      .filter((r) => r.operation === 'PutRumEvents')
      .at(-1)!;

  /** The enhanced flow: GetId, then GetCredentialsForIdentity. */
  const cognitoCredentials = async () => {
    const cognito = cognitoClient(emu);
    const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId: POOL_ID }));
    const out = await cognito.send(new GetCredentialsForIdentityCommand({ IdentityId }));
    return {
      identityId: IdentityId!,
      credentials: {
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretKey!,
        sessionToken: out.Credentials!.SessionToken!,
      },
    };
  };

  test('a key Cognito minted: accepted, signed by cognito with the pool, identity and role', async () => {
    const { identityId, credentials } = await cognitoCredentials();
    const input = sdkInput();
    await rumClientWith(emu, credentials).send(new PutRumEventsCommand(input));
    expect(lastPut()).toMatchObject({
      status: 200,
      verdict: 'accepted',
      signed: true,
      presigned: false,
      eventCount: 2,
      sessionIds: [input.UserDetails.sessionId],
      accessKeyId: credentials.accessKeyId,
      credential: { kind: 'cognito', identityPoolId: POOL_ID, identityId, roleArn: ROLE_ARN },
    });
    expect(lastPut()).not.toHaveProperty('errorType');
  });

  test('a key Cognito minted, for an app monitor its role may not write to: refused, still named', async () => {
    const { identityId, credentials } = await cognitoCredentials();
    const error = await sdkError(
      rumClientWith(emu, credentials).send(
        new PutRumEventsCommand(sdkInput(undefined, OTHER_MONITOR_ID)),
      ),
    );
    expect(error.name).toBe('AccessDeniedException');
    expect(lastPut()).toMatchObject({
      status: 403,
      verdict: 'refused',
      errorType: 'AccessDeniedException',
      message: expect.stringMatching(/assumed-role\/RUM-Monitor-Unauth/),
      credential: { kind: 'cognito', identityPoolId: POOL_ID, identityId, roleArn: ROLE_ARN },
    });
  });

  test('a key STS minted (basic flow): signed by sts, with the identity the token was for', async () => {
    const cognito = cognitoClient(emu);
    const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId: POOL_ID }));
    const { Token } = await cognito.send(new GetOpenIdTokenCommand({ IdentityId }));
    const out = await stsClient(emu).send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: ROLE_ARN,
        RoleSessionName: 'cwr',
        WebIdentityToken: Token,
      }),
    );
    await rumClientWith(emu, {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    }).send(new PutRumEventsCommand(sdkInput()));
    expect(lastPut()).toMatchObject({
      verdict: 'accepted',
      accessKeyId: out.Credentials!.AccessKeyId,
      credential: {
        kind: 'sts',
        identityPoolId: POOL_ID,
        identityId: IdentityId,
        roleArn: ROLE_ARN,
      },
    });
  });

  test('a configured key through the official SDK: accepted, signed by static', async () => {
    const input = sdkInput();
    await rumClient(emu).send(new PutRumEventsCommand(input));
    expect(lastPut()).toMatchObject({
      verdict: 'accepted',
      accessKeyId: KEY.accessKeyId,
      credential: { kind: 'static' },
      sessionIds: [input.UserDetails.sessionId],
    });
    expect(emu.events()).toHaveLength(2);

    // Presigned, as sendBeacon sends: the same key, marked presigned.
    const body = JSON.stringify(batch());
    const url = await presignedUrl(emu, { body });
    expect((await post(url, body, { 'content-type': 'text/plain;charset=UTF-8' })).status).toBe(
      200,
    );
    expect(lastPut()).toMatchObject({
      verdict: 'accepted',
      presigned: true,
      accessKeyId: KEY.accessKeyId,
      credential: { kind: 'static' },
    });
  });

  test('a bad signature: refused with the reason, the key still named', async () => {
    const input = sdkInput();
    const client = rumClient(emu, { credentials: { ...KEY, secretAccessKey: 'not-the-secret' } });
    const error = await sdkError(client.send(new PutRumEventsCommand(input)));
    expect(error.name).toBe('InvalidSignatureException');
    expect(lastPut()).toMatchObject({
      status: 403,
      verdict: 'refused',
      errorType: 'InvalidSignatureException',
      message: expect.stringMatching(/signature we calculated does not match/),
      signed: true,
      accessKeyId: KEY.accessKeyId,
      credential: { kind: 'static' },
      sessionIds: [input.UserDetails.sessionId], // read from the body, though it was refused
      eventCount: 2,
    });
    expect(emu.events()).toEqual([]);
  });

  test('a key nobody knows: refused, signed by unknown', async () => {
    const client = rumClient(emu, {
      credentials: { accessKeyId: 'AKIDNOBODY00000000', secretAccessKey: 'x' },
    });
    await sdkError(client.send(new PutRumEventsCommand(sdkInput())));
    expect(lastPut()).toMatchObject({
      verdict: 'refused',
      errorType: 'UnrecognizedClientException',
      accessKeyId: 'AKIDNOBODY00000000',
      credential: { kind: 'unknown' },
    });
  });

  test('no signature: refused where one is needed, accepted where not; no credential either way', async () => {
    const body = batch();
    await post(`${emu.url}/appmonitors/${MONITOR_ID}/`, JSON.stringify(body));
    expect(lastPut()).toMatchObject({
      verdict: 'refused',
      errorType: 'MissingAuthenticationTokenException',
      signed: false,
      sessionIds: [body.UserDetails.sessionId],
    });
    expect(lastPut()).not.toHaveProperty('credential');
    expect(lastPut()).not.toHaveProperty('accessKeyId');

    await post(
      `${emu.url}/appmonitors/${OPEN_MONITOR_ID}/`,
      JSON.stringify(batch(undefined, OPEN_MONITOR_ID)),
    );
    expect(lastPut()).toMatchObject({ verdict: 'accepted', signed: false });
    expect(lastPut()).not.toHaveProperty('credential');
  });

  test('a call an injected fault cut off before it was handled: refused, saying so', async () => {
    emu.addFault({ drop: 'before' });
    await rawPost(
      `${emu.url}/appmonitors/${OPEN_MONITOR_ID}/`,
      JSON.stringify(batch(undefined, OPEN_MONITOR_ID)),
    );
    expect(lastPut()).toMatchObject({
      status: 0,
      dropped: 'before',
      verdict: 'refused',
      message: expect.stringMatching(/injected fault closed the connection/),
    });
    emu.addFault({ drop: 'after' });
    await rawPost(
      `${emu.url}/appmonitors/${OPEN_MONITOR_ID}/`,
      JSON.stringify(batch(undefined, OPEN_MONITOR_ID)),
    );
    expect(lastPut()).toMatchObject({ status: 200, dropped: 'after', verdict: 'accepted' });
  });
});
