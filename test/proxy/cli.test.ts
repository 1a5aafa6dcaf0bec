// The proxy as a site runs it: the built command (`cloudwatch-rum-web-emulator proxy`) in a
// process of its own, configured by a file, environment variables and flags, stopped by
// SIGTERM in the middle of a flood. The emulator is its upstream. Needs `npm run build`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { startEmulator, type Emulator } from '../../emulator';
import {
  batchBody,
  flood,
  loadRun,
  metrics,
  post,
  spawnProxy,
  PROXY_KEY,
  type Outcome,
} from './load';

const APP = '0f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f';
const REGION = 'us-west-2';
const BIN = path.join(__dirname, '../../packages/emulator/bin/cloudwatch-rum-web-emulator.js');

jest.setTimeout(60_000);

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({
    appMonitors: [{ id: APP, region: REGION }],
    credentials: [PROXY_KEY],
  });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

/** Polls `test` every 20 ms, at most 10 s. */
const until = async (test: () => Promise<boolean> | boolean, what: string) => {
  const deadline = Date.now() + 10_000;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('a config file, then the environment, then the flags: each over the last', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-proxy-'));
  const file = path.join(dir, 'proxy.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      upstream: 'http://127.0.0.1:1',
      region: REGION,
      appMonitors: [APP],
      allowOrigins: ['https://file.example'],
      rateSession: { perSecond: 1, burst: 1 },
    }),
  );
  // The file and the environment each name a dead upstream; the flag's, the emulator, wins.
  const proxy = await spawnProxy({
    upstream: emu.url,
    region: REGION,
    appMonitor: APP,
    args: ['--config', file],
    env: { CWR_PROXY_UPSTREAM: 'http://127.0.0.1:2' },
  });
  try {
    expect(proxy.lines[0]).toMatchObject({
      level: 'info',
      msg: 'listening',
      upstream: `${emu.url}/`,
    });
    // --allow-origin (the flag) replaced the file's list: the flag's origin is let in.
    expect((await post(proxy.url, APP, batchBody(APP))).status).toBe(200);
    expect(emu.events()).toHaveLength(2);
    // The file's session rate (burst 1) holds: the same session twice is refused.
    const body = batchBody(APP);
    const again = body.replace(/"BatchId":"[^"]+"/, `"BatchId":"${randomUUID()}"`);
    expect((await post(proxy.url, APP, body)).status).toBe(200);
    expect((await post(proxy.url, APP, again)).status).toBe(429);
  } finally {
    proxy.child.kill('SIGTERM');
    expect(await proxy.exit).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a mistake in the settings: one message naming it, exit 2, nothing listening', () => {
  const r = spawnSync(
    process.execPath,
    [BIN, 'proxy', '--upstream', emu.url, '--app-monitor', 'not-a-uuid', '--allow-origin', '*'],
    { encoding: 'utf8', env: { PATH: process.env.PATH, CWR_PROXY_REGION: REGION } },
  );
  expect(r.status).toBe(2);
  expect(r.stderr.trim()).toBe(
    'proxy: appMonitors: "not-a-uuid" is not an app monitor id (a UUID).',
  );
  const env = spawnSync(process.execPath, [BIN, 'proxy'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, CWR_PROXY_UPSTREAM: emu.url },
  });
  expect(env.status).toBe(2);
  expect(env.stderr).toMatch(/region \(--region, CWR_PROXY_REGION\) is required/);
});

test('SIGTERM mid-flood: every request in flight is answered and every acknowledged batch stored', async () => {
  // Every upstream answer comes 400 ms late, so the first wave is still in flight at SIGTERM.
  emu.addFault({ delayMs: 400, count: 1000 });
  const proxy = await spawnProxy({
    upstream: emu.url,
    region: REGION,
    appMonitor: APP,
    args: ['--rate-address', '100000:100000'],
  });
  const first = flood(proxy.url, APP, { total: 40, concurrency: 40 });
  await until(async () => (await metrics(proxy.url)).cwr_proxy_in_flight >= 40, '40 in flight');
  proxy.child.kill('SIGTERM');
  await until(() => proxy.lines.some((l) => l.msg === 'draining'), 'the draining line');
  // More arrive after the signal: each is answered or finds the port closed, none is lost.
  const late = flood(proxy.url, APP, { total: 40, concurrency: 10 });
  const [inFlight, after] = await Promise.all([first, late]);
  expect(await proxy.exit).toBe(0);

  expect(inFlight.map((r) => r.status)).toEqual(Array(40).fill(200));
  const stored = new Set(emu.events().map((e) => e.batchId));
  const acknowledged = [...inFlight, ...after].filter((r: Outcome) => r.status === 200);
  expect(acknowledged.filter((r) => !stored.has(r.batchId))).toEqual([]);
  for (const r of after) {
    if (r.status !== 200) expect(r.error).toBe('ECONNREFUSED');
  }
  expect(emu.stats().duplicates).toBe(0);
  const msgs = proxy.lines.map((l) => l.msg);
  expect(msgs).toEqual(expect.arrayContaining(['listening', 'draining', 'stopped']));
  expect(msgs.indexOf('stopped')).toBeGreaterThan(msgs.lastIndexOf('forwarded'));
});

test('a bounded flood on loopback: every request answered, none lost, memory bounded', async () => {
  const r = await loadRun({ startEmulator, total: 1500, concurrency: 32, events: 5 });
  expect(r.ok).toBe(1500);
  expect(r.acknowledgedMissing).toBe(0);
  expect(r.duplicates).toBe(0);
  expect(r.metrics['cwr_proxy_requests_total{outcome="forwarded"}']).toBe(1500);
  expect(r.metrics.cwr_proxy_events_total).toBe(7500);
  // The bound docs/proxy.md gives: well under the 64 MiB body budget plus the runtime.
  expect(r.rssPeak).toBeLessThan(256 * 1024 * 1024);
});
