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

export const consent = (engine: EngineName, t: T) =>
  describe('consent', () => {
    const puts = () => t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents');

    /**
     * While disabled: an explicit dispatch, then three dispatch intervals in the page (a
     * negative needs a window; this one is sized to the client's timer), and not one request
     * reached the emulator meanwhile.
     */
    const sendsNothing = async (page: EnginePage) => {
      const before = puts().length;
      await command(page, 'dispatch');
      await page.evaluate((ms) => new Promise((r) => setTimeout(r, ms)), DISPATCH_MS * 3);
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
