// npm run bench: this client against its predecessor (aws-rum-web's CDN bundle, built from its
// npm package and used as a black box), in one run, on this machine, in fresh headless
// Chromium browsers, interleaved A B A B; then the figures that make sense without CDP in each
// engine of BENCH_ENGINES (Chromium, Firefox, WebKit: test/bench/engines-bench.js). Machine
// speed drifts a lot here, so the figures that matter are medians and ratios. Prints the
// tables and writes docs/performance.md (or BENCH_DOC), when Chromium is among the engines.
//
//   BENCH_ENGINES=chromium,firefox,webkit  the engines (default: all three; without chromium,
//                                          the Chromium-only table and the doc are skipped)
//   BENCH_ROUNDS=7                         rounds of each figure (drain, memory, replay: ≤ 3)
//   BENCH_ENGINE_ROUNDS=5                  rounds of the per-engine figures (default: BENCH_ROUNDS,
//                                          at most 5)
//   BENCH_DOC=docs/performance.md          where the doc is written
//   BENCH_VERBOSE=1                        the time each per-engine step takes
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { launchChromium } = require('../chromium');
const { startEmulator } = require('cloudwatch-rum-web-emulator');
const { renderSnippet } = require('../../snippet');
const { buildPredecessor } = require('./predecessor');
const { benchEngines, writePages, ENGINE_LABELS, ...engineBench } = require('./engines-bench');
const { benchJourney, benchNpmApp } = require('./journey');

const ROUNDS = Number(process.env.BENCH_ROUNDS || 7);
const EVENTS = Number(process.env.BENCH_EVENTS || 1000);
const APP = '0f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f';
const CREDS = { accessKeyId: 'AKIDBENCH00000000001', secretAccessKey: 'bench-secret' };
const ROOT = path.resolve(__dirname, '../..');
const NAMES = ['ours', 'predecessor'];
const ENGINES = (process.env.BENCH_ENGINES || 'chromium,firefox,webkit')
  .split(',')
  .map((e) => e.trim())
  .filter(Boolean);
for (const e of ENGINES)
  if (!ENGINE_LABELS[e]) throw new Error(`BENCH_ENGINES: unknown engine "${e}"`);
// BENCH_ONLY=recordCold,busyReplay: only these figures (a quicker run while working on them;
// the doc is not written). Keys: start record recordCold http drain memory replay busyReplay
// journey hide engines.
const ONLY = process.env.BENCH_ONLY?.split(',').map((k) => k.trim());
const want = (key) => !ONLY || ONLY.includes(key);
const ENGINE_ROUNDS = Number(process.env.BENCH_ENGINE_ROUNDS || Math.min(ROUNDS, 5));
const DOC = process.env.BENCH_DOC
  ? path.resolve(process.env.BENCH_DOC)
  : path.join(ROOT, 'docs/performance.md');
const began = Date.now();
const elapsed = () => `${((Date.now() - began) / 1000).toFixed(0)} s`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const read = (f) => fs.readFileSync(f);
const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const brotli = (buf) =>
  zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const snippet = (client, config) =>
  renderSnippet({
    appMonitorId: APP,
    appVersion: '1.0.0',
    region: 'us-west-2',
    clientUrl: client,
    config,
  });
const page = (client, config, before = '') => `<!doctype html><html><head><title>bench</title>
<script>${snippet(client, config)}</script>
<script>${before}</script></head><body><h1>bench</h1></body></html>`;

const ready = (p) =>
  // The snippet's queueing function is replaced once the client has loaded.
  p.waitForFunction(
    () => typeof window.cwr === 'function' && !String(window.cwr).includes('x.q.push'),
    null,
    { timeout: 15000 },
  );

async function main() {
  const predecessor = await buildPredecessor();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-bench-'));
  for (const f of fs.readdirSync(path.join(ROOT, 'dist/cdn'))) {
    fs.copyFileSync(path.join(ROOT, 'dist/cdn', f), path.join(dir, f));
  }
  fs.copyFileSync(predecessor, path.join(dir, 'predecessor.js'));
  fs.writeFileSync(path.join(dir, 'favicon.ico'), '');
  fs.writeFileSync(
    path.join(dir, 'blank.html'),
    '<!doctype html><title>blank</title><h1>bench</h1>',
  );
  const emu = await startEmulator({
    appMonitors: [{ id: APP, region: 'us-west-2' }],
    credentials: [CREDS],
    staticDir: dir,
  });
  const clients = { ours: '/cwr.js', predecessor: '/predecessor.js' };
  const samples = {};
  const add = (metric, name, value) => {
    samples[metric] ??= { ours: [], predecessor: [] };
    samples[metric][name].push(value);
  };
  const base = {
    endpoint: emu.url,
    telemetries: [],
    allowCookies: true,
    sessionEventLimit: 0,
    eventCacheSize: 100000,
  };
  const write = (file, html) => fs.writeFileSync(path.join(dir, file), html);
  const withCreds = `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`;

  /** Runs `fn(page, name)` in a fresh browser per client per round, A B / B A alternately. */
  const rounds = async (key, n, fn) => {
    if (!want(key)) return;
    for (let round = 0; round < n; round++) {
      for (const name of round % 2 ? [...NAMES].reverse() : NAMES) {
        const browser = await launchChromium();
        try {
          const p = await (await browser.newContext()).newPage();
          await fn(p, name);
        } finally {
          await browser.close();
        }
      }
    }
  };

  let engineResults = {};
  let npmApp;
  let journey;
  try {
    if (ENGINES.includes('chromium')) {
      // Evaluate + start. Two figures per page load: the synchronous part, which the page's own
      // loading waits for (Chromium's trace: the EvaluateScript task of the client's script,
      // which runs the boot), and all main-thread script time of the page in its first 2.5 s
      // (CDP ScriptDuration) minus a blank page's, which adds what the client does in idle time
      // (chunks, the session, the first events).
      for (const name of NAMES)
        write(
          `start-${name}.html`,
          page(
            clients[name],
            { ...base, telemetries: ['errors', 'http', 'performance'] },
            withCreds,
          ),
        );
      const scriptMs = async (p, url) => {
        const cdp = await p.context().newCDPSession(p);
        await cdp.send('Performance.enable');
        await p.goto(url);
        await p.waitForTimeout(2500);
        const { metrics } = await cdp.send('Performance.getMetrics');
        return metrics.find((m) => m.name === 'ScriptDuration').value * 1000;
      };
      const traceFile = path.join(dir, 'trace.json');
      await rounds('start', ROUNDS, async (p, name) => {
        const blank = await scriptMs(p, `${emu.url}/blank.html`);
        const p2 = await p.context().newPage();
        await p
          .context()
          .browser()
          .startTracing(p2, {
            path: traceFile,
            categories: ['devtools.timeline'],
          });
        const total = await scriptMs(p2, `${emu.url}/start-${name}.html`);
        await p.context().browser().stopTracing();
        const file = clients[name].slice(1);
        const evaluate = JSON.parse(fs.readFileSync(traceFile, 'utf8'))
          .traceEvents.filter(
            (e) =>
              e.name === 'EvaluateScript' &&
              e.ph === 'X' &&
              e.args?.data?.url?.endsWith('/' + file),
          )
          .reduce((ms, e) => ms + e.dur / 1000, 0);
        add('start', name, evaluate);
        add('startTotal', name, Math.max(0, total - blank));
      });

      // recordEvent: the steady cost of cwr('recordEvent') per event, cookies on, nothing sent
      // meanwhile: once the page has settled and the code is warm (1,000 events first), the
      // median of 5 runs of EVENTS events.
      for (const name of NAMES)
        write(`record-${name}.html`, page(clients[name], { ...base, dispatchInterval: 3600000 }));
      await rounds('record', ROUNDS, async (p, name) => {
        await p.goto(`${emu.url}/record-${name}.html`);
        await ready(p);
        await p.waitForTimeout(1000);
        const us = await p.evaluate((n) => {
          for (let i = 0; i < 1000; i++) window.cwr('recordEvent', { type: 'warmup', data: { i } });
          const runs = [];
          for (let run = 0; run < 5; run++) {
            const t0 = performance.now();
            for (let i = 0; i < n; i++)
              window.cwr('recordEvent', { type: 'bench.event', data: { i, label: 'item' } });
            runs.push(((performance.now() - t0) * 1000) / n);
          }
          return runs.sort((a, b) => a - b)[2];
        }, EVENTS);
        add('record', name, us);
      });

      // recordEvent, cold: what a page pays for its first events. 0.7 s after the client is
      // ready, with no warm-up, 2,000 calls in one task, timed in the page: the rest of the
      // start (if idle time has not run it yet), the first cookie write and code run for the
      // first time are inside it. The same page as the warm figure.
      await rounds('recordCold', ROUNDS, async (p, name) => {
        await p.goto(`${emu.url}/record-${name}.html`);
        await ready(p);
        await p.waitForTimeout(700);
        const us = await p.evaluate(() => {
          const t0 = performance.now();
          for (let i = 0; i < 2000; i++)
            window.cwr('recordEvent', { type: 'bench.cold', data: { i, label: 'item' } });
          return ((performance.now() - t0) * 1000) / 2000;
        });
        add('recordCold', name, us);
      });

      // Synchronous overhead per app fetch / XHR: what the client's wrappers add to the call the
      // app makes. The browser's own fetch and XHR cost hundreds of µs per request here, varying
      // by more than the whole overhead, so they are replaced, before the client loads, by
      // stand-ins that do nothing (fetch answers one ready Response; open and send return). On
      // one page the time to start 200 requests through the wrapped functions, minus through the
      // stand-ins called directly, alternately, the fastest of 7 runs each (noise only adds).
      const saveNative = `(() => { const res = new Response(null, { status: 204 });
      window.fetch = function () { return Promise.resolve(res); };
      XMLHttpRequest.prototype.open = function (m, u) { this.__u = u; };
      XMLHttpRequest.prototype.send = function () {};
      window.__native = { fetch: window.fetch, open: XMLHttpRequest.prototype.open,
        send: XMLHttpRequest.prototype.send, XHR: window.XMLHttpRequest }; })();`;
      for (const name of NAMES)
        fs.writeFileSync(
          path.join(dir, `http-${name}.html`),
          page(clients[name], {
            ...base,
            telemetries: ['http'],
            dispatchInterval: 3600000,
          }).replace('<head>', `<head><script>${saveNative}</script>`),
        );
      await rounds('http', ROUNDS, async (p, name) => {
        await p.goto(`${emu.url}/http-${name}.html`);
        await ready(p);
        await p.waitForTimeout(300);
        const cost = await p.evaluate(() => {
          const N = 200;
          const n = window.__native;
          const best = { f: Infinity, fn: Infinity, x: Infinity, xn: Infinity };
          const time = (key, start) => {
            const t0 = performance.now();
            for (let i = 0; i < N; i++) start(i);
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
        });
        add('fetch', name, Math.max(0, cost.f - cost.fn));
        add('xhr', name, Math.max(0, cost.x - cost.xn));
      });

      // Drain: 2,000 events queued, then the time until the service has them all, with each
      // client's defaults for dispatching. Also bytes on the wire per event.
      for (const name of NAMES)
        write(`drain-${name}.html`, page(clients[name], { ...base }, withCreds));
      await rounds('drain', Math.min(ROUNDS, 3), async (p, name) => {
        emu.reset();
        await p.goto(`${emu.url}/drain-${name}.html`);
        await ready(p);
        await p.waitForTimeout(500);
        emu.reset();
        await p.evaluate(() => {
          for (let i = 0; i < 2000; i++)
            window.cwr('recordEvent', { type: 'bench.drain', data: { i } });
        });
        const t0 = Date.now();
        const count = () =>
          new Set(emu.events({ type: 'bench.drain' }).map((e) => e.event.id)).size;
        while (count() < 2000 && Date.now() - t0 < 120000)
          await new Promise((r) => setTimeout(r, 25));
        add('drain', name, Date.now() - t0);
        const puts = emu
          .requests()
          .filter((r) => r.operation === 'PutRumEvents' && r.status === 200);
        const bytes = puts.reduce((n, r) => n + (r.bodyBytes ?? 0), 0);
        const events = puts.reduce((n, r) => n + (r.eventCount ?? 0), 0);
        add('wire', name, bytes / Math.max(1, events));
      });

      // Memory after 10,000 events (recorded and sent), heap in use after a garbage collection,
      // minus the blank page's.
      for (const name of NAMES)
        write(
          `memory-${name}.html`,
          page(clients[name], { ...base, dispatchInterval: 1000 }, withCreds),
        );
      await rounds('memory', Math.min(ROUNDS, 3), async (p, name) => {
        const heap = async () => {
          const cdp = await p.context().newCDPSession(p);
          await cdp.send('HeapProfiler.collectGarbage');
          const { usedSize } = await cdp.send('Runtime.getHeapUsage');
          return usedSize;
        };
        await p.goto(`${emu.url}/blank.html`);
        const blank = await heap();
        await p.goto(`${emu.url}/memory-${name}.html`);
        await ready(p);
        for (let k = 0; k < 10; k++) {
          await p.evaluate(() => {
            for (let i = 0; i < 1000; i++)
              window.cwr('recordEvent', { type: 'bench.memory', data: { i } });
          });
          await p.waitForTimeout(200);
        }
        await p.waitForTimeout(3000);
        add('memory', name, (await heap()) - blank);
      });

      // Session replay: the main-thread script time a page with the replay telemetry costs over
      // the same page without it (CDP ScriptDuration in its first 4 s: ours loads its recorder
      // after the load event, in idle time, and takes the first snapshot then; the predecessor
      // records from its start), on a demo page of 300 elements. Fewer rounds: each is two loads.
      const demoBody = Array.from(
        { length: 100 },
        (_, i) =>
          `<div class="row"><h3>Item ${i}</h3><p>Some text for item ${i}</p><input value="v${i}"></div>`,
      ).join('');
      for (const name of NAMES)
        for (const replay of [true, false])
          write(
            `replay-${name}-${replay}.html`,
            page(
              clients[name],
              { ...base, telemetries: replay ? ['replay'] : [], sessionEventLimit: 0 },
              withCreds,
            ).replace('<h1>bench</h1>', demoBody),
          );
      await rounds('replay', Math.min(ROUNDS, 3), async (p, name) => {
        const script = async (replay) => {
          const q = await p.context().newPage();
          const cdp = await q.context().newCDPSession(q);
          await cdp.send('Performance.enable');
          await q.goto(`${emu.url}/replay-${name}-${replay}.html`);
          await q.waitForTimeout(4000);
          const { metrics } = await cdp.send('Performance.getMetrics');
          // (Ours: the recorder must have loaded in that time, or the figure means nothing.)
          if (
            replay &&
            name === 'ours' &&
            !(await q.evaluate(() => !!window.__cwrChunks?.['cwr-replay.js']))
          )
            throw new Error('the replay chunk did not load in 4 s');
          await q.close();
          return metrics.find((m) => m.name === 'ScriptDuration').value * 1000;
        };
        // The fastest of three loads each (noise only adds), alternately.
        const best = { true: Infinity, false: Infinity };
        for (let i = 0; i < 3; i++)
          for (const replay of [false, true])
            best[replay] = Math.min(best[replay], await script(replay));
        add('replay', name, Math.max(0, best.true - best.false));
      });

      // Session replay on a busy page: 10 s of a page that changes all the time (every 50 ms:
      // ten rows' text, a class, a row added and the oldest removed, an input's value), with
      // the replay telemetry and without: the main-thread script time the recorder adds
      // (CDP ScriptDuration at 10 s, minus the page's own without it) and the bytes of replay
      // events the service receives for those 10 s (their details, as JSON; the page is then
      // closed so that both clients send what they hold).
      const busy = `setInterval(() => {
        const rows = document.querySelectorAll('.row');
        for (let k = 0; k < 10; k++) {
          const r = rows[(Math.random() * rows.length) | 0];
          r.querySelector('p').textContent = 'changed ' + Math.random().toString(36).slice(2);
          r.classList.toggle('hot');
        }
        const row = document.createElement('div');
        row.className = 'row';
        row.innerHTML = '<h3>New</h3><p>fresh</p><input value="n">';
        document.body.appendChild(row);
        rows[0].remove();
        const input = document.querySelector('input');
        if (input) input.value = Math.random().toString(36).slice(2, 8);
      }, 50);`;
      for (const name of NAMES)
        for (const replay of [true, false])
          write(
            `busy-${name}-${replay}.html`,
            page(
              clients[name],
              { ...base, telemetries: replay ? ['replay'] : [], sessionEventLimit: 0 },
              withCreds,
            ).replace('<h1>bench</h1>', demoBody + `<script>${busy}</script>`),
          );
      const REPLAY = 'com.amazon.rum.rrweb_event';
      await rounds('busyReplay', Math.min(ROUNDS, 3), async (p, name) => {
        const busyScript = async (replay) => {
          emu.reset();
          const q = await p.context().newPage();
          const cdp = await q.context().newCDPSession(q);
          await cdp.send('Performance.enable');
          await q.goto(`${emu.url}/busy-${name}-${replay}.html`);
          await q.waitForTimeout(10000);
          const { metrics } = await cdp.send('Performance.getMetrics');
          await q.close({ runBeforeUnload: true });
          let bytes = 0;
          if (replay) {
            // Until the replay events stop coming (the page's last ones come by beacon).
            let last = -1;
            for (let i = 0; i < 40 && (bytes = replayBytes()) !== last; i++) {
              last = bytes;
              await new Promise((r) => setTimeout(r, 250));
            }
            if (!bytes) throw new Error(`${name}: no replay events arrived from the busy page`);
          }
          return [metrics.find((m) => m.name === 'ScriptDuration').value * 1000, bytes];
        };
        const replayBytes = () =>
          emu
            .events({ type: REPLAY })
            .reduce((n, e) => n + JSON.stringify(e.event.details).length, 0);
        const [withIt, bytes] = await busyScript(true);
        const [without] = await busyScript(false);
        add('busyReplay', name, Math.max(0, withIt - without));
        add('busyReplayBytes', name, bytes);
      });

      // A real app (React, react-router, esbuild, split): the bytes each client adds to it, and
      // each client's own main-thread self time over a journey (test/bench/journey.js).
      if (want('journey')) {
        npmApp = await benchNpmApp();
        journey = await benchJourney({ rounds: Math.min(ROUNDS, 5) });
        console.log(`journey: done at ${elapsed()}`);
      }

      // Events recorded just before the page goes away: how many reach the service.
      for (const n of want('hide') ? [50, 300] : []) {
        for (const name of NAMES) {
          emu.reset();
          const file = `hide-${name}-${n}.html`;
          write(file, page(clients[name], { ...base, dispatchInterval: 3600000 }, withCreds));
          const browser = await launchChromium();
          const p = await browser.newPage();
          await p.goto(`${emu.url}/${file}`);
          await ready(p);
          await p.waitForTimeout(500);
          await p.evaluate((count) => {
            for (let i = 0; i < count; i++)
              window.cwr('recordEvent', { type: 'bench.hide', data: { i } });
          }, n);
          await p.close({ runBeforeUnload: true });
          await new Promise((r) => setTimeout(r, 1500));
          await browser.close();
          add(
            `hide${n}`,
            name,
            new Set(emu.events({ type: 'bench.hide' }).map((e) => e.event.details.i)).size,
          );
        }
      }
      console.log(`chromium (CDP figures): done at ${elapsed()}`);
    }

    // The per-engine figures, the same pages and method in each engine. Secure cookies off:
    // WebKit refuses them on http://127.0.0.1 (Chromium takes them there), and "cookies on"
    // must mean it in every engine.
    writePages({
      write,
      snippet,
      clients,
      base: { ...base, cookieAttributes: { secure: false } },
      withCreds,
    });
    if (want('engines'))
      engineResults = await benchEngines({
        engines: ENGINES,
        rounds: ENGINE_ROUNDS,
        emu,
        log: (line) => console.log(`${line} (${elapsed()})`),
      });
  } finally {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // Sizes.
  const predecessorRecorder = await predecessorRrweb();
  const ours = read(path.join(ROOT, 'dist/cdn/cwr.js'));
  const everything = Buffer.concat(
    ['cwr.js', 'cwr-auth.js', 'cwr-perf.js', 'cwr-dom.js', 'cwr-diag.js'].map((f) =>
      read(path.join(ROOT, 'dist/cdn', f)),
    ),
  );
  const pred = read(predecessor);
  const sized = (fn) => ({ ours: [fn(ours)], predecessor: [fn(pred)] });
  const everythingGz = ['cwr.js', 'cwr-auth.js', 'cwr-perf.js', 'cwr-dom.js', 'cwr-diag.js']
    .map((f) => gzip(read(path.join(ROOT, 'dist/cdn', f))))
    .reduce((a, b) => a + b, 0);
  const healthyGz = ['cwr.js', 'cwr-auth.js', 'cwr-perf.js', 'cwr-dom.js']
    .map((f) => gzip(read(path.join(ROOT, 'dist/cdn', f))))
    .reduce((a, b) => a + b, 0);

  const rows = [
    ['critical-path bundle `cwr.js`, gzip bytes', sized(gzip), 0, '≤ 13 KB'],
    ['critical-path bundle, brotli bytes', sized(brotli), 0, ''],
    [
      'everything a first visit may load (all chunks, each gzipped), bytes',
      { ours: [everythingGz], predecessor: [gzip(pred)] },
      0,
      '≤ 25 KB',
    ],
    [
      'what a visitor of a healthy site loads (cwr.js, auth, perf, dom; each gzipped), bytes',
      { ours: [healthyGz], predecessor: [gzip(pred)] },
      0,
      '≤ 22 KB',
    ],
    [
      'all files together, raw bytes',
      { ours: [everything.length], predecessor: [pred.length] },
      0,
      '',
    ],
    [
      'an npm app (React, esbuild, split): gzip bytes the client adds at start',
      npmApp && { ours: [npmApp.ours.start], predecessor: [npmApp.predecessor.start] },
      0,
      '≤ 12 KB',
    ],
    [
      'an npm app: gzip bytes the client adds, all files it may fetch',
      npmApp && { ours: [npmApp.ours.all], predecessor: [npmApp.predecessor.all] },
      0,
      '≤ 22 KB',
    ],
    [
      "a real React app's journey: the client's own main-thread self time (V8 profile, source-mapped), ms",
      journey && { ours: journey.ours, predecessor: journey.predecessor },
      1,
      '≤ 0.4×',
    ],
    ['evaluate + start (synchronous), blank page, main-thread ms', samples.start, 1, '≤ 0.12×'],
    [
      'all script time in the first 2.5 s, idle-time work included, ms',
      samples.startTotal,
      1,
      '≤ 0.25×',
    ],
    [
      'recordEvent, cold: µs per event, 2,000 calls 0.7 s after ready, no warm-up',
      samples.recordCold,
      1,
      '≤ 0.15×',
    ],
    [
      `recordEvent, warm: µs per event (cookies on, ${EVENTS} events)`,
      samples.record,
      1,
      '≤ 0.05×',
    ],
    ['synchronous overhead per app fetch, µs', samples.fetch, 1, '≤ 10 µs'],
    ['synchronous overhead per app XHR, µs', samples.xhr, 1, '≤ 10 µs'],
    ['2,000 queued events drained, ms', samples.drain, 0, '≤ 2 s'],
    ['bytes on the wire per event', samples.wire, 1, '≤ predecessor'],
    ['heap after 10,000 events, KB', mapKB(samples.memory), 0, ''],
    [
      'session replay: the recorder, gzip bytes (ours: `cwr-replay.js`; the predecessor: its @rrweb/record, minified)',
      {
        ours: [gzip(read(path.join(ROOT, 'dist/cdn/cwr-replay.js')))],
        predecessor: [predecessorRecorder],
      },
      0,
      '',
    ],
    [
      'session replay: script time it adds in the first 4 s (load + first snapshot), demo page, ms',
      samples.replay,
      1,
      '',
    ],
    [
      'session replay, a busy page for 10 s: main-thread script time the recorder adds, ms',
      samples.busyReplay,
      1,
      '',
    ],
    [
      'session replay, a busy page for 10 s: bytes of replay events received (JSON)',
      samples.busyReplayBytes,
      0,
      '',
    ],
    ['events arriving after page close, of 50', samples.hide50, 0, ''],
    ['events arriving after page close, of 300', samples.hide300, 0, ''],
  ];
  const fmt = (x, digits) => (digits ? x.toFixed(digits) : Math.round(x).toLocaleString('en-US'));
  const cell = (xs, d) =>
    xs.length > 1
      ? `${fmt(median(xs), d)} (${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)})`
      : fmt(xs[0], d);
  const version = require('aws-rum-web/package.json').version;
  const ratio = (s) => {
    const b = median(s.predecessor);
    return b ? (median(s.ours) / b).toFixed(2) : '–';
  };
  // (Without Chromium among the engines: the sizes only.)
  const lines = [
    `| measure | cloudwatch-rum-web | aws-rum-web ${version} | ratio | target |`,
    '|---|---|---|---|---|',
    ...rows
      .filter(([, s]) => s)
      .map(([label, s, d, target]) => {
        const a = median(s.ours);
        const b = median(s.predecessor);
        return `| ${label} | ${cell(s.ours, d)} | ${cell(s.predecessor, d)} | ${b ? (a / b).toFixed(2) : '–'} | ${target} |`;
      }),
  ];
  const table = lines.join('\n');
  console.log(
    `\n${ENGINES.includes('chromium') ? `Chromium ${engineResults.chromium?.version ?? ''} (CDP figures) and sizes` : 'Sizes'}:\n\n${table}`,
  );
  if (ONLY) {
    console.log(`\n(BENCH_ONLY: ${ONLY.join(', ')}; docs/performance.md left as it is.)`);
    if (!ONLY.includes('engines')) return;
  }

  // The per-engine table: the same figures, measured the same way, in each engine.
  const engineName = (e) =>
    `${ENGINE_LABELS[e]} ${engineResults[e].version}${e === 'webkit' ? ' (WebKitGTK MiniBrowser)' : ''}`;
  const engineRows = [
    ['evaluate + start (synchronous, in-page), blank page, ms', 'start', 1],
    [`recordEvent, µs per event (cookies on, ${engineBench.RECORD_CALLS} events)`, 'record', 2],
    ['synchronous overhead per app fetch, µs', 'fetch', 2],
    ['synchronous overhead per app XHR, µs', 'xhr', 2],
    [`bytes on the wire per event (${engineBench.WIRE_EVENTS} events)`, 'wire', 1],
  ];
  const engineTable = [
    `| measure | engine | cloudwatch-rum-web | aws-rum-web ${version} | ratio |`,
    '|---|---|---|---|---|',
    ...engineRows.flatMap(([label, metric, d]) =>
      ENGINES.map((e) => {
        const s = engineResults[e].samples[metric];
        return `| ${label} | ${engineName(e)} | ${cell(s.ours, d)} | ${cell(s.predecessor, d)} | ${ratio(s)} |`;
      }),
    ),
  ].join('\n');
  const engineNotes = ENGINES.map((e) => {
    const { encodings: enc, seconds } = engineResults[e];
    return `- ${engineName(e)}: ${ENGINE_ROUNDS} rounds in ${Math.round(seconds)} s; request bodies sent as ${enc.ours.join(', ')} (ours), ${enc.predecessor.join(', ')} (predecessor).`;
  }).join('\n');
  console.log(`\nPer engine (in-page figures):\n\n${engineTable}\n\n${engineNotes}`);
  console.log(`\nNode ${process.version}; total ${elapsed()}`);
  if (ONLY) return;
  if (!ENGINES.includes('chromium')) {
    console.log('\n(Chromium not among BENCH_ENGINES: docs/performance.md left as it is.)');
    return;
  }
  const chromium = engineResults.chromium.version;
  const doc = `# Performance

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: this client against
aws-rum-web ${version} (its CDN bundle built from its npm package: the \`dist/es/index-browser.js\`
entry, es2017, minified IIFE — a black box), in headless Chromium ${chromium}, Node
${process.version}, on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'} (${os.platform()} ${os.arch()}).
Each timing is the median of fresh browsers run in interleaved order (${ROUNDS} rounds; drain and
memory ${Math.min(ROUNDS, 3)}), with the range in brackets. Machine speed drifts here: treat
differences under ~15 % as a tie.

${table}

Notes on the comparison:

- The predecessor's bundle, built from its 3.x npm package, includes its session-replay plugin
  (rrweb); the issue's reference figure for it, 55.9 KB gzip (57,242 bytes), is without it.
  Against that figure the critical-path ratio is ${(gzip(ours) / 57242).toFixed(2)}.
- Its boot is synchronous (everything happens while its script evaluates); ours does the
  minimum then and leaves the session, cookies, storage, the first page view, the performance
  chunk and the signer for idle time, which the second start row counts.
- Wire bytes: both send session-wide metadata once per batch (\`SessionMetadata\`) and whole
  seconds; both gzip bodies over 2 KB.

## In Chromium, Firefox and WebKit

The figures that need no CDP, measured the same way in each engine, in the page or at the
emulator (${ENGINE_ROUNDS} rounds, interleaved, a fresh browser per client per round; see
below). Firefox and WebKit give pages a 1 ms \`performance.now()\`; the loops are long
enough for that to be a few per cent.

${engineTable}

${engineNotes}

## Where the bytes go

From the source maps of this build (\`npm run bench\` recomputes it):

${bundleAnalysis()}
${
  journey
    ? `
## Where the journey's main-thread time goes

Ours, by source file, median self time over the journey's rounds (ms; the bench recomputes it):

| file | ms |
|---|---|
${journey.top.files
  .slice(0, 15)
  .map((t) => `| \`${t.name}\` | ${t.ms.toFixed(2)} |`)
  .join('\n')}
`
    : ''
}

## How each is measured

(\`test/bench/run.js\`)

- **Sizes**: gzip level 9 and brotli quality 11 of the files as served. "Everything a first
  visit may load" adds the lazily loaded chunks (\`cwr-auth.js\`, \`cwr-perf.js\`, \`cwr-dom.js\`,
  \`cwr-diag.js\`) each gzipped on its own, as a CDN serves them; the predecessor is one file.
- **Evaluate + start (synchronous)**: from a Chromium trace, the \`EvaluateScript\` task of
  the client's script on a page with the snippet and the \`errors\`, \`http\`, \`performance\`
  telemetries. Both clients boot inside it; it is what the page's own loading waits for.
- **All script time in the first 2.5 s**: CDP \`Performance.getMetrics\` \`ScriptDuration\` for
  that page minus a blank page's; it adds what runs later (chunks, idle-time start, timers).
- **recordEvent, cold**: what a page pays for its first events: 0.7 s after the client is
  ready, with no warm-up, 2,000 \`cwr('recordEvent')\` calls in one task, timed in the page
  (the rest of the start, when idle time has not run it yet, the first cookie write and code
  running for the first time are in it).
- **recordEvent, warm**: the steady cost, cookies on: 1 s after the client is ready and 1,000
  warm-up calls, the median of 5 runs of ${EVENTS} \`cwr('recordEvent')\` calls.
- **fetch / XHR overhead**: what the http telemetry's wrappers add to each call: the browser's
  \`fetch\`, \`open\` and \`send\` are replaced before the client loads by stand-ins that do
  nothing (the real ones cost hundreds of µs per request here and vary by more than the
  overhead); on one page, the time to start 200 requests through the wrapped functions minus
  through the stand-ins directly, alternately, fastest of 7 runs each.
- **Drain**: 2,000 events recorded at once with each client's default \`dispatchInterval\` and
  \`batchLimit\`; the time until the emulator has all 2,000. (Ours sends a full batch at once;
  the predecessor sends one batch per \`dispatchInterval\`.)
- **Bytes per event**: request bodies as received by the emulator (compressed, when they were)
  divided by the events they carried, in the drain run.
- **Heap**: \`Runtime.getHeapUsage\` after a forced garbage collection, 10,000 events recorded
  (and sent) in ten bursts, minus a blank page's.
- **Session replay**: the recorder's size, gzip: our \`cwr-replay.js\` (rrweb's recorder and
  ours), against the @rrweb/record version the predecessor depends on (part of its one
  bundle), bundled for \`record\` alone and minified the same way. Its cost: on a demo page of 300 elements with the snippet and
  credentials, CDP \`ScriptDuration\` in the first 4 s with the \`replay\` telemetry minus
  without it, the fastest of three loads of each (${Math.min(ROUNDS, 3)} rounds): the recorder
  loaded, started and its first snapshot taken.
- **An npm app** (\`test/bench/journey.js\`): a React 19 and react-router 7 app (three routes,
  one lazily loaded, an error boundary, two API calls) bundled by esbuild (minified, split, ESM)
  without a client, with ours and with the predecessor, the same config for both; gzip bytes of
  the entry and its static imports (at start) and of every file (all), each minus the app's own.
- **The journey**: in that app, served by the emulator, a fresh Chromium per client per round
  (interleaved, median of ${Math.min(ROUNDS, 5)}): load, the client's first batch arrived, three
  routes with their API calls, a render error caught by the boundary, then leaving the page; V8
  sampling profiles over all of it, each sample's self time (at most 1 ms: the sampler here
  sometimes skips tens of ms) mapped through the bundles' source maps (ours reach \`src/\`), and
  summed for the client's own files (ours: \`src/\`; the predecessor: its packages and theirs).
  Every expected event is checked at the emulator.
- **Session replay, a busy page**: the demo page changing every 50 ms (ten rows' text and
  class, a row added and the oldest removed, an input's value) for 10 s, with the \`replay\`
  telemetry and without: CDP \`ScriptDuration\` at 10 s with it minus without it, and the
  replay events' details (JSON characters) the emulator received, the page then closed so that
  each client sends what it holds.
- **After page close**: events recorded right before \`page.close({ runBeforeUnload: true })\`
  that reach the emulator.
- **Per engine** (\`test/bench/engines-bench.js\`, through \`test/engines.js\`: Chromium by
  playwright-core, Firefox by puppeteer-core over WebDriver BiDi, WebKitGTK's MiniBrowser by
  WebKitWebDriver): per client and round a fresh browser (Chromium, Firefox: a new process;
  WebKit: a new WebDriver session, i.e. a new MiniBrowser), in which four pages load one after
  the other, the start page first; secure cookies off (WebKit refuses them on
  \`http://127.0.0.1\`). _Evaluate + start_: the page's \`<head>\` fetches the client's text
  with a synchronous XHR (not timed), then times, from a tick of \`performance.now()\`,
  \`appendChild\` of a script element holding that text: the client's parse, compile and
  evaluation on the main thread, its boot included, with no network and nothing else running
  in between. Not the same quantity as Chromium's \`EvaluateScript\` above (a
  \`<script src>\` may be compiled off the main thread while it downloads): compare the
  ratios. _recordEvent_: as above,
  with runs of ${engineBench.RECORD_CALLS.toLocaleString('en-US')} calls. _fetch / XHR_: as
  above, with ${engineBench.REQUESTS.toLocaleString('en-US')} requests per run. _Bytes per
  event_: once the page's page view has arrived, ${engineBench.WIRE_EVENTS} events recorded at
  once (\`dispatchInterval\` 250 ms, \`batchLimit\` 100), request bodies as received over the
  events they carried.
`;
  // Formatted as the rest of the repository is (npm run lint checks it).
  const prettier = require('prettier');
  const options = (await prettier.resolveConfig(path.join(ROOT, 'docs/performance.md'))) ?? {};
  fs.writeFileSync(DOC, await prettier.format(doc, { ...options, filepath: DOC }));
  console.log(`\nwrote ${DOC.startsWith(ROOT + path.sep) ? path.relative(ROOT, DOC) : DOC}`);
}

/**
 * Where the bytes of each CDN file come from: minified characters per source module, from the
 * source maps (each mapping segment's length, attributed to its original file).
 */
function bundleAnalysis() {
  const { SourceMapConsumer } = require('source-map-js');
  const out = [];
  for (const f of [
    'cwr.js',
    'cwr-auth.js',
    'cwr-perf.js',
    'cwr-dom.js',
    'cwr-diag.js',
    'cwr-replay.js',
  ]) {
    const code = fs.readFileSync(path.join(ROOT, 'dist/cdn', f), 'utf8');
    const map = new SourceMapConsumer(
      JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/cdn', f + '.map'), 'utf8')),
    );
    const lines = code.split('\n');
    const segments = [];
    map.eachMapping((m) => segments.push(m));
    segments.sort(
      (a, b) => a.generatedLine - b.generatedLine || a.generatedColumn - b.generatedColumn,
    );
    const by = {};
    segments.forEach((m, i) => {
      const next = segments[i + 1];
      const end =
        next && next.generatedLine === m.generatedLine
          ? next.generatedColumn
          : lines[m.generatedLine - 1].length;
      const name = (m.source || '?').replace(/.*node_modules\//, '').replace(/.*\/src\//, 'src/');
      by[name] = (by[name] || 0) + end - m.generatedColumn;
    });
    const top = Object.entries(by)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${(v / 1024).toFixed(1)}`)
      .join(', ');
    out.push(
      `| \`${f}\` | ${(code.length / 1024).toFixed(1)} | ${(gzip(Buffer.from(code)) / 1024).toFixed(2)} | ${top} |`,
    );
  }
  return [
    '| file | raw KB | gzip KB | largest parts, raw KB (minified) |',
    '|---|---|---|---|',
    ...out,
  ].join('\n');
}

/**
 * The predecessor's session recorder on its own: the @rrweb/record version its package depends
 * on (rrweb's code, part of its one bundle), bundled for `record` alone and minified as our
 * chunk is, gzipped.
 */
async function predecessorRrweb() {
  const { rollup } = require('rollup');
  const { nodeResolve } = require('@rollup/plugin-node-resolve');
  const terser = require('@rollup/plugin-terser');
  const dir = path.join(ROOT, 'node_modules/@aws-rum/web-core/node_modules/@rrweb/record');
  const bundle = await rollup({
    input: 'entry',
    plugins: [
      {
        name: 'entry',
        resolveId: (id) => (id === 'entry' ? id : null),
        load: (id) =>
          id === 'entry'
            ? `import { record } from ${JSON.stringify(path.join(dir, 'dist/record.js'))}; window.r = record;`
            : null,
      },
      nodeResolve({ browser: true }),
    ],
    onwarn: () => undefined,
  });
  const { output } = await bundle.generate({ format: 'iife', plugins: [terser()] });
  await bundle.close();
  return gzip(Buffer.from(output[0].code));
}

function mapKB(s) {
  if (!s) return undefined;
  return { ours: s.ours.map((x) => x / 1024), predecessor: s.predecessor.map((x) => x / 1024) };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
