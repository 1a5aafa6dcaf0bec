/**
 * The fetch/XHR on/off comparison in each engine: the same sequence of the app's own requests
 * to its API on another origin (200 JSON, 500, a network failure, aborted fetches, a streamed
 * body, XHR load / error / abort, response headers, an unhandled rejection) gives the app
 * exactly the same observable results (statuses, bodies, exposed headers, the rejection's
 * type, name, message and identity, XHR event and ready-state order) on a page with the client
 * (the http telemetry on, every request recorded, trace headers added) and on one without it,
 * in the same tab. Each engine has its own words for a failure: they are compared within the
 * engine. The client's page also shows that it saw every request (one http event each).
 */
import { type AppServer, startAppServer } from '../../../app-server';
import type { StoredEvent } from '../../../../emulator';
import { CREDS, waitForEvents, type Site } from '../../harness';
import {
  command,
  enginePage,
  LOG_HOOK,
  pageLog,
  ready,
  type EngineBrowser,
  type EngineName,
} from '../harness';

type T = { browser: EngineBrowser; site: Site };

// Installed before the client loads, so that the client wraps over it: it notes the Response
// the layer below the client resolved with (the app must get that very object), and keeps the
// original fetch so that the test knows when the client has wrapped it.
const PROBE = `
window.__probe = {};
(function () {
  var below = window.fetch;
  window.fetch = function () {
    return below.apply(this, arguments).then(function (r) { window.__probe.last = r; return r; });
  };
  window.__probe.fetch = window.fetch;
})();`;

/**
 * Runs in the page: every case, in order, and what the app observed of each (nothing that
 * depends on timing).
 */
const appCases = async ({ api, unreachable }: { api: string; unreachable: string }) => {
  const probe = (window as unknown as { __probe: { last?: Response } }).__probe;
  const out: Record<string, unknown> = {};
  const u = (path: string, name: string) =>
    `${api}${path}${path.includes('?') ? '&' : '?'}case=${name}`;
  const fail = (e: unknown) => {
    const x = e as Error;
    return {
      error: {
        name: x?.name,
        message: x?.message,
        typeError: e instanceof TypeError,
        domException: e instanceof DOMException,
      },
    };
  };
  const info = async (res: Response) => ({
    status: res.status,
    ok: res.ok,
    statusText: res.statusText,
    type: res.type,
    url: res.url,
    redirected: res.redirected,
    headers: [...res.headers].sort(),
    route: res.headers.get('x-route'),
    isResponse: res instanceof Response,
    sameAsBelow: res === probe.last,
    bodyUsed: res.bodyUsed,
    body: await res.text(),
    bodyUsedAfter: res.bodyUsed,
  });
  const run = async (name: string, f: () => unknown) => {
    try {
      out[name] = await f();
    } catch (e) {
      out[name] = fail(e);
    }
  };

  await run('json', async () => {
    const res = await fetch(u('/json', 'json'));
    const copy = res.clone();
    return { ...(await info(res)), json: await copy.json() };
  });
  await run('s500', async () => info(await fetch(u('/status/500', 's500'))));
  await run('network', async () => info(await fetch(unreachable + '?case=network')));
  await run('abort-reason', async () => {
    const c = new AbortController();
    const reason = new Error('user left');
    setTimeout(() => c.abort(reason), 100);
    try {
      await fetch(u('/slow', 'abort-reason'), { signal: c.signal });
      return 'resolved';
    } catch (e) {
      return { ...fail(e), sameReason: e === reason };
    }
  });
  await run('abort-default', async () => {
    const c = new AbortController();
    setTimeout(() => c.abort(), 100);
    try {
      await fetch(u('/slow', 'abort-default'), { signal: c.signal });
      return 'resolved';
    } catch (e) {
      return { ...fail(e), sameReason: e === c.signal.reason };
    }
  });
  await run('abort-before', async () => {
    const c = new AbortController();
    c.abort('early');
    try {
      await fetch(u('/json', 'abort-before'), { signal: c.signal });
      return 'resolved';
    } catch (e) {
      return { reason: e };
    }
  });
  await run('stream', async () => {
    const res = await fetch(u('/stream', 'stream'));
    const reader = res.body!.getReader();
    const chunks: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(new TextDecoder().decode(value));
    }
    return { text: chunks.join(''), bodyUsed: res.bodyUsed, sameAsBelow: res === probe.last };
  });
  // A rejection the app leaves unhandled still reaches unhandledrejection (awaited, with a
  // bound for the case where it never comes: that result differs, and the comparison fails).
  await run('unhandled', () => {
    const seen = new Promise<string>((resolve) =>
      addEventListener('unhandledrejection', (e) => {
        const r = e.reason as Error;
        resolve(`${r?.name}: ${r?.message}: ${r instanceof TypeError}`);
      }),
    );
    void fetch(unreachable + '?case=unhandled');
    return Promise.race([seen, new Promise((r) => setTimeout(() => r('none within 5 s'), 5000))]);
  });

  const xhr = (url: string, o: { method?: string; body?: string; abortAfter?: number } = {}) =>
    new Promise((resolve) => {
      const x = new XMLHttpRequest();
      const events: string[] = [];
      const states: number[] = [];
      x.onreadystatechange = () => states.push(x.readyState);
      for (const type of ['loadstart', 'progress', 'load', 'error', 'abort', 'timeout', 'loadend'])
        x.addEventListener(type, () => {
          // Progress events come as the body arrives (how many depends on timing): once.
          if (type !== 'progress' || !events.includes(type)) events.push(type);
        });
      x.addEventListener('loadend', () =>
        resolve({
          status: x.status,
          statusText: x.statusText,
          // The echo of what the server received: the method and body (the headers differ
          // by the trace header the client adds, on purpose).
          body: x.responseText.startsWith('{"method"')
            ? ((e) => ({ method: e.method, body: e.body }))(JSON.parse(x.responseText))
            : x.responseText,
          route: x.getResponseHeader('x-route'),
          headers: x
            .getAllResponseHeaders()
            .trim()
            .split(/\r?\n/)
            .filter(Boolean)
            .map((h) => h.toLowerCase())
            .sort(),
          responseURL: x.responseURL,
          events,
          states: states.filter((s, i) => s !== states[i - 1]),
        }),
      );
      x.open(o.method ?? 'GET', url);
      x.send(o.body);
      if (o.abortAfter) setTimeout(() => x.abort(), o.abortAfter);
    });
  await run('xhr-json', () => xhr(u('/json', 'xhr-json')));
  await run('xhr-post', () => xhr(u('/echo', 'xhr-post'), { method: 'POST', body: 'xhr body' }));
  await run('xhr-500', () => xhr(u('/status/500', 'xhr-500')));
  await run('xhr-network', () => xhr(unreachable + '?case=xhr-network'));
  await run('xhr-abort', () => xhr(u('/slow', 'xhr-abort'), { abortAfter: 100 }));
  await run('xhr-stream', () => xhr(u('/stream', 'xhr-stream')));
  return out;
};

/**
 * Whether a fetch aborted on its way rejects with the signal's reason (the spec; an abort
 * before the call does in every engine). WebKitGTK 2.50 rejects with a new
 * `AbortError: Fetch is aborted` instead, with the client as without it.
 */
const REJECTS_WITH_REASON: Record<EngineName, boolean> = {
  chromium: true,
  firefox: true,
  webkit: false,
};
const ABORT_ERROR = { name: 'AbortError', domException: true };

/** The http event outcome expected for each case: a status, or the error's type. */
const expected = (engine: EngineName): Record<string, number | string> => ({
  json: 200,
  s500: 500,
  network: 'TypeError',
  // The type of what the app's fetch rejected with.
  'abort-reason': REJECTS_WITH_REASON[engine] ? 'Error' : 'AbortError',
  'abort-default': 'AbortError',
  stream: 200,
  unhandled: 'TypeError',
  'xhr-json': 200,
  'xhr-post': 200,
  'xhr-500': 500,
  'xhr-network': 'NetworkError',
  'xhr-abort': 'AbortError',
  'xhr-stream': 200,
});

const caseOf = (e: StoredEvent) => {
  const url = (e.event.details.request as { url?: string } | undefined)?.url;
  return url ? (new URL(url).searchParams.get('case') ?? '') : '';
};

export const compare = (engine: EngineName, t: T) =>
  describe('fetch/XHR on/off comparison', () => {
    let api: AppServer;
    beforeAll(async () => {
      api = await startAppServer();
    });
    afterAll(() => api?.close());

    it('the app gets exactly the same fetch and XHR results with the client as without it', async () => {
      const args = { api: api.origin, unreachable: api.unreachable };
      const EXPECTED = expected(engine);
      const plain = t.site.page(
        `compare-plain-${engine}.html`,
        `<!doctype html><html><head><meta charset="utf-8"><title>e2e page</title><script>${LOG_HOOK}${PROBE}</script></head><body><h1>plain</h1></body></html>`,
      );
      const withClient = t.site.page(
        `compare-client-${engine}.html`,
        enginePage({
          config: {
            endpoint: t.site.emu.url,
            dispatchInterval: 60_000,
            credentials: CREDS,
            telemetries: [['http', { recordAllRequests: true, addXRayTraceIdHeader: true }]],
          },
          first: PROBE,
        }),
      );
      const page = await t.browser.newPage();
      try {
        await page.goto(plain);
        const without = (await page.evaluate(appCases, args)) as Record<string, unknown>;

        await page.goto(withClient);
        await ready(page);
        await page.waitFor(
          () =>
            window.fetch !== (window as unknown as { __probe: { fetch: unknown } }).__probe.fetch,
        );
        const withIt = await page.evaluate(appCases, args);
        expect(withIt).toEqual(without);

        // The cases mean something in this engine: what the app saw without the client.
        const json = { status: 200, ok: true, route: '/json', body: '{"hello":"world"}' };
        expect(without).toMatchObject({
          json: { ...json, sameAsBelow: true, bodyUsedAfter: true, json: { hello: 'world' } },
          s500: { status: 500, ok: false, body: 'status 500', route: '/status/500' },
          network: { error: { name: 'TypeError', typeError: true } },
          'abort-reason': REJECTS_WITH_REASON[engine]
            ? { sameReason: true, error: { name: 'Error', message: 'user left' } }
            : { sameReason: false, error: ABORT_ERROR },
          'abort-default': { sameReason: REJECTS_WITH_REASON[engine], error: ABORT_ERROR },
          'abort-before': { reason: 'early' },
          stream: { text: 'part0;part1;part2;part3;part4;', bodyUsed: true, sameAsBelow: true },
          unhandled: expect.stringMatching(/^TypeError: .*: true$/),
          'xhr-json': {
            status: 200,
            route: '/json',
            events: ['loadstart', 'progress', 'load', 'loadend'],
          },
          'xhr-post': {
            status: 200,
            body: { method: 'POST', body: 'xhr body' },
            events: ['loadstart', 'progress', 'load', 'loadend'],
          },
          'xhr-500': { status: 500, body: 'status 500' },
          'xhr-network': { status: 0, events: ['loadstart', 'error', 'loadend'] },
          'xhr-abort': { status: 0, events: ['loadstart', 'abort', 'loadend'] },
          'xhr-stream': { status: 200, body: 'part0;part1;part2;part3;part4;' },
        });
        // The exposed headers: the CORS-safelisted ones and x-route, never the others.
        const headers = (without.json as { headers: [string, string][] }).headers.map(([k]) => k);
        expect(headers).toEqual(expect.arrayContaining(['content-type', 'x-route']));
        expect(headers).not.toContain('access-control-allow-origin');

        // The client saw every request, once, with its outcome (and the emulator, which
        // validates each event, accepted them all).
        await command(page, 'dispatch');
        const events = (
          await waitForEvents(t.site.emu, (e) => {
            const seen = new Set(e.map(caseOf));
            return Object.keys(EXPECTED).every((c) => seen.has(c));
          })
        ).filter((e) => e.event.type === 'com.amazon.rum.http_event');
        expect(
          t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents' && r.status !== 200),
        ).toEqual([]);
        const outcomes = Object.fromEntries(
          Object.keys(EXPECTED).map((c) => {
            const mine = events.filter((e) => caseOf(e) === c);
            const d = mine[0].event.details as {
              response?: { status: number };
              error?: { type: string };
            };
            return [c, mine.length === 1 ? (d.response?.status ?? d.error?.type) : mine.length];
          }),
        );
        expect(outcomes).toEqual(EXPECTED);
        // One warning, as designed: a request that failed with no answer after the client
        // added the trace header looks like a CORS refusal of the header (the unreachable URL).
        const log = await pageLog(page);
        const warned = log.filter((l) => l.level === 'warn' || l.level === 'error');
        expect(warned.map((l) => l.level)).toEqual(['warn']);
        expect(warned[0].text).toContain(
          `[cwr] a GET to ${api.unreachable}?case=network failed with no response after the client added the X-Amzn-Trace-Id header`,
        );
      } finally {
        await page.close();
      }
    });
  });
