import fs from 'fs';
import path from 'path';
import type { StoredEvent } from '../../../emulator';
import {
  clientReady,
  CREDS,
  type Page,
  sendMarker,
  short,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
  watchConsole,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

// A named script whose named click listener keeps the main thread busy for 200 ms: the frame
// of the click is a long animation frame, and that function its longest script.
beforeAll(() => {
  fs.writeFileSync(
    path.join(t.site.dir, 'slow.js'),
    `function busyClick() {
  var end = performance.now() + 200;
  while (performance.now() < end);
  this.textContent = 'done';
}
document.getElementById('slow').addEventListener('click', busyClick);
`,
  );
});

const framePage = (name: string, options: object, config: object = {}) =>
  t.site.page(
    name,
    snippetPage({
      config: {
        endpoint: t.site.emu.url,
        dispatchInterval: 200,
        telemetries: [['performance', options]],
        ...config,
      },
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
      body: '<p><button id="slow">slow</button></p><script src="/slow.js"></script>',
    }),
  );

type Script = Record<string, unknown>;
type FrameDetails = { duration: number; scripts: Script[]; inp?: boolean } & Record<
  string,
  unknown
>;
const framesOf = (events: StoredEvent[]) =>
  events
    .filter((e) => e.event.type === 'cwr.long_animation_frame')
    .map((e) => e.event.details as FrameDetails);
/** The click's frame: its longest script is the listener. */
const clickFrame = (events: StoredEvent[]) =>
  framesOf(events).find((f) => f.scripts[0]?.sourceFunctionName === 'busyClick');

/** The client has loaded and its performance chunk has run. */
const perfStarted = async (page: Page) => {
  await clientReady(page);
  await page.waitForFunction(
    () =>
      !!(window as unknown as { __cwrChunks?: Record<string, unknown> }).__cwrChunks?.[
        'cwr-perf.js'
      ],
  );
};

/** Opens the page, its performance chunk run. */
const open = async (url: string): Promise<Page> => {
  const page = await t.browser.newPage();
  await page.goto(url);
  await perfStarted(page);
  return page;
};

/**
 * Clicks the slow button; resolves once the page's own observers have had the click's frame
 * and its Event Timing entry (made after the next frame), as the client's and web-vitals'
 * observers, made before them, have too.
 */
const clickSlow = async (page: Page) => {
  await page.evaluate(() => {
    const w = window as unknown as { __seen?: Record<string, boolean> };
    w.__seen = {};
    for (const type of ['long-animation-frame', 'event'])
      new PerformanceObserver((list) => {
        if (list.getEntries().some((e) => e.duration >= 150)) w.__seen![type] = true;
      }).observe({ type, buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
  });
  await page.click('#slow');
  await page.waitForFunction(() => {
    const seen = (window as unknown as { __seen: Record<string, boolean> }).__seen;
    return seen['long-animation-frame'] && seen.event;
  });
};

const allAccepted = () => {
  const puts = t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents');
  expect(puts.length).toBeGreaterThan(0);
  expect(puts.filter((r) => r.status !== 200)).toEqual([]);
};

describe('long animation frames in Chromium', () => {
  it('records the slow click as a cwr.long_animation_frame with its script', async () => {
    const page = await open(framePage('lf.html', { longFrames: true }));
    const con = watchConsole(page);
    await clickSlow(page);
    const events = await waitForEvents(t.site.emu, (e) => !!clickFrame(e));
    const f = clickFrame(events)!;
    expect(f).toMatchObject({
      version: '1.0.0',
      startTime: expect.any(Number),
      blockingDuration: expect.any(Number),
      renderStart: expect.any(Number),
      styleAndLayoutStart: expect.any(Number),
    });
    expect(f.duration).toBeGreaterThanOrEqual(150);
    expect(f.scripts.length).toBeGreaterThanOrEqual(1);
    expect(f.scripts.length).toBeLessThanOrEqual(5);
    expect(f.scripts[0]).toMatchObject({
      sourceURL: expect.stringMatching(/\/slow\.js$/),
      sourceFunctionName: 'busyClick',
      invokerType: 'event-listener',
    });
    expect(f.scripts[0].duration).toBeGreaterThanOrEqual(150);
    expect(f).not.toHaveProperty('inp');
    // Every frame recorded is at least the default threshold, 100 ms.
    for (const x of framesOf(events)) expect(x.duration).toBeGreaterThanOrEqual(100);
    allAccepted();
    expect(con.pageErrors).toEqual([]);
    expect(con.errors).toEqual([]);
    await page.close();
  });

  it('records no script URL with recordResourceUrl: false', async () => {
    const page = await open(
      framePage('lf-nourl.html', { longFrames: true }, { recordResourceUrl: false }),
    );
    await clickSlow(page);
    const events = await waitForEvents(t.site.emu, (e) => !!clickFrame(e));
    expect(clickFrame(events)!.duration).toBeGreaterThanOrEqual(150);
    const frames = framesOf(events);
    for (const s of frames.flatMap((x) => x.scripts)) expect(s).not.toHaveProperty('sourceURL');
    expect(JSON.stringify(frames)).not.toMatch(/https?:|slow\.js/);
    allAccepted();
    await page.close();
  });

  it('records nothing with longFrames off (the default)', async () => {
    const page = await open(framePage('lf-off.html', {}));
    await clickSlow(page);
    // The client's observer would have had the frame before the page's: anything it recorded
    // would be sent before the marker.
    const events = await sendMarker(page, t.site.emu);
    expect(events.filter((e) => /long_animation_frame|long_task/.test(e.event.type))).toEqual([]);
    await page.close();
  });

  it.each([
    ["web-vitals'", {}],
    ["the client's own, per view", { vitalsPerView: true }],
  ])(
    "records the INP's frames under the threshold too, with inp: true, when the INP goes (%s INP)",
    async (_name, more) => {
      const ctx = await t.browser.newContext();
      const page = await ctx.newPage();
      await page.goto(
        framePage(`lf-inp-${Object.keys(more).length}.html`, {
          longFrames: true,
          longFrameThreshold: 5000,
          ...more,
        }),
      );
      await perfStarted(page);
      await clickSlow(page);
      // web-vitals reads the click's Event Timing entry when the page is idle (or at its 1 s
      // timeout): once an idle callback asked for after the entry has run, so has web-vitals'.
      await page.evaluate(
        () => new Promise((r) => requestIdleCallback(() => r(undefined), { timeout: 1000 })),
      );
      // Nothing is over the threshold: nothing is recorded before the INP.
      expect(framesOf(t.site.emu.events())).toEqual([]);
      await page.close({ runBeforeUnload: true });
      const events = await waitForEvents(
        t.site.emu,
        (e) =>
          e.some((x) => short(x.event.type) === 'interaction_to_next_paint_event') &&
          !!clickFrame(e),
      );
      const frames = framesOf(events);
      expect(clickFrame(events)).toMatchObject({ inp: true });
      expect(frames.every((x) => x.inp === true)).toBe(true);
      // Each frame once.
      const keys = frames.map((x) => `${x.startTime} ${x.duration}`);
      expect(new Set(keys).size).toBe(keys.length);
      allAccepted();
      await ctx.close();
    },
  );
});
