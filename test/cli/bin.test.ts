/**
 * bin/cloudwatch-rum-web.js, the shim that loads the compiled CLI (dist/cli/main.js): without a
 * build it says what to run.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const BIN = path.join(__dirname, '../../bin/cloudwatch-rum-web.js');

it('says to run npm run build, exit 2, when dist/cli is not there', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-bin-'));
  try {
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(BIN, path.join(dir, 'bin', 'cloudwatch-rum-web.js'));
    const r = spawnSync(process.execPath, ['bin/cloudwatch-rum-web.js', '--help'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `cloudwatch-rum-web is not built yet (${path.join('dist', 'cli', 'main.js')} is missing).\n` +
        'Run `npm run build` first, then try again.\n',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('runs the compiled CLI: --help prints the usage, exit 0', () => {
  const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(
    /^Usage: cloudwatch-rum-web <command> \[options\]\n\nCommands:\n {2}start/,
  );
});
