import {
  cognitoTrustPolicy,
  explainPutRumEventsError,
  explainVendingError,
  putRumEventsPolicy,
} from '../../../src/diagnostics/explain';

const ctx = {
  appMonitorId: 'a1b2',
  region: 'us-east-1',
  endpoint: 'https://dataplane.rum.us-east-1.amazonaws.com/',
  identityPoolId: 'us-east-1:1111-2222',
};

describe('explainPutRumEventsError', () => {
  it('fills the policy with the resource and names the role from an AccessDenied message', () => {
    const p = explainPutRumEventsError(
      {
        status: 403,
        errorType: 'AccessDeniedException',
        message:
          'User: arn:aws:sts::123456789012:assumed-role/RUM-Old/CognitoIdentityCredentials is not authorized to perform: rum:PutRumEvents on resource: arn:aws:rum:us-east-1:123456789012:appmonitor/shop because no identity-based policy allows the rum:PutRumEvents action',
      },
      ctx,
    );
    expect(p.code).toBe('role-not-allowed');
    expect(p.message).toContain('the IAM role RUM-Old may not send events to app monitor a1b2');
    const policy = JSON.parse(p.message.slice(p.message.indexOf('{')));
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'rum:PutRumEvents',
          Resource: 'arn:aws:rum:us-east-1:123456789012:appmonitor/shop',
        },
      ],
    });
  });

  it('without a resource in the message, builds the ARN from the region and the role account', () => {
    const p = explainPutRumEventsError(
      { status: 403, errorType: 'AccessDeniedException' },
      { ...ctx, guestRoleArn: 'arn:aws:iam::999988887777:role/R' },
    );
    expect(p.message).toContain(
      '"Resource": "arn:aws:rum:us-east-1:999988887777:appmonitor/<app monitor name>"',
    );
  });

  it('names the three regions of a region mismatch', () => {
    const p = explainPutRumEventsError(
      {
        status: 403,
        errorType: 'InvalidSignatureException',
        message:
          "Credential should be scoped to a valid region, not 'us-east-1'. This endpoint serves 'us-west-2'.",
      },
      ctx,
    );
    expect(p.code).toBe('region-mismatch');
    expect(p.message).toContain('signed for us-east-1 (the region argument)');
    expect(p.message).toContain('serves us-west-2');
    expect(p.message).toContain("set the region argument to 'us-west-2'");
  });

  it.each([
    ['MissingAuthenticationTokenException', 403, 'unsigned', /Remove `signing: false`/],
    ['ResourceNotFoundException', 404, 'app-monitor-not-found', /no app monitor a1b2/],
    ['UnrecognizedClientException', 403, 'unknown-credentials', /does not know the access key/],
    ['ExpiredTokenException', 403, 'expired-credentials', /provider function/],
    ['ValidationException', 400, 'invalid-batch', /dropped/],
    ['ThrottlingException', 429, 'throttled', /retried later/],
    ['Weird', 502, 'http-502', /HTTP 502 Weird/],
  ])('%s → %s', (errorType, status, code, text) => {
    const p = explainPutRumEventsError({ status, errorType }, ctx);
    expect(p.code).toBe(code);
    expect(p.message).toMatch(text);
  });

  it('a network error points at connectivity and connect-src', () => {
    const p = explainPutRumEventsError({ message: 'TypeError: Failed to fetch' }, ctx);
    expect(p.code).toBe('network');
    expect(p.message).toContain('connect-src');
  });
});

describe('explainVendingError', () => {
  const vending = (service: string, operation: string, code: string, message = '') => ({
    service,
    operation,
    code,
    message,
  });

  it('STS AccessDenied: the trust relationship with the pool id filled in', () => {
    const p = explainVendingError(
      vending('STS', 'AssumeRoleWithWebIdentity', 'AccessDenied', 'Not authorized'),
      { ...ctx, guestRoleArn: 'arn:aws:iam::1:role/RUM-Guest' },
    );
    expect(p.code).toBe('sts-trust-denied');
    expect(p.message).toContain('the role arn:aws:iam::1:role/RUM-Guest does not trust');
    const trust = JSON.parse(p.message.slice(p.message.indexOf('{')));
    expect(trust).toEqual(JSON.parse(cognitoTrustPolicy('us-east-1:1111-2222')));
    expect(trust.Statement[0].Condition.StringEquals['cognito-identity.amazonaws.com:aud']).toBe(
      'us-east-1:1111-2222',
    );
  });

  it('InvalidIdentityToken: remove guestRoleArn or allow the classic flow', () => {
    const p = explainVendingError(
      vending('STS', 'AssumeRoleWithWebIdentity', 'InvalidIdentityToken', 'not a valid JWT'),
      ctx,
    );
    expect(p.code).toBe('classic-flow-disabled');
    expect(p.message).toContain('remove guestRoleArn');
    expect(p.message).toContain(
      'update-identity-pool --identity-pool-id us-east-1:1111-2222 --identity-pool-name <its name> --allow-unauthenticated-identities --allow-classic-flow',
    );
  });

  it.each([
    [
      'Cognito',
      'GetCredentialsForIdentity',
      'InvalidIdentityPoolConfigurationException',
      'pool-role-config',
    ],
    ['Cognito', 'GetId', 'NotAuthorizedException', 'guest-access-disabled'],
    ['Cognito', 'GetId', 'ResourceNotFoundException', 'identity-pool-not-found'],
    ['Cognito', 'GetId', 'NetworkError', 'vending-network'],
    ['Cognito', 'GetId', 'InternalErrorException', 'vending-failed'],
  ])('%s %s %s → %s', (service, op, code, problem) => {
    expect(explainVendingError(vending(service, op, code), ctx).code).toBe(problem);
  });

  it('the policies are valid JSON', () => {
    expect(JSON.parse(putRumEventsPolicy('arn:x')).Statement[0].Resource).toBe('arn:x');
  });
});
