// How the tests and the benchmark start Chromium here: Debian's build, driven by
// playwright-core, with the flags that keep it off the (closed) network.
const { chromium } = require('playwright-core');

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh headless Chromium (a fresh profile each time). */
const launchChromium = () =>
  chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

module.exports = { CHROMIUM_PATH, CHROMIUM_ARGS, launchChromium };
