/**
 * Consent in each engine (docs/delivery.md, "Consent: disable and enable"): a client started
 * disabled sends nothing, and what is recorded or requested while it is disabled is never
 * sent, not even after `enable()`; `enable()` resumes recording and sending (a session start
 * and a page view of the present page first). An event recorded with consent, right before a
 * `disable()`, stays queued while disabled and is sent after the next `enable()`.
 */
import { CREDS, short, waitForEvents, type Site } from '../../harness';
import {
  command,
  enginePage,
  pageLog,
  ready,
  type EngineBrowser,
  type EngineName,
  type EnginePage,
} from '../harness';

type T = { browser: EngineBrowser; site: Site };

const DISPATCH_MS = 200;

type SendHook = { __e2eSend: { sends: number; dispatchTimers: number } };
/**
 * Counts in `window.__e2eSend` the page's requests to the emulator (fetch and sendBeacon calls,
 * but for the page's own /favicon.ico) and its pending timers of the client's dispatch interval
 * (set and neither run nor cleared yet). The page's calls go through as before.
 */
const SEND_HOOK = `(() => {
  const seen = (window.__e2eSend = { sends: 0, dispatchTimers: 0 });
  const pending = new Set();
  const track = () => (seen.dispatchTimers = pending.size);
  const ours = (url) => !String(url instanceof Request ? url.url : url).includes('/favicon.ico');
  const { fetch, setTimeout, clearTimeout } = window;
  window.fetch = function (input, init) {
    if (ours(input)) seen.sends++;
    return fetch.call(this, input, init);
  };
  const beacon = navigator.sendBeacon;
  if (beacon)
    navigator.sendBeacon = function (url, data) {
      if (ours(url)) seen.sends++;
      return beacon.call(this, url, data);
    };
  window.setTimeout = function (fn, ms, ...rest) {
    if (ms !== ${DISPATCH_MS} || typeof fn !== 'function') return setTimeout.call(window, fn, ms, ...rest);
    const id = setTimeout.call(window, function (...a) { pending.delete(id); track(); return fn.apply(this, a); }, ms, ...rest);
    pending.add(id);
    track();
    return id;
  };
  window.clearTimeout = function (id) {
    pending.delete(id);
    track();
    return clearTimeout.call(window, id);
  };
})();`;

export const consent = (engine: EngineName, t: T) =>
  describe('consent', () => {
    const puts = () => t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents');

    /**
     * While disabled: an explicit dispatch (awaited: its flush is over) hands nothing to the
     * network, and no dispatch timer is left to send later (the page's hook sees both), so not
     * one request reaches the emulator.
     */
    const sendsNothing = async (page: EnginePage) => {
      const before = puts().length;
      const seen = () => page.evaluate(() => (window as unknown as SendHook).__e2eSend);
      const { sends } = await seen();
      await command(page, 'dispatch');
      expect(await seen()).toEqual({ sends, dispatchTimers: 0 });
      expect(puts().length).toBe(before);
    };

    const record = (page: EnginePage, type: string, request: string) =>
      page.evaluate(
        async ([type, request]) => {
          const cwr = (window as unknown as { cwr: (c: string, p?: unknown) => void }).cwr;
          cwr('recordEvent', { type, data: {} });
          await fetch('/favicon.ico?' + request);
        },
        [type, request] as const,
      );

    it('started disabled: nothing sent, nothing recorded then sent later; enable() resumes, disable() pauses again', async () => {
      const url = t.site.page(
        `consent-${engine}.html`,
        enginePage({
          config: {
            endpoint: t.site.emu.url,
            dispatchInterval: DISPATCH_MS,
            credentials: CREDS,
            telemetries: [['http', { recordAllRequests: true }]],
          },
          first: SEND_HOOK,
          // Consent not given yet when the page loads.
          before: `cwr('disable');`,
        }),
      );
      const page = await t.browser.newPage();
      try {
        await page.goto(url);
        await ready(page);
        await record(page, 'off.1', 'private=1');
        await sendsNothing(page);
        expect(t.site.emu.events()).toEqual([]);

        await command(page, 'enable');
        await record(page, 'on.1', 'public=1');
        await command(page, 'dispatch');
        await waitForEvents(t.site.emu, (e) => e.some((x) => x.event.type === 'on.1'));

        // Recorded with consent, then consent withdrawn in the same task: it waits.
        await page.evaluate(() => {
          const cwr = (window as unknown as { cwr: (c: string, p?: unknown) => void }).cwr;
          cwr('recordEvent', { type: 'before.off', data: {} });
          cwr('disable');
        });
        await record(page, 'off.2', 'private=2');
        await sendsNothing(page);
        expect(t.site.emu.events().map((e) => e.event.type)).not.toContain('before.off');

        await command(page, 'enable');
        await record(page, 'on.2', 'public=2');
        await command(page, 'dispatch');
        const events = await waitForEvents(t.site.emu, (e) =>
          ['on.2', 'before.off'].every((ty) => e.some((x) => x.event.type === ty)),
        );
        expect(puts().filter((r) => r.status !== 200)).toEqual([]);
        const ids = events.map((e) => e.event.id);
        expect(new Set(ids).size).toBe(ids.length);
        const types = events.map((e) => short(e.event.type));
        // The first enable() records the present: the session start and the page view first.
        expect(types.slice(0, 2)).toEqual(['session_start_event', 'page_view_event']);
        const custom = types.filter((ty) => /^(on|off|before)\./.test(ty));
        expect(custom).toEqual(['on.1', 'before.off', 'on.2']);
        const requests = events
          .filter((e) => short(e.event.type) === 'http_event')
          .map((e) => new URL((e.event.details.request as { url: string }).url).search);
        expect(requests).toEqual(['?public=1', '?public=2']);
        expect(JSON.stringify(events.map((e) => e.event))).not.toContain('private');

        const log = await pageLog(page);
        expect(log.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });
