// The proxy as its users run it (the built CLI, `cloudwatch-rum-web-emulator proxy`, in a
// process of its own) and a flood of PutRumEvents against it: what the SIGTERM test, the
// bounded load test and `npm run bench:proxy` share. Needs `npm run build`.
const { spawn } = require('child_process');
const http = require('http');
const path = require('path');
const { randomUUID } = require('crypto');

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'packages/emulator/bin/cloudwatch-rum-web-emulator.js');
const PROXY_KEY = { accessKeyId: 'AKIDPROXYLOAD0000001', secretAccessKey: 'proxy-load-secret' };
const ORIGIN = 'https://shop.example.com';

/**
 * Starts the proxy CLI on a free port; resolves once its 'listening' line is out, with its
 * URL, its log lines (parsed) and a promise of its exit code.
 */
function spawnProxy({ upstream, region, appMonitor, args = [], env = {} }) {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'proxy',
      '--upstream',
      upstream,
      '--region',
      region,
      '--app-monitor',
      appMonitor,
      '--allow-origin',
      ORIGIN,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      ...args,
    ],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: PROXY_KEY.accessKeyId,
        AWS_SECRET_ACCESS_KEY: PROXY_KEY.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        // No shared config or instance metadata lookups on a test machine.
        AWS_CONFIG_FILE: '/nonexistent',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines = [];
  let stderr = '';
  const exit = new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      buffer += d;
      let at;
      while ((at = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 1);
        try {
          const parsed = JSON.parse(line);
          lines.push(parsed);
          if (parsed.msg === 'listening')
            resolve({ url: parsed.url, child, lines, exit, stderr: () => stderr });
        } catch {
          lines.push({ raw: line });
        }
      }
    });
    exit.then((code) =>
      reject(new Error(`the proxy exited (${code}) before listening: ${stderr}`)),
    );
  });
}

/** One valid batch of `events` page views for app monitor `id`, in its own session. */
function batchBody(id, events = 2) {
  const now = Date.now() / 1000;
  return JSON.stringify({
    BatchId: randomUUID(),
    AppMonitorDetails: { id, version: '1.0.0' },
    UserDetails: { userId: randomUUID(), sessionId: randomUUID() },
    RumEvents: Array.from({ length: events }, (_, i) => ({
      id: randomUUID(),
      timestamp: now,
      type: 'com.amazon.rum.page_view_event',
      metadata: JSON.stringify({ version: '1.0.0', domain: 'shop.example.com' }),
      details: JSON.stringify({ version: '1.0.0', pageId: `/p/${i}`, interaction: i }),
    })),
  });
}

/** POSTs one body; resolves { status, ms, batchId } or { error, ms, batchId }. */
function post(url, id, body, agent) {
  const batchId = JSON.parse(body).BatchId;
  const target = new URL(`/appmonitors/${id}/`, url);
  const started = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
  return new Promise((resolve) => {
    const req = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          origin: ORIGIN,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: ms(), batchId }));
        res.on('error', (error) =>
          resolve({ error: error.code || error.message, ms: ms(), batchId }),
        );
      },
    );
    req.on('error', (error) => resolve({ error: error.code || error.message, ms: ms(), batchId }));
    req.end(body);
  });
}

/** `total` requests, `concurrency` at a time; resolves their outcomes in order. */
async function flood(url, id, { total, concurrency, events = 2, agent }) {
  const out = new Array(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      out[i] = await post(url, id, batchBody(id, events), agent);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return out;
}

/** /metrics as `series → value`. */
async function metrics(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out[line.slice(0, at)] = Number(line.slice(at + 1));
  }
  return out;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); else NaN. */
function cpuSeconds(pid) {
  try {
    const fields = require('fs')
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The p-th percentile (0..100) of numbers. */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * A bounded load run: the proxy in its own process, the emulator as its upstream, `total`
 * requests at `concurrency`; the proxy's resident memory sampled from /metrics every 50 ms.
 */
async function loadRun({ startEmulator, total = 2000, concurrency = 32, events = 2, args = [] }) {
  const APP = '0f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f';
  const REGION = 'us-west-2';
  // Room for every event of the run: the emulator's store would otherwise let the oldest go.
  const emu = await startEmulator({
    appMonitors: [{ id: APP, region: REGION }],
    credentials: [PROXY_KEY],
    maxEvents: total * events + 1000,
    maxEventBytes: 2 * 1024 * 1024 * 1024,
  });
  const proxy = await spawnProxy({
    upstream: emu.url,
    region: REGION,
    appMonitor: APP,
    // One client address sends everything here: lift the per-address limit for the run.
    args: ['--rate-address', '1000000:1000000', '--log-level', 'warn', ...args],
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const before = (await metrics(proxy.url)).process_resident_memory_bytes;
    let peak = before;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, (await metrics(proxy.url)).process_resident_memory_bytes);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const cpuBefore = cpuSeconds(proxy.child.pid);
    const started = process.hrtime.bigint();
    const results = await flood(proxy.url, APP, { total, concurrency, events, agent });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const proxyCpu = cpuSeconds(proxy.child.pid) - cpuBefore;
    sampling = false;
    await sampler;
    const ok = results.filter((r) => r.status === 200);
    const stored = new Set(emu.events().map((e) => e.batchId));
    return {
      total,
      concurrency,
      ok: ok.length,
      failed: results.filter((r) => r.status !== 200).length,
      rps: total / seconds,
      p50: percentile(
        results.map((r) => r.ms),
        50,
      ),
      p99: percentile(
        results.map((r) => r.ms),
        99,
      ),
      rssBefore: before,
      rssPeak: peak,
      acknowledgedMissing: ok.filter((r) => !stored.has(r.batchId)).length,
      accepted: emu.stats().accepted,
      proxyCpu,
      seconds,
      failures: results
        .filter((r) => r.status !== 200)
        .reduce((m, r) => ({ ...m, [r.status ?? r.error]: (m[r.status ?? r.error] || 0) + 1 }), {}),
      duplicates: emu.stats().duplicates,
      metrics: await metrics(proxy.url),
    };
  } finally {
    agent.destroy();
    proxy.child.kill('SIGTERM');
    await proxy.exit;
    await emu.close();
  }
}

module.exports = {
  spawnProxy,
  batchBody,
  post,
  flood,
  metrics,
  percentile,
  loadRun,
  PROXY_KEY,
  ORIGIN,
};
