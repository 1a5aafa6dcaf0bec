#!/usr/bin/env node
'use strict';
// The cloudwatch-rum-web command. The command line itself ships in the emulator package,
// cloudwatch-rum-web-emulator (its source is cli/*.ts; packages/emulator/ in the repository), so
// that installing the client installs only the client. This shim runs it with this package as
// the client it serves and checks: the emulator package installed beside this one, or else the
// same version fetched once by `npm exec`.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const clientRoot = path.join(__dirname, '..');
const { version } = require('../package.json');
const EMULATOR = 'cloudwatch-rum-web-emulator';

let emulatorRoot;
try {
  emulatorRoot = path.dirname(require.resolve(`${EMULATOR}/package.json`, { paths: [clientRoot] }));
} catch {
  emulatorRoot = undefined;
}

if (emulatorRoot) {
  const entry = path.join(emulatorRoot, 'dist', 'cli', 'main.js');
  if (fs.existsSync(entry)) {
    process.env.CWR_CLIENT_ROOT = clientRoot;
    require(entry).cli();
  } else {
    process.stderr.write(
      `cloudwatch-rum-web is not built yet (${path.relative(process.cwd(), entry)} is missing).\n` +
        'Run `npm run build` first, then try again.\n',
    );
    process.exitCode = 2;
  }
} else {
  process.stderr.write(
    `The cloudwatch-rum-web command runs from ${EMULATOR}, which is not installed here; ` +
      `fetching ${EMULATOR}@${version} with npm exec ` +
      `(npm install --save-dev ${EMULATOR} to skip this step).\n`,
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['exec', '--yes', `--package=${EMULATOR}@${version}`, '--', EMULATOR];
  const child = spawnSync(npm, [...args, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, CWR_CLIENT_ROOT: clientRoot },
    shell: process.platform === 'win32',
  });
  if (child.error) {
    process.stderr.write(
      `Could not run npm (${child.error.message}). Install ${EMULATOR} and try again.\n`,
    );
  }
  process.exitCode = child.status ?? 1;
}
