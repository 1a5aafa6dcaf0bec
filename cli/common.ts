/**
 * What every command shares: the side effects it may have (`Io`), the usage error, flag parsing
 * with node:util parseArgs, and where the client package's files are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** parseArgs's `options`: flag name → { type, multiple?, short? }. */
export type Flags = NonNullable<ParseArgsConfig['options']>;

/** Everything a command does to the world goes through here, so tests can call `run` directly. */
export interface Io {
  /** Prints a line (a newline is added) on stdout. */
  out(text: string): void;
  /** Prints a line on stderr. */
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** What relative paths in flags are relative to. */
  cwd: string;
  /** The clock of the request log's time stamps. */
  now(): Date;
  /** Calls `stop` once, at the first SIGINT or SIGTERM (only main.ts uses it). */
  onStop(stop: () => void): void;
  /** Ends the process with `code` (only main.ts uses it). */
  exit(code: number): void;
}

/** What a command that keeps running hands back: its servers, and how to stop them. */
export interface Running {
  /** What to print when Ctrl+C stops it. */
  stopMessage: string;
  close(): Promise<void>;
}

/** What `run` resolves to: an exit code, or what keeps running. */
export type Outcome = number | Running;

/** A mistake in how the command was called: print the message, exit 2. */
export class UsageError extends Error {}

/** The values parseArgs gives for `flags`. */
export type Values<F extends Flags> = ReturnType<
  typeof parseArgs<{ options: F; strict: true; allowPositionals: false }>
>['values'];

/** Parses flags with node:util parseArgs; unknown flags and bad values become UsageErrors. */
export function parseFlags<F extends Flags>(argv: string[], flags: F): Values<F> {
  try {
    return parseArgs({ args: argv, options: flags, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The client package's name: its own files (dist/, demo/, snippet/) are where the CLI finds them. */
const CLIENT = 'cloudwatch-rum-web';

const readName = (file: string): unknown => {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
};

/**
 * The root of the client package (cloudwatch-rum-web), whose built bundles, demo and snippet
 * the commands use; the CLI itself ships in the emulator package (cloudwatch-rum-web-emulator).
 * Found, in order: CWR_CLIENT_ROOT (set by the client's own `cloudwatch-rum-web` command); the
 * package installed beside this one; the repository this file sits in (ts-jest runs cli/ from
 * the root, and the build writes packages/emulator/dist/cli/ below it). Throws a UsageError that
 * says to install the client when none is found.
 */
export function clientRoot(env: Record<string, string | undefined> = process.env): string {
  const given = env.CWR_CLIENT_ROOT;
  if (given && readName(path.join(given, 'package.json')) === CLIENT) return given;
  try {
    return path.dirname(require.resolve(`${CLIENT}/package.json`, { paths: [__dirname] }));
  } catch {
    // Not installed as a package: the repository, below.
  }
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (readName(path.join(dir, 'package.json')) === CLIENT) return dir;
    if (path.dirname(dir) === dir) break;
  }
  throw new UsageError(
    `This command needs the client package, ${CLIENT}, which is not installed here. ` +
      `Install it (npm install ${CLIENT}) and try again.`,
  );
}

/** A file of the client package (demo/, snippet/, dist/), by its path from the package's root. */
export const clientFile = (env: Io['env'], ...parts: string[]): string =>
  path.join(clientRoot(env), ...parts);

/** A JavaScript module of the client that tsc does not compile (demo/, snippet/, dist/*.cjs). */
export const requireClientFile = <T>(env: Io['env'], ...parts: string[]): T =>
  require(clientFile(env, ...parts)) as T; // eslint-disable-line @typescript-eslint/no-require-imports

/** A built file of the client the command needs, or a UsageError saying to build first. */
export function requireBuilt(env: Io['env'], file: string, what: string): string {
  const entry = clientFile(env, 'dist', file);
  if (!fs.existsSync(entry)) {
    throw new UsageError(
      `${what} is not built yet (dist/${file} is missing). Run \`npm run build\` first.`,
    );
  }
  return entry;
}
