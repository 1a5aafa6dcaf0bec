import { GetIdCommand, GetOpenIdTokenCommand } from '@aws-sdk/client-cognito-identity';
import { PutRumEventsCommand } from '@aws-sdk/client-rum';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import {
  APP_MONITORS,
  MONITOR_ID,
  POOL_ID,
  REGION,
  ROLE_ARN,
  VENDING_OPTIONS,
  cognitoClient,
  rumClientWith,
  sdkError,
  sdkInput,
  stsClient,
} from './helpers';

// The basic (classic) flow, GetId → GetOpenIdToken → STS AssumeRoleWithWebIdentity, driven by
// the official clients, and every way the troubleshooting guide says it fails.

const SEED_MESSAGE =
  'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';
const OTHER_POOL = 'us-west-2:00000000-0000-0000-0000-0000000000bb';

describe('STS AssumeRoleWithWebIdentity through @aws-sdk/client-sts', () => {
  let emu: Emulator;
  let clock: number;
  const lines: string[] = [];
  const start = async (options: EmulatorOptions = {}) => {
    clock = Date.now();
    lines.length = 0;
    emu = await startEmulator({
      appMonitors: APP_MONITORS,
      now: () => clock,
      log: (line) => lines.push(line),
      ...VENDING_OPTIONS,
      ...options,
    });
    return emu;
  };
  afterEach(() => emu?.close());

  const openIdToken = async (poolId = POOL_ID) => {
    const { IdentityId } = await cognitoClient(emu).send(
      new GetIdCommand({ IdentityPoolId: poolId }),
    );
    const { Token } = await cognitoClient(emu).send(new GetOpenIdTokenCommand({ IdentityId }));
    return { identityId: IdentityId!, token: Token! };
  };
  const assume = (token: string, roleArn = ROLE_ARN, extra: { DurationSeconds?: number } = {}) =>
    stsClient(emu).send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: 'cwr',
        WebIdentityToken: token,
        ...extra,
      }),
    );
  const credentialsOf = (out: Awaited<ReturnType<typeof assume>>) => ({
    accessKeyId: out.Credentials!.AccessKeyId!,
    secretAccessKey: out.Credentials!.SecretAccessKey!,
    sessionToken: out.Credentials!.SessionToken!,
  });

  test('basic flow: GetId → GetOpenIdToken → AssumeRoleWithWebIdentity → PutRumEvents', async () => {
    await start();
    const { identityId, token } = await openIdToken();
    const out = await assume(token);

    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    const expiresIn = out.Credentials!.Expiration!.getTime() - clock;
    expect(expiresIn).toBeGreaterThan(3599_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);
    expect(out.SubjectFromWebIdentityToken).toBe(identityId);
    expect(out.Audience).toBe(POOL_ID);
    expect(out.Provider).toBe('cognito-identity.amazonaws.com');
    expect(out.AssumedRoleUser).toEqual({
      Arn: 'arn:aws:sts::000000000000:assumed-role/RUM-Monitor-Unauth/cwr',
      AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:cwr$/),
    });

    await rumClientWith(emu, credentialsOf(out)).send(new PutRumEventsCommand(sdkInput()));
    expect(emu.events()).toHaveLength(2);

    expect(emu.requests().map((r) => [r.operation, r.status, r.signed])).toEqual([
      ['GetId', 200, false],
      ['GetOpenIdToken', 200, false],
      ['AssumeRoleWithWebIdentity', 200, false],
      ['PutRumEvents', 200, true],
    ]);
    expect(emu.requests()[2]).toMatchObject({
      roleArn: ROLE_ARN,
      identityId,
      identityPoolId: POOL_ID,
      issuedAccessKeyId: out.Credentials!.AccessKeyId,
    });
    expect(lines[2]).toMatch(/^AssumeRoleWithWebIdentity 200 pool=.* role=.* issued=ASIA/);
  });

  test('DurationSeconds sets the lifetime; above the role maximum it is ValidationError', async () => {
    await start();
    const { token } = await openIdToken();
    const out = await assume(token, ROLE_ARN, { DurationSeconds: 900 });
    expect(out.Credentials!.Expiration!.getTime()).toBe(Math.floor(clock / 1000) * 1000 + 900_000);

    const error = await sdkError(assume(token, ROLE_ARN, { DurationSeconds: 7200 }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  });

  test('classic flow disabled (default failure): STS refuses the token with InvalidIdentityToken', async () => {
    await start({
      identityPools: [{ id: POOL_ID, unauthRoleArn: ROLE_ARN, allowClassicFlow: false }],
    });
    const { token } = await openIdToken(); // Cognito still hands out the token
    const error = await sdkError(assume(token));
    // The SDK names the modelled error class; the wire code is InvalidIdentityToken.
    expect(error.name).toBe('InvalidIdentityTokenException');
    expect(error.message).toBe(SEED_MESSAGE);
    expect(emu.requests().at(-1)).toMatchObject({
      operation: 'AssumeRoleWithWebIdentity',
      status: 400,
      errorType: 'InvalidIdentityToken',
      message: SEED_MESSAGE,
    });
    expect(lines.at(-1)).toMatch(/\[identity pool .* basic \(classic\) flow disabled/);
  });

  test('a tampered, foreign or garbage token is InvalidIdentityToken', async () => {
    await start();
    const { token } = await openIdToken();
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, aud: OTHER_POOL })).toString(
      'base64url',
    );
    const other = await startEmulator({ ...VENDING_OPTIONS });
    let foreign: string;
    try {
      const { IdentityId } = await cognitoClient(other).send(
        new GetIdCommand({ IdentityPoolId: POOL_ID }),
      );
      foreign = (await cognitoClient(other).send(new GetOpenIdTokenCommand({ IdentityId }))).Token!;
    } finally {
      await other.close();
    }
    for (const bad of [`${header}.${forged}.${signature}`, foreign, 'not-a-jwt-at-all']) {
      const error = await sdkError(assume(bad));
      expect(error.name).toBe('InvalidIdentityTokenException');
      expect(error.message).toBe(SEED_MESSAGE);
    }
  });

  test('an expired token (older than 10 minutes) is ExpiredTokenException', async () => {
    await start();
    const { token } = await openIdToken();
    clock += 601_000;
    const error = await sdkError(assume(token));
    expect(error.name).toBe('ExpiredTokenException');
    expect(error.message).toMatch(/^Token expired: current date\/time \d+ must be before/);
  });

  test.each<[string, string, EmulatorOptions]>([
    ['an unknown role', 'arn:aws:iam::000000000000:role/Nobody', {}],
    [
      'a role trusting another pool',
      ROLE_ARN,
      { roles: [{ arn: ROLE_ARN, trust: { identityPoolId: OTHER_POOL }, appMonitors: ['*'] }] },
    ],
    [
      'a role trusting only authenticated identities',
      ROLE_ARN,
      {
        roles: [
          {
            arn: ROLE_ARN,
            trust: { identityPoolId: POOL_ID, amr: 'authenticated' },
            appMonitors: ['*'],
          },
        ],
      },
    ],
    ['a role with no trust for web identities', ROLE_ARN, { roles: [{ arn: ROLE_ARN }] }],
  ])('%s is AccessDenied (403)', async (_, roleArn, options) => {
    await start(options);
    const { token } = await openIdToken();
    const error = await sdkError(assume(token, roleArn));
    expect(error.name).toBe('AccessDenied');
    expect(error.message).toBe('Not authorized to perform sts:AssumeRoleWithWebIdentity');
    expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(
      403,
    );
  });

  test('a trust with an amr wildcard and no aud condition lets any pool in', async () => {
    await start({
      identityPools: [{ id: POOL_ID }, { id: OTHER_POOL }],
      roles: [{ arn: ROLE_ARN, trust: { amr: 'unauth*' }, appMonitors: ['*'] }],
    });
    const { token } = await openIdToken(OTHER_POOL);
    await assume(token);
  });

  test('STS credentials expire: PutRumEvents is then ExpiredTokenException', async () => {
    await start();
    const { token } = await openIdToken();
    const credentials = credentialsOf(await assume(token, ROLE_ARN, { DurationSeconds: 900 }));
    clock += 901_000;
    const error = await sdkError(
      rumClientWith(emu, credentials).send(new PutRumEventsCommand(sdkInput())),
    );
    expect(error.name).toBe('ExpiredTokenException');
  });

  test('a role not allowed on the app monitor: AccessDeniedException naming the role session', async () => {
    await start({
      roles: [{ arn: ROLE_ARN, trust: { identityPoolId: POOL_ID } }], // no app monitors
    });
    const { token } = await openIdToken();
    const credentials = credentialsOf(await assume(token));
    const error = await sdkError(
      rumClientWith(emu, credentials).send(new PutRumEventsCommand(sdkInput())),
    );
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toMatch(
      'User: arn:aws:sts::000000000000:assumed-role/RUM-Monitor-Unauth/cwr is not authorized ' +
        `to perform: rum:PutRumEvents on resource: arn:aws:rum:${REGION}:000000000000:appmonitor/shop-web`,
    );
    expect(emu.requests().at(-1)).toMatchObject({
      operation: 'PutRumEvents',
      appMonitorId: MONITOR_ID,
      status: 403,
      errorType: 'AccessDeniedException',
    });
  });

  test('an injected fault answers in XML', async () => {
    await start();
    emu.addFault({
      operation: 'AssumeRoleWithWebIdentity',
      status: 400,
      errorType: 'IDPCommunicationError',
      message: 'Could not reach the provider',
    });
    const { token } = await openIdToken();
    const error = await sdkError(assume(token));
    expect(error.name).toBe('IDPCommunicationErrorException');
    expect(error.message).toBe('Could not reach the provider');
    await assume(token);
  });
});

describe('STS on the wire (what a browser page sends)', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ appMonitors: APP_MONITORS, ...VENDING_OPTIONS });
  });
  afterEach(() => emu.close());

  const form = (fields: Record<string, string>) =>
    fetch(`${emu.url}/`, {
      method: 'POST',
      headers: {
        origin: 'http://localhost:5173',
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
      body: new URLSearchParams(fields).toString(),
    });
  const base = { Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15' };
  const token = async () => {
    const { IdentityId } = await cognitoClient(emu).send(
      new GetIdCommand({ IdentityPoolId: POOL_ID }),
    );
    return (await cognitoClient(emu).send(new GetOpenIdTokenCommand({ IdentityId }))).Token!;
  };

  test('success: XML with credentials, ISO-8601 expiration and the request id', async () => {
    const res = await form({
      ...base,
      RoleArn: ROLE_ARN,
      RoleSessionName: 'cwr',
      WebIdentityToken: await token(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const xml = await res.text();
    expect(xml).toMatch(
      /^<AssumeRoleWithWebIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/,
    );
    expect(xml).toMatch(/<AccessKeyId>ASIA[A-Z2-7]{16}<\/AccessKeyId>/);
    expect(xml).toMatch(/<SecretAccessKey>[^<]+<\/SecretAccessKey>/);
    expect(xml).toMatch(/<SessionToken>[^<]+<\/SessionToken>/);
    expect(xml).toMatch(/<Expiration>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/Expiration>/);
    const requestId = res.headers.get('x-amzn-requestid');
    expect(xml).toContain(`<ResponseMetadata>\n    <RequestId>${requestId}</RequestId>`);
  });

  test('an error: ErrorResponse with Type Sender, Code, Message and RequestId', async () => {
    const res = await form({
      ...base,
      RoleArn: ROLE_ARN,
      RoleSessionName: 'cwr',
      WebIdentityToken: 'eyJhbGciOi.nope.nope',
    });
    expect(res.status).toBe(400);
    const xml = await res.text();
    const requestId = res.headers.get('x-amzn-requestid');
    expect(xml).toBe(
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
        '  <Error>\n' +
        '    <Type>Sender</Type>\n' +
        '    <Code>InvalidIdentityToken</Code>\n' +
        `    <Message>${SEED_MESSAGE}</Message>\n` +
        '  </Error>\n' +
        `  <RequestId>${requestId}</RequestId>\n` +
        '</ErrorResponse>\n',
    );
  });

  test('missing or malformed fields are ValidationError, all listed', async () => {
    let res = await form({ ...base });
    expect(res.status).toBe(400);
    let xml = await res.text();
    expect(xml).toContain('<Code>ValidationError</Code>');
    expect(xml).toContain(
      '<Message>3 validation errors detected: ' +
        "Value null at 'roleArn' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null" +
        '</Message>',
    );

    res = await form({
      ...base,
      RoleArn: ROLE_ARN,
      RoleSessionName: 'my session',
      WebIdentityToken: await token(),
      DurationSeconds: '60',
    });
    xml = await res.text();
    expect(xml).toContain(
      "2 validation errors detected: Value 'my session' at 'roleSessionName' failed to satisfy " +
        'constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; ' +
        "Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value " +
        'greater than or equal to 900',
    );

    res = await form({
      ...base,
      RoleArn: 'arn:aws:iam::000000000000:user/someone',
      RoleSessionName: 'cwr',
      WebIdentityToken: await token(),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Message>Request ARN is invalid</Message>');
  });

  test('another Action is InvalidAction', async () => {
    const res = await form({ Action: 'GetCallerIdentity', Version: '2011-06-15' });
    expect(res.status).toBe(400);
    const xml = await res.text();
    expect(xml).toContain('<Code>InvalidAction</Code>');
    expect(xml).toContain('Could not find operation GetCallerIdentity for version 2011-06-15');
    expect(emu.requests().at(-1)).toMatchObject({
      operation: 'GetCallerIdentity',
      errorType: 'InvalidAction',
    });
  });

  test('the request log counts vending calls by operation', async () => {
    const t = await token();
    await form({ ...base, RoleArn: ROLE_ARN, RoleSessionName: 'cwr', WebIdentityToken: t });
    const count = (operation: string) =>
      emu.requests().filter((r) => r.operation === operation).length;
    expect(count('GetId')).toBe(1);
    expect(count('GetOpenIdToken')).toBe(1);
    expect(count('AssumeRoleWithWebIdentity')).toBe(1);
    expect(count('GetCredentialsForIdentity')).toBe(0);
    expect(count('PutRumEvents')).toBe(0);
  });
});
