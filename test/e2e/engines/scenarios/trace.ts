/**
 * Trace headers in each engine: with enableXRay and the http telemetry's addXRayTraceIdHeader,
 * the page's own fetch and XHR to its API on another origin (a CORS-open loopback server, so
 * the header travels as it would to a real backend, preflight included) carry
 * `X-Amzn-Trace-Id: Root=…;Parent=…;Sampled=1`; the http events name the same trace and
 * segment, and one valid xray_trace_event arrives per request, its remote subsegment being the
 * header's Parent.
 */
import { type AppServer, startAppServer } from '../../../app-server';
import type { StoredEvent } from '../../../../emulator';
import { CREDS, waitForEvents, type Site } from '../../harness';
import {
  command,
  enginePage,
  pageLog,
  ready,
  type EngineBrowser,
  type EngineName,
} from '../harness';

type T = { browser: EngineBrowser; site: Site };

const HEADER = /^Root=(1-[0-9a-f]{8}-[0-9a-f]{24});Parent=([0-9a-f]{16});Sampled=1$/;
const FORMS = ['fetch', 'fetch-post', 'xhr', 'xhr-post'];

type Sub = {
  id: string;
  name: string;
  namespace: string;
  http: { request: { url: string; traced?: boolean }; response?: { status: number } };
};
const isType = (suffix: string) => (e: StoredEvent) => e.event.type === 'com.amazon.rum.' + suffix;
const formOf = (url: string) => new URL(url).searchParams.get('form');

export const trace = (engine: EngineName, t: T) =>
  describe('trace headers', () => {
    let api: AppServer;
    beforeAll(async () => {
      api = await startAppServer();
    });
    afterAll(() => api?.close());

    it('fetch and XHR to another origin carry X-Amzn-Trace-Id; http events and X-Ray segments match it', async () => {
      const url = t.site.page(
        `trace-${engine}.html`,
        enginePage({
          config: {
            endpoint: t.site.emu.url,
            dispatchInterval: 200,
            credentials: CREDS,
            enableXRay: true,
            telemetries: [['http', { addXRayTraceIdHeader: true, recordAllRequests: true }]],
          },
        }),
      );
      const page = await t.browser.newPage();
      try {
        await page.goto(url);
        await ready(page);
        // The http telemetry arrives with the client: fetch is wrapped once it has started.
        await page.waitFor(() => !/\[native code\]/.test(String(window.fetch)));
        const seen = await page.evaluate(async (origin) => {
          const u = (form: string) => `${origin}/echo?form=${form}`;
          const xhr = (method: string, form: string, body?: string) =>
            new Promise<number>((resolve) => {
              const x = new XMLHttpRequest();
              x.onloadend = () => resolve(x.status);
              x.open(method, u(form));
              x.setRequestHeader('x-app', form);
              x.send(body);
            });
          return [
            (await fetch(u('fetch'))).status,
            (await fetch(u('fetch-post'), { method: 'POST', body: 'b', headers: { 'x-app': 'p' } }))
              .status,
            await xhr('GET', 'xhr'),
            await xhr('POST', 'xhr-post', 'x'),
          ];
        }, api.origin);
        expect(seen).toEqual([200, 200, 200, 200]);
        await command(page, 'dispatch');
        const events = await waitForEvents(
          t.site.emu,
          (e) =>
            e.filter(isType('xray_trace_event')).length >= FORMS.length &&
            e.filter(isType('http_event')).length >= FORMS.length,
        );
        expect(
          t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents' && r.status !== 200),
        ).toEqual([]);

        const received = new Map(
          api.received
            .filter((r) => r.method !== 'OPTIONS' && r.path.startsWith('/echo?form='))
            .map((r) => [formOf('http://x' + r.path), r]),
        );
        expect([...received.keys()].sort()).toEqual([...FORMS].sort());
        // The custom header made each a preflighted request: the trace header was allowed too.
        const preflights = api.received.filter((r) => r.method === 'OPTIONS');
        expect(preflights.map((p) => formOf('http://x' + p.path)).sort()).toEqual(
          [...FORMS].sort(),
        );
        for (const p of preflights)
          expect(String(p.headers['access-control-request-headers'])).toMatch(/x-amzn-trace-id/);

        const http = events.filter(isType('http_event'));
        const xray = events.filter(isType('xray_trace_event'));
        const traces = new Set<string>();
        for (const form of FORMS) {
          const r = received.get(form)!;
          const header = String(r.headers['x-amzn-trace-id']);
          const [, root, parent] = HEADER.exec(header) ?? [];
          expect([form, header]).toEqual([form, expect.stringMatching(HEADER)]);
          expect(r.headers.traceparent).toBeUndefined();
          // The app's own header is still there beside ours.
          if (form !== 'fetch')
            expect([form, r.headers['x-app']]).toEqual([form, expect.any(String)]);
          traces.add(root);
          // The trace id starts with the request's time, in epoch seconds.
          expect(Math.abs(parseInt(root.slice(2, 10), 16) - Date.now() / 1000)).toBeLessThan(120);

          const h = http.filter(
            (e) => formOf((e.event.details.request as { url: string }).url) === form,
          );
          expect([form, h.length]).toEqual([form, 1]);
          expect(h[0].event.details).toMatchObject({
            trace_id: root,
            segment_id: parent,
            response: { status: 200 },
          });

          const x = xray.filter(
            (e) => formOf((e.event.details.subsegments as Sub[])[0].http.request.url) === form,
          );
          expect([form, x.length]).toEqual([form, 1]);
          const seg = x[0].event.details;
          const [sub] = seg.subsegments as Sub[];
          expect(seg).toMatchObject({
            version: '1.0.0',
            name: 'rum.aws.amazon.com',
            trace_id: root,
            error: false,
            fault: false,
          });
          expect(seg.id).toMatch(/^[0-9a-f]{16}$/);
          expect(seg.id).not.toBe(parent);
          expect(sub).toMatchObject({
            id: parent,
            name: '127.0.0.1',
            namespace: 'remote',
            http: { request: { traced: true }, response: { status: 200 } },
          });
          expect(seg.end_time as number).toBeGreaterThanOrEqual(seg.start_time as number);
        }
        // Each request its own trace.
        expect(traces.size).toBe(FORMS.length);

        const log = await pageLog(page);
        expect(log.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });
