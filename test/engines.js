// The three browser engines the end-to-end tests and the bench drive, behind one small page
// API, so that a scenario is written once:
// - Chromium: Debian's `chromium`, by playwright-core (CDP);
// - Firefox: Debian's `firefox-esr`, by puppeteer-core over WebDriver BiDi (no X server);
// - WebKit: WebKitGTK's MiniBrowser (Debian's libwebkit2gtk-4.1-0), by selenium-webdriver
//   through WebKitWebDriver (`webkit2gtk-driver`), on a private Xvfb display (it has no
//   headless mode).
// Nothing here downloads a browser. Each page gets a fresh profile: a Playwright context, a
// puppeteer browser context, a new WebDriver session (a new MiniBrowser).
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const { launchChromium } = require('./chromium');
const { ENGINE_FILES } = require('./engine-files');

const ENGINES = ['chromium', 'firefox', 'webkit'];
const [FIREFOX, WEBKIT_DRIVER, MINIBROWSER, XVFB] = [
  ...ENGINE_FILES.firefox,
  ...ENGINE_FILES.webkit,
].map((f) => f.path);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `promise`, or a rejection naming `what` after `ms`: a WebDriver command has no deadline of
 * its own, and one that never answers (MiniBrowser busy under load) would otherwise hang the
 * test until jest's timeout, which names no step.
 */
const bounded = (promise, ms, what) => {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
};

/**
 * Polls `test` (an async function) until it returns something truthy, which it then returns;
 * a throw counts as "not yet" (a page in the middle of a navigation cannot run scripts).
 */
const poll = async (test, ms, what) => {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const v = await test();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end)
      throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (${last})` : ''}`);
    await sleep(50);
  }
};

/** Adds `waitFor(fn, arg, ms)`: polls `evaluate(fn, arg)` until it is truthy. */
const withWait = (page) =>
  Object.assign(page, {
    waitFor: (fn, arg, ms = 10_000) =>
      poll(() => page.evaluate(fn, arg), ms, `${page.engine}: ${fn.toString().slice(0, 120)}`),
  });

/**
 * history.back() from the page, then the previous page loaded (or restored from the
 * back-forward cache, which fires no load event: puppeteer's goBack waits for one forever).
 */
const historyBack = async (page) => {
  const from = await page.evaluate(() => location.href);
  await page.evaluate(() => void setTimeout(() => history.back()));
  await poll(
    () => page.evaluate((u) => location.href !== u && document.readyState === 'complete', from),
    30_000,
    'history.back()',
  );
};

/** Pages of Playwright (Chromium) and puppeteer (Firefox) have nearly the same API. */
const scriptPage = (engine, page, closeProfile) =>
  withWait({
    engine,
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    click: (selector) => page.click(selector),
    back: () => historyBack(page),
    reload: async () => void (await page.reload({ waitUntil: 'load' })),
    url: async () => page.url(),
    close: async () => {
      await page.close().catch(() => undefined);
      await closeProfile();
    },
    native: page,
  });

const launchPlaywright = async () => {
  const browser = await launchChromium();
  return {
    engine: 'chromium',
    version: browser.version(),
    async newPage() {
      const context = await browser.newContext();
      return scriptPage('chromium', await context.newPage(), () => context.close());
    },
    close: () => browser.close(),
  };
};

const launchFirefox = async () => {
  const puppeteer = require('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    timeout: 180_000,
    protocolTimeout: 180_000,
  });
  return {
    engine: 'firefox',
    version: (await browser.version()).replace(/^firefox\//i, ''),
    async newPage() {
      const context = await browser.createBrowserContext();
      return scriptPage('firefox', await context.newPage(), () => context.close());
    },
    close: () => browser.close(),
  };
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Every process below `pid` (WebKit's web and network processes outlive MiniBrowser a bit). */
const descendants = (pid) => {
  const children = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = +stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(+d);
    } catch {
      // gone meanwhile
    }
  }
  const out = [];
  const walk = (p) => (children.get(p) || []).forEach((c) => (out.push(c), walk(c)));
  walk(pid);
  return out;
};

const kill = (pids) => {
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
};

/** Starts Xvfb on a free display number; resolves with the process and its display. */
const startXvfb = () =>
  new Promise((resolve, reject) => {
    const x = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    x.stderr.on('data', (d) => (err += d));
    x.on('error', reject);
    x.on('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${err.trim()}`)));
    x.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ xvfb: x, display: ':' + out.trim() });
    });
  });

const launchWebKit = async () => {
  const { Builder, By } = require('selenium-webdriver');
  const { xvfb, display } = await startXvfb();
  const port = await freePort();
  const driverProcess = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=local'], {
    env: { ...process.env, DISPLAY: display },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  const stopAll = () => {
    const pids = [...descendants(driverProcess.pid), driverProcess.pid];
    kill(pids);
    xvfb.kill('SIGKILL');
  };
  let status;
  try {
    status = await poll(
      () => fetch(`${base}/status`).then((r) => r.json()),
      20_000,
      'WebKitWebDriver',
    );
  } catch (e) {
    stopAll();
    throw e;
  }
  const version = String(status?.value?.build?.version ?? 'unknown');
  const open = new Set();
  const browser = {
    engine: 'webkit',
    /** From the first page's session (WebKitWebDriver's status does not say). */
    version,
    async newPage() {
      const before = new Set(descendants(driverProcess.pid));
      const session = () =>
        new Builder()
          .usingServer(base)
          .withCapabilities({
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
          })
          .build();
      // A MiniBrowser that never finished starting (CI saw one, under load) is killed, its
      // processes only, and one more is started: a browser's start is not what is tested.
      const start = (attempt) =>
        bounded(session(), 45_000, 'webkit: a new session').catch((e) => {
          kill(descendants(driverProcess.pid).filter((p) => !before.has(p)));
          if (attempt > 1) throw e;
          return start(attempt + 1);
        });
      const driver = await start(1);
      open.add(driver);
      await driver.manage().setTimeouts({ script: 60_000, pageLoad: 60_000 });
      browser.version = String((await driver.getCapabilities()).get('browserVersion') ?? version);
      const run = (fn, arg) =>
        bounded(
          driver.executeScript(`return (${fn.toString()})(arguments[0]);`, arg ?? null),
          70_000,
          `webkit: ${fn.toString().slice(0, 80)}`,
        );
      return withWait({
        engine: 'webkit',
        goto: (url) => bounded(driver.get(url), 70_000, `webkit: goto ${url}`),
        evaluate: run,
        async click(selector) {
          const el = await driver.findElement(By.css(selector));
          await driver.actions().move({ origin: el }).click().perform();
        },
        back: () => historyBack({ evaluate: run }),
        reload: () => driver.navigate().refresh(),
        url: () => driver.getCurrentUrl(),
        async close() {
          if (!open.delete(driver)) return;
          const mine = new Set(descendants(driverProcess.pid));
          await bounded(driver.quit(), 15_000, 'webkit: quit').catch(() => undefined);
          // The web and network processes of this MiniBrowser, if they linger.
          // A quit that did not answer leaves them all: killing them ends the session.
          kill(
            [...mine].filter((p) => !before.has(p) && descendants(driverProcess.pid).includes(p)),
          );
        },
      });
    },
    async close() {
      await Promise.all([...open].map((d) => d.quit().catch(() => undefined)));
      open.clear();
      stopAll();
    },
  };
  return browser;
};

const LAUNCHERS = { chromium: launchPlaywright, firefox: launchFirefox, webkit: launchWebKit };

/** A fresh browser of `engine` ('chromium' | 'firefox' | 'webkit'). */
const launchEngine = (engine) => {
  if (!LAUNCHERS[engine]) throw new Error(`unknown engine "${engine}": one of ${ENGINES}`);
  return LAUNCHERS[engine]();
};

module.exports = { ENGINES, ENGINE_FILES, launchEngine, poll };
