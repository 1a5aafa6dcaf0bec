import {
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
} from '@aws-sdk/client-cognito-identity';
import { PutRumEventsCommand } from '@aws-sdk/client-rum';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import {
  APP_MONITORS,
  KEY,
  MONITOR_ID,
  OTHER_MONITOR_ID,
  POOL_ID,
  REGION,
  ROLE_ARN,
  VENDING_OPTIONS,
  cognitoClient,
  rumClientWith,
  sdkError,
  sdkInput,
} from './helpers';

// Cognito Identity driven by the official @aws-sdk/client-cognito-identity: the enhanced flow's
// credentials must then sign PutRumEvents that @aws-sdk/client-rum sends, and each failure must
// reach the SDK under the name and message the service uses.

describe('Cognito Identity through @aws-sdk/client-cognito-identity', () => {
  let emu: Emulator;
  let clock: number;
  const lines: string[] = [];
  const start = async (options: EmulatorOptions = {}) => {
    clock = Date.now();
    lines.length = 0;
    emu = await startEmulator({
      appMonitors: APP_MONITORS,
      credentials: [KEY],
      now: () => clock,
      log: (line) => lines.push(line),
      ...VENDING_OPTIONS,
      ...options,
    });
    return emu;
  };
  afterEach(() => emu?.close());

  const getId = (poolId = POOL_ID) =>
    cognitoClient(emu).send(new GetIdCommand({ IdentityPoolId: poolId }));
  const enhancedCredentials = async () => {
    const { IdentityId } = await getId();
    const out = await cognitoClient(emu).send(new GetCredentialsForIdentityCommand({ IdentityId }));
    const c = out.Credentials!;
    return {
      identityId: IdentityId!,
      out,
      credentials: {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretKey!,
        sessionToken: c.SessionToken!,
      },
    };
  };

  test('enhanced flow: GetId → GetCredentialsForIdentity → PutRumEvents succeeds', async () => {
    await start();
    const { identityId, out, credentials } = await enhancedCredentials();

    expect(identityId).toMatch(/^us-west-2:[0-9a-f-]{36}$/);
    expect(out.IdentityId).toBe(identityId);
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(credentials.sessionToken.length).toBeGreaterThan(100);
    // Expiration comes as epoch seconds on the wire; the SDK makes a Date of it.
    const expiresIn = out.Credentials!.Expiration!.getTime() - clock;
    expect(expiresIn).toBeGreaterThan(3599_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);

    await rumClientWith(emu, credentials).send(new PutRumEventsCommand(sdkInput()));
    expect(emu.events()).toHaveLength(2);
    expect(emu.events()[0].accessKeyId).toBe(credentials.accessKeyId);
    expect(emu.identities()).toEqual([{ identityId, poolId: POOL_ID }]);

    const requests = emu.requests();
    expect(requests.map((r) => [r.operation, r.status, r.signed])).toEqual([
      ['GetId', 200, false],
      ['GetCredentialsForIdentity', 200, false],
      ['PutRumEvents', 200, true],
    ]);
    expect(requests[1]).toMatchObject({
      identityPoolId: POOL_ID,
      identityId,
      roleArn: ROLE_ARN,
      issuedAccessKeyId: credentials.accessKeyId,
    });
    expect(lines[0]).toMatch(`GetId 200 pool=${POOL_ID} identity=${identityId} unsigned`);
  });

  test('every GetId makes a new identity, in the region of the pool id', async () => {
    const euPool = 'eu-west-1:11111111-2222-3333-4444-555555555555';
    await start({ identityPools: [{ id: POOL_ID }, { id: euPool }] });
    const a = await getId();
    const b = await getId();
    const eu = await getId(euPool);
    expect(a.IdentityId).not.toBe(b.IdentityId);
    expect(eu.IdentityId).toMatch(/^eu-west-1:/);
    expect(emu.identities().map((i) => i.poolId)).toEqual([POOL_ID, POOL_ID, euPool]);
  });

  test('GetId: an unknown pool is ResourceNotFoundException', async () => {
    await start();
    const pool = 'us-west-2:99999999-9999-9999-9999-999999999999';
    const error = await sdkError(getId(pool));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.message).toBe(`IdentityPool '${pool}' not found.`);
    expect(emu.requests()[0]).toMatchObject({
      operation: 'GetId',
      status: 400,
      errorType: 'ResourceNotFoundException',
    });
  });

  test('GetId: a malformed pool id (a user pool id) is ValidationException', async () => {
    await start();
    const error = await sdkError(getId('us-west-2_AbCdEf123'));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(
      "1 validation error detected: Value 'us-west-2_AbCdEf123' at 'identityPoolId' failed to " +
        'satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+',
    );
  });

  test('GetId: a pool without unauthenticated access is NotAuthorizedException', async () => {
    await start({ identityPools: [{ id: POOL_ID, allowUnauthenticated: false }] });
    const error = await sdkError(getId());
    expect(error.name).toBe('NotAuthorizedException');
    expect(error.message).toBe('Unauthenticated access is not supported for this identity pool.');
  });

  test('GetCredentialsForIdentity: an unknown identity is ResourceNotFoundException', async () => {
    await start();
    const identityId = 'us-west-2:12345678-1234-1234-1234-123456789012';
    const error = await sdkError(
      cognitoClient(emu).send(new GetCredentialsForIdentityCommand({ IdentityId: identityId })),
    );
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.message).toBe(`Identity '${identityId}' not found.`);
  });

  test.each<[string, EmulatorOptions]>([
    ['has no unauthenticated role', { identityPools: [{ id: POOL_ID }] }],
    ['names a role that does not exist', { roles: [] }],
    [
      'has a role trusting another pool',
      {
        roles: [
          {
            arn: ROLE_ARN,
            trust: { identityPoolId: 'us-west-2:00000000-0000-0000-0000-0000000000bb' },
            appMonitors: ['*'],
          },
        ],
      },
    ],
    ['has a role trusting no web identity', { roles: [{ arn: ROLE_ARN, appMonitors: ['*'] }] }],
    [
      'has a role trusting only authenticated identities',
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
  ])(
    'GetCredentialsForIdentity: a pool that %s is InvalidIdentityPoolConfigurationException',
    async (_, options) => {
      await start(options);
      const { IdentityId } = await getId();
      const error = await sdkError(
        cognitoClient(emu).send(new GetCredentialsForIdentityCommand({ IdentityId })),
      );
      expect(error.name).toBe('InvalidIdentityPoolConfigurationException');
      expect(error.message).toBe(
        'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
      );
      // The console line says which part of the configuration is wrong.
      expect(lines.at(-1)).toMatch(/InvalidIdentityPoolConfigurationException .*\[.+\]$/);
    },
  );

  test('credentials expire: PutRumEvents is then ExpiredTokenException', async () => {
    await start({ credentialLifetimeSeconds: 900 });
    const { out, credentials } = await enhancedCredentials();
    expect(out.Credentials!.Expiration!.getTime()).toBe(Math.floor(clock / 1000) * 1000 + 900_000);

    clock += 901_000; // the server clock passes the expiration
    const error = await sdkError(
      rumClientWith(emu, credentials).send(new PutRumEventsCommand(sdkInput())),
    );
    expect(error.name).toBe('ExpiredTokenException');
    expect(emu.requests().at(-1)).toMatchObject({ operation: 'PutRumEvents', status: 403 });
  });

  test('a role not allowed on the app monitor: AccessDeniedException naming the role session', async () => {
    await start({
      roles: [{ arn: ROLE_ARN, trust: { identityPoolId: POOL_ID }, appMonitors: ['blog-web'] }],
    });
    const { credentials } = await enhancedCredentials();
    const client = rumClientWith(emu, credentials);

    const error = await sdkError(client.send(new PutRumEventsCommand(sdkInput())));
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toMatch(
      'User: arn:aws:sts::000000000000:assumed-role/RUM-Monitor-Unauth/CognitoIdentityCredentials ' +
        'is not authorized to perform: rum:PutRumEvents on resource: ' +
        `arn:aws:rum:${REGION}:000000000000:appmonitor/shop-web`,
    );
    // Allowed by name on blog-web.
    await client.send(new PutRumEventsCommand(sdkInput(undefined, OTHER_MONITOR_ID)));

    // Fixing the role's policy fixes the credentials already handed out, as in IAM.
    emu.addRole({
      arn: ROLE_ARN,
      trust: { identityPoolId: POOL_ID },
      appMonitors: ['blog-web', MONITOR_ID],
    });
    await client.send(new PutRumEventsCommand(sdkInput()));
    expect(emu.events()).toHaveLength(4);
  });

  test('GetOpenIdToken answers an emulator-signed JWT for the identity', async () => {
    await start();
    const { IdentityId } = await getId();
    const out = await cognitoClient(emu).send(new GetOpenIdTokenCommand({ IdentityId }));
    expect(out.IdentityId).toBe(IdentityId);
    const [header, payload, signature] = out.Token!.split('.');
    expect(signature).toMatch(/^[\w-]{43}$/);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({
      alg: 'HS256',
    });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({
      iss: 'https://cognito-identity.amazonaws.com',
      sub: IdentityId,
      aud: POOL_ID,
      amr: ['unauthenticated'],
    });
    expect(claims.exp - claims.iat).toBe(600);
  });

  test("GetOpenIdToken with the classic flow off and classicFlowFailure 'cognito' is InvalidParameterException", async () => {
    await start({
      identityPools: [
        {
          id: POOL_ID,
          unauthRoleArn: ROLE_ARN,
          allowClassicFlow: false,
          classicFlowFailure: 'cognito',
        },
      ],
    });
    const { IdentityId } = await getId();
    const error = await sdkError(
      cognitoClient(emu).send(new GetOpenIdTokenCommand({ IdentityId })),
    );
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toBe('Basic (classic) flow is not enabled, please use enhanced flow.');
    // The enhanced flow still works on that pool.
    await cognitoClient(emu).send(new GetCredentialsForIdentityCommand({ IdentityId }));
  });

  test('an injected fault answers a Cognito operation in its protocol', async () => {
    await start();
    emu.addFault({
      operation: 'GetCredentialsForIdentity',
      status: 400,
      errorType: 'TooManyRequestsException',
      message: 'Rate exceeded',
    });
    const { IdentityId } = await getId(); // not affected
    const error = await sdkError(
      cognitoClient(emu).send(new GetCredentialsForIdentityCommand({ IdentityId })),
    );
    expect(error.name).toBe('TooManyRequestsException');
    expect(error.message).toBe('Rate exceeded');
    await cognitoClient(emu).send(new GetCredentialsForIdentityCommand({ IdentityId }));
  });
});

describe('Cognito Identity on the wire (what a browser page sends)', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ appMonitors: APP_MONITORS, ...VENDING_OPTIONS });
  });
  afterEach(() => emu.close());

  const call = (target: string, body: string, contentType = 'application/x-amz-json-1.1') =>
    fetch(`${emu.url}/`, {
      method: 'POST',
      headers: {
        origin: 'http://localhost:5173',
        'content-type': contentType,
        'x-amz-target': target,
      },
      body,
    });

  test('the preflight allows X-Amz-Target and the JSON 1.1 content type', async () => {
    const res = await fetch(`${emu.url}/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'content-type,x-amz-target,x-amz-user-agent',
    );
    expect(emu.requests()[0]).toMatchObject({ method: 'OPTIONS', status: 204 });
    expect(emu.requests()[0].operation).toBeUndefined();
  });

  test('success and error shapes: JSON 1.1, x-amzn-ErrorType, {__type, message}, CORS', async () => {
    let res = await call(
      'AWSCognitoIdentityService.GetId',
      JSON.stringify({ IdentityPoolId: POOL_ID }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const { IdentityId } = (await res.json()) as { IdentityId: string };

    res = await call(
      'AWSCognitoIdentityService.GetCredentialsForIdentity',
      JSON.stringify({ IdentityId }),
    );
    const body = (await res.json()) as { Credentials: Record<string, unknown> };
    expect(Object.keys(body.Credentials).sort()).toEqual([
      'AccessKeyId',
      'Expiration',
      'SecretKey',
      'SessionToken',
    ]);
    expect(Number.isInteger(body.Credentials.Expiration)).toBe(true); // epoch seconds

    res = await call('AWSCognitoIdentityService.GetId', JSON.stringify({}));
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-amzn-ErrorType');
    expect(await res.json()).toEqual({
      __type: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'identityPoolId' failed to satisfy " +
        'constraint: Member must not be null',
    });
  });

  test('a body that is not JSON is SerializationException; an unserved target UnknownOperationException', async () => {
    let res = await call('AWSCognitoIdentityService.GetId', '{oops');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('SerializationException');

    res = await call('AWSCognitoIdentityService.DescribeIdentityPool', '{}');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(emu.requests().map((r) => r.operation)).toEqual(['GetId', 'DescribeIdentityPool']);
  });
});
