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

/**
 * A headless Chromium: under jest, a connection to the run's shared browser
 * (test/chromium-server.js) when there is one; otherwise a fresh browser (a fresh profile).
 */
const launchChromium = async () => {
  const broker = process.env.CWR_CHROMIUM_BROKER;
  if (broker) {
    try {
      const answer = await fetch(broker);
      if (answer.ok) return await chromium.connect(await answer.text());
    } catch {
      // No shared browser after all: launch one, as without it.
    }
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
};

module.exports = { CHROMIUM_PATH, CHROMIUM_ARGS, launchChromium };
