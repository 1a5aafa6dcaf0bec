/**
 * The two command shims. bin/cloudwatch-rum-web.js (the client package's command) runs the CLI
 * from the emulator package, cloudwatch-rum-web-emulator: installed beside it, or else fetched
 * with `npm exec`; packages/emulator/bin/cloudwatch-rum-web-emulator.js runs it from its own
 * package. Without a build, each says what to run.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const ROOT = path.join(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/cloudwatch-rum-web.js');
const EMULATOR_BIN = path.join(ROOT, 'packages/emulator/bin/cloudwatch-rum-web-emulator.js');
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const write = (file: string, text: string, mode = 0o644) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode });
};

/** A copy of the client package with only its shim: `extra` files are added under it. */
function clientCopy(extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-bin-'));
  dirs.push(dir);
  const client = path.join(dir, 'client');
  fs.mkdirSync(path.join(client, 'bin'), { recursive: true });
  fs.copyFileSync(BIN, path.join(client, 'bin', 'cloudwatch-rum-web.js'));
  write(path.join(client, 'package.json'), JSON.stringify({ name: 'cloudwatch-rum-web', version }));
  for (const [file, text] of Object.entries(extra)) write(path.join(client, file), text);
  return client;
}

describe('bin/cloudwatch-rum-web.js', () => {
  it('runs the compiled CLI of the workspace: --help prints the usage, exit 0', () => {
    const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^Usage: cloudwatch-rum-web <command> \[options\]\n\nCommands:\n {2}start/,
    );
  });

  it('says to run npm run build, exit 2, when the emulator package is there but not built', () => {
    // The emulator package as npm installs it, with its bin, less its compiled dist/.
    const client = clientCopy({
      'node_modules/cloudwatch-rum-web-emulator/package.json': JSON.stringify({
        name: 'cloudwatch-rum-web-emulator',
        version,
      }),
      'node_modules/cloudwatch-rum-web-emulator/bin/cloudwatch-rum-web-emulator.js':
        fs.readFileSync(EMULATOR_BIN, 'utf8'),
    });
    const r = spawnSync(process.execPath, ['bin/cloudwatch-rum-web.js', '--help'], {
      cwd: client,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const entry = path.join(
      'node_modules',
      'cloudwatch-rum-web-emulator',
      'dist',
      'cli',
      'main.js',
    );
    expect(r.stderr).toBe(
      `cloudwatch-rum-web-emulator is not built yet (${entry} is missing).\n` +
        'Run `npm run build` at the repository root first, then try again.\n',
    );
  });

  it('without the emulator package, says so once and runs it with npm exec, at its own version', () => {
    const client = clientCopy();
    // A fake npm first on PATH: it records its arguments and the client root it was given.
    const fake = path.join(path.dirname(client), 'fake-bin');
    const record = path.join(path.dirname(client), 'npm-call.json');
    write(
      path.join(fake, 'npm'),
      `#!${process.execPath}\n` +
        `require('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), root: process.env.CWR_CLIENT_ROOT }));\n` +
        'process.exit(7);\n',
      0o755,
    );
    const r = spawnSync(process.execPath, ['bin/cloudwatch-rum-web.js', 'start', '--port', '0'], {
      cwd: client,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${fake}${path.delimiter}${process.env.PATH}` },
    });
    expect(r.status).toBe(7); // npm's own exit status
    expect(r.stderr).toBe(
      'The cloudwatch-rum-web command runs from cloudwatch-rum-web-emulator, which is not installed here; ' +
        `fetching cloudwatch-rum-web-emulator@${version} with npm exec ` +
        '(npm install --save-dev cloudwatch-rum-web-emulator to skip this step).\n',
    );
    expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toEqual({
      args: [
        'exec',
        '--yes',
        `--package=cloudwatch-rum-web-emulator@${version}`,
        '--',
        'cloudwatch-rum-web-emulator',
        'start',
        '--port',
        '0',
      ],
      root: client,
    });
  });
});

describe('packages/emulator/bin/cloudwatch-rum-web-emulator.js', () => {
  it('runs the compiled CLI: --help prints the usage, exit 0', () => {
    const r = spawnSync(process.execPath, [EMULATOR_BIN, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cloudwatch-rum-web <command> \[options\]/);
  });

  it('says to build, exit 2, when its dist/cli is not there', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-bin-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(EMULATOR_BIN, path.join(dir, 'bin', 'cloudwatch-rum-web-emulator.js'));
    const r = spawnSync(process.execPath, ['bin/cloudwatch-rum-web-emulator.js', '--help'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `cloudwatch-rum-web-emulator is not built yet (${path.join('dist', 'cli', 'main.js')} is missing).\n` +
        'Run `npm run build` at the repository root first, then try again.\n',
    );
  });
});
