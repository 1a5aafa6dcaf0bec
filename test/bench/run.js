// npm run bench: this client against its predecessor (aws-rum-web's CDN bundle, as a black
// box), in one run, on this machine, in fresh headless Chromium browsers, interleaved A B A B.
// Machine speed drifts a lot here, so the figures that matter are medians and ratios.
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { launchChromium } = require('../chromium');
const { startEmulator } = require('../../dist/emulator');
const { renderSnippet } = require('../../snippet');
const { buildPredecessor } = require('./predecessor');

const ROUNDS = Number(process.env.BENCH_ROUNDS || 7);
const EVENTS = Number(process.env.BENCH_EVENTS || 1000);
const APP = '0f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f';
const CREDS = { accessKeyId: 'AKIDBENCH00000000001', secretAccessKey: 'bench-secret' };
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const gz = (f) => zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length;

const page = (client, config, before = '') => `<!doctype html><html><head><title>bench</title>
<script>${renderSnippet({ appMonitorId: APP, appVersion: '1.0.0', region: 'us-west-2', clientUrl: client, config })}</script>
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
  for (const f of fs.readdirSync(path.resolve(__dirname, '../../dist/cdn'))) {
    fs.copyFileSync(path.resolve(__dirname, '../../dist/cdn', f), path.join(dir, f));
  }
  fs.copyFileSync(predecessor, path.join(dir, 'predecessor.js'));
  fs.writeFileSync(path.join(dir, 'favicon.ico'), '');
  const emu = await startEmulator({
    appMonitors: [{ id: APP, region: 'us-west-2' }],
    credentials: [CREDS],
    staticDir: dir,
  });
  const clients = { ours: '/cwr.js', predecessor: '/predecessor.js' };
  const results = { ours: { record: [], hide: {} }, predecessor: { record: [], hide: {} } };
  const base = {
    endpoint: emu.url,
    telemetries: [],
    allowCookies: true,
    sessionEventLimit: 0,
    eventCacheSize: 100000,
  };

  try {
    // 1. The cost of cwr('recordEvent') per event, cookies on, nothing dispatched meanwhile.
    for (const [name, src] of Object.entries(clients)) {
      fs.writeFileSync(
        path.join(dir, `record-${name}.html`),
        page(src, { ...base, dispatchInterval: 3600000 }),
      );
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 ? ['predecessor', 'ours'] : ['ours', 'predecessor']) {
        const browser = await launchChromium();
        const p = await browser.newPage();
        await p.goto(`${emu.url}/record-${name}.html`);
        await ready(p);
        const ms = await p.evaluate((n) => {
          for (let i = 0; i < 50; i++) window.cwr('recordEvent', { type: 'warmup', data: { i } });
          const t0 = performance.now();
          for (let i = 0; i < n; i++)
            window.cwr('recordEvent', { type: 'bench.event', data: { i, label: 'item' } });
          return performance.now() - t0;
        }, EVENTS);
        results[name].record.push((ms * 1000) / EVENTS);
        await browser.close();
      }
    }

    // 2. Events recorded just before the page goes away: how many reach the service.
    for (const n of [50, 300]) {
      for (const [name, src] of Object.entries(clients)) {
        emu.reset();
        const file = `hide-${name}-${n}.html`;
        fs.writeFileSync(
          path.join(dir, file),
          page(
            src,
            { ...base, dispatchInterval: 3600000 },
            `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
          ),
        );
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
        results[name].hide[n] = new Set(
          emu.events({ type: 'bench.hide' }).map((e) => e.event.details.i),
        ).size;
      }
    }
  } finally {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const ours = path.resolve(__dirname, '../../dist/cdn/cwr.js');
  const o = median(results.ours.record);
  const pr = median(results.predecessor.record);
  const rows = [
    ['CDN bundle, gzip bytes', gz(ours), gz(predecessor), gz(ours) / gz(predecessor)],
    [`recordEvent, µs per event (median of ${ROUNDS})`, o.toFixed(1), pr.toFixed(1), o / pr],
    ...[50, 300].map((n) => [
      `events arriving after page hide, of ${n}`,
      results.ours.hide[n],
      results.predecessor.hide[n],
      results.ours.hide[n] / Math.max(1, results.predecessor.hide[n]),
    ]),
  ];
  console.log(
    '\n| measure | cloudwatch-rum-web | aws-rum-web ' +
      require('aws-rum-web/package.json').version +
      ' | ratio |',
  );
  console.log('|---|---|---|---|');
  for (const [k, a, b, r] of rows) console.log(`| ${k} | ${a} | ${b} | ${r.toFixed(2)} |`);
  console.log(
    '\nrecordEvent samples (µs/event):',
    JSON.stringify({
      ours: results.ours.record.map((x) => +x.toFixed(1)),
      predecessor: results.predecessor.record.map((x) => +x.toFixed(1)),
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
