// The bench's per-engine part (test/bench/run.js calls it): the figures that can be measured the
// same way in Chromium, Firefox and WebKit through test/engines.js, which has no CDP: all in
// the page (performance.now()) or at the emulator. Ours against the predecessor in the same
// run, interleaved A B / B A, a fresh browser per client per round (Chromium and Firefox: a
// new browser process; WebKit: a new WebDriver session, which is a new MiniBrowser), the four
// pages loaded one after the other in it, the start page first, the site's storage and
// cookies emptied between them.
//
// Firefox and WebKit give performance.now() a 1 ms resolution to pages that are not
// cross-origin isolated (Chromium: 0.1 ms), so every timing starts on a tick of the clock and
// the loops are long enough (3,000 calls) for a tick to be a few per cent of them; the
// Chromium column is measured the same way, so the columns compare.
const { launchEngine } = require('../engines');

const NAMES = ['ours', 'predecessor'];
const ENGINE_LABELS = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };
/** recordEvent: calls per timed run; fetch / XHR: requests per timed run. */
const RECORD_CALLS = 3000;
const REQUESTS = 3000;
/** Bytes per event: events recorded at once, sent in batches of 100 every 250 ms. */
const WIRE_EVENTS = 300;

// The snippet as published, minus its last step (adding the async <script> of the client),
// which the start page does itself, synchronously.
const LOADER =
  "z=document.createElement('script');z.async=true;z.src=s;document.head.insertBefore(z,document.getElementsByTagName('script')[0]);";

/** In-page: waits for the next tick of performance.now() and returns it. */
const TICK = `() => { const a = performance.now(); let b; while ((b = performance.now()) === a); return b; }`;

/**
 * Writes the bench pages for each client into the site's directory.
 * @param {{ write: (file: string, html: string) => void, snippet: (client: string, config: object) => string, clients: Record<string, string>, base: object, withCreds: string }} o
 */
const writePages = ({ write, snippet, clients, base, withCreds }) => {
  const html = (head) =>
    `<!doctype html><html><head><title>bench</title>${head}</head><body><h1>bench</h1></body></html>`;
  const script = (code) => `<script>${code}</script>`;
  for (const name of NAMES) {
    const client = clients[name];
    const s = (config) => snippet(client, config);
    // Evaluate + start: the client's text fetched first (a synchronous XHR, not timed), then
    // run as a script element's text, appended while the page parses its <head>: the time
    // appendChild takes is its parse, compile and evaluation, boot included (both clients boot
    // in it). Nothing else can run meanwhile, and no network is in it. (The chunks are found
    // beside the page, which is where they are.)
    const start = s({ ...base, telemetries: ['errors', 'http', 'performance'] });
    if (!start.includes(LOADER)) throw new Error('the snippet no longer ends with its loader');
    write(
      `engine-start-${name}.html`,
      html(
        script(
          `window.__errors = []; addEventListener('error', (e) => __errors.push(String(e.message)));`,
        ) +
          script(start.replace(LOADER, '')) +
          script(withCreds) +
          script(`(() => {
  const x = new XMLHttpRequest();
  x.open('GET', ${JSON.stringify(client)}, false);
  x.send();
  if (x.status !== 200) throw new Error('client not served: ' + x.status);
  const el = document.createElement('script');
  el.text = x.responseText;
  const t0 = (${TICK})();
  document.head.appendChild(el);
  window.__startMs = performance.now() - t0;
})();`),
      ),
    );
    write(`engine-record-${name}.html`, html(script(s({ ...base, dispatchInterval: 3600000 }))));
    // The browser's fetch, open and send replaced by stand-ins before the client loads, as in
    // the Chromium rows of run.js.
    const saveNative = `(() => { const res = new Response(null, { status: 204 });
      window.fetch = function () { return Promise.resolve(res); };
      XMLHttpRequest.prototype.open = function (m, u) { this.__u = u; };
      XMLHttpRequest.prototype.send = function () {};
      window.__native = { fetch: window.fetch, open: XMLHttpRequest.prototype.open,
        send: XMLHttpRequest.prototype.send, XHR: window.XMLHttpRequest }; })();`;
    write(
      `engine-http-${name}.html`,
      html(
        script(saveNative) +
          script(s({ ...base, telemetries: ['http'], dispatchInterval: 3600000 })),
      ),
    );
    write(
      `engine-wire-${name}.html`,
      html(script(s({ ...base, dispatchInterval: 250, batchLimit: 100 })) + script(withCreds)),
    );
  }
};

/** True once the client has loaded and replaced the snippet's queueing function. */
const isReady = () => typeof window.cwr === 'function' && !String(window.cwr).includes('x.q.push');

/**
 * Between two bench pages: the site's storage and cookies emptied on a blank page, once the
 * previous page has gone (ours saves its unsent events in localStorage when a page hides, and
 * the next page would send them), so that each page starts as in a new profile.
 */
const clean = async (p, emu) => {
  await p.goto(`${emu.url}/blank.html`);
  const left = await p.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
    for (const c of document.cookie.split(';')) {
      const name = c.split('=')[0].trim();
      if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
    }
    return localStorage.length + sessionStorage.length + document.cookie.length;
  });
  if (left) throw new Error(`${p.engine}: the site's storage could not be emptied`);
};

/** The four figures of one client in one fresh browser page. */
const sample = async (p, name, emu) => {
  const out = {};
  let lap = Date.now();
  const step = (what) => {
    if (process.env.BENCH_VERBOSE)
      console.log(`  ${p.engine} ${name} ${what}: ${Date.now() - lap} ms`);
    lap = Date.now();
  };
  // Evaluate + start.
  await p.goto(`${emu.url}/engine-start-${name}.html`);
  const start = await p.evaluate(() => ({ ms: window.__startMs, errors: window.__errors }));
  if (typeof start.ms !== 'number' || start.errors.length)
    throw new Error(`${p.engine} ${name}: the start page failed: ${JSON.stringify(start)}`);
  // (It started: the client took over the snippet's queue.)
  await p.waitFor(isReady, undefined, 15000);
  out.start = start.ms;
  step('start');

  await clean(p, emu);
  // recordEvent: as in run.js (1 s after the client is ready, 1,000 warm-up calls, the median
  // of 5 runs), with longer runs for the coarse clocks.
  await p.goto(`${emu.url}/engine-record-${name}.html`);
  await p.waitFor(isReady, undefined, 15000);
  await new Promise((r) => setTimeout(r, 1000));
  const record = await p.evaluate((n) => {
    const tick = () => {
      const a = performance.now();
      let b;
      while ((b = performance.now()) === a);
      return b;
    };
    for (let i = 0; i < 1000; i++) window.cwr('recordEvent', { type: 'warmup', data: { i } });
    const runs = [];
    for (let run = 0; run < 5; run++) {
      const t0 = tick();
      for (let i = 0; i < n; i++)
        window.cwr('recordEvent', { type: 'bench.event', data: { i, label: 'item' } });
      runs.push(((performance.now() - t0) * 1000) / n);
    }
    return { us: runs.sort((a, b) => a - b)[2], cookies: /cwr_s=/.test(document.cookie) };
  }, RECORD_CALLS);
  // "Cookies on" must mean it: the session cookie is there.
  if (!record.cookies) throw new Error(`${p.engine} ${name}: no session cookie on the record page`);
  out.record = record.us;
  step('record');

  await clean(p, emu);
  // Synchronous overhead per fetch / XHR: as in run.js, REQUESTS per timed run.
  await p.goto(`${emu.url}/engine-http-${name}.html`);
  await p.waitFor(isReady, undefined, 15000);
  await new Promise((r) => setTimeout(r, 300));
  const cost = await p.evaluate((N) => {
    const tick = () => {
      const a = performance.now();
      let b;
      while ((b = performance.now()) === a);
      return b;
    };
    const n = window.__native;
    const best = { f: Infinity, fn: Infinity, x: Infinity, xn: Infinity };
    const time = (key, startOne) => {
      const t0 = tick();
      for (let i = 0; i < N; i++) startOne(i);
      best[key] = Math.min(best[key], ((performance.now() - t0) * 1000) / N);
    };
    const noop = () => undefined;
    for (let run = 0; run < 7; run++) {
      time('f', (i) => fetch(`/favicon.ico?f${run}-${i}`).catch(noop));
      time('fn', (i) => n.fetch.call(window, `/favicon.ico?n${run}-${i}`).catch(noop));
      time('x', (i) => {
        const r = new XMLHttpRequest();
        r.open('GET', `/favicon.ico?x${run}-${i}`);
        r.send();
      });
      time('xn', (i) => {
        const r = new n.XHR();
        n.open.call(r, 'GET', `/favicon.ico?y${run}-${i}`);
        n.send.call(r);
      });
    }
    return best;
  }, REQUESTS);
  out.fetch = Math.max(0, cost.f - cost.fn);
  out.xhr = Math.max(0, cost.x - cost.xn);
  step('xhr');

  // Bytes on the wire per event: once the page's own first events are in (its page view),
  // WIRE_EVENTS events at once; request bodies as received, over the events they carried.
  await clean(p, emu);
  emu.reset();
  await p.goto(`${emu.url}/engine-wire-${name}.html`);
  await p.waitFor(isReady, undefined, 15000);
  step('wire: load');
  const t0 = Date.now();
  while (!emu.events({ type: 'com.amazon.rum.page_view_event' }).length) {
    if (Date.now() - t0 > 30000) throw new Error(`${p.engine} ${name}: no page view in 30 s`);
    await new Promise((r) => setTimeout(r, 25));
  }
  step('wire: page view');
  emu.reset();
  await p.evaluate((n) => {
    for (let i = 0; i < n; i++) window.cwr('recordEvent', { type: 'bench.drain', data: { i } });
  }, WIRE_EVENTS);
  const count = () => new Set(emu.events({ type: 'bench.drain' }).map((e) => e.event.id)).size;
  const t1 = Date.now();
  while (count() < WIRE_EVENTS) {
    if (Date.now() - t1 > 60000)
      throw new Error(`${p.engine} ${name}: ${count()} of ${WIRE_EVENTS} events in 60 s`);
    await new Promise((r) => setTimeout(r, 25));
  }
  const puts = emu.requests().filter((r) => r.operation === 'PutRumEvents' && r.status === 200);
  out.wire =
    puts.reduce((n, r) => n + (r.bodyBytes ?? 0), 0) /
    puts.reduce((n, r) => n + (r.eventCount ?? 0), 0);
  step('wire');
  out.encodings = [...new Set(puts.map((r) => r.contentEncoding || 'identity'))];
  return out;
};

/**
 * Runs the per-engine figures for each of `engines`, `rounds` rounds each.
 * @returns {Promise<Record<string, { version: string, seconds: number, samples: Record<string, { ours: number[], predecessor: number[] }>, encodings: { ours: string[], predecessor: string[] } }>>}
 */
const benchEngines = async ({ engines, rounds, emu, log = () => undefined }) => {
  const results = {};
  for (const engine of engines) {
    const began = Date.now();
    const samples = {};
    const encodings = { ours: new Set(), predecessor: new Set() };
    let version = 'unknown';
    // WebKit: one driver; each page is a new session, i.e. a fresh MiniBrowser.
    const shared = engine === 'webkit' ? await launchEngine('webkit') : null;
    try {
      for (let round = 0; round < rounds; round++) {
        for (const name of round % 2 ? [...NAMES].reverse() : NAMES) {
          const t = Date.now();
          const browser = shared ?? (await launchEngine(engine));
          try {
            const p = await browser.newPage();
            if (process.env.BENCH_VERBOSE)
              console.log(`  ${engine} launch + page: ${Date.now() - t} ms`);
            try {
              const out = await sample(p, name, emu);
              for (const [metric, value] of Object.entries(out)) {
                if (metric === 'encodings') value.forEach((e) => encodings[name].add(e));
                else (samples[metric] ??= { ours: [], predecessor: [] })[name].push(value);
              }
            } finally {
              await p.close();
            }
            version = browser.version;
          } finally {
            if (!shared) await browser.close();
          }
        }
        log(`${engine}: round ${round + 1} of ${rounds}`);
      }
    } finally {
      if (shared) await shared.close();
    }
    results[engine] = {
      version,
      seconds: (Date.now() - began) / 1000,
      samples,
      encodings: { ours: [...encodings.ours], predecessor: [...encodings.predecessor] },
    };
  }
  return results;
};

module.exports = { benchEngines, writePages, ENGINE_LABELS, RECORD_CALLS, REQUESTS, WIRE_EVENTS };
