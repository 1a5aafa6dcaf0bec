#!/usr/bin/env node
'use strict';
// The command line (cli/*.ts in the repository), compiled by `npm run build` into dist/cli/.
// The client package's `cloudwatch-rum-web` command runs this same entry point.
const fs = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (fs.existsSync(entry)) {
  require(entry).cli();
} else {
  process.stderr.write(
    `cloudwatch-rum-web-emulator is not built yet (${path.relative(process.cwd(), entry)} is missing).\n` +
      'Run `npm run build` at the repository root first, then try again.\n',
  );
  process.exitCode = 2;
}
