#!/usr/bin/env node
'use strict';

// The cloudwatch-rum-web command line. Subcommands live in the `commands` map below; each is
// `(argv, io) => Promise<number | undefined>` (an exit code, or undefined while it keeps running).

const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');

const DEMO = Object.freeze({
  appMonitorId: '00000000-0000-0000-0000-000000000001',
  region: 'us-west-2',
  accessKeyId: 'AKIDEMULATOR00000001',
  secretAccessKey: 'emulator-secret-do-not-use-in-prod',
  identityPoolId: 'us-west-2:00000000-0000-0000-0000-0000000000aa',
  guestRoleArn: 'arn:aws:iam::000000000000:role/RUM-Emulator-Unauth',
});
const DEFAULT_PORT = 4700;
/** Where the snippet loads cwr.js from by default: the page's own site, dist/cdn/ at its root. */
const DEFAULT_CLIENT_URL = '/cwr.js';
const DEFAULT_DATA_FILE = path.join('.rum-emulator', 'events.jsonl');
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** Cognito's IdentityPoolId pattern, `REGION:GUID`. */
const POOL_ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/;
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@/-]*\/)?[\w+=,.@-]{1,64}$/;
/** `--identity-pool ID:FLAG` flags → IdentityPoolConfig fields. */
const POOL_FLAGS = {
  'classic-off': { allowClassicFlow: false },
  'classic-off-cognito': { allowClassicFlow: false, classicFlowFailure: 'cognito' },
  'no-unauth': { allowUnauthenticated: false },
};

/** A mistake in how the command was called: print the message, exit 2. */
class UsageError extends Error {}

/** The emulator's flags, in node:util parseArgs form; merge into another command's flags to reuse. */
const EMULATOR_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'app-monitor': { type: 'string', multiple: true },
  credentials: { type: 'string', multiple: true },
  data: { type: 'string' },
  'data-file': { type: 'string' },
  'no-data-file': { type: 'boolean' },
  static: { type: 'string' },
  'identity-pool': { type: 'string', multiple: true },
  role: { type: 'string', multiple: true },
  'allow-origin': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
};

const EMULATOR_HELP = `Usage: cloudwatch-rum-web emulator [options]

Run a local CloudWatch RUM data plane (PutRumEvents) that checks SigV4 signatures and event
schemas the way the service does, and keeps what it accepts; on the same port, the Cognito
Identity and STS calls that hand a page anonymous credentials.

Options:
  --port N                        TCP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host HOST                     interface to listen on (default 127.0.0.1)
  --app-monitor ID:REGION[:unsigned]
                                  an app monitor; repeatable. ':unsigned' accepts requests
                                  without a signature (default: ${DEMO.appMonitorId}:${DEMO.region})
  --credentials AKID:SECRET       an access key that may sign; repeatable
                                  (default: ${DEMO.accessKeyId}:${DEMO.secretAccessKey})
  --data PATH                     keep what arrives in this file (events, request
                                  records, client diagnostics, as JSON lines) and load
                                  it again at start (default ${DEFAULT_DATA_FILE});
                                  --data-file PATH is the same
  --no-data-file                  keep everything in memory only
  --static DIR                    also serve the files under DIR (e.g. a demo page)
  --allow-origin ORIGIN           let pages of ORIGIN (https://host[:port]) use the control
                                  and inspection routes (/_emulator/*) and Chrome's private
                                  network access; repeatable. '*' opens them to every page.
                                  Default: loopback pages and callers without an Origin only
  --identity-pool ID[:FLAG...]    a Cognito identity pool (REGION:GUID); repeatable. Flags:
                                  classic-off (basic flow off; STS refuses its tokens),
                                  classic-off-cognito (GetOpenIdToken itself refuses),
                                  no-unauth (no unauthenticated identities)
  --role ARN:POOL_ID:APP_MONITOR[,APP_MONITOR...]
                                  an IAM role trusting POOL_ID's unauthenticated identities,
                                  allowed to PutRumEvents to those app monitors (ids or names;
                                  '*' = all); repeatable. The first role naming a pool is that
                                  pool's unauthenticated role (the enhanced flow's).
                                  Default, when neither flag is given: pool
                                  ${DEMO.identityPoolId} with role
                                  ${DEMO.guestRoleArn}, allowed on every app monitor
  -h, --help                      show this help

Open http://HOST:PORT/_emulator/ for the viewer: sessions, their events, errors, HTTP calls,
web vitals, each request's signature check and the client's diagnostics, updated live.
`;

/**
 * Parse flags with node:util parseArgs; unknown flags and bad values become UsageErrors.
 * @param {string[]} argv
 * @param {Record<string, {type: 'string' | 'boolean', multiple?: boolean, short?: string}>} flags
 */
function parseFlags(argv, flags) {
  try {
    return util.parseArgs({ args: argv, options: flags, strict: true, allowPositionals: false })
      .values;
  } catch (error) {
    throw new UsageError(error.message);
  }
}

/**
 * Turn parsed emulator flags into options for startEmulator(), with the CLI's defaults.
 * @param {Record<string, unknown>} values as returned by parseFlags(argv, EMULATOR_FLAGS)
 */
function emulatorOptionsFrom(values) {
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535; got '${values.port}'.`);
  }
  const appMonitors = (values['app-monitor'] ?? [`${DEMO.appMonitorId}:${DEMO.region}`]).map(
    parseAppMonitor,
  );
  const credentials = (values.credentials ?? [`${DEMO.accessKeyId}:${DEMO.secretAccessKey}`]).map(
    parseCredential,
  );
  if (values.data !== undefined && values['data-file'] !== undefined) {
    throw new UsageError('--data and --data-file are the same flag; give one.');
  }
  const dataFile = values.data ?? values['data-file'];
  if (values['no-data-file'] && dataFile !== undefined) {
    throw new UsageError('Use either --data or --no-data-file, not both.');
  }
  const { identityPools, roles } = vendingFrom(values, appMonitors);
  const options = {
    port,
    host: values.host ?? '127.0.0.1',
    appMonitors,
    credentials,
    identityPools,
    roles,
    dataFile: values['no-data-file'] ? false : path.resolve(dataFile ?? DEFAULT_DATA_FILE),
  };
  if (values['allow-origin'] !== undefined) {
    options.allowOrigins = values['allow-origin'].map(parseAllowOrigin);
  }
  if (values.static !== undefined) {
    const dir = path.resolve(values.static);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new UsageError(`--static: '${values.static}' is not a directory.`);
    }
    options.staticDir = dir;
  }
  return options;
}

/** `ID:REGION[:unsigned]` → AppMonitorConfig */
function parseAppMonitor(text) {
  const [id, region, flag, ...rest] = text.split(':');
  if (!id || !region || rest.length > 0 || (flag !== undefined && flag !== 'unsigned')) {
    throw new UsageError(
      `--app-monitor must look like ID:REGION or ID:REGION:unsigned; got '${text}'.`,
    );
  }
  if (!REGION_PATTERN.test(region)) {
    throw new UsageError(
      `--app-monitor '${text}': '${region}' is not a region name like us-west-2.`,
    );
  }
  return flag === 'unsigned' ? { id, region, allowUnsigned: true } : { id, region };
}

/**
 * Identity pools and roles from `--identity-pool` and `--role`; with neither, the demo pool and
 * a role that trusts it and may write to every app monitor.
 */
function vendingFrom(values, appMonitors) {
  if (values['identity-pool'] === undefined && values.role === undefined) {
    return {
      identityPools: [{ id: DEMO.identityPoolId, unauthRoleArn: DEMO.guestRoleArn }],
      roles: [
        {
          arn: DEMO.guestRoleArn,
          trust: { identityPoolId: DEMO.identityPoolId },
          appMonitors: appMonitors.map((m) => m.id),
        },
      ],
    };
  }
  const roles = (values.role ?? []).map(parseRole);
  const identityPools = (values['identity-pool'] ?? []).map(parseIdentityPool);
  for (const role of roles) {
    if (!identityPools.some((p) => p.id === role.trust.identityPoolId)) {
      identityPools.push({ id: role.trust.identityPoolId });
    }
  }
  for (const pool of identityPools) {
    const role = roles.find((r) => r.trust.identityPoolId === pool.id);
    if (role) pool.unauthRoleArn = role.arn;
  }
  return { identityPools, roles };
}

/** `REGION:GUID[:FLAG...]` → IdentityPoolConfig */
function parseIdentityPool(text) {
  const [region, guid, ...flags] = text.split(':');
  const id = `${region}:${guid}`;
  if (!region || !guid || !POOL_ID_PATTERN.test(id) || !REGION_PATTERN.test(region)) {
    throw new UsageError(
      `--identity-pool must look like REGION:GUID[:FLAG], e.g. ${DEMO.identityPoolId}; got '${text}'.`,
    );
  }
  const pool = { id };
  for (const flag of flags) {
    if (!Object.prototype.hasOwnProperty.call(POOL_FLAGS, flag)) {
      throw new UsageError(
        `--identity-pool '${text}': unknown flag '${flag}'; use ${Object.keys(POOL_FLAGS).join(', ')}.`,
      );
    }
    Object.assign(pool, POOL_FLAGS[flag]);
  }
  return pool;
}

/** `arn:aws:iam::ACCOUNT:role/NAME:REGION:GUID:MONITOR[,MONITOR...]` → RoleConfig */
function parseRole(text) {
  const parts = text.split(':');
  const arn = parts.slice(0, 6).join(':');
  const poolId = parts.slice(6, 8).join(':');
  const monitors = parts.slice(8).join(':').split(',').filter(Boolean);
  const shape = `ARN:POOL_ID:APP_MONITOR[,APP_MONITOR...], e.g. ${DEMO.guestRoleArn}:${DEMO.identityPoolId}:${DEMO.appMonitorId}`;
  if (parts.length < 9 || monitors.length === 0) {
    throw new UsageError(`--role must look like ${shape}; got '${text}'.`);
  }
  if (!ROLE_ARN_PATTERN.test(arn)) {
    throw new UsageError(
      `--role '${text}': '${arn}' is not a role ARN like arn:aws:iam::000000000000:role/Name.`,
    );
  }
  if (!POOL_ID_PATTERN.test(poolId) || !REGION_PATTERN.test(parts[6])) {
    throw new UsageError(`--role '${text}': '${poolId}' is not an identity pool id (REGION:GUID).`);
  }
  return { arn, trust: { identityPoolId: poolId }, appMonitors: monitors };
}

/** `AKID:SECRET` → StaticCredential (the secret may itself contain ':'). */
function parseCredential(text) {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new UsageError(`--credentials must look like ACCESS_KEY_ID:SECRET; got '${text}'.`);
  }
  return { accessKeyId: text.slice(0, colon), secretAccessKey: text.slice(colon + 1) };
}

/**
 * `--allow-origin ORIGIN`: '*' or an origin as a page's Origin header has it.
 * @param {string} text
 */
function parseAllowOrigin(text) {
  if (text === '*') return text;
  let url;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.origin !== text.replace(/\/$/, '')) {
    throw new UsageError(
      `--allow-origin: '${text}' is not an origin; give scheme://host[:port] ` +
        "(e.g. https://staging.example.com), or '*' for every page.",
    );
  }
  return url.origin;
}

/** Parse `cloudwatch-rum-web emulator` arguments into { help } or { options }. */
function parseEmulatorArgs(argv) {
  const values = parseFlags(argv, EMULATOR_FLAGS);
  if (values.help) return { help: true };
  return { help: false, options: emulatorOptionsFrom(values) };
}

/** The compiled emulator (dist/emulator), or a UsageError saying how to build it. */
function loadEmulator() {
  const entry = path.join(__dirname, '..', 'dist', 'emulator', 'index.js');
  if (!fs.existsSync(entry)) {
    throw new UsageError(
      `The emulator is not built yet (${path.relative(process.cwd(), entry)} is missing).\n` +
        'Run `npm run build` first, then try again.',
    );
  }
  return require(entry);
}

/** What to print once the emulator listens. */
function banner(emulator, options) {
  const monitors = options.appMonitors.map(
    (m) =>
      `  ${m.id}  ${m.region}  ${m.allowUnsigned ? 'unsigned requests accepted' : 'SigV4 signing required'}`,
  );
  const keys = options.credentials.map((c) => `  ${c.accessKeyId}  secret: ${c.secretAccessKey}`);
  const first = options.appMonitors[0];
  const key = options.credentials[0];
  const signing = first.allowUnsigned ? '\n    signing: false,' : '';
  const identityPools = options.identityPools ?? [];
  const roles = options.roles ?? [];
  const pools = identityPools.map((p) => {
    const notes = [
      p.unauthRoleArn ? `unauth role ${p.unauthRoleArn}` : 'no unauth role (enhanced flow fails)',
      p.allowClassicFlow === false
        ? `basic flow off (${p.classicFlowFailure === 'cognito' ? 'GetOpenIdToken' : 'STS'} refuses)`
        : undefined,
      p.allowUnauthenticated === false ? 'no unauthenticated access' : undefined,
    ];
    return `  ${p.id}  ${notes.filter(Boolean).join(', ')}`;
  });
  const roleLines = roles.map(
    (r) =>
      `  ${r.arn}  trusts ${r.trust && r.trust.identityPoolId ? r.trust.identityPoolId : 'no pool'}` +
      `  may write to ${r.appMonitors && r.appMonitors.length ? r.appMonitors.join(', ') : 'nothing'}`,
  );
  const pool = identityPools.find((p) => p.unauthRoleArn) ?? identityPools[0];
  const guestRole =
    pool &&
    (pool.unauthRoleArn ?? roles.find((r) => r.trust && r.trust.identityPoolId === pool.id)?.arn);
  const cognitoConfig = pool
    ? [
        '',
        'Or let the client get anonymous credentials from the emulated Cognito and STS:',
        `  new AwsRum('${first.id}', '1.0.0', '${first.region}', {`,
        `    endpoint: '${emulator.url}',`,
        `    identityPoolId: '${pool.id}',`,
        guestRole
          ? `    guestRoleArn: '${guestRole}', // basic flow; leave it out for the enhanced flow`
          : undefined,
        `    cognitoEndpoint: '${emulator.url}',`,
        `    stsEndpoint: '${emulator.url}',`,
        '  });',
      ]
    : [];
  return [
    `CloudWatch RUM emulator listening on ${emulator.url}`,
    '',
    'App monitors:',
    ...monitors,
    'Access keys:',
    ...keys,
    ...(pools.length ? ['Identity pools (Cognito, unauthenticated):', ...pools] : []),
    ...(roleLines.length ? ['Roles:', ...roleLines] : []),
    options.dataFile
      ? `Accepted events are appended to ${options.dataFile}`
      : 'Events kept in memory only',
    options.staticDir ? `Serving files from ${options.staticDir}` : undefined,
    `Viewer:  ${emulator.url}/_emulator/   (sessions, events, errors, requests, web vitals)`,
    `Inspect: ${emulator.url}/_emulator/events  ${emulator.url}/_emulator/requests`,
    '',
    'Point the web client at it:',
    `  const rum = new AwsRum('${first.id}', '1.0.0', '${first.region}', {`,
    `    endpoint: '${emulator.url}',${signing}`,
    '  });',
    first.allowUnsigned
      ? undefined
      : `  rum.setAwsCredentials({ accessKeyId: '${key.accessKeyId}', secretAccessKey: '${key.secretAccessKey}' });`,
    first.allowUnsigned
      ? undefined
      : `  (with the snippet: cwr('setAwsCredentials', { accessKeyId: '${key.accessKeyId}', secretAccessKey: '${key.secretAccessKey}' }))`,
    ...cognitoConfig,
    '',
    'Press Ctrl+C to stop.',
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}

const defaultIo = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  loadEmulator,
};

/**
 * Start the emulator from command-line arguments and print the banner; resolves to
 * { emulator, options }, or to undefined when only help was asked for.
 */
async function startEmulatorFromArgs(argv, io = defaultIo, { banner: printBanner = true } = {}) {
  const parsed = parseEmulatorArgs(argv);
  if (parsed.help) {
    io.out(EMULATOR_HELP);
    return undefined;
  }
  const { startEmulator } = io.loadEmulator();
  const clock = () => new Date().toISOString().slice(11, 19);
  let emulator;
  try {
    emulator = await startEmulator({
      ...parsed.options,
      log: (line) => io.out(`[${clock()}] ${line}`),
    });
  } catch (error) {
    if (error && error.code === 'EADDRINUSE') {
      throw new UsageError(
        `Port ${parsed.options.port} is already in use on ${parsed.options.host}; choose another with --port.`,
      );
    }
    throw error;
  }
  if (printBanner) io.out(banner(emulator, parsed.options));
  return { emulator, options: parsed.options };
}

/** `cloudwatch-rum-web emulator`: run until Ctrl+C (SIGINT) or SIGTERM. */
async function runEmulator(argv, io = defaultIo) {
  const started = await startEmulatorFromArgs(argv, io);
  if (!started) return 0;
  runEmulator.last = started;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    io.out('\nStopping the emulator.');
    started.emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
}

const START_HELP = `Usage: cloudwatch-rum-web start [--demo-port N] [emulator options]

Start the emulator (RUM data plane, Cognito Identity, STS, and its viewer at /_emulator/) and,
beside it, a demo site monitored by the client: a few pages and a single-page app that install
cwr.js with the CloudWatch RUM snippet, with buttons that throw errors, call a small API, load
images and record custom events. Open the printed demo URL, click around, then open the viewer.

Options:
  --demo-port N    the demo site's port (default: the emulator's port + 1, or a free port when
                   that one is taken; 0 picks a free one)
  and every option of 'cloudwatch-rum-web emulator' (see 'cloudwatch-rum-web emulator --help').`;

/** Takes `--demo-port N` (or `--demo-port=N`) out of argv; the rest are the emulator's. */
function takeDemoPort(argv) {
  const rest = [];
  let demoPort;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value;
    if (arg === '--demo-port') {
      value = argv[++i];
    } else if (arg.startsWith('--demo-port=')) {
      value = arg.slice('--demo-port='.length);
    } else {
      rest.push(arg);
      continue;
    }
    const port = Number(value);
    if (
      value === undefined ||
      value === '' ||
      !Number.isInteger(port) ||
      port < 0 ||
      port > 65535
    ) {
      throw new UsageError(
        `--demo-port must be a whole number from 0 to 65535; got '${value ?? ''}'.`,
      );
    }
    demoPort = port;
  }
  return { demoPort, rest };
}

/**
 * What `start` runs, without the printing of its summary or the signal handling: the emulator
 * (its banner goes to io) and the demo site on a port of its own. Tests call this too.
 * Resolves to { emulator, options, demo: { url, port, close }, close() }.
 */
async function startDemo(argv, io = defaultIo) {
  const { demoPort, rest } = takeDemoPort(argv);
  if (!fs.existsSync(path.join(__dirname, '..', 'dist', 'cdn', 'cwr.js'))) {
    throw new UsageError(
      'The client is not built yet (dist/cdn/cwr.js is missing). Run `npm run build` first.',
    );
  }
  // Not the emulator's banner (its app monitors, keys and how to point a client at it): start
  // ends with a short summary instead. The request log still goes to io.
  const started = await startEmulatorFromArgs(rest, io, { banner: false });
  if (!started) throw new UsageError('start: --help is answered by runStart.');
  const { emulator, options } = started;
  const { startDemoServer } = require('../demo/server');
  const host = options.host;
  const serve = (port) => startDemoServer({ host, port, emulatorUrl: emulator.url, options });
  let demo;
  try {
    if (demoPort !== undefined) {
      demo = await serve(demoPort).catch((error) => {
        if (error && error.code === 'EADDRINUSE') {
          throw new UsageError(
            `Port ${demoPort} is already in use on ${host}; choose another with --demo-port.`,
          );
        }
        throw error;
      });
    } else {
      // Next to the emulator's port when it has a fixed one; any free port otherwise.
      const next = options.port > 0 && options.port < 65535 ? emulator.port + 1 : 0;
      demo = await serve(next).catch((error) => {
        if (next !== 0 && error && error.code === 'EADDRINUSE') return serve(0);
        throw error;
      });
    }
  } catch (error) {
    await emulator.close();
    throw error;
  }
  // The viewer's empty state links to it.
  emulator.setDemoUrl(`${demo.url}/`);
  return {
    emulator,
    options,
    demo,
    close: () => Promise.all([demo.close(), emulator.close()]).then(() => undefined),
  };
}

/** The lines `start` ends with: where everything is. */
function startSummary({ emulator, options, demo }) {
  return [
    '',
    `Demo site:  ${demo.url}/   <- open this, click the buttons, visit the pages and /app/`,
    `Viewer:     ${emulator.url}/_emulator/   <- sessions, errors, requests, web vitals`,
    `Emulator:   ${emulator.url}   (RUM, Cognito and STS endpoint)`,
    `Data file:  ${options.dataFile ? options.dataFile : 'none (events kept in memory only)'}`,
    '',
    'Your own app against the emulator: see docs/emulator.md, "Point a real app at it during',
    'development"; the demo\'s app monitor, access key and identity pool are in',
    "'npx cloudwatch-rum-web emulator --help'.",
    'Press Ctrl+C to stop.',
  ].join('\n');
}

/** `cloudwatch-rum-web start` (npm start): the emulator plus a demo site it monitors. */
async function runStart(argv, io = defaultIo) {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(START_HELP);
    return 0;
  }
  const started = await startDemo(argv, io);
  runStart.last = started;
  io.out(startSummary(started));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    io.out('\nStopping the demo site and the emulator.');
    started.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
}

/** Subcommand name → handler. */
const SNIPPET_HELP = `Usage: cloudwatch-rum-web snippet --app-monitor-id ID --region REGION [options]

Print the CloudWatch RUM loader snippet for an app monitor, the CSP hash of the script
element that holds it, and the Content-Security-Policy directives the client needs.

Options:
  --app-monitor-id ID     the app monitor's id (a UUID)
  --region REGION         the app monitor's region, e.g. us-west-2
  --app-version V         your application's version (default 1.0.0)
  --client-url URL        where you serve cwr.js, with the other files of dist/cdn/
                          beside it: a path on your site or an http(s) URL
                          (default ${DEFAULT_CLIENT_URL})
  --config FILE           the client config as a JSON file
  --config-json JSON      the client config as JSON text
  --config-url URL        where the client fetches more config before it starts: a
                          { "clientConfig": { … } } document (the snippet's 7th
                          argument; the snippet's own config wins over it, key by key)
  --namespace NAME        the global command function (default cwr)
  --json                  print everything as one JSON object
  -h, --help              show this help`;

const SNIPPET_FLAGS = {
  'app-monitor-id': { type: 'string' },
  region: { type: 'string' },
  'app-version': { type: 'string' },
  'client-url': { type: 'string' },
  config: { type: 'string' },
  'config-json': { type: 'string' },
  'config-url': { type: 'string' },
  namespace: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/** The client config from --config FILE or --config-json TEXT ({} without either). */
function readConfig(v) {
  if (v.config !== undefined && v['config-json'] !== undefined) {
    throw new UsageError('Give the config with --config FILE or --config-json JSON, not both.');
  }
  let text = v['config-json'];
  const source = text === undefined ? `--config ${v.config}` : '--config-json';
  if (v.config !== undefined) {
    try {
      text = fs.readFileSync(v.config, 'utf8');
    } catch (e) {
      throw new UsageError(
        e && e.code === 'ENOENT'
          ? `--config ${v.config}: there is no such file (looked in ${path.resolve(v.config)}).`
          : `--config ${v.config}: the file cannot be read (${e.message}).`,
      );
    }
  }
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${source} is not valid JSON: ${e.message}.`);
  }
}

/** --app-monitor-id and --region, both required: a UsageError naming what is missing. */
function requireAppMonitor(v, command) {
  const missing = ['app-monitor-id', 'region'].filter((f) => v[f] === undefined);
  if (missing.length) {
    throw new UsageError(
      `${command} needs ${missing.map((f) => `--${f}`).join(' and ')}: the app monitor's id and region, as in the snippet or new AwsRum(id, version, region, config).\n` +
        `Usage: cloudwatch-rum-web ${command} --app-monitor-id ID --region REGION …  (--help for more)`,
    );
  }
}

/** An http(s) URL, protocol-relative or not, or a path (absolute or relative to the page). */
function isScriptUrl(text) {
  if (!text || /\s/.test(text)) return false;
  try {
    return /^https?:$/.test(new URL(text, 'https://page.invalid/dir/').protocol);
  } catch {
    return false;
  }
}

/** `cloudwatch-rum-web snippet`: the snippet, its CSP hash and the CSP directives. */
async function runSnippet(argv, io = defaultIo) {
  const v = parseFlags(argv, SNIPPET_FLAGS);
  if (v.help) {
    io.out(SNIPPET_HELP);
    return 0;
  }
  requireAppMonitor(v, 'snippet');
  const id = v['app-monitor-id'];
  if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new UsageError(
      `--app-monitor-id must be the app monitor's id, a UUID; got '${id ?? ''}'.`,
    );
  }
  if (!v.region || !REGION_PATTERN.test(v.region)) {
    throw new UsageError(`--region must be a region name like us-west-2; got '${v.region ?? ''}'.`);
  }
  const config = readConfig(v);
  const clientUrl = v['client-url'] ?? DEFAULT_CLIENT_URL;
  if (!isScriptUrl(clientUrl)) {
    throw new UsageError(
      `--client-url must be where cwr.js is served: a path such as /cwr.js or an http(s) URL; got '${clientUrl}'.`,
    );
  }
  const configUrl = v['config-url'];
  if (configUrl !== undefined && !isScriptUrl(configUrl)) {
    throw new UsageError(
      `--config-url must be where the config document is served: a path such as /rum-config.json or an http(s) URL; got '${configUrl}'.`,
    );
  }
  const { snippetWithCsp, policyString } = require('../snippet/csp');
  const r = snippetWithCsp({
    namespace: v.namespace,
    appMonitorId: id,
    appVersion: v['app-version'] ?? '1.0.0',
    region: v.region,
    clientUrl,
    config,
    configUrl,
  });
  if (v.json) {
    io.out(JSON.stringify({ ...r, policy: policyString(r.directives) }, null, 2));
    return 0;
  }
  io.out(
    [
      'Paste this into the <head> of every page, exactly as it is (the hash covers every character,',
      'including the line break before </script>):',
      '',
      r.scriptElement,
      '',
      `CSP hash of that script: ${r.hash}`,
      '(the same as the guide\'s recipe: echo "$SNIPPET" | openssl sha256 -binary | openssl base64)',
      '',
      'Content-Security-Policy directives to add:',
      ...Object.entries(r.directives).map(([name, values]) => `  ${name} ${values.join(' ')}`),
    ].join('\n'),
  );
  return 0;
}

const DOCTOR_HELP = `Usage: cloudwatch-rum-web doctor --app-monitor-id ID --region REGION [--config FILE | --config-json JSON] [--remote-config FILE]

Check a client config offline: every warning the client would print at start (bad values,
unknown options, an endpoint in another region, X-Ray settings that cannot connect traces, …).
With --remote-config, FILE is the document served at the snippet's config URL
({ "clientConfig": { … } }): its shape is checked, and then the config the client would
run with (the document's clientConfig, with --config over it, key by key).
Exit code 0 when there is nothing to say, 1 when there is.`;

const DOCTOR_FLAGS = {
  'app-monitor-id': { type: 'string' },
  region: { type: 'string' },
  config: { type: 'string' },
  'config-json': { type: 'string' },
  'remote-config': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/**
 * --remote-config FILE: the document at the snippet's config URL, as the client reads it.
 * Returns its clientConfig, or a finding that says why the client would not use it.
 */
function readRemoteConfig(file) {
  const source = `--remote-config ${file}`;
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(
      e && e.code === 'ENOENT'
        ? `${source}: there is no such file (looked in ${path.resolve(file)}).`
        : `${source}: the file cannot be read (${e.message}).`,
    );
  }
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { finding: `${source} is not JSON (${e.message}), so the client would not use it.` };
  }
  const own =
    doc && typeof doc === 'object' && Object.prototype.hasOwnProperty.call(doc, 'clientConfig');
  const x = own ? doc.clientConfig : undefined;
  if (!x || typeof x !== 'object' || Array.isArray(x)) {
    const what = !own
      ? 'has no "clientConfig" object'
      : `has a "clientConfig" that is ${x === null ? 'null' : Array.isArray(x) ? 'an array' : 'a ' + typeof x}, not an object`;
    return {
      finding: `${source} ${what}, so the client would not use it: it must look like { "clientConfig": { "sessionSampleRate": 1, … } }.`,
    };
  }
  return { clientConfig: x };
}

/** `cloudwatch-rum-web doctor`: lint a config offline with the client's own checks. */
async function runDoctor(argv, io = defaultIo) {
  const v = parseFlags(argv, DOCTOR_FLAGS);
  if (v.help) {
    io.out(DOCTOR_HELP);
    return 0;
  }
  const entry = path.join(__dirname, '..', 'dist', 'doctor.cjs');
  if (!fs.existsSync(entry)) {
    throw new UsageError(
      'The client is not built yet (dist/doctor.cjs is missing). Run `npm run build` first.',
    );
  }
  requireAppMonitor(v, 'doctor');
  let config = readConfig(v);
  const remote = v['remote-config'] === undefined ? {} : readRemoteConfig(v['remote-config']);
  if (remote.clientConfig) config = { ...remote.clientConfig, ...config };
  const findings = require(entry).lintConfig(v['app-monitor-id'], v.region, config);
  if (remote.finding) findings.unshift({ level: 'error', message: remote.finding });
  if (!findings.length) {
    io.out('No problems found in this config.');
    return 0;
  }
  const label = { error: 'error', warn: 'warning', info: 'note' };
  for (const f of findings) io.out(`${label[f.level]}: ${f.message}`);
  return 1;
}

/** Subcommand name → handler. */
const commands = {
  doctor: runDoctor,
  emulator: runEmulator,
  snippet: runSnippet,
  start: runStart,
};

function usage() {
  return `Usage: cloudwatch-rum-web <command> [options]

Commands:
  start       the emulator and its viewer, plus a demo site monitored by the client
              (what npm start runs)
  emulator    run a local CloudWatch RUM data plane (PutRumEvents) emulator, with the
              Cognito Identity and STS calls that vend anonymous credentials
  snippet     print the loader snippet, its CSP hash and the CSP directives the client needs
  doctor      check a client config offline, with the client's own checks

Run 'cloudwatch-rum-web <command> --help' for the options of a command.`;
}

/** Run the command line; resolves to an exit code, or undefined while a command keeps running. */
async function main(argv = process.argv.slice(2), io = defaultIo) {
  const [name, ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return 0;
  }
  const command = name === undefined ? undefined : commands[name];
  if (!command) {
    io.err((name === undefined ? '' : `Unknown command '${name}'.\n\n`) + usage());
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    throw error;
  }
}

module.exports = {
  DEMO,
  DEFAULT_PORT,
  DEFAULT_DATA_FILE,
  EMULATOR_FLAGS,
  UsageError,
  commands,
  emulatorOptionsFrom,
  main,
  parseEmulatorArgs,
  parseFlags,
  runEmulator,
  runDoctor,
  runSnippet,
  runStart,
  startDemo,
  startEmulatorFromArgs,
  startSummary,
  usage,
};

if (require.main === module) {
  main().then(
    (code) => {
      if (code !== undefined) process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
      process.exitCode = 1;
    },
  );
}
