/**
 * `cloudwatch-rum-web start` (what `npm start` runs after the build), as a process: what it
 * prints, that the demo site and the viewer answer at the printed URLs, that Ctrl+C stops it,
 * and how it answers bad flags and a taken port.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { main } from '../../cli/main';
import { run } from '../../cli/start';
import { testIo } from './io';

jest.setTimeout(30_000);

const ROOT = path.join(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/cloudwatch-rum-web.js');
const DATA_FLAG = '--data';

let dir: string;
const children: ChildProcess[] = [];
const servers: net.Server[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-start-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  output: () => string;
  demo: string;
  viewer: string;
  emulator: string;
  dataFile: string;
}

/** Spawns `start` and resolves once it has printed where everything is. */
const start = (...args: string[]): Promise<Running> => {
  const child = spawn(process.execPath, [BIN, 'start', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start printed no URLs:\n${out}`)), 20_000);
    const look = () => {
      const demo = /^Demo site: +(http:\/\/\S+?)\/? /m.exec(out);
      const viewer = /^Viewer: +(http:\/\/\S+)/m.exec(out);
      const emulator = /^Emulator: +(http:\/\/\S+)/m.exec(out);
      const data = /^Data file: +(.+)$/m.exec(out);
      if (demo && viewer && emulator && data) {
        clearTimeout(timer);
        resolve({
          child,
          output: () => out,
          demo: demo[1],
          viewer: viewer[1],
          emulator: emulator[1],
          dataFile: data[1].trim(),
        });
      }
    };
    child.stdout!.on('data', (d) => {
      out += d;
      look();
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`start exited with ${code}:\n${out}`));
    });
  });
};

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

/** A port nothing listens on, and one we hold. */
const listen = (port = 0): Promise<net.Server> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

describe('cloudwatch-rum-web start', () => {
  it('prints the demo, viewer and emulator URLs and the data file, serves them, stops on Ctrl+C', async () => {
    const dataFile = path.join(dir, 'events.jsonl');
    const run = await start('--port', '0', '--demo-port', '0', DATA_FLAG, dataFile);
    expect(run.viewer).toBe(`${run.emulator}/_emulator/`);
    expect(run.dataFile).toBe(dataFile);
    expect(run.demo).not.toBe(run.emulator);

    const home = await fetch(run.demo + '/');
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain(`window.AwsRumClient=`);
    expect(html).toContain(`endpoint:'${run.emulator}'`);
    expect(html).toContain(`identityPoolId:'us-west-2:`);
    for (const page of ['/products', '/about', '/app/', '/app/cart', '/app/checkout']) {
      const response = await fetch(run.demo + page);
      expect([page, response.status]).toEqual([page, 200]);
      const text = await response.text();
      expect(text).toContain('window.AwsRumClient=');
      // The shared header is filled in; no placeholder is left.
      expect(text).toContain('<a href="/products">Products</a>');
      expect(text).not.toContain('<!--');
    }
    expect((await fetch(run.demo + '/cwr.js')).status).toBe(200);
    expect((await fetch(run.demo + '/api/fail')).status).toBe(500);
    expect((await fetch(run.demo + '/api/missing')).status).toBe(404);
    expect((await fetch(run.demo + '/api/ok')).status).toBe(200);
    const traced = await fetch(run.demo + '/api/traced', {
      headers: { 'X-Amzn-Trace-Id': 'Root=1-5759e988-bd862e3fe1be46a994272793' },
    });
    expect(await traced.json()).toMatchObject({ traceHeader: true });
    expect((await fetch(run.demo + '/%2e%2e/server.js')).status).toBe(404);
    if (fs.existsSync(path.join(ROOT, 'packages/emulator/dist/emulator/viewer/index.html'))) {
      expect((await fetch(run.viewer)).status).toBe(200);
    }
    // The viewer's empty state links to the demo site, and the emulator's root leads to it.
    expect(await (await fetch(run.emulator + '/_emulator/info')).json()).toEqual({
      demoUrl: run.demo + '/',
      faultSeed: expect.any(Number),
    });
    const root = await fetch(run.emulator + '/', { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/_emulator/']);
    // Where everything is, and nothing before it but what the emulator logs: no banner.
    const lines = run.output().split('\n');
    expect(
      lines.slice(
        0,
        lines.findIndex((l) => l.startsWith('Demo site:')),
      ),
    ).toEqual(['']);

    run.child.kill('SIGINT');
    expect(await exited(run.child)).toBe(0);
  });

  it('puts the demo next to the emulator, or on a free port when that one is taken', async () => {
    // Two neighbouring ports: the emulator's free, the next one held here.
    let emulatorPort = 0;
    for (let tries = 0; tries < 20 && !emulatorPort; tries++) {
      const probe = await listen();
      const port = portOf(probe);
      await new Promise((r) => probe.close(r));
      if (port >= 65535) continue;
      const held = await listen(port + 1).catch(() => undefined);
      if (held) {
        servers.push(held);
        emulatorPort = port;
      }
    }
    expect(emulatorPort).toBeGreaterThan(0);
    const run = await start('--port', String(emulatorPort), '--no-data-file');
    expect(run.emulator).toBe(`http://127.0.0.1:${emulatorPort}`);
    expect(new URL(run.demo).port).not.toBe(String(emulatorPort + 1));
    expect((await fetch(run.demo + '/')).status).toBe(200);
    expect(run.dataFile).toMatch(/^none/);
    run.child.kill('SIGTERM');
    expect(await exited(run.child)).toBe(0);
  });

  it('says so, exit 2, when --demo-port is taken or not a port', async () => {
    const held = await listen();
    servers.push(held);
    const taken = spawnSync(
      process.execPath,
      [BIN, 'start', '--port', '0', '--no-data-file', '--demo-port', String(portOf(held))],
      { encoding: 'utf8' },
    );
    expect(taken.status).toBe(2);
    expect(taken.stderr).toContain(`Port ${portOf(held)} is already in use`);
    expect(taken.stderr).toContain('--demo-port');

    const bad = spawnSync(process.execPath, [BIN, 'start', '--demo-port', 'next'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--demo-port must be a whole number from 0 to 65535; got 'next'");
  });

  it('explains itself with --help', () => {
    const r = spawnSync(process.execPath, [BIN, 'start', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: cloudwatch-rum-web start');
    expect(r.stdout).toContain('--demo-port');
  });
});

describe('start: run(values, io) and main() in this process', () => {
  it('starts the emulator and the demo site, prints the summary; main() stops both at io.onStop', async () => {
    let stop: (() => void) | undefined;
    let exit!: (code: number) => void;
    const exitCode = new Promise<number>((resolve) => (exit = resolve));
    const io = testIo({ onStop: (s) => (stop = s), exit: (code) => exit(code) });
    expect(await main(['start', '--port', '0', '--demo-port=0', '--no-data-file'], io)).toBe(
      undefined,
    );
    const demo = /^Demo site: +(http:\/\/\S+?)\/? /m.exec(io.stdout())?.[1];
    const emulator = /^Emulator: +(http:\/\/\S+)/m.exec(io.stdout())?.[1];
    expect(io.stdout()).not.toContain('CloudWatch RUM emulator listening on');
    expect((await fetch(`${demo}/`)).status).toBe(200);
    expect((await fetch(`${emulator}/_emulator/health`)).status).toBe(200);
    expect(stop).toBeInstanceOf(Function);
    stop!();
    expect(await exitCode).toBe(0);
    expect(io.lines).toContain('\nStopping the demo site and the emulator.');
    await expect(fetch(`${demo}/`)).rejects.toThrow();
    await expect(fetch(`${emulator}/_emulator/health`)).rejects.toThrow();
  });

  it('resolves to the servers it started, with a close()', async () => {
    const started = await run({ port: '0', 'demo-port': '0', 'no-data-file': true }, testIo());
    if (typeof started === 'number') throw new Error(`start returned ${started}`);
    expect(started.options.dataFile).toBe(false);
    expect(new URL(started.demo.url).port).not.toBe(String(started.emulator.port));
    expect((await fetch(`${started.demo.url}/about`)).status).toBe(200);
    await started.close();
    await expect(fetch(`${started.demo.url}/`)).rejects.toThrow();
  });

  it.each(['next', '', '-1', '65536', '1.5'])(
    "refuses --demo-port '%s' before it starts anything",
    async (port) => {
      await expect(run({ 'demo-port': port, port: '0' }, testIo())).rejects.toThrow(
        `--demo-port must be a whole number from 0 to 65535; got '${port}'.`,
      );
    },
  );

  it('answers --help with its usage, exit 0', async () => {
    const io = testIo();
    expect(await run({ help: true }, io)).toBe(0);
    expect(io.stdout()).toMatch(/^Usage: cloudwatch-rum-web start \[--demo-port N\]/);
  });
});
