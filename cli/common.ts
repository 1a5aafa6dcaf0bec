/**
 * What every command shares: the side effects it may have (`Io`), the usage error, flag parsing
 * with node:util parseArgs, and where the package's other files are.
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

/**
 * The package's root: the first directory up from here with a package.json (from cli/ under
 * ts-jest, and from dist/cli/ once compiled).
 */
export const packageRoot = (from: string = __dirname): string => {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}.`);
  }
};

/** A file of the package (demo/, snippet/, dist/), by its path from the package's root. */
export const packageFile = (...parts: string[]): string => path.join(packageRoot(), ...parts);

/** A JavaScript module of the package that tsc does not compile (demo/, snippet/, dist/*.cjs). */
export const requirePackageFile = <T>(...parts: string[]): T => require(packageFile(...parts)) as T; // eslint-disable-line @typescript-eslint/no-require-imports

/** A built file the command needs, or a UsageError saying to build first. */
export function requireBuilt(file: string, what: string): string {
  const entry = packageFile('dist', file);
  if (!fs.existsSync(entry)) {
    throw new UsageError(
      `${what} is not built yet (dist/${file} is missing). Run \`npm run build\` first.`,
    );
  }
  return entry;
}
