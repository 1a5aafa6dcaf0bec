/** An Io for calling a command's `run` in a test: what it prints, kept; no signals, no exit. */
import type { Io } from '../../cli/common';

export interface TestIo extends Io {
  lines: string[];
  errors: string[];
  /** What `run` printed on stdout, as one text. */
  stdout(): string;
  /** What it printed on stderr. */
  stderr(): string;
}

export function testIo(overrides: Partial<Io> = {}): TestIo {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    stdout: () => lines.join('\n'),
    stderr: () => errors.join('\n'),
    out: (text) => lines.push(text),
    err: (text) => errors.push(text),
    env: {},
    cwd: process.cwd(),
    now: () => new Date(),
    onStop: () => {
      throw new Error('onStop: only main() with a command that keeps running calls it');
    },
    exit: (code) => {
      throw new Error(`exit(${code}) called in a test`);
    },
    ...overrides,
  };
}

/** What a run of the command line gave, in spawnSync's terms. */
export interface Ran {
  status: number | undefined;
  stdout: string;
  stderr: string;
}

/**
 * main(argv) in this process (the command's `run`, without spawning node), answered as spawnSync
 * answers: each printed line ends with a newline.
 */
export async function runMain(argv: string[], overrides: Partial<Io> = {}): Promise<Ran> {
  const { main } = await import('../../cli/main');
  const io = testIo(overrides);
  const status = await main(argv, io);
  const text = (lines: string[]) => lines.map((line) => `${line}\n`).join('');
  return { status, stdout: text(io.lines), stderr: text(io.errors) };
}
