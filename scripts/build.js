// npm run build: the browser bundles (rollup), the emulator (tsc), then the sizes.
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '..');
const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
run('npx rollup -c --silent');
run('npx tsc -p tsconfig.emulator.json');

const budget = require('../size-budget.json');
for (const file of [
  'dist/cdn/cwr.js',
  'dist/cdn/cwr-auth.js',
  'dist/cdn/cwr-perf.js',
  'dist/cdn/cwr-diag.js',
  'dist/cdn/cwr-dom.js',
  'dist/index.mjs',
]) {
  const buf = fs.readFileSync(path.join(root, file));
  const gz = zlib.gzipSync(buf, { level: 9 }).length;
  const limit = budget[file];
  console.log(
    `${file.padEnd(24)} ${(buf.length / 1024).toFixed(1).padStart(6)} KB raw ${(gz / 1024).toFixed(2).padStart(6)} KB gzip` +
      (limit ? `  (budget ${(limit / 1024).toFixed(2)} KB)` : ''),
  );
}
