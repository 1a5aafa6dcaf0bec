/** The flags `snippet` and `doctor` share: the app monitor, and the client config. */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, type Io } from './common';

/** The client config from --config FILE or --config-json TEXT ({} without either). */
export function readConfig(
  v: { config?: string; 'config-json'?: string },
  io: Pick<Io, 'cwd'>,
): Record<string, unknown> {
  if (v.config !== undefined && v['config-json'] !== undefined) {
    throw new UsageError('Give the config with --config FILE or --config-json JSON, not both.');
  }
  let text = v['config-json'];
  const source = text === undefined ? `--config ${v.config}` : '--config-json';
  if (v.config !== undefined) {
    const file = path.resolve(io.cwd, v.config);
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? `--config ${v.config}: there is no such file (looked in ${file}).`
          : `--config ${v.config}: the file cannot be read (${(e as Error).message}).`,
      );
    }
  }
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${source} is not valid JSON: ${(e as Error).message}.`);
  }
}

/** --app-monitor-id and --region, both required: a UsageError naming what is missing. */
export function requireAppMonitor<V extends { 'app-monitor-id'?: string; region?: string }>(
  v: V,
  command: string,
): asserts v is V & { 'app-monitor-id': string; region: string } {
  const missing = (['app-monitor-id', 'region'] as const).filter((f) => v[f] === undefined);
  if (missing.length) {
    throw new UsageError(
      `${command} needs ${missing.map((f) => `--${f}`).join(' and ')}: the app monitor's id and region, as in the snippet or new AwsRum(id, version, region, config).\n` +
        `Usage: cloudwatch-rum-web ${command} --app-monitor-id ID --region REGION …  (--help for more)`,
    );
  }
}
