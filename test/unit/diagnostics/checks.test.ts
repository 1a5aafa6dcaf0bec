import { resolveConfig } from '../../../src/boot/config';
import { checkConfig } from '../../../src/diagnostics/checks';

const codes = (region: string, config: object) =>
  checkConfig(
    region,
    resolveConfig(region, config, () => undefined),
  ).map((p) => p.code);

describe('checkConfig', () => {
  it('finds nothing wrong in a plain config', () => {
    expect(codes('us-west-2', { identityPoolId: 'us-west-2:1111' })).toEqual([]);
  });

  it('catches an endpoint in another region than the region argument, before any request', () => {
    const [p] = checkConfig(
      'us-east-1',
      resolveConfig(
        'us-east-1',
        { endpoint: 'https://dataplane.rum.us-west-2.amazonaws.com' },
        () => undefined,
      ),
    );
    expect(p.code).toBe('region-mismatch');
    expect(p.message).toContain(
      'config.endpoint is in us-west-2 but the region argument is us-east-1',
    );
    // A proxy endpoint says nothing about regions.
    expect(codes('us-east-1', { endpoint: 'https://rum-proxy.example.com/' })).toEqual([]);
  });

  it('catches X-Ray settings that cannot connect traces', () => {
    expect(codes('us-west-2', { enableXRay: true, telemetries: ['errors'] })).toEqual([
      'xray-without-http',
    ]);
    expect(codes('us-west-2', { enableXRay: true, telemetries: ['http'] })).toEqual([
      'xray-without-header',
    ]);
    expect(
      codes('us-west-2', {
        enableXRay: true,
        telemetries: [['http', { addXRayTraceIdHeader: true }]],
      }),
    ).toEqual([]);
  });

  it('notes a guestRoleArn without an identity pool', () => {
    expect(codes('us-west-2', { guestRoleArn: 'arn:aws:iam::123456789012:role/R' })).toEqual([
      'role-without-pool',
    ]);
  });

  it('notes an identity pool in another region than the app monitor’s, once', () => {
    expect(
      codes('us-west-2', {
        signing: true,
        identityPoolId: 'us-east-1:abcd',
        guestRoleArn: 'arn:aws:iam::123456789012:role/R',
      }),
    ).toEqual(['pool-region']);
  });
});
