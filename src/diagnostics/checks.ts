import type { Config } from '../boot/config';

/** A reason events may not arrive, found by the client, with what to do about it. */
export interface Problem {
  code: string;
  message: string;
}

const HOST_REGION =
  /^(?:dataplane\.rum|cognito-identity|sts)\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const regionOf = (url: string | undefined): string | undefined => {
  try {
    return url ? HOST_REGION.exec(new URL(url).hostname)?.[1] : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Problems visible in the config alone, before any request: the ones the troubleshooting
 * guide would otherwise leave the site owner to find after events fail to arrive.
 */
export const checkConfig = (region: string, c: Config): Problem[] => {
  const problems: Problem[] = [];
  const add = (code: string, message: string) => problems.push({ code, message });
  const endpointRegion = regionOf(c.endpoint);
  if (endpointRegion && endpointRegion !== region) {
    add(
      'region-mismatch',
      `config.endpoint is in ${endpointRegion} but the region argument is ${region}: the service would refuse the signature (403). Use the app monitor's region for both.`,
    );
  }
  if (c.guestRoleArn && !c.identityPoolId) {
    add(
      'role-without-pool',
      'config.guestRoleArn is used only with config.identityPoolId; it is ignored.',
    );
  }
  const pool = c.identityPoolId;
  if (pool && !c.signing) {
    add(
      'pool-unused',
      "config.identityPoolId is not used: config.signing is false, so the client fetches no credentials and sends its requests unsigned (for a proxy that signs them). Leave out identityPoolId (and guestRoleArn), or set signing to true to sign with the pool's credentials.",
    );
  }
  const poolRegion = pool?.split(':')[0];
  if (pool && poolRegion !== region) {
    add(
      'pool-region',
      `config.identityPoolId is in ${poolRegion} but the region argument is ${region}. CloudWatch RUM creates an app monitor's identity pool in the app monitor's region, so this is usually a snippet copied from another app monitor: check that the pool is this app monitor's. (A pool in another region works only if its guest role may call rum:PutRumEvents on this app monitor.)`,
    );
  }
  if (c.enableXRay) {
    const http = c.telemetries.find(([name]) => name === 'http');
    if (!http) {
      add(
        'xray-without-http',
        "config.enableXRay needs the 'http' telemetry: add it to config.telemetries.",
      );
    } else if (!http[1].addXRayTraceIdHeader) {
      add(
        'xray-without-header',
        "config.enableXRay without the http telemetry's addXRayTraceIdHeader: the page's traces will not join your servers' traces. Set it to true or to a RegExp list of your API URLs (test first: the header can change CORS).",
      );
    }
  }
  return problems;
};
