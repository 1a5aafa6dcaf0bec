// What a Content-Security-Policy needs for the client: the snippet's hash and the client's
// origin in script-src, and every endpoint the client will call in connect-src.
const { cspHash, renderSnippet } = require('./index');

const origin = (url) => new URL(url).origin;
/** The source for where cwr.js (or the config) is served: its origin, or 'self' for a path on the page's site. */
const scriptSource = (url) =>
  /^(https?:)?\/\//i.test(url) ? new URL(url, 'https://placeholder.invalid').origin : "'self'";

/**
 * The snippet as a <script> element, its hash, and the CSP directives for a config.
 * The element's text ends with a newline, so its hash is also what the troubleshooting
 * guide's recipe gives for the snippet: echo "$SNIPPET" | openssl sha256 -binary | openssl base64
 * (echo adds that newline).
 * With `configUrl` (the snippet's 7th argument), its origin is in connect-src too.
 * @param {{namespace?: string, appMonitorId: string, appVersion: string, region: string, clientUrl: string, config?: Record<string, any>, configUrl?: string}} o
 */
const snippetWithCsp = (o) => {
  const snippet = renderSnippet(o);
  const text = snippet + '\n';
  const hash = cspHash(text);
  const c = o.config || {};
  const connect = [origin(c.endpoint || `https://dataplane.rum.${o.region}.amazonaws.com`)];
  if (c.identityPoolId && c.signing !== false) {
    const poolRegion = String(c.identityPoolId).split(':')[0];
    connect.push(
      origin(c.cognitoEndpoint || `https://cognito-identity.${poolRegion}.amazonaws.com`),
    );
    if (c.guestRoleArn)
      connect.push(origin(c.stsEndpoint || `https://sts.${o.region}.amazonaws.com`));
  }
  // (The remote config document: fetched from its URL, 'self' for a path on the page's site.)
  if (o.configUrl) connect.push(scriptSource(o.configUrl));
  const directives = {
    'script-src': [hash, scriptSource(o.clientUrl)],
    'connect-src': [...new Set(connect)],
  };
  return { snippet, scriptElement: `<script>${text}</script>`, hash, directives };
};

/** Directives as a policy string: "script-src …; connect-src …". */
const policyString = (directives) =>
  Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');

module.exports = { snippetWithCsp, policyString };
