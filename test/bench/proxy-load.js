// npm run bench:proxy: the signing proxy under a bounded flood on loopback (the proxy in its
// own process, the emulator as its upstream in this one): requests per second, p50/p99
// latency, the proxy's resident memory. PROXY_TOTAL (default 10000) requests,
// PROXY_CONCURRENCY (default 64) at a time, PROXY_EVENTS (default 10) events each.
const { startEmulator } = require('cloudwatch-rum-web-emulator');
const { loadRun } = require('../proxy/load');

(async () => {
  const total = Number(process.env.PROXY_TOTAL || 10000);
  const concurrency = Number(process.env.PROXY_CONCURRENCY || 64);
  const events = Number(process.env.PROXY_EVENTS || 10);
  const r = await loadRun({ startEmulator, total, concurrency, events });
  const mb = (b) => (b / 1024 / 1024).toFixed(1);
  console.log(
    `requests      ${r.total} (${r.ok} answered 200, ${r.failed} not), ${concurrency} at a time, ${events} events each`,
  );
  if (r.failed) console.log(`not 200       ${JSON.stringify(r.failures)}`);
  console.log(
    `proxy CPU     ${r.proxyCpu.toFixed(2)} s over ${r.seconds.toFixed(1)} s (${((r.proxyCpu / r.seconds) * 100).toFixed(0)}% of a core; ${((r.proxyCpu / r.total) * 1e6).toFixed(0)} µs a request)`,
  );
  console.log(`throughput    ${r.rps.toFixed(0)} requests/s`);
  console.log(`latency       p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`);
  console.log(`proxy RSS     ${mb(r.rssBefore)} MB idle, ${mb(r.rssPeak)} MB peak`);
  console.log(
    `delivery      ${r.acknowledgedMissing} acknowledged batches missing, ${r.duplicates} duplicate events`,
  );
  if (r.failed || r.acknowledgedMissing || r.duplicates) process.exitCode = 1;
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
