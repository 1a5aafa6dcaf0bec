/**
 * The signing proxy (proxy/) in each engine: the client with `signing: false` and `endpoint`
 * set to the proxy, on a page of another origin (the site's emulator serves the page; the
 * proxy listens on another port), unchanged. Its fetches (application/json, so after a CORS
 * preflight; gzip from about 2 KB) and its page-hide beacon (sendBeacon, text/plain, no
 * custom headers) reach the emulator signed with the proxy's own static keys (the AWS SDK's
 * default chain reads them from the environment), each event once; a refusal of the proxy's
 * own (an app monitor it does not serve) reaches the client's diagnostics as the service's.
 */
import { startProxy, type Proxy } from '../../../../proxy';
import { metrics as metricsAt } from '../../../proxy/load';
import { APP_ID, OPEN_APP_ID, REGION, waitForEvents, type Site } from '../../harness';
import {
  command,
  enginePage,
  pageLog,
  ready,
  type EngineBrowser,
  type EngineName,
  type EnginePage,
  type LogEntry,
} from '../harness';

type T = { browser: EngineBrowser; site: Site };

/** The proxy's server-side key: known to the emulator, never to the page. */
const PROXY_KEY = { accessKeyId: 'AKIDENGINESPROXY0001', secretAccessKey: 'engines-proxy-secret' };
const ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'];

const BEACONS_KEY = '__e2e_beacons';
/**
 * Keeps each sendBeacon call of the page (URL, body type, answer) in sessionStorage, which the
 * next page of the tab reads back: the hide flush is the page's last act.
 */
const BEACON_HOOK = `(() => {
  const send = navigator.sendBeacon && navigator.sendBeacon.bind(navigator);
  if (!send) return;
  navigator.sendBeacon = function (url, data) {
    const ok = send(url, data);
    try {
      const log = JSON.parse(sessionStorage.getItem(${JSON.stringify(BEACONS_KEY)}) || '[]');
      log.push({ url: String(url), body: typeof data, ok, page: location.pathname });
      sessionStorage.setItem(${JSON.stringify(BEACONS_KEY)}, JSON.stringify(log));
    } catch (e) {}
    return ok;
  };
})();`;

interface BeaconCall {
  url: string;
  body: string;
  ok: boolean;
  page: string;
}

/** The counters /metrics reports, by series (`name{labels}` → value). */
const metrics = (proxy: Proxy) => metricsAt(proxy.url);

const FORWARDED = 'cwr_proxy_requests_total{outcome="forwarded"}';

/** What the client (or the page) said above info, or threw. */
const complaints = (log: LogEntry[]) =>
  log.filter((l) => !['info', 'log', 'debug'].includes(l.level));

export const proxy = (engine: EngineName, t: T) =>
  describe('signing proxy', () => {
    let p: Proxy;
    /** The proxy's log lines (JSON), for the assertions and for a failure's message. */
    const lines: { level: string; msg: string; [k: string]: unknown }[] = [];
    const saved: Record<string, string | undefined> = {};

    beforeAll(async () => {
      for (const name of ENV) saved[name] = process.env[name];
      process.env.AWS_ACCESS_KEY_ID = PROXY_KEY.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = PROXY_KEY.secretAccessKey;
      delete process.env.AWS_SESSION_TOKEN;
      delete process.env.AWS_PROFILE;
      // The emulator's registry keeps credentials across reset() (it empties the store only).
      t.site.emu.addCredential(PROXY_KEY);
      p = await startProxy({
        upstream: t.site.emu.url,
        region: REGION,
        appMonitors: [APP_ID],
        allowOrigins: [new URL(t.site.emu.url).origin],
        port: 0,
        host: '127.0.0.1',
        logLevel: 'info',
        log: (line) => lines.push(JSON.parse(line)),
      });
    });
    afterAll(async () => {
      await p?.close();
      for (const name of ENV) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });

    const config = (endpoint: string, extra: object = {}) => ({
      endpoint,
      signing: false,
      dispatchInterval: 500,
      sessionEventLimit: 0,
      telemetries: [],
      allowCookies: true,
      ...extra,
    });

    /** The proxy refused nothing and the service refused nothing it forwarded. */
    const proxyQuiet = () =>
      expect(lines.filter((l) => l.level !== 'info' && l.level !== 'debug')).toEqual([]);

    /** Every PutRumEvents the emulator saw was accepted (signed, verified, valid). */
    const allAccepted = () =>
      expect(
        t.site.emu
          .requests()
          .filter((r) => r.operation === 'PutRumEvents' && r.status !== 200)
          .map((r) => r.status),
      ).toEqual([]);

    it('fetch path: events from another origin arrive signed by the proxy (gzip from 2 KB)', async () => {
      const before = await metrics(p);
      const url = t.site.page(`proxy-fetch-${engine}.html`, enginePage({ config: config(p.url) }));
      const page = await t.browser.newPage();
      try {
        await page.goto(url);
        await ready(page);
        // The page and the proxy are two origins: a cross-origin, preflighted POST.
        expect(await page.evaluate(() => location.origin)).not.toBe(new URL(p.url).origin);
        await page.evaluate(() => {
          const cwr = (window as unknown as { cwr: (c: string, p?: unknown) => void }).cwr;
          cwr('recordEvent', { type: 'proxy.small', data: { sku: 'a-1' } });
          void cwr('dispatch');
        });
        await waitForEvents(t.site.emu, (e) => e.some((x) => x.event.type === 'proxy.small'));
        // A compressible body over 2 KB: gzipped by the engine's CompressionStream, if it has one.
        const compresses = await page.evaluate(() => typeof CompressionStream === 'function');
        await page.evaluate(() => {
          const cwr = (window as unknown as { cwr: (c: string, p?: unknown) => void }).cwr;
          cwr('recordEvent', { type: 'proxy.big', data: { blob: 'abcdef'.repeat(600) } });
          void cwr('dispatch');
        });
        const events = await waitForEvents(t.site.emu, (e) =>
          e.some((x) => x.event.type === 'proxy.big'),
        );
        expect(events.length).toBeGreaterThanOrEqual(2);
        // Signed by the proxy, with its key; the page had none.
        expect(events.filter((e) => !e.signed || e.accessKeyId !== PROXY_KEY.accessKeyId)).toEqual(
          [],
        );
        const ids = events.map((e) => e.event.id);
        expect(new Set(ids).size).toBe(ids.length);
        const big = events.find((e) => e.event.type === 'proxy.big')!;
        if (compresses) expect(big.contentEncoding).toBe('gzip');
        else expect(big.contentEncoding).not.toBe('gzip');
        allAccepted();
        const after = await metrics(p);
        expect(after[FORWARDED] - (before[FORWARDED] ?? 0)).toBeGreaterThanOrEqual(2);
        // A fresh profile asked first (application/json is not a simple request).
        expect(
          after.cwr_proxy_preflights_total - (before.cwr_proxy_preflights_total ?? 0),
        ).toBeGreaterThanOrEqual(1);
        proxyQuiet();
        expect(complaints(await pageLog(page))).toEqual([]);
        expect(await command(page, 'diagnose')).toMatchObject({
          credentials: { signing: false },
          problems: [],
          lastDispatch: { ok: true },
        });
      } finally {
        await page.close();
      }
    });

    it('page-hide beacon: events recorded right before a navigation arrive by sendBeacon, signed, each once', async () => {
      const type = `proxy.beacon.${engine}`;
      const n = 20;
      // A long interval: only the page-hide flush sends the burst (and `dispatch` the rest).
      const cfg = config(p.url, { dispatchInterval: 60_000 });
      const first = t.site.page(
        `proxy-hide-a-${engine}.html`,
        enginePage({ config: cfg, first: BEACON_HOOK }),
      );
      const next = t.site.page(
        `proxy-hide-b-${engine}.html`,
        enginePage({ config: cfg, first: BEACON_HOOK }),
      );
      const page = await t.browser.newPage();
      try {
        await page.goto(first);
        await ready(page);
        await command(page, 'recordEvent', { type: 'proxy.warm', data: {} });
        await command(page, 'dispatch');
        await waitForEvents(t.site.emu, (e) => e.some((x) => x.event.type === 'proxy.warm'));
        const before = await metrics(p);
        await leave(page, { type, n, next });
        await page.waitFor((u) => location.href === u && document.readyState === 'complete', next);
        const events = await waitForEvents(
          t.site.emu,
          (e) => e.filter((x) => x.event.type === type).length >= n,
          20_000,
        );
        await settled(page);
        // The burst went by the leaving page's sendBeacon: to the proxy, unsigned (no query),
        // a string body (text/plain, no custom headers), taken by the browser.
        const beacons = await page.evaluate(
          (k) => JSON.parse(sessionStorage.getItem(k) || '[]') as BeaconCall[],
          BEACONS_KEY,
        );
        expect(beacons.filter((b) => b.page === new URL(first).pathname)).toEqual([
          {
            url: `${p.url}/appmonitors/${APP_ID}/`,
            body: 'string',
            ok: true,
            page: new URL(first).pathname,
          },
        ]);
        const stored = t.site.emu.events().filter((e) => e.event.type === type);
        expect(stored).toHaveLength(n);
        expect(new Set(stored.map((e) => e.event.id)).size).toBe(n);
        expect(stored.filter((e) => !e.signed || e.accessKeyId !== PROXY_KEY.accessKeyId)).toEqual(
          [],
        );
        // Forwarded as JSON: the proxy signs what the service takes.
        expect(new Set(stored.map((e) => e.contentType))).toEqual(new Set(['application/json']));
        expect(events.every((e) => e.signed)).toBe(true);
        allAccepted();
        const after = await metrics(p);
        expect(after[FORWARDED] - before[FORWARDED]).toBeGreaterThanOrEqual(1);
        expect(after.cwr_proxy_events_total - before.cwr_proxy_events_total).toBeGreaterThanOrEqual(
          n,
        );
        proxyQuiet();
        expect(complaints(await pageLog(page))).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it("a proxy's refusal (an app monitor it does not serve) reaches the client's diagnostics", async () => {
      const other = await startProxy({
        upstream: t.site.emu.url,
        region: REGION,
        appMonitors: [OPEN_APP_ID],
        allowOrigins: [new URL(t.site.emu.url).origin],
        port: 0,
        host: '127.0.0.1',
        logLevel: 'silent',
      });
      const url = t.site.page(
        `proxy-refused-${engine}.html`,
        enginePage({ config: config(other.url) }),
      );
      const page = await t.browser.newPage();
      try {
        await page.goto(url);
        await ready(page);
        await command(page, 'recordEvent', { type: 'proxy.refused', data: {} });
        await command(page, 'dispatch');
        const said = `[cwr] PutRumEvents answered 404: no app monitor ${APP_ID}`;
        await page.waitFor(
          ([k, s]) =>
            (JSON.parse(sessionStorage.getItem(k) || '[]') as { text: string }[]).some((l) =>
              l.text.startsWith(s),
            ),
          ['__e2e_log', said] as const,
        );
        const warnings = complaints(await pageLog(page));
        expect(warnings).toEqual([
          expect.objectContaining({ level: 'warn', text: expect.stringContaining(other.url) }),
        ]);
        expect(warnings[0].text.startsWith(said)).toBe(true);
        const report = (await command(page, 'diagnose')) as { pending: number };
        expect(report).toMatchObject({
          lastDispatch: { status: 404, halted: true },
          problems: [expect.objectContaining({ code: 'app-monitor-not-found' })],
        });
        // Kept, not dropped: the client halts and sends nothing more to an unknown app monitor.
        expect(report.pending).toBeGreaterThanOrEqual(1);
        const m = await metrics(other);
        expect(m['cwr_proxy_refusals_total{reason="app_monitor"}']).toBeGreaterThanOrEqual(1);
        expect(m[FORWARDED] ?? 0).toBe(0);
        // Refused by the proxy: nothing reached the service.
        expect(t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents')).toEqual([]);
      } finally {
        await page.close();
        await other.close();
      }
    });
  });

/** Records `n` events of `type` and, in the same task, leaves for `next`. */
const leave = (page: EnginePage, o: { type: string; n: number; next: string }) =>
  page.evaluate((a) => {
    const cwr = (window as unknown as { cwr: (c: string, p?: unknown) => void }).cwr;
    for (let i = 0; i < a.n; i++) cwr('recordEvent', { type: a.type, data: { i } });
    location.href = a.next;
  }, o);

/** Waits until the next page's client has sent what it had and nothing waits in storage. */
const settled = async (page: EnginePage) => {
  await ready(page);
  await command(page, 'dispatch');
  await page.waitFor((k) => localStorage.getItem(k) === null, 'cwr_q_' + APP_ID);
  await command(page, 'dispatch');
};
