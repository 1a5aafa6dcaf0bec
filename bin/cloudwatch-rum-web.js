#!/usr/bin/env node
'use strict';
// The cloudwatch-rum-web command. The command line itself ships in the emulator package,
// cloudwatch-rum-web-emulator (its source is cli/*.ts; packages/emulator/ in the repository), so
// that installing the client installs only the client. This shim runs that package's own bin
// with this package as the client it serves: the emulator package installed beside this one, or
// else the same version fetched by `npm exec`.
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const clientRoot = path.join(__dirname, '..');
const { version } = require('../package.json');
const EMULATOR = 'cloudwatch-rum-web-emulator';
process.env.CWR_CLIENT_ROOT = clientRoot;

let emulatorRoot;
try {
  emulatorRoot = path.dirname(require.resolve(`${EMULATOR}/package.json`, { paths: [clientRoot] }));
} catch {
  emulatorRoot = undefined;
}

if (emulatorRoot) {
  // Its bin loads the compiled CLI, or says to build first.
  require(path.join(emulatorRoot, 'bin', `${EMULATOR}.js`));
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
    shell: process.platform === 'win32',
  });
  if (child.error) {
    process.stderr.write(
      `Could not run npm (${child.error.message}). Install ${EMULATOR} and try again.\n`,
    );
  }
  process.exitCode = child.status ?? 1;
}
