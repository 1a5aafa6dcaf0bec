// The first step of `npm test`: make sure the browsers the end-to-end tests drive are here.
// Nothing can download a browser on these machines, so they come from the system's packages:
// Debian's `chromium`, `firefox-esr`, and WebKitGTK's MiniBrowser with its WebDriver
// (`webkit2gtk-driver`, which brings libwebkit2gtk-4.1-0) and `xvfb` to show it on. As root
// with apt-get, what is missing is installed (once, ~2 minutes); otherwise this prints one line
// saying how, and fails, since the tests cannot pass without it.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const { ENGINE_FILES } = require('../test/engine-files');

/** Each file: where the tests look for it, the variable that overrides that, its package. */
const BROWSERS = Object.values(ENGINE_FILES)
  .flat()
  .map((f) => ({ ...f, name: f.apt }));

const executable = (file) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

const hasAptGet = () => {
  try {
    execFileSync('apt-get', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const missing = BROWSERS.filter((b) => !executable(b.path));
if (missing.length === 0) process.exit(0);

const names = missing.map((b) => b.name).join(' and ');
const packages = [...new Set(missing.map((b) => b.apt))];
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const how =
  `install Debian's ${packages.join(' ')} (sudo apt-get install -y ${packages.join(' ')})` +
  ` or point ${missing.map((b) => b.env).join(' / ')} at the files`;

if (!root || !hasAptGet()) {
  console.error(`The end-to-end tests need ${names}, which is not installed: ${how}.`);
  process.exit(1);
}

console.log(
  `Installing ${names} for the end-to-end tests (apt-get install ${packages.join(' ')}; once)…`,
);
try {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
} catch (e) {
  console.error(`Could not install ${names} (${e.message.split('\n')[0]}): ${how}.`);
  process.exit(1);
}
const still = missing.filter((b) => !executable(b.path));
if (still.length) {
  console.error(`apt-get finished but ${still.map((b) => b.path).join(', ')} is missing: ${how}.`);
  process.exit(1);
}
