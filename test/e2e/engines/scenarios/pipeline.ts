/**
 * The pipeline in each engine: the page of the issue (custom events, a 3 KB event, an uncaught
 * error, an unhandled rejection, fetch and XHR with 200 and 500, a click), signed with SigV4
 * (the emulator verifies every signature and validates every event against the service's
 * schemas, or refuses the batch), with the engine's own browser name in the metadata.
 */
import { CREDS, waitForEvents } from '../../harness';
import { enginePage, pageLog, ready, type EngineBrowser, type EngineName } from '../harness';
import type { Site } from '../../harness';

const BROWSER_NAME: Record<EngineName, RegExp> = {
  chromium: /^Chrom/,
  firefox: /^Firefox$/,
  webkit: /Safari|WebKit/,
};

export const pipeline = (engine: EngineName, t: { browser: EngineBrowser; site: Site }) =>
  describe('pipeline', () => {
    it('custom events, a 3 KB event, errors, fetch and XHR, a click: signed, valid, each once', async () => {
      const url = t.site.page(
        `pipeline-${engine}.html`,
        enginePage({
          config: {
            endpoint: t.site.emu.url,
            dispatchInterval: 500,
            telemetries: [
              'errors',
              ['http', { recordAllRequests: true }],
              ['interaction', { events: [{ event: 'click', cssLocator: 'button' }] }],
            ],
          },
          before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
          body: '<h1>pipeline</h1><button id="go">Go</button>',
        }),
      );
      t.site.page('data.json', '{"ok":true}');
      const page = await t.browser.newPage();
      try {
        await page.goto(url);
        await ready(page);
        await page.click('#go');
        await page.evaluate(async () => {
          const cwr = (window as unknown as { cwr: (c: string, p?: unknown) => void }).cwr;
          cwr('recordEvent', { type: 'shop.viewed', data: { sku: 'a-1' } });
          cwr('recordEvent', { type: 'shop.big', data: { blob: 'x'.repeat(3000) } });
          await fetch('/data.json').then((r) => r.json());
          await fetch('/missing.json');
          for (const path of ['/data.json', '/missing.json']) {
            const x = new XMLHttpRequest();
            x.open('GET', path);
            await new Promise((r) => ((x.onloadend = r), x.send()));
          }
          setTimeout(() => {
            throw new Error('uncaught in ' + navigator.userAgent.length);
          });
          void Promise.reject(new Error('rejected'));
        });
        const events = await waitForEvents(
          t.site.emu,
          (e) =>
            ['shop.viewed', 'shop.big'].every((ty) => e.some((x) => x.event.type === ty)) &&
            e.filter((x) => x.event.type.endsWith('js_error_event')).length >= 2 &&
            e.filter((x) => x.event.type.endsWith('http_event')).length >= 4 &&
            e.some((x) => x.event.type.endsWith('dom_event')),
          20_000,
        );
        const ids = events.map((e) => e.event.id);
        expect(new Set(ids).size).toBe(ids.length);
        // Every request was signed and verified, every event valid: nothing refused.
        expect(
          t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents' && r.status !== 200),
        ).toEqual([]);
        const errors = events
          .filter((e) => e.event.type.endsWith('js_error_event'))
          .map((e) => (e.event.details as { message: string }).message);
        expect(errors).toEqual(
          expect.arrayContaining([expect.stringMatching(/^uncaught in/), 'rejected']),
        );
        const statuses = events
          .filter((e) => e.event.type.endsWith('http_event'))
          .map((e) => (e.event.details as { response?: { status: number } }).response?.status)
          .sort();
        expect(statuses).toEqual([200, 200, 404, 404]);
        const meta = events[0].event.metadata as Record<string, unknown>;
        expect(meta.browserName).toMatch(BROWSER_NAME[engine]);
        // The client itself said nothing on the console, and threw nothing into the page.
        const log = await pageLog(page);
        expect(log.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
        expect(log.filter((l) => l.level === 'pageerror').map((l) => l.text)).toEqual([
          expect.stringMatching(/uncaught in/),
        ]);
      } finally {
        await page.close();
      }
    });
  });
