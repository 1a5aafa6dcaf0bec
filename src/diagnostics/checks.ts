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
