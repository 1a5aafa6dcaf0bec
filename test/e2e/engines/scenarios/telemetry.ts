/**
 * The performance telemetry in each engine: what the engine measures, and only that, arrives
 * (VITALS in ../harness.ts). A page with a stylesheet, text, a layout shift and a real click on
 * a button whose handler is slow; then the visitor goes to another page of the site, which
 * hides the first one: CLS, INP and LCP are reported then, and what the hide flush did not
 * send is sent by the next page from storage. A metric the engine lacks must not arrive at all
 * (not as a zero, not as a guess): it is asserted absent, per engine.
 */
import fs from 'fs';
import path from 'path';
import type { StoredEvent } from '../../../../emulator';
import { APP_ID, CREDS, short, waitForEvents, type Site } from '../../harness';
import {
  command,
  enginePage,
  pageLog,
  ready,
  VITALS,
  type EngineBrowser,
  type EngineName,
  type EnginePage,
} from '../harness';

type T = { browser: EngineBrowser; site: Site };

/** The event type of each name in VITALS. */
const EVENT_OF: Record<string, string> = {
  fcp: 'first_contentful_paint_event',
  lcp: 'largest_contentful_paint_event',
  ttfb: 'time_to_first_byte_event',
  cls: 'cumulative_layout_shift_event',
  inp: 'interaction_to_next_paint_event',
  fid: 'first_input_delay_event',
};
const ALL_VITALS = Object.keys(EVENT_OF);

/** How long the button's click handler keeps the main thread busy, in ms. */
const BUSY_MS = 200;

const BODY = `<link rel="stylesheet" href="/tele.css">
<h1>Telemetry</h1>
<div id="above"></div>
<p id="moved">A paragraph of text that a banner inserted above it pushes down the page.</p>
<p><button id="slow">slow</button></p>
<script>
document.getElementById('slow').addEventListener('click', function () {
  var end = performance.now() + ${BUSY_MS};
  while (performance.now() < end);
  window.__clicked = true;
});
</script>`;

const ofType = (events: StoredEvent[], type: string) =>
  events.filter((e) => short(e.event.type) === type).map((e) => e.event.details);

/**
 * Inserts a banner above the text (a layout shift without recent input) and waits until the
 * engine has reported the shift, where it has a Layout Instability API, or until two frames
 * have been drawn with it, where it has none. Resolves with whether the engine has the API.
 */
const shiftLayout = (page: EnginePage) =>
  page.evaluate(async () => {
    const supported = (PerformanceObserver.supportedEntryTypes || []).includes('layout-shift');
    const seen = supported
      ? new Promise<void>((resolve) =>
          new PerformanceObserver((list) => {
            if (list.getEntries().length) resolve();
          }).observe({ type: 'layout-shift', buffered: true }),
        )
      : new Promise<void>((resolve) =>
          requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
        );
    const banner = document.createElement('div');
    banner.style.height = '120px';
    banner.textContent = 'banner';
    document.getElementById('above')!.appendChild(banner);
    await seen;
    return supported;
  });

/**
 * A real pointer click on the slow button, then waits until its handler has run and, where the
 * engine has Event Timing, until the engine has made the click's entry (after the next frame)
 * and delivered it to observers, web-vitals' included.
 */
const clickSlow = async (page: EnginePage) => {
  const timed = await page.evaluate((busy) => {
    const w = window as unknown as { __slowSeen?: boolean };
    const supported = (PerformanceObserver.supportedEntryTypes || []).includes('event');
    if (supported)
      new PerformanceObserver((list) => {
        if (list.getEntries().some((e) => e.duration >= busy * 0.75)) w.__slowSeen = true;
      }).observe({
        type: 'event',
        durationThreshold: 16,
        buffered: true,
      } as PerformanceObserverInit);
    return supported;
  }, BUSY_MS);
  await page.click('#slow');
  await page.waitFor((t) => {
    const w = window as unknown as { __clicked?: boolean; __slowSeen?: boolean };
    return w.__clicked === true && (!t || w.__slowSeen === true);
  }, timed);
  // web-vitals processes the entries in idle time (or at the hide, whichever comes first): let
  // it, as a person reading would. (The hide that comes first is the next test's.)
  await idle(page);
  return timed;
};

/**
 * Resolves once the idle callbacks asked for before this call have run: idle callbacks run in
 * the order they were asked for (or at their timeouts, in order too: web-vitals' is also 1 s),
 * and web-vitals asked for its own when the engine delivered the click's entry, before the
 * page's observer above saw it. Without idle callbacks (WebKit), web-vitals sets a zero timeout
 * instead, and timeouts of the same delay run in the order they were set.
 */
const idle = (page: EnginePage) =>
  page.evaluate(
    () =>
      new Promise((r) =>
        'requestIdleCallback' in window
          ? requestIdleCallback(r, { timeout: 1000 })
          : setTimeout(r, 0),
      ),
  );

/** Two buttons whose click handlers keep the main thread busy: a quick one, then a slow one. */
const TWO_CLICKS = `<h1>Two clicks</h1>
<p><button id="quick">quick</button> <button id="slow">slow</button></p>
<script>
[['quick', 90], ['slow', 300]].forEach(function (b) {
  document.getElementById(b[0]).addEventListener('click', function () {
    var end = performance.now() + b[1];
    while (performance.now() < end);
    window['__' + b[0]] = true;
  });
});
</script>`;

export const telemetry = (engine: EngineName, t: T) =>
  describe('telemetry', () => {
    beforeAll(() => {
      fs.writeFileSync(path.join(t.site.dir, 'tele.css'), 'body { margin: 8px; }');
    });

    it(`performance: exactly the vitals ${engine} measures (${VITALS[engine].join(', ')}), each once and valid, with the navigation and resources`, async () => {
      const first = t.site.page(
        `tele-a-${engine}.html`,
        enginePage({
          config: {
            endpoint: t.site.emu.url,
            dispatchInterval: 200,
            credentials: CREDS,
            telemetries: ['performance'],
          },
          body: BODY,
        }),
      );
      // The next page of the site: it sends what the first page saved, and measures nothing.
      const next = t.site.page(
        `tele-b-${engine}.html`,
        enginePage({
          config: {
            endpoint: t.site.emu.url,
            dispatchInterval: 200,
            credentials: CREDS,
            telemetries: [],
          },
          body: '<h1>next</h1>',
        }),
      );
      const expected = VITALS[engine].map((v) => EVENT_OF[v]);
      const absent = ALL_VITALS.filter((v) => !VITALS[engine].includes(v)).map((v) => EVENT_OF[v]);
      const page = await t.browser.newPage();
      try {
        await page.goto(first);
        await ready(page);
        // The performance chunk has started (its navigation event is recorded once the page
        // has loaded, after the web-vitals observers are registered).
        await waitForEvents(
          t.site.emu,
          (e) => ofType(e, 'performance_navigation_event').length > 0,
        );
        const hasLayoutShift = await shiftLayout(page);
        const hasEventTiming = await clickSlow(page);
        // What the engine's APIs say agrees with what VITALS says it measures.
        expect({ cls: hasLayoutShift, inp: hasEventTiming }).toEqual({
          cls: VITALS[engine].includes('cls'),
          inp: VITALS[engine].includes('inp'),
        });

        // Another page of the site: the first one hides (CLS, INP, LCP are reported then).
        await page.goto(next);
        await ready(page);
        await waitForEvents(t.site.emu, (e) => expected.every((x) => ofType(e, x).length > 0));
        // Nothing waits in storage any more: the store has everything the first page sent.
        await command(page, 'dispatch');
        await page.waitFor((k) => localStorage.getItem(k) === null, 'cwr_q_' + APP_ID);
        await command(page, 'dispatch');
        const events = t.site.emu.events();

        // Every batch was accepted: the emulator checks each event against the schemas.
        const puts = t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents');
        expect(puts.filter((r) => r.status !== 200)).toEqual([]);
        const ids = events.map((e) => e.event.id);
        expect(new Set(ids).size).toBe(ids.length);

        const vitals = [...new Set(events.map((e) => short(e.event.type)))]
          .filter((x) => Object.values(EVENT_OF).includes(x))
          .sort();
        expect(vitals).toEqual([...expected].sort());
        for (const type of absent) expect([type, ofType(events, type)]).toEqual([type, []]);
        // Each once (reportAll* off: final values only), with a finite, non-negative value.
        for (const type of expected) {
          const [d, ...more] = ofType(events, type);
          expect([type, more.length]).toEqual([type, 0]);
          expect([
            type,
            typeof d.value,
            Number.isFinite(d.value),
            (d.value as number) >= 0,
          ]).toEqual([type, 'number', true, true]);
          expect(d.version).toBe('1.0.0');
        }
        const value = (type: string) => ofType(events, EVENT_OF[type])[0]?.value as number;
        expect(value('fcp')).toBeGreaterThan(0);
        expect(value('ttfb')).toBeLessThanOrEqual(value('fcp'));
        if (VITALS[engine].includes('lcp')) expect(value('lcp')).toBeGreaterThan(0);
        if (VITALS[engine].includes('cls')) {
          expect(value('cls')).toBeGreaterThan(0);
          expect(ofType(events, EVENT_OF.cls)[0].attribution).toMatchObject({
            largestShiftValue: expect.any(Number),
          });
        }
        if (VITALS[engine].includes('inp')) {
          expect(value('inp')).toBeGreaterThanOrEqual(BUSY_MS * 0.75);
          expect(ofType(events, EVENT_OF.inp)[0].attribution).toMatchObject({
            interactionTarget: expect.stringMatching(/#slow$/),
            interactionType: 'pointer',
          });
        }
        if (VITALS[engine].includes('fid')) {
          expect(ofType(events, EVENT_OF.fid)[0].attribution).toMatchObject({
            eventTarget: 'button#slow',
          });
        }

        // The page's navigation, once, and its stylesheet (recordAllTypes), once.
        const nav = ofType(events, 'performance_navigation_event');
        expect(nav).toEqual([
          expect.objectContaining({ initiatorType: 'navigation', navigationType: 'navigate' }),
        ]);
        expect(nav[0].duration).toBeGreaterThan(0);
        const css = ofType(events, 'performance_resource_event').filter((r) =>
          String(r.targetUrl).endsWith('/tele.css'),
        );
        expect(css).toEqual([expect.objectContaining({ fileType: 'stylesheet' })]);

        const log = await pageLog(page);
        expect(log.filter((l) => l.level !== 'log' && l.level !== 'debug')).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it(`performance: one INP event when the page hides before web-vitals has processed its slowest interaction${VITALS[engine].includes('inp') ? '' : ` (none: ${engine} has no Event Timing)`}`, async () => {
      // The visitor clicks a quick button, reads, clicks a slow one and leaves at once: the
      // slow click's entries reach web-vitals' observer, which waits for an idle period to
      // process them, and the page hides first. web-vitals then processes them during the hide
      // and raises INP; the client must send the final value, once.
      const measured = VITALS[engine].includes('inp');
      const config = { endpoint: t.site.emu.url, dispatchInterval: 200, credentials: CREDS };
      const first = t.site.page(
        `inp-a-${engine}.html`,
        enginePage({ config: { ...config, telemetries: ['performance'] }, body: TWO_CLICKS }),
      );
      const next = t.site.page(
        `inp-b-${engine}.html`,
        enginePage({ config: { ...config, telemetries: [] }, body: '<h1>next</h1>' }),
      );
      const page = await t.browser.newPage();
      try {
        await page.goto(first);
        await ready(page);
        await waitForEvents(
          t.site.emu,
          (e) => ofType(e, 'performance_navigation_event').length > 0,
        );
        await page.click('#quick');
        await page.waitFor(() => (window as unknown as { __quick?: boolean }).__quick === true);
        await idle(page);
        // Registered after web-vitals' observer, so called after it for the same entries: the
        // slow click's entry has been handed to web-vitals, not yet processed. Leave from
        // there, and keep the main thread from idling (a task every few ms) until the page hides.
        await page.evaluate((url) => {
          const types = PerformanceObserver.supportedEntryTypes || [];
          const leave = () => {
            location.href = url;
            const ch = new MessageChannel();
            ch.port1.onmessage = () => {
              const end = performance.now() + 4;
              while (performance.now() < end);
              ch.port2.postMessage(0);
            };
            ch.port2.postMessage(0);
          };
          if (!types.includes('event')) {
            document.getElementById('slow')!.addEventListener('click', () => setTimeout(leave));
            return;
          }
          const po = new PerformanceObserver((list) => {
            if (!list.getEntries().some((e) => e.name === 'click' && e.duration >= 200)) return;
            po.disconnect();
            leave();
          });
          po.observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
        }, next);
        await page.click('#slow');
        await page.waitFor((u) => location.href === u, next, 10_000);
        await ready(page);
        // Everything the first page held arrives: from the hide's flush, or stored and sent here.
        await command(page, 'dispatch');
        await page.waitFor((k) => localStorage.getItem(k) === null, 'cwr_q_' + APP_ID);
        await command(page, 'dispatch');
        await waitForEvents(t.site.emu, (e) =>
          measured ? ofType(e, EVENT_OF.inp).length > 0 : e.length > 0,
        );
        const inp = ofType(t.site.emu.events(), EVENT_OF.inp).map((d) => d.value as number);
        if (measured) {
          expect(inp).toHaveLength(1);
          expect(inp[0]).toBeGreaterThanOrEqual(300 * 0.75);
        } else expect(inp).toEqual([]);
        const log = await pageLog(page);
        expect(log.filter((l) => l.level !== 'log' && l.level !== 'debug')).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });
