/** `cloudwatch-rum-web start` (what `npm start` runs): the emulator plus a demo site it monitors. */
import { requireBuilt, requireClientFile, UsageError, type Io, type Values } from './common';
import * as emulatorCommand from './emulator';
import type { CliEmulatorOptions, Started as EmulatorStarted } from './emulator';

export const flags = {
  ...emulatorCommand.flags,
  'demo-port': { type: 'string' },
} as const;

export const help = `Usage: cloudwatch-rum-web start [--demo-port N] [emulator options]

Start the emulator (RUM data plane, Cognito Identity, STS, and its viewer at /_emulator/) and,
beside it, a demo site monitored by the client: a few pages and a single-page app that install
cwr.js with the CloudWatch RUM snippet, with buttons that throw errors, call a small API, load
images and record custom events. Open the printed demo URL, click around, then open the viewer.

Options:
  --demo-port N    the demo site's port (default: the emulator's port + 1, or a free port when
                   that one is taken; 0 picks a free one)
  and every option of 'cloudwatch-rum-web emulator' (see 'cloudwatch-rum-web emulator --help').`;

export type StartValues = Values<typeof flags>;

/** The demo site's server (demo/server.js). */
export interface DemoServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface DemoModule {
  startDemoServer(o: {
    host?: string;
    port?: number;
    emulatorUrl: string;
    options: CliEmulatorOptions;
  }): Promise<DemoServer>;
}

/** The emulator and the demo site, both listening. */
export interface Started extends EmulatorStarted {
  demo: DemoServer;
}

/** `--demo-port N`: a port number, or undefined when not given. */
function demoPortFrom(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (value === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--demo-port must be a whole number from 0 to 65535; got '${value}'.`);
  }
  return port;
}

/**
 * What `start` runs, without the summary: the emulator (its request log goes to io, its banner
 * does not) and the demo site on a port of its own.
 */
export async function startDemo(values: StartValues, io: Io): Promise<Started> {
  const { 'demo-port': demoFlag, ...emulatorValues } = values;
  const demoPort = demoPortFrom(demoFlag);
  requireBuilt(io.env, 'cdn/cwr.js', 'The client');
  // Not the emulator's banner (its app monitors, keys and how to point a client at it): start
  // ends with a short summary instead. The request log still goes to io.
  const { emulator, options } = await emulatorCommand.startFrom(emulatorValues, io, {
    banner: false,
  });
  const { startDemoServer } = requireClientFile<DemoModule>(io.env, 'demo', 'server');
  const host = options.host;
  const serve = (port: number) =>
    startDemoServer({ host, port, emulatorUrl: emulator.url, options });
  const inUse = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE';
  let demo: DemoServer;
  try {
    if (demoPort !== undefined) {
      demo = await serve(demoPort).catch((error) => {
        if (inUse(error)) {
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
        if (next !== 0 && inUse(error)) return serve(0);
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
    stopMessage: '\nStopping the demo site and the emulator.',
    close: () => Promise.all([demo.close(), emulator.close()]).then(() => undefined),
  };
}

/** The lines `start` ends with: where everything is. */
export function summary({ emulator, options, demo }: Started): string {
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

/** Runs until main.ts stops it (Ctrl+C, SIGTERM): resolves to the started servers. */
export async function run(values: StartValues, io: Io): Promise<number | Started> {
  if (values.help) {
    io.out(help);
    return 0;
  }
  const started = await startDemo(values, io);
  io.out(summary(started));
  return started;
}
