/** `cloudwatch-rum-web doctor`: a client config checked offline, with the client's own checks. */
import fs from 'node:fs';
import path from 'node:path';
import { requireBuilt, UsageError, type Io, type Values } from './common';
import { readConfig, requireAppMonitor } from './config';

export const flags = {
  'app-monitor-id': { type: 'string' },
  region: { type: 'string' },
  config: { type: 'string' },
  'config-json': { type: 'string' },
  'remote-config': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const help = `Usage: cloudwatch-rum-web doctor --app-monitor-id ID --region REGION [--config FILE | --config-json JSON] [--remote-config FILE]

Check a client config offline: every warning the client would print at start (bad values,
unknown options, an endpoint in another region, X-Ray settings that cannot connect traces, …).
With --remote-config, FILE is the document served at the snippet's config URL
({ "clientConfig": { … } }): its shape is checked, and then the config the client would
run with (the document's clientConfig, with --config over it, key by key).
Notes remind what the config needs of the app monitor (custom events enabled).
Exit code 0 when there is no error or warning (notes do not count), 1 when there is.`;

/** What dist/doctor.cjs (src/doctor.ts, bundled by rollup) exports, as far as doctor uses it. */
interface Doctor {
  lintConfig(appMonitorId: string, region: string, config: Record<string, unknown>): Finding[];
  reminders(region: string, config: Record<string, unknown>): Finding[];
}

type Finding = { level: 'error' | 'warn' | 'info'; message: string };

/**
 * --remote-config FILE: the document at the snippet's config URL, as the client reads it.
 * Returns its clientConfig, or a finding that says why the client would not use it.
 */
function readRemoteConfig(
  file: string,
  io: Pick<Io, 'cwd'>,
): { clientConfig?: Record<string, unknown>; finding?: string } {
  const source = `--remote-config ${file}`;
  const resolved = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(resolved, 'utf8');
  } catch (e) {
    throw new UsageError(
      (e as NodeJS.ErrnoException).code === 'ENOENT'
        ? `${source}: there is no such file (looked in ${resolved}).`
        : `${source}: the file cannot be read (${(e as Error).message}).`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return {
      finding: `${source} is not JSON (${(e as Error).message}), so the client would not use it.`,
    };
  }
  const own =
    !!doc && typeof doc === 'object' && Object.prototype.hasOwnProperty.call(doc, 'clientConfig');
  const x: unknown = own ? (doc as { clientConfig: unknown }).clientConfig : undefined;
  if (!x || typeof x !== 'object' || Array.isArray(x)) {
    const what = !own
      ? 'has no "clientConfig" object'
      : `has a "clientConfig" that is ${x === null ? 'null' : Array.isArray(x) ? 'an array' : 'a ' + typeof x}, not an object`;
    return {
      finding: `${source} ${what}, so the client would not use it: it must look like { "clientConfig": { "sessionSampleRate": 1, … } }.`,
    };
  }
  return { clientConfig: x as Record<string, unknown> };
}

const LABEL = { error: 'error', warn: 'warning', info: 'note' } as const;

export async function run(v: Values<typeof flags>, io: Io): Promise<number> {
  if (v.help) {
    io.out(help);
    return 0;
  }
  const entry = requireBuilt(io.env, 'doctor.cjs', 'The client');
  requireAppMonitor(v, 'doctor');
  let config = readConfig(v, io);
  const remote = v['remote-config'] === undefined ? {} : readRemoteConfig(v['remote-config'], io);
  if (remote.clientConfig) config = { ...remote.clientConfig, ...config };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- rollup's CommonJS bundle
  const { lintConfig, reminders } = require(entry) as Doctor;
  const findings = lintConfig(v['app-monitor-id'], v.region, config);
  if (remote.finding) findings.unshift({ level: 'error', message: remote.finding });
  const notes = reminders(v.region, config);
  if (!findings.length) io.out('No problems found in this config.');
  for (const f of [...findings, ...notes]) io.out(`${LABEL[f.level]}: ${f.message}`);
  return findings.length ? 1 : 0;
}
