// One Chromium for a whole jest run (the node project's globalSetup and globalTeardown).
//
// Launching Chromium and opening its first page costs seconds on this 2-CPU machine, and each
// test file used to pay it. Instead, setup starts a small broker on loopback and names it in
// CWR_CHROMIUM_BROKER; the first launchChromium() of the run asks it for the browser, which it
// launches then (a run without browser tests launches none), and every later one connects to
// the same browser. Each test file still gets a Browser of its own: contexts and pages made
// through a connection are closed when it closes, and every page a test opens with
// browser.newPage() has a fresh context (its own cookies, storage and cache), as before.
// If the shared browser has died, the broker launches another; if the broker cannot be reached,
// launchChromium() launches a browser of its own, as without it.
const http = require('http');
const { chromium } = require('playwright-core');
const { CHROMIUM_PATH, CHROMIUM_ARGS } = require('./chromium');

const STATE = Symbol.for('cwr.chromiumServer');

async function setup() {
  if (process.env.CWR_CHROMIUM_BROKER) return; // an outer run's broker serves this one too
  /** @type {Promise<import('playwright-core').BrowserServer> | undefined} */
  let launching;
  const alive = (server) => server.process().exitCode === null && !server.process().killed;
  const browserServer = async () => {
    const current = launching && (await launching.catch(() => undefined));
    if (current && alive(current)) return current;
    launching = chromium.launchServer({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    return launching;
  };
  const broker = http.createServer((req, res) => {
    browserServer().then(
      (server) => res.end(server.wsEndpoint()),
      (error) => {
        launching = undefined;
        res.statusCode = 500;
        res.end(String(error));
      },
    );
  });
  await new Promise((resolve) => broker.listen(0, '127.0.0.1', resolve));
  globalThis[STATE] = {
    async close() {
      await new Promise((resolve) => broker.close(resolve));
      const server = launching && (await launching.catch(() => undefined));
      await server?.close();
    },
  };
  process.env.CWR_CHROMIUM_BROKER = `http://127.0.0.1:${broker.address().port}/`;
}

async function teardown() {
  const state = globalThis[STATE];
  if (!state) return;
  delete globalThis[STATE];
  delete process.env.CWR_CHROMIUM_BROKER;
  await state.close();
}

module.exports = { setup, teardown };
