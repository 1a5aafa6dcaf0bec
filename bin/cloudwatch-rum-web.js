#!/usr/bin/env node
'use strict';
// The cloudwatch-rum-web command line: cli/*.ts, compiled by `npm run build` into dist/cli/.
const fs = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (fs.existsSync(entry)) {
  require(entry).cli();
} else {
  process.stderr.write(
    `cloudwatch-rum-web is not built yet (${path.relative(process.cwd(), entry)} is missing).\n` +
      'Run `npm run build` first, then try again.\n',
  );
  process.exitCode = 2;
}
