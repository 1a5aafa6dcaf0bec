// npm run build: the browser bundles (rollup), the emulator and the CLI (tsc), then the sizes.
//
//   node scripts/build.js [--out <dir>] [--quiet]   (or CWR_OUT_DIR=<dir>; the default is dist)
//
// --quiet (npm start) prints one line instead of the sizes.
//
// Everything is written into a staging directory beside the output (dist.staging-<pid>/), and
// only a complete build replaces dist/, with two renames (dist -> dist.old-<pid>, then
// staging -> dist) and the old tree deleted afterwards. A server that reads dist/ at request time
// (npm start) sees the old files or the new ones, and no dist/ at all only between those two
// renames. A failed build leaves dist/ as it was and removes its staging directory.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { writeSingleFile } = require('./single-file');

const root = path.resolve(__dirname, '..');

/** The output root: `--out <dir>` (or `--out=<dir>`), else CWR_OUT_DIR, else dist. */
function outputDir(argv = process.argv.slice(2), env = process.env) {
  let out = env.CWR_OUT_DIR || 'dist';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quiet') continue;
    if (argv[i] === '--out' && argv[i + 1]) out = argv[++i];
    else if (argv[i].startsWith('--out=')) out = argv[i].slice('--out='.length);
    else
      throw new Error(
        `Unknown argument ${argv[i]} (usage: node scripts/build.js [--out <dir>] [--quiet])`,
      );
  }
  return path.resolve(out);
}

const isRunning = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

/** Deletes what a build that died (kill -9, a crash) left beside `out`. */
function removeLeftovers(out) {
  const dir = path.dirname(out);
  let names = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^(.*)\.(?:staging|old)-(\d+)$/.exec(name);
    const pid = m && m[1] === path.basename(out) && Number(m[2]);
    if (pid && pid !== process.pid && !isRunning(pid)) {
      fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

/**
 * Puts the finished `staging` tree in place of `out`: rename `out` away, rename `staging` to
 * `out`, then delete the old tree. If another build lands its own `out` between the two renames,
 * that one is replaced in turn.
 */
function swap(staging, out) {
  const old = `${out}.old-${process.pid}`;
  for (let attempt = 1; ; attempt++) {
    fs.rmSync(old, { recursive: true, force: true });
    let movedAway = false;
    try {
      fs.renameSync(out, old);
      movedAway = true;
    } catch (error) {
      if (error.code !== 'ENOENT') throw error; // (ENOENT: the first build, no out yet)
    }
    try {
      fs.renameSync(staging, out);
      break;
    } catch (error) {
      if ((error.code === 'ENOTEMPTY' || error.code === 'EEXIST') && attempt < 5) continue;
      if (movedAway) {
        try {
          fs.renameSync(old, out);
        } catch {
          // Leave it: `old` is still there to recover by hand, and the error below says why.
        }
      }
      throw error;
    }
  }
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Runs `build(staging)` with a fresh staging directory beside `out` and, if it returns, swaps the
 * staging tree in for `out`; if it (or the swap) throws, `out` is kept and the staging tree
 * removed. Returns what `build` returned.
 */
function buildInto(out, build) {
  const staging = `${out}.staging-${process.pid}`;
  removeLeftovers(out);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    const result = build(staging);
    swap(staging, out);
    return result;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

const SIZED = [
  'dist/cdn/cwr.js',
  'dist/cdn/cwr-auth.js',
  'dist/cdn/cwr-perf.js',
  'dist/cdn/cwr-diag.js',
  'dist/cdn/cwr-dom.js',
  'dist/cdn/cwr-config.js',
  'dist/cdn/cwr-replay.js',
  'dist/cdn/cwr-all.js',
  'dist/index.mjs',
];

/** The size lines for the files in SIZED, read from the build output in `dir`. */
function sizeLines(dir) {
  const budget = require('../size-budget.json');
  return SIZED.map((file) => {
    const buf = fs.readFileSync(path.join(dir, file.slice('dist/'.length)));
    const gz = zlib.gzipSync(buf, { level: 9 }).length;
    const limit = budget[file];
    return (
      `${file.padEnd(24)} ${(buf.length / 1024).toFixed(1).padStart(6)} KB raw ${(gz / 1024).toFixed(2).padStart(6)} KB gzip` +
      (limit ? `  (budget ${(limit / 1024).toFixed(2)} KB)` : '')
    );
  });
}

/** A build tool's script in node_modules, or an error that says to install first. */
function tool(script) {
  try {
    return require.resolve(script);
  } catch {
    throw new Error(
      `The build tools are not installed (${script.split('/')[0]} is missing): run npm install first.`,
    );
  }
}

function main() {
  const started = Date.now();
  const quiet = process.argv.includes('--quiet');
  const node = (script, args, env = {}) =>
    execFileSync(process.execPath, [tool(script), ...args], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
  if (quiet) console.log('Building the client, the emulator and its viewer…');
  const lines = buildInto(outputDir(), (staging) => {
    node('rollup/dist/bin/rollup', ['-c', '--silent'], { CWR_OUT_DIR: staging });
    writeSingleFile(path.join(staging, 'cdn'));
    // The emulator, the CLI and the service rules they share, as CommonJS: dist/emulator/,
    // dist/cli/ and dist/src/domain/rules.js (tsconfig.emulator.json, rootDir '.').
    node('typescript/bin/tsc', ['-p', 'tsconfig.emulator.json', '--outDir', staging]);
    return sizeLines(staging);
  });
  if (quiet) console.log(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  else for (const line of lines) console.log(line);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    // A failed step has already printed its own errors; a child's exit status says nothing more.
    if (typeof error.status !== 'number') console.error(error.message);
    process.exitCode = 1;
  }
}

module.exports = { buildInto, outputDir, swap };
