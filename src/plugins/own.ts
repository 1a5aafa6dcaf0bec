/**
 * What is the client's own, never recorded as the app's: one rule for the http telemetry
 * (fetch and XHR), resource timing and errors.
 */

/** The client's script files: cwr.js and the cwr-*.js chunks it loads beside itself. */
export const OWN_FILE = /\/cwr(-[a-z]+)?\.js(\?|#|$)/;

/** The client's AWS endpoints at their default hosts: PutRumEvents, Cognito Identity, STS. */
const AWS_OWN = /^https:\/\/(dataplane\.rum|cognito-identity|sts)\.[\w-]+\.amazonaws\.com(\.cn)?\//;

/**
 * Whether a URL is one of the client's own requests: PutRumEvents (under
 * `{endpoint}appmonitors/`), Cognito Identity and STS (the configured endpoints or the public
 * ones).
 */
export const ownRequest = (config: {
  endpointUrl: URL;
  cognitoEndpoint?: string;
  stsEndpoint?: string;
}): ((url: string) => boolean) => {
  const ep = config.endpointUrl;
  const rum = ep.origin + ep.pathname + 'appmonitors/';
  const auth = [config.cognitoEndpoint, config.stsEndpoint].map(
    (u) => u && new URL(u, location.href).href,
  );
  return (url) => AWS_OWN.test(url) || url.startsWith(rum) || auth.includes(url);
};
