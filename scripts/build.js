// npm run build: the browser bundles (rollup), the emulator and the CLI (tsc), then the sizes.
//
//   node scripts/build.js [--out <dir>] [--emulator-out <dir>] [--quiet]
//
// Two packages are built: the client (cloudwatch-rum-web) into --out, or CWR_OUT_DIR, default
// dist/; the emulator, its viewer and the CLI (cloudwatch-rum-web-emulator, the workspace in
// packages/emulator/) into --emulator-out, or CWR_EMULATOR_OUT_DIR, default
// packages/emulator/dist/. --quiet (npm start) prints one line instead of the sizes.
//
// Each output is written into a staging directory beside it (dist.staging-<pid>/), and only a
// complete build replaces it, with two renames (dist -> dist.old-<pid>, then staging -> dist) and
// the old tree deleted afterwards. A server that reads dist/ at request time (npm start) sees the
// old files or the new ones, and no dist/ at all only between those two renames. A failed build
// leaves both outputs as they were and removes the staging directories.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { writeSingleFile } = require('./single-file');

const root = path.resolve(__dirname, '..');

const USAGE = 'node scripts/build.js [--out <dir>] [--emulator-out <dir>] [--quiet]';

/**
 * The two output roots: `--out <dir>` (or `--out=<dir>`), else CWR_OUT_DIR, else dist; and
 * `--emulator-out <dir>`, else CWR_EMULATOR_OUT_DIR, else packages/emulator/dist.
 */
function outputDirs(argv = process.argv.slice(2), env = process.env) {
  const dirs = {
    out: env.CWR_OUT_DIR || 'dist',
    'emulator-out': env.CWR_EMULATOR_OUT_DIR || path.join('packages', 'emulator', 'dist'),
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quiet') continue;
    const m = /^--(out|emulator-out)(?:=(.*))?$/.exec(argv[i]);
    const value = m && (m[2] ?? argv[i + 1]);
    if (!value) throw new Error(`Unknown argument ${argv[i]} (usage: ${USAGE})`);
    dirs[m[1]] = value;
    if (m[2] === undefined) i++; // (the value was the next argument)
  }
  return { out: path.resolve(dirs.out), emulatorOut: path.resolve(dirs['emulator-out']) };
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
  'dist/cdn/cwr-insights.js',
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
  const { out, emulatorOut } = outputDirs();
  // Every step runs inside the inner callback, so a failure anywhere keeps both old outputs;
  // the emulator's output is swapped in just before the client's.
  const lines = buildInto(out, (staging) =>
    buildInto(emulatorOut, (emulatorStaging) => {
      node('rollup/dist/bin/rollup', ['-c', '--silent'], {
        CWR_OUT_DIR: staging,
        CWR_EMULATOR_OUT_DIR: emulatorStaging,
      });
      writeSingleFile(path.join(staging, 'cdn'));
      // The emulator, the CLI and the service rules they share, as CommonJS: emulator/, cli/
      // and src/domain/rules.js (tsconfig.emulator.json, rootDir '.').
      node('typescript/bin/tsc', ['-p', 'tsconfig.emulator.json', '--outDir', emulatorStaging]);
      return sizeLines(staging);
    }),
  );
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

module.exports = { buildInto, outputDirs, swap };
