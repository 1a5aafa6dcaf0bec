/**
 * The cloudwatch-rum-web command line: argv → a command (cli/<command>.ts: its `flags`, `help`
 * and `run(values, io)`). Compiled into the emulator package (packages/emulator/dist/cli/main.js),
 * whose bin and the client package's bin/cloudwatch-rum-web.js both call `cli()`.
 */
import { parseFlags, UsageError, type Io, type Outcome } from './common';
import * as doctor from './doctor';
import * as emulator from './emulator';
import * as proxy from './proxy';
import * as snippet from './snippet';
import * as start from './start';

/** Command name → its flags parsed from argv, then run. */
export const commands: Record<string, (argv: string[], io: Io) => Promise<Outcome>> = {
  doctor: (argv, io) => doctor.run(parseFlags(argv, doctor.flags), io),
  emulator: (argv, io) => emulator.run(parseFlags(argv, emulator.flags), io),
  proxy: (argv, io) => proxy.run(parseFlags(argv, proxy.flags), io),
  snippet: (argv, io) => snippet.run(parseFlags(argv, snippet.flags), io),
  start: (argv, io) => start.run(parseFlags(argv, start.flags), io),
};

export function usage(): string {
  return `Usage: cloudwatch-rum-web <command> [options]

Commands:
  start       the emulator and its viewer, plus a demo site monitored by the client
              (what npm start runs)
  emulator    run a local CloudWatch RUM data plane (PutRumEvents) emulator, with the
              Cognito Identity and STS calls that vend anonymous credentials
  proxy       a signing proxy: the client's unsigned PutRumEvents in, checked, signed
              with this server's AWS credentials and forwarded to CloudWatch RUM
  snippet     print the loader snippet, its CSP hash and the CSP directives the client needs
  doctor      check a client config offline, with the client's own checks

Run 'cloudwatch-rum-web <command> --help' for the options of a command.`;
}

/**
 * Runs the command line; resolves to an exit code, or to undefined while a command keeps
 * running (it stops at io.onStop, then calls io.exit).
 */
export async function main(argv: string[], io: Io): Promise<number | undefined> {
  const [name, ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return 0;
  }
  const command =
    name !== undefined && Object.prototype.hasOwnProperty.call(commands, name)
      ? commands[name]
      : undefined;
  if (!command) {
    io.err((name === undefined ? '' : `Unknown command '${name}'.\n\n`) + usage());
    return 2;
  }
  let outcome: Outcome;
  try {
    outcome = await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    throw error;
  }
  if (typeof outcome === 'number') return outcome;
  const running = outcome;
  io.onStop(() => {
    io.out(running.stopMessage);
    running.close().then(
      () => io.exit(0),
      () => io.exit(1),
    );
  });
  return undefined;
}

/** The real process's Io. */
export const processIo = (): Io => ({
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
  onStop: (stop) => {
    let stopped = false;
    const once = () => {
      if (stopped) return;
      stopped = true;
      stop();
    };
    process.once('SIGINT', once);
    process.once('SIGTERM', once);
  },
  exit: (code) => process.exit(code),
});

/** What the bin runs: main() on process.argv, its exit code as the process's. */
export function cli(argv: string[] = process.argv.slice(2), io: Io = processIo()): void {
  main(argv, io).then(
    (code) => {
      if (code !== undefined) process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error && error.stack ? error.stack : error}\n`);
      process.exitCode = 1;
    },
  );
}
