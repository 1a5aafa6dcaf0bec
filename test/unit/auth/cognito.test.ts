import { createCredentialChain } from '../../../src/auth/chain';
import { createCognitoProvider, type CognitoSettings } from '../../../src/auth/cognito';
import { createCredentialCache } from '../../../src/auth/credential-cache';
import { VendingError } from '../../../src/auth/vending-error';
import { memoryStore } from '../../../src/browser/storage';
import { APP_ID, fakeClock, fakeFetch, response } from '../fakes';

const POOL = 'us-west-2:00000000-0000-4000-8000-000000000000';
const OTHER_POOL = 'us-west-2:99999999-0000-4000-8000-000000000000';
const ROLE = 'arn:aws:iam::123456789012:role/RUM-Monitor-us-west-2-unauth';
const COGNITO = 'https://cognito-identity.us-west-2.amazonaws.com/';
const STS = 'https://sts.us-west-2.amazonaws.com/';
const IDENTITY = 'us-west-2:11111111-2222-4333-8444-555555555555';
const NEW_IDENTITY = 'us-west-2:66666666-7777-4888-8999-000000000000';
const EXPIRES_S = Math.floor(Date.UTC(2030, 0, 1, 12) / 1000);

const enhanced: CognitoSettings = {
  identityPoolId: POOL,
  cognitoEndpoint: COGNITO,
  stsEndpoint: STS,
  identityKey: 'cwr_i',
};
const basic: CognitoSettings = { ...enhanced, guestRoleArn: ROLE };

const getId = (id = IDENTITY) => response(200, { IdentityId: id });
const credentialsFor = (id = IDENTITY) =>
  response(200, {
    IdentityId: id,
    Credentials: {
      AccessKeyId: 'ASIACOGNITO',
      SecretKey: 'cognito-secret',
      SessionToken: 'cognito-token',
      Expiration: EXPIRES_S,
    },
  });
const openIdToken = (id = IDENTITY) =>
  response(200, { IdentityId: id, Token: 'eyJ.open-id.token' });
const stsCredentials = (sessionToken = 'sts-token') =>
  response(
    200,
    `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>${IDENTITY}</SubjectFromWebIdentityToken>
    <Audience>${POOL}</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/RUM-Monitor-us-west-2-unauth/cwr</Arn>
      <AssumedRoleId>AROAEXAMPLE:cwr</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIASTS</AccessKeyId>
      <SecretAccessKey>sts-secret</SecretAccessKey>
      <SessionToken>${sessionToken}</SessionToken>
      <Expiration>2030-01-01T12:00:00Z</Expiration>
    </Credentials>
    <Provider>cognito-identity.amazonaws.com</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`,
    { 'content-type': 'text/xml' },
  );
const cognitoError = (status: number, code: string, message: string, header = code) =>
  response(
    status,
    { __type: code, message },
    { 'x-amzn-ErrorType': `${header}:http://internal.amazon.com/coral/com.amazonaws.swbup/` },
  );
const stsError = (status: number, code: string, message: string) =>
  response(
    status,
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>${code}</Code>
    <Message>${message}</Message>
  </Error>
  <RequestId>req-2</RequestId>
</ErrorResponse>`,
    { 'content-type': 'text/xml' },
  );

const setup = (
  settings: CognitoSettings,
  answers: Parameters<typeof fakeFetch>[0],
  stored: Record<string, string> = {},
) => {
  const net = fakeFetch(answers);
  const store = memoryStore(stored);
  const provider = createCognitoProvider(settings, net.fetch, store);
  /** The X-Amz-Target operation of each request, or the STS Action. */
  const calls = () =>
    net.requests.map((r) =>
      r.url === STS
        ? 'STS ' + new URLSearchParams(r.init.body as string).get('Action')
        : String((r.init.headers as Record<string, string>)['x-amz-target']).replace(
            'AWSCognitoIdentityService.',
            '',
          ),
    );
  const jsonBody = (i: number) => JSON.parse(net.requests[i].init.body as string);
  return { net, store, provider, calls, jsonBody };
};

/** The provider's rejection, which must be a VendingError. */
const refusal = async (p: Promise<unknown>): Promise<VendingError> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VendingError);
  return e as VendingError;
};

describe('the Cognito provider', () => {
  describe('enhanced flow (no guestRoleArn)', () => {
    it('sends GetId then GetCredentialsForIdentity, exactly as Cognito expects', async () => {
      const { net, provider } = setup(enhanced, [getId(), credentialsFor()]);
      await provider();
      expect(net.requests).toHaveLength(2);
      const [first, second] = net.requests;
      expect(first.url).toBe(COGNITO);
      expect(first.init.method).toBe('POST');
      expect(first.init.headers).toEqual({
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityService.GetId',
      });
      expect(JSON.parse(first.init.body as string)).toEqual({ IdentityPoolId: POOL });
      expect(second.url).toBe(COGNITO);
      expect(second.init.method).toBe('POST');
      expect(second.init.headers).toEqual({
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityService.GetCredentialsForIdentity',
      });
      expect(JSON.parse(second.init.body as string)).toEqual({ IdentityId: IDENTITY });
      // No cookies go to AWS.
      expect(net.requests.map((r) => r.init.credentials)).toEqual(['omit', 'omit']);
    });

    it('maps Credentials to the signer\u2019s names, reading Expiration as epoch seconds', async () => {
      const { provider } = setup(enhanced, [getId(), credentialsFor()]);
      const c = await provider();
      expect(c).toEqual({
        accessKeyId: 'ASIACOGNITO',
        secretAccessKey: 'cognito-secret',
        sessionToken: 'cognito-token',
        expiration: new Date(EXPIRES_S * 1000),
      });
      expect(c.expiration?.toISOString()).toBe('2030-01-01T12:00:00.000Z');
    });

    it('fails with MalformedResponse when the answer has no Credentials', async () => {
      const { provider } = setup(enhanced, [getId(), response(200, { IdentityId: IDENTITY })]);
      const e = await refusal(provider());
      expect(e).toMatchObject({
        service: 'Cognito',
        operation: 'GetCredentialsForIdentity',
        code: 'MalformedResponse',
      });
    });

    it('fails with MalformedResponse when GetId answers no IdentityId', async () => {
      const { provider, store, calls } = setup(enhanced, [response(200, {})]);
      const e = await refusal(provider());
      expect(e).toMatchObject({
        service: 'Cognito',
        operation: 'GetId',
        code: 'MalformedResponse',
      });
      expect(calls()).toEqual(['GetId']);
      expect(store.get('cwr_i')).toBeNull();
    });
  });

  describe('basic flow (with guestRoleArn)', () => {
    it('sends GetId, GetOpenIdToken, then AssumeRoleWithWebIdentity to STS', async () => {
      const { net, provider, calls, jsonBody } = setup(basic, [
        getId(),
        openIdToken(),
        stsCredentials(),
      ]);
      await provider();
      expect(calls()).toEqual(['GetId', 'GetOpenIdToken', 'STS AssumeRoleWithWebIdentity']);
      expect(jsonBody(0)).toEqual({ IdentityPoolId: POOL });
      expect(net.requests[1].url).toBe(COGNITO);
      expect(net.requests[1].init.headers).toEqual({
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityService.GetOpenIdToken',
      });
      expect(jsonBody(1)).toEqual({ IdentityId: IDENTITY });

      const { url, init } = net.requests[2];
      expect(url).toBe(STS);
      expect(init.method).toBe('POST');
      expect(init.headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded' });
      expect(init.credentials).toBe('omit');
      expect(typeof init.body).toBe('string');
      const form = new URLSearchParams(init.body as string);
      expect([...form.keys()].sort()).toEqual([
        'Action',
        'RoleArn',
        'RoleSessionName',
        'Version',
        'WebIdentityToken',
      ]);
      expect(form.get('Action')).toBe('AssumeRoleWithWebIdentity');
      expect(form.get('Version')).toBe('2011-06-15');
      expect(form.get('RoleArn')).toBe(ROLE);
      // STS accepts 2 to 64 of [\w+=,.@-].
      expect(form.get('RoleSessionName')).toMatch(/^[\w+=,.@-]{2,64}$/);
      expect(form.get('WebIdentityToken')).toBe('eyJ.open-id.token');
    });

    it('parses the XML answer, its ISO Expiration and an XML-escaped SessionToken', async () => {
      const { provider } = setup(basic, [getId(), openIdToken(), stsCredentials('a&amp;b')]);
      expect(await provider()).toEqual({
        accessKeyId: 'ASIASTS',
        secretAccessKey: 'sts-secret',
        sessionToken: 'a&b',
        expiration: new Date(Date.UTC(2030, 0, 1, 12)),
      });
    });

    it('decodes each XML entity in a SessionToken once', async () => {
      const { provider } = setup(basic, [
        getId(),
        openIdToken(),
        stsCredentials('&lt;x&gt;&quot;y&apos;&amp;amp;'),
      ]);
      expect((await provider()).sessionToken).toBe(`<x>"y'&amp;`);
    });

    it('fails with MalformedResponse when STS answers 200 without credentials', async () => {
      const { provider } = setup(basic, [
        getId(),
        openIdToken(),
        response(200, '<AssumeRoleWithWebIdentityResponse/>'),
      ]);
      const e = await refusal(provider());
      expect(e).toMatchObject({
        service: 'STS',
        operation: 'AssumeRoleWithWebIdentity',
        code: 'MalformedResponse',
      });
    });
  });

  describe('the identity id', () => {
    it('is kept in the store under identityKey as {identityId, poolId}', async () => {
      const { provider, store } = setup({ ...enhanced, identityKey: 'cwr_i_app' }, [
        getId(),
        credentialsFor(),
      ]);
      await provider();
      expect(JSON.parse(store.get('cwr_i_app')!)).toEqual({ identityId: IDENTITY, poolId: POOL });
      expect(store.get('cwr_i')).toBeNull();
    });

    it('is reused: the second lookup asks no GetId', async () => {
      const { provider, calls, jsonBody } = setup(enhanced, [
        getId(),
        credentialsFor(),
        credentialsFor(),
      ]);
      await provider();
      await provider();
      expect(calls()).toEqual(['GetId', 'GetCredentialsForIdentity', 'GetCredentialsForIdentity']);
      expect(jsonBody(2)).toEqual({ IdentityId: IDENTITY });
    });

    it('is reused from an earlier page, in the basic flow too', async () => {
      const { provider, calls, jsonBody } = setup(basic, [openIdToken(), stsCredentials()], {
        cwr_i: JSON.stringify({ identityId: IDENTITY, poolId: POOL }),
      });
      await provider();
      expect(calls()).toEqual(['GetOpenIdToken', 'STS AssumeRoleWithWebIdentity']);
      expect(jsonBody(0)).toEqual({ IdentityId: IDENTITY });
    });

    it('is ignored when it belongs to another pool', async () => {
      const { provider, calls, jsonBody, store } = setup(
        enhanced,
        [getId(NEW_IDENTITY), credentialsFor(NEW_IDENTITY)],
        { cwr_i: JSON.stringify({ identityId: IDENTITY, poolId: OTHER_POOL }) },
      );
      await provider();
      expect(calls()).toEqual(['GetId', 'GetCredentialsForIdentity']);
      expect(jsonBody(1)).toEqual({ IdentityId: NEW_IDENTITY });
      expect(JSON.parse(store.get('cwr_i')!)).toEqual({ identityId: NEW_IDENTITY, poolId: POOL });
    });

    it.each([['not json'], ['"us-west-2:bare-id"'], ['{"identityId":5,"poolId":"x"}']])(
      'is asked for again when the stored entry is %p',
      async (raw) => {
        const { provider, calls } = setup(enhanced, [getId(), credentialsFor()], { cwr_i: raw });
        await provider();
        expect(calls()).toEqual(['GetId', 'GetCredentialsForIdentity']);
      },
    );

    it('is dropped when the pool no longer knows it, and GetId is asked once more', async () => {
      const { provider, calls, jsonBody, store } = setup(
        enhanced,
        [
          cognitoError(400, 'ResourceNotFoundException', `Identity '${IDENTITY}' not found.`),
          getId(NEW_IDENTITY),
          credentialsFor(NEW_IDENTITY),
        ],
        { cwr_i: JSON.stringify({ identityId: IDENTITY, poolId: POOL }) },
      );
      expect((await provider()).accessKeyId).toBe('ASIACOGNITO');
      expect(calls()).toEqual(['GetCredentialsForIdentity', 'GetId', 'GetCredentialsForIdentity']);
      expect(jsonBody(0)).toEqual({ IdentityId: IDENTITY });
      expect(jsonBody(2)).toEqual({ IdentityId: NEW_IDENTITY });
      expect(JSON.parse(store.get('cwr_i')!)).toEqual({ identityId: NEW_IDENTITY, poolId: POOL });
    });

    it.each([
      ['ValidationException', 'identityId failed to satisfy constraint'],
      ['NotAuthorizedException', "Logins don't match"],
      ['InvalidParameterException', 'IdentityId is invalid'],
    ])('is dropped on any refusal of it (%s), in the basic flow too', async (code, message) => {
      for (const flow of [enhanced, basic]) {
        const { provider, calls, store } = setup(
          flow,
          [
            cognitoError(400, code, message),
            getId(NEW_IDENTITY),
            ...(flow.guestRoleArn
              ? [openIdToken(NEW_IDENTITY), stsCredentials()]
              : [credentialsFor(NEW_IDENTITY)]),
          ],
          { cwr_i: JSON.stringify({ identityId: IDENTITY, poolId: POOL }) },
        );
        await provider();
        expect(calls()[1]).toBe('GetId');
        expect(JSON.parse(store.get('cwr_i')!)).toEqual({ identityId: NEW_IDENTITY, poolId: POOL });
      }
    });

    it.each([['bogus'], ['us-west-2:'], ['us-west-2:not-a-uuid; x'], ['a'.repeat(200)]])(
      'is not sent, and is removed, when its id is not an identity id (%p)',
      async (id) => {
        const { provider, calls, jsonBody, store } = setup(enhanced, [getId(), credentialsFor()], {
          cwr_i: JSON.stringify({ identityId: id, poolId: POOL }),
        });
        await provider();
        expect(calls()).toEqual(['GetId', 'GetCredentialsForIdentity']);
        expect(jsonBody(1)).toEqual({ IdentityId: IDENTITY });
        expect(JSON.parse(store.get('cwr_i')!).identityId).toBe(IDENTITY);
      },
    );

    it('is replaced only once: a second ResourceNotFoundException is the answer', async () => {
      const { provider, calls } = setup(
        enhanced,
        [
          cognitoError(400, 'ResourceNotFoundException', 'Identity not found.'),
          getId(NEW_IDENTITY),
          cognitoError(400, 'ResourceNotFoundException', 'Identity not found.'),
        ],
        { cwr_i: JSON.stringify({ identityId: IDENTITY, poolId: POOL }) },
      );
      const e = await refusal(provider());
      expect(e.code).toBe('ResourceNotFoundException');
      expect(calls()).toEqual(['GetCredentialsForIdentity', 'GetId', 'GetCredentialsForIdentity']);
    });

    it('just minted is not asked for again on ResourceNotFoundException', async () => {
      const { provider, calls } = setup(enhanced, [
        getId(),
        cognitoError(400, 'ResourceNotFoundException', 'Identity not found.'),
      ]);
      const e = await refusal(provider());
      expect(e).toMatchObject({
        operation: 'GetCredentialsForIdentity',
        code: 'ResourceNotFoundException',
      });
      expect(calls()).toEqual(['GetId', 'GetCredentialsForIdentity']);
    });

    it('is kept when Cognito refuses for another reason', async () => {
      const stored = JSON.stringify({ identityId: IDENTITY, poolId: POOL });
      const { provider, calls, store } = setup(
        enhanced,
        [cognitoError(400, 'TooManyRequestsException', 'Rate exceeded')],
        { cwr_i: stored },
      );
      expect((await refusal(provider())).code).toBe('TooManyRequestsException');
      expect(calls()).toEqual(['GetCredentialsForIdentity']);
      expect(store.get('cwr_i')).toBe(stored);
    });

    it('of an unknown pool is never stored (GetId fails) and GetId is not repeated', async () => {
      const { provider, calls, store } = setup(enhanced, [
        cognitoError(400, 'ResourceNotFoundException', `IdentityPool '${POOL}' not found.`),
      ]);
      const e = await refusal(provider());
      expect(e).toMatchObject({ operation: 'GetId', code: 'ResourceNotFoundException' });
      expect(calls()).toEqual(['GetId']);
      expect(store.get('cwr_i')).toBeNull();
    });
  });

  describe('Cognito errors', () => {
    it('name the code from x-amzn-ErrorType, without its URL, and the message', async () => {
      const { provider } = setup(enhanced, [
        cognitoError(
          400,
          'NotAuthorizedException',
          'Unauthenticated access is not supported for this identity pool.',
        ),
      ]);
      const e = await refusal(provider());
      expect(e).toMatchObject({
        name: 'VendingError',
        service: 'Cognito',
        operation: 'GetId',
        code: 'NotAuthorizedException',
        status: 400,
      });
      expect(e.message).toBe(
        'Cognito GetId failed: NotAuthorizedException (Unauthenticated access is not supported for this identity pool.)',
      );
      expect(e).toBeInstanceOf(Error);
    });

    it('prefer x-amzn-ErrorType to __type', async () => {
      const { provider } = setup(enhanced, [
        response(
          400,
          { __type: 'SomethingElse', message: 'm' },
          { 'x-amzn-ErrorType': 'InvalidIdentityPoolConfigurationException:http://x/' },
        ),
      ]);
      expect((await refusal(provider())).code).toBe('InvalidIdentityPoolConfigurationException');
    });

    it.each([
      ['a bare __type', 'InvalidIdentityPoolConfigurationException'],
      [
        'a namespaced __type',
        'com.amazonaws.cognito.identity.model#InvalidIdentityPoolConfigurationException',
      ],
    ])('read the code from %s when there is no header', async (_what, type) => {
      const { provider } = setup(enhanced, [
        getId(),
        response(400, {
          __type: type,
          message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
        }),
      ]);
      const e = await refusal(provider());
      expect(e).toMatchObject({
        service: 'Cognito',
        operation: 'GetCredentialsForIdentity',
        code: 'InvalidIdentityPoolConfigurationException',
        status: 400,
      });
      expect(e.message).toContain('Check assigned IAM roles for this pool.');
    });

    it('name the HTTP status when the answer says nothing more', async () => {
      const { provider } = setup(enhanced, [response(500, 'Internal error, not JSON')]);
      const e = await refusal(provider());
      expect(e).toMatchObject({ operation: 'GetId', code: 'HTTP500', status: 500 });
      expect(e.message).toBe('Cognito GetId failed: HTTP500');
    });

    it('recognise a refused basic flow at GetOpenIdToken', async () => {
      const { provider, calls } = setup(basic, [
        getId(),
        cognitoError(
          400,
          'InvalidParameterException',
          'Basic (classic) flow is not enabled, please use enhanced flow.',
        ),
      ]);
      const e = await refusal(provider());
      expect(e).toMatchObject({
        service: 'Cognito',
        operation: 'GetOpenIdToken',
        code: 'InvalidParameterException',
      });
      expect(e.message).toContain('Basic (classic) flow is not enabled');
      expect(calls()).toEqual(['GetId', 'GetOpenIdToken']);
    });

    it('name a network failure NetworkError', async () => {
      const { provider } = setup(enhanced, [new TypeError('Failed to fetch')]);
      const e = await refusal(provider());
      expect(e).toMatchObject({ service: 'Cognito', operation: 'GetId', code: 'NetworkError' });
      expect(e.status).toBeUndefined();
      expect(e.message).toContain('Failed to fetch');
    });
  });

  describe('STS errors', () => {
    it('name the code and message of an InvalidIdentityToken refusal', async () => {
      const message =
        'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';
      const { provider } = setup(basic, [
        getId(),
        openIdToken(),
        stsError(400, 'InvalidIdentityToken', message),
      ]);
      const e = await refusal(provider());
      expect(e).toMatchObject({
        name: 'VendingError',
        service: 'STS',
        operation: 'AssumeRoleWithWebIdentity',
        code: 'InvalidIdentityToken',
        status: 400,
      });
      expect(e.message).toBe(
        `STS AssumeRoleWithWebIdentity failed: InvalidIdentityToken (${message})`,
      );
    });

    it('name a 403 AccessDenied and decode its XML-escaped message', async () => {
      const { provider } = setup(basic, [
        getId(),
        openIdToken(),
        stsError(
          403,
          'AccessDenied',
          'Not authorized to perform sts:AssumeRoleWithWebIdentity &amp; more',
        ),
      ]);
      const e = await refusal(provider());
      expect(e).toMatchObject({
        service: 'STS',
        operation: 'AssumeRoleWithWebIdentity',
        code: 'AccessDenied',
        status: 403,
      });
      expect(e.message).toContain('Not authorized to perform sts:AssumeRoleWithWebIdentity & more');
    });

    it('name the HTTP status when the answer is not an STS error document', async () => {
      const { provider } = setup(basic, [
        getId(),
        openIdToken(),
        response(503, 'Service Unavailable'),
      ]);
      expect(await refusal(provider())).toMatchObject({
        service: 'STS',
        code: 'HTTP503',
        status: 503,
      });
    });

    it('name a network failure NetworkError', async () => {
      const { provider } = setup(basic, [getId(), openIdToken(), new TypeError('Failed to fetch')]);
      const e = await refusal(provider());
      expect(e).toMatchObject({
        service: 'STS',
        operation: 'AssumeRoleWithWebIdentity',
        code: 'NetworkError',
      });
      expect(e.message).toContain('Failed to fetch');
    });
  });

  describe('in the credential chain', () => {
    const chainWith = (answers: Parameters<typeof fakeFetch>[0]) => {
      const clock = fakeClock(Date.UTC(2030, 0, 1));
      const store = memoryStore();
      const net = fakeFetch(answers);
      const chain = createCredentialChain(
        clock,
        createCredentialCache(store, 'cwr_c', { appMonitorId: APP_ID, identityPoolId: POOL }),
        [{ name: 'cognito', get: createCognitoProvider(basic, net.fetch, store) }],
      );
      return { chain, store, net };
    };

    it('hands its refusal to lastErrors and names it in lastMiss', async () => {
      const { chain } = chainWith([
        getId(),
        openIdToken(),
        stsError(400, 'InvalidIdentityToken', 'The ID Token provided is not a valid JWT.'),
      ]);
      expect(await chain.get()).toBeUndefined();
      expect(chain.lastErrors).toHaveLength(1);
      expect(chain.lastErrors[0]).toMatchObject({ service: 'STS', code: 'InvalidIdentityToken' });
      expect(chain.lastMiss).toEqual([
        'cwr_c cache',
        'cognito (failed: STS AssumeRoleWithWebIdentity failed: InvalidIdentityToken (The ID Token provided is not a valid JWT.))',
      ]);
    });

    it('caches its credentials for the app monitor and pool', async () => {
      const { chain, store } = chainWith([getId(), openIdToken(), stsCredentials()]);
      expect((await chain.get())?.accessKeyId).toBe('ASIASTS');
      expect(JSON.parse(store.get('cwr_c')!)).toMatchObject({
        accessKeyId: 'ASIASTS',
        appMonitorId: APP_ID,
        identityPoolId: POOL,
        expiration: '2030-01-01T12:00:00.000Z',
      });
    });
  });
});

describe('VendingError', () => {
  it('carries service, operation, code and status, and says them in its message', () => {
    const e = new VendingError('STS', 'AssumeRoleWithWebIdentity', 'AccessDenied', 'no', 403);
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({
      name: 'VendingError',
      service: 'STS',
      operation: 'AssumeRoleWithWebIdentity',
      code: 'AccessDenied',
      status: 403,
      message: 'STS AssumeRoleWithWebIdentity failed: AccessDenied (no)',
    });
    expect(new VendingError('Cognito', 'GetId', 'HTTP500', '').message).toBe(
      'Cognito GetId failed: HTTP500',
    );
  });
});
