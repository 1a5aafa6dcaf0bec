/**
 * `cloudwatch-rum-web emulator`: the local RUM data plane, Cognito Identity and STS, until
 * Ctrl+C. `start` reuses its flags and `startFrom`.
 *
 * Over ~300 lines on purpose (issue #17): cli/ keeps one module per command (`run(values,
 * io)`), and this one is the command's three parts, each read with the others: the flags, the
 * defaults and the help text (~80 lines; the text names the defaults the parsers fill in), the
 * flags turned into `startEmulator` options (~160 lines of small parsers, each with its usage
 * error), and the banner and start (~120 lines, printing back what the parsers produced). The
 * seam, if it is ever wanted, is `optionsFrom` and its parsers (with DEMO, the defaults, `flags`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import type {
  AppMonitorConfig,
  EmulatorOptions,
  IdentityPoolConfig,
  RoleConfig,
  StaticCredential,
} from '../emulator';
import { REGION_RE } from '../src/domain/rules';
import { UsageError, type Io, type Running, type Values } from './common';

export const DEMO = Object.freeze({
  appMonitorId: '00000000-0000-0000-0000-000000000001',
  region: 'us-west-2',
  accessKeyId: 'AKIDEMULATOR00000001',
  secretAccessKey: 'emulator-secret-do-not-use-in-prod',
  identityPoolId: 'us-west-2:00000000-0000-0000-0000-0000000000aa',
  guestRoleArn: 'arn:aws:iam::000000000000:role/RUM-Emulator-Unauth',
});
export const DEFAULT_PORT = 4700;
export const DEFAULT_DATA_FILE = path.join('.rum-emulator', 'events.jsonl');
/** Cognito's IdentityPoolId pattern, `REGION:GUID`. */
const POOL_ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/;
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@/-]*\/)?[\w+=,.@-]{1,64}$/;
/** `--identity-pool ID:FLAG` flags → IdentityPoolConfig fields. */
const POOL_FLAGS: Record<string, Partial<IdentityPoolConfig>> = {
  'classic-off': { allowClassicFlow: false },
  'classic-off-cognito': { allowClassicFlow: false, classicFlowFailure: 'cognito' },
  'no-unauth': { allowUnauthenticated: false },
};

/** The emulator's flags (node:util parseArgs options); `start` takes them too. */
export const flags = {
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
} as const;

export const help = `Usage: cloudwatch-rum-web emulator [options]

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

export type EmulatorValues = Values<typeof flags>;

/** The options the CLI starts the emulator with: its defaults filled in. */
export interface CliEmulatorOptions extends EmulatorOptions {
  port: number;
  host: string;
  appMonitors: AppMonitorConfig[];
  credentials: StaticCredential[];
  identityPools: IdentityPoolConfig[];
  roles: RoleConfig[];
  dataFile: string | false;
}

/** A started emulator and the options it runs with. */
export interface Started extends Running {
  emulator: Emulator;
  options: CliEmulatorOptions;
}

/** Turns parsed emulator flags into options for startEmulator(), with the CLI's defaults. */
export function optionsFrom(values: EmulatorValues, io: Pick<Io, 'cwd'>): CliEmulatorOptions {
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
  const options: CliEmulatorOptions = {
    port,
    host: values.host ?? '127.0.0.1',
    appMonitors,
    credentials,
    identityPools,
    roles,
    dataFile: values['no-data-file'] ? false : path.resolve(io.cwd, dataFile ?? DEFAULT_DATA_FILE),
  };
  if (values['allow-origin'] !== undefined) {
    options.allowOrigins = values['allow-origin'].map(parseAllowOrigin);
  }
  if (values.static !== undefined) {
    const dir = path.resolve(io.cwd, values.static);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new UsageError(`--static: '${values.static}' is not a directory.`);
    }
    options.staticDir = dir;
  }
  return options;
}

/** `ID:REGION[:unsigned]` → AppMonitorConfig */
function parseAppMonitor(text: string): AppMonitorConfig {
  const [id, region, flag, ...rest] = text.split(':');
  if (!id || !region || rest.length > 0 || (flag !== undefined && flag !== 'unsigned')) {
    throw new UsageError(
      `--app-monitor must look like ID:REGION or ID:REGION:unsigned; got '${text}'.`,
    );
  }
  if (!REGION_RE.test(region)) {
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
function vendingFrom(
  values: EmulatorValues,
  appMonitors: AppMonitorConfig[],
): { identityPools: IdentityPoolConfig[]; roles: RoleConfig[] } {
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
function parseIdentityPool(text: string): IdentityPoolConfig {
  const [region, guid, ...poolFlags] = text.split(':');
  const id = `${region}:${guid}`;
  if (!region || !guid || !POOL_ID_PATTERN.test(id) || !REGION_RE.test(region)) {
    throw new UsageError(
      `--identity-pool must look like REGION:GUID[:FLAG], e.g. ${DEMO.identityPoolId}; got '${text}'.`,
    );
  }
  const pool: IdentityPoolConfig = { id };
  for (const flag of poolFlags) {
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
function parseRole(text: string): RoleConfig & { trust: { identityPoolId: string } } {
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
  if (!POOL_ID_PATTERN.test(poolId) || !REGION_RE.test(parts[6])) {
    throw new UsageError(`--role '${text}': '${poolId}' is not an identity pool id (REGION:GUID).`);
  }
  return { arn, trust: { identityPoolId: poolId }, appMonitors: monitors };
}

/** `AKID:SECRET` → StaticCredential (the secret may itself contain ':'). */
function parseCredential(text: string): StaticCredential {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new UsageError(`--credentials must look like ACCESS_KEY_ID:SECRET; got '${text}'.`);
  }
  return { accessKeyId: text.slice(0, colon), secretAccessKey: text.slice(colon + 1) };
}

/** `--allow-origin ORIGIN`: '*' or an origin as a page's Origin header has it. */
function parseAllowOrigin(text: string): string {
  if (text === '*') return text;
  let url: URL | undefined;
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

/** What to print once the emulator listens. */
export function banner(emulator: Pick<Emulator, 'url'>, options: CliEmulatorOptions): string {
  const monitors = options.appMonitors.map(
    (m) =>
      `  ${m.id}  ${m.region}  ${m.allowUnsigned ? 'unsigned requests accepted' : 'SigV4 signing required'}`,
  );
  const keys = options.credentials.map((c) => `  ${c.accessKeyId}  secret: ${c.secretAccessKey}`);
  const first = options.appMonitors[0];
  const key = options.credentials[0];
  const signing = first.allowUnsigned ? '\n    signing: false,' : '';
  const { identityPools, roles } = options;
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
      `  ${r.arn}  trusts ${r.trust?.identityPoolId ? r.trust.identityPoolId : 'no pool'}` +
      `  may write to ${r.appMonitors?.length ? r.appMonitors.join(', ') : 'nothing'}`,
  );
  const pool = identityPools.find((p) => p.unauthRoleArn) ?? identityPools[0];
  const guestRole =
    pool && (pool.unauthRoleArn ?? roles.find((r) => r.trust?.identityPoolId === pool.id)?.arn);
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

/**
 * Starts the emulator with the options of `values`, its request log on io.out; prints the
 * banner unless `banner: false` (start prints a summary of its own).
 */
export async function startFrom(
  values: EmulatorValues,
  io: Io,
  { banner: printBanner = true } = {},
): Promise<Started> {
  const options = optionsFrom(values, io);
  const clock = () => io.now().toISOString().slice(11, 19);
  let emulator: Emulator;
  try {
    emulator = await startEmulator({ ...options, log: (line) => io.out(`[${clock()}] ${line}`) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(
        `Port ${options.port} is already in use on ${options.host}; choose another with --port.`,
      );
    }
    throw error;
  }
  if (printBanner) io.out(banner(emulator, options));
  return {
    emulator,
    options,
    stopMessage: '\nStopping the emulator.',
    close: () => emulator.close(),
  };
}

/** Runs until main.ts stops it (Ctrl+C, SIGTERM): resolves to the started emulator. */
export async function run(values: EmulatorValues, io: Io): Promise<number | Started> {
  if (values.help) {
    io.out(help);
    return 0;
  }
  return startFrom(values, io);
}
