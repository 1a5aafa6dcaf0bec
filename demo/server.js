'use strict';

// The demo site's own web server, started by `cloudwatch-rum-web start` beside the emulator:
// the pages under demo/site (each with the CloudWatch RUM snippet filled in), the built client
// from dist/cdn, and a small API the pages call so the http telemetry has something to record.
// It runs on a port of its own, so the pages' origin differs from the emulator's; the client's
// calls to the emulator are CORS requests: PutRumEvents, Cognito and STS are open to any
// origin, /_emulator/* to loopback origins like this one (see docs/emulator.md, Security model).

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const SITE = path.join(__dirname, 'site');
const CDN = path.join(__dirname, '..', 'dist', 'cdn');
const SNIPPET_MARK = '<!--CWR_SNIPPET-->';
// The header (brand, nav, status, viewer link) every page shares, kept once.
const HEADER_MARK = '<!--DEMO_HEADER-->';
const HEADER = fs.readFileSync(path.join(__dirname, 'partials', 'header.html'), 'utf8').trim();
/** Longest wait /api/slow agrees to, in milliseconds. */
const MAX_SLOW_MS = 10_000;

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

/** Clean page URLs → the file under demo/site that renders them. */
const PAGES = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/products': 'products.html',
  '/products.html': 'products.html',
  '/about': 'about.html',
  '/about.html': 'about.html',
};

/**
 * The client config every demo page installs: the emulator for everything AWS, credentials from
 * its Cognito identity pool (the enhanced flow) when there is one, every telemetry on.
 * @param {string} emulatorUrl
 * @param {{ appMonitors: {id: string, region: string, allowUnsigned?: boolean}[], identityPools?: {id: string, unauthRoleArn?: string}[] }} options
 */
function clientConfig(emulatorUrl, options) {
  const monitor = options.appMonitors[0];
  const pool = (options.identityPools ?? []).find((p) => p.unauthRoleArn);
  return {
    endpoint: emulatorUrl,
    ...(monitor.allowUnsigned
      ? { signing: false }
      : pool
        ? { identityPoolId: pool.id, cognitoEndpoint: emulatorUrl, stsEndpoint: emulatorUrl }
        : {}),
    sessionSampleRate: 1,
    allowCookies: true,
    dispatchInterval: 2000,
    enableXRay: true,
    telemetries: [
      'errors',
      [
        'performance',
        {
          // The page's own calls to the emulator are not the app's resources (nor are data: and
          // blob: URLs, which the default skips too).
          ignore: (entry) => !/^https?:/.test(entry.name) || entry.name.indexOf('/_emulator/') > -1,
        },
      ],
      [
        'http',
        {
          recordAllRequests: true,
          // Only our own API gets the X-Ray header: a header on a cross-origin call would need
          // the other side's CORS consent.
          addXRayTraceIdHeader: [/\/api\/traced/],
          // The page's own calls to the emulator (its event count, diagnostics) are not the app's.
          urlsToExclude: [/\/_emulator\//],
        },
      ],
      ['interaction', { events: [{ event: 'click', cssLocator: 'button, a' }] }],
    ],
  };
}

/**
 * What replaces <!--CWR_SNIPPET--> in every page: the snippet (the emulator's first app monitor,
 * client from /cwr.js), the demo's settings for its own script, and, with neither a pool nor
 * unsigned requests, the emulator's static access key.
 */
function headScripts(emulatorUrl, options) {
  const { renderSnippet } = require('../snippet');
  const monitor = options.appMonitors[0];
  const pool = (options.identityPools ?? []).find((p) => p.unauthRoleArn);
  const key = options.credentials && options.credentials[0];
  const snippet = renderSnippet({
    appMonitorId: monitor.id,
    appVersion: '1.0.0',
    region: monitor.region,
    clientUrl: '/cwr.js',
    config: clientConfig(emulatorUrl, options),
  });
  const credentials =
    monitor.allowUnsigned || pool || !key
      ? ''
      : `\ncwr('setAwsCredentials', ${JSON.stringify({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey })});`;
  const settings = JSON.stringify({ emulator: emulatorUrl, appMonitorId: monitor.id }).replace(
    /</g,
    '\\u003c',
  );
  // Consent given or withheld on an earlier page holds from this page's first event.
  const consent =
    "\ntry { if (localStorage.getItem('cwr-demo-consent') === 'off') cwr('disable'); } catch (e) {}";
  return (
    `<script>window.CWR_DEMO = ${settings};</script>\n` +
    `    <script>${snippet}${credentials}${consent}\n</script>`
  );
}

/**
 * Start the demo site.
 * @param {{ host?: string, port?: number, emulatorUrl: string, options: object }} o
 *   `options` are the emulator's (app monitors, credentials, identity pools).
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
async function startDemoServer({ host = '127.0.0.1', port = 0, emulatorUrl, options }) {
  const head = headScripts(emulatorUrl, options);
  const server = http.createServer((request, response) => {
    handle(request, response, head).catch((error) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`The demo server failed: ${error && error.message}`);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const shown = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : host;
  const url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${address.port}`;
  return {
    url,
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One request: the API, a page, a file of the site, or the client's bundles. */
async function handle(request, response, head) {
  const url = new URL(request.url ?? '/', 'http://demo.invalid');
  const pathname = url.pathname;
  if (pathname.startsWith('/api/')) return api(request, response, url);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(response, 405, 'text/plain; charset=utf-8', 'Only GET and HEAD here.');
  }
  const page =
    PAGES[pathname] ??
    (pathname === '/app' || (pathname.startsWith('/app/') && !path.extname(pathname))
      ? 'app/index.html'
      : undefined);
  if (page) {
    if (pathname === '/app') return redirect(response, '/app/');
    const html = await fs.promises.readFile(path.join(SITE, page), 'utf8');
    return send(
      response,
      200,
      CONTENT_TYPES['.html'],
      html.replace(SNIPPET_MARK, head).replace(HEADER_MARK, HEADER),
      request,
    );
  }
  const file = /^\/cwr(-[a-z]+)?\.js(\.map)?$/.test(pathname)
    ? path.join(CDN, pathname.slice(1))
    : inside(SITE, pathname);
  const body = file && (await fs.promises.readFile(file).catch(() => undefined));
  if (!body || path.extname(file) === '.html') {
    return send(response, 404, 'text/plain; charset=utf-8', `Not found: ${pathname}`, request);
  }
  const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
  return send(response, 200, type, body, request);
}

/** The file under root for a URL path, or undefined when the path would leave root. */
function inside(root, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = path.resolve(root, '.' + decoded);
  return file.startsWith(root + path.sep) ? file : undefined;
}

/**
 * The demo's API: /api/ok (200), /api/fail (500), /api/missing (404), /api/slow?ms=N (200 after
 * N ms, default 1500), /api/traced (200, says whether an X-Ray trace header came with it).
 */
async function api(request, response, url) {
  const json = (status, value) =>
    send(response, status, 'application/json; charset=utf-8', JSON.stringify(value), request);
  switch (url.pathname) {
    case '/api/ok':
      return json(200, { ok: true, at: new Date().toISOString() });
    case '/api/fail':
      return json(500, { message: 'The demo API fails on purpose.' });
    case '/api/missing':
      return json(404, { message: 'Nothing here, on purpose.' });
    case '/api/slow': {
      const asked = Number(url.searchParams.get('ms') ?? 1500);
      const ms = Number.isFinite(asked) ? Math.min(Math.max(asked, 0), MAX_SLOW_MS) : 1500;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return json(200, { ok: true, waitedMs: ms });
    }
    case '/api/traced': {
      const header = request.headers['x-amzn-trace-id'];
      const traceparent = request.headers.traceparent;
      return json(200, {
        traceHeader: typeof header === 'string',
        'x-amzn-trace-id': header ?? null,
        traceparent: traceparent ?? null,
      });
    }
    default:
      return json(404, { message: `No demo API at ${url.pathname}.` });
  }
}

function redirect(response, location) {
  response.writeHead(302, { location });
  response.end();
}

function send(response, status, type, body, request) {
  response.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(request && request.method === 'HEAD' ? undefined : body);
}

module.exports = { startDemoServer, clientConfig, headScripts };
