// The CloudWatch RUM loader snippet: the exact function text sites paste today (so a
// site's existing CSP hash keeps matching), and a renderer for its arguments.
const crypto = require('crypto');

/** The snippet's function, character for character as published in the troubleshooting guide. */
const SNIPPET_FUNCTION =
  "(function(n,i,v,r,s,c,u,x,z){x=window.AwsRumClient={q:[],n:n,i:i,v:v,r:r,c:c,u:u};window[n]=function(c,p){x.q.push({c:c,p:p});};z=document.createElement('script');z.async=true;z.src=s;document.head.insertBefore(z,document.getElementsByTagName('script')[0]);})";

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** A JavaScript literal for a config value, in the snippet's compact style. */
const toLiteral = (v) => {
  if (v instanceof RegExp) return String(v);
  if (Array.isArray(v)) return `[${v.map(toLiteral).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${IDENT.test(k) ? k : toLiteral(k)}:${toLiteral(x)}`)
      .join(',')}}`;
  }
  if (typeof v === 'string') {
    return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/</g, '\\x3c')}'`;
  }
  return String(v);
};

/**
 * The snippet for an app monitor: the text to put inside a <script> element. With `configUrl`,
 * the 7th argument: where the client fetches `{ "clientConfig": { … } }` before it starts (the
 * inline config wins over it, key by key).
 * @param {{namespace?: string, appMonitorId: string, appVersion: string, region: string, clientUrl: string, config?: object, configUrl?: string}} o
 */
const renderSnippet = (o) =>
  `${SNIPPET_FUNCTION}(${[o.namespace || 'cwr', o.appMonitorId, o.appVersion, o.region, o.clientUrl]
    .map(toLiteral)
    .join(',')},${toLiteral(o.config || {})}${o.configUrl ? ',' + toLiteral(o.configUrl) : ''});`;

/** The CSP source for an inline script: 'sha256-…' of its exact text. */
const cspHash = (scriptText) =>
  `'sha256-${crypto.createHash('sha256').update(scriptText, 'utf8').digest('base64')}'`;

module.exports = { SNIPPET_FUNCTION, renderSnippet, toLiteral, cspHash };
