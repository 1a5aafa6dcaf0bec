import { createInsights } from '../../../src/plugins/insights';
import {
  createLongFrames,
  type Frame,
  frameDetails,
  type FrameScript,
  LONG_FRAME_EVENT,
  LONG_TASK_EVENT,
  type LongTask,
  taskDetails,
} from '../../../src/plugins/long-frames';
import { createPerformancePlugin } from '../../../src/plugins/performance';
import type { PluginContext } from '../../../src/plugins/plugin';
import { collectWarnings } from '../fakes';

// web-vitals needs browser APIs jsdom lacks; the tests call its INP callback by hand.
type Callback = (metric: unknown) => void;
const vitals: { name: string; cb: Callback }[] = [];
jest.mock('web-vitals/attribution', () => {
  const on = (name: string) => (cb: Callback) => vitals.push({ name, cb });
  return {
    onLCP: on('LCP'),
    onCLS: on('CLS'),
    onINP: on('INP'),
    onFCP: on('FCP'),
    onTTFB: on('TTFB'),
  };
});

const script = (o: Partial<FrameScript> = {}): FrameScript => ({
  sourceURL: 'https://www.example.com/js/cart.js?v=3',
  sourceFunctionName: 'recalculate',
  sourceCharPosition: 4410,
  invoker: 'BUTTON#checkout.onclick',
  invokerType: 'event-listener',
  startTime: 1841.04,
  duration: 195.2345,
  forcedStyleAndLayoutDuration: 12.36,
  pauseDuration: 0,
  ...o,
});
const frame = (startTime: number, duration: number, scripts: FrameScript[] = []): Frame => ({
  startTime,
  duration,
  blockingDuration: duration - 50,
  renderStart: startTime + duration - 10,
  styleAndLayoutStart: startTime + duration - 8,
  firstUIEventTimestamp: 0,
  scripts,
});
const task = (startTime: number, duration: number): LongTask => ({
  startTime,
  duration,
  attribution: [
    {
      name: 'unknown',
      containerType: 'iframe',
      containerSrc: 'https://ads.example/frame.html',
      containerId: 'ad',
      containerName: '',
    },
  ],
});
const group = (u: string) => u.replace(/\?.*/, '');

describe('frameDetails', () => {
  it('maps the frame and its scripts, times to 0.1 ms, the URL grouped', () => {
    expect(frameDetails(frame(1840.234, 212.46, [script()]), group)).toEqual({
      version: '1.0.0',
      startTime: 1840.2,
      duration: 212.5,
      blockingDuration: 162.5,
      renderStart: 2042.7,
      styleAndLayoutStart: 2044.7,
      firstUIEventTimestamp: 0,
      scripts: [
        {
          sourceURL: 'https://www.example.com/js/cart.js',
          sourceFunctionName: 'recalculate',
          sourceCharPosition: 4410,
          invoker: 'BUTTON#checkout.onclick',
          invokerType: 'event-listener',
          startTime: 1841,
          duration: 195.2,
          forcedStyleAndLayoutDuration: 12.4,
          pauseDuration: 0,
        },
      ],
    });
  });

  it('keeps the 5 longest scripts, longest first, without changing the entry', () => {
    const scripts = [10, 60, 5, 30, 90, 20, 1].map((duration) => script({ duration }));
    const d = frameDetails(frame(0, 300, scripts), group);
    expect((d.scripts as { duration: number }[]).map((s) => s.duration)).toEqual([
      90, 60, 30, 20, 10,
    ]);
    expect(scripts.map((s) => s.duration)).toEqual([10, 60, 5, 30, 90, 20, 1]);
  });

  it('leaves out the URL without recordUrl, and URLs that are not http(s)', () => {
    const d = frameDetails(frame(0, 120, [script()]), undefined);
    expect((d.scripts as object[])[0]).not.toHaveProperty('sourceURL');
    expect((d.scripts as object[])[0]).toHaveProperty('sourceFunctionName', 'recalculate');
    for (const sourceURL of ['chrome-extension://abcdef/content.js', 'data:text/javascript,1', ''])
      expect(
        (frameDetails(frame(0, 120, [script({ sourceURL })]), group).scripts as object[])[0],
      ).not.toHaveProperty('sourceURL');
  });

  it('leaves out empty strings and an unknown (-1) character position; flags an INP frame', () => {
    const d = frameDetails(
      frame(0, 120, [script({ sourceFunctionName: '', sourceCharPosition: -1, invoker: '' })]),
      group,
      true,
    );
    const s = (d.scripts as Record<string, unknown>[])[0];
    expect(Object.keys(s)).toEqual([
      'sourceURL',
      'invokerType',
      'startTime',
      'duration',
      'forcedStyleAndLayoutDuration',
      'pauseDuration',
    ]);
    expect(d.inp).toBe(true);
    expect(frameDetails(frame(0, 120), group)).not.toHaveProperty('inp');
    expect(frameDetails(frame(0, 120), group).scripts).toEqual([]);
  });
});

test('taskDetails: the task and its containers, the container URL as a resource URL', () => {
  expect(taskDetails(task(10.06, 80), group)).toEqual({
    version: '1.0.0',
    startTime: 10.1,
    duration: 80,
    attribution: [
      {
        name: 'unknown',
        containerType: 'iframe',
        containerId: 'ad',
        containerSrc: 'https://ads.example/frame.html',
      },
    ],
  });
  expect(taskDetails(task(0, 80), undefined).attribution).toEqual([
    { name: 'unknown', containerType: 'iframe', containerId: 'ad' },
  ]);
  expect(taskDetails({ startTime: 0, duration: 60 }, group).attribution).toEqual([]);
});

// ---- The observer, against a minimal PerformanceObserver ----

class FakeObserver {
  static supportedEntryTypes: string[] = [];
  static all: FakeObserver[] = [];
  observed: { type: string; buffered?: boolean }[] = [];
  connected = true;
  queued: object[] = [];
  constructor(private cb: (list: { getEntries(): object[] }) => void) {
    FakeObserver.all.push(this);
  }
  observe(o: { type: string; buffered?: boolean }) {
    this.observed.push(o);
  }
  disconnect() {
    this.connected = false;
  }
  deliver(entries: object[]) {
    if (this.connected) this.cb({ getEntries: () => entries });
  }
  takeRecords() {
    return this.queued.splice(0);
  }
}
const live = () => FakeObserver.all.filter((o) => o.connected);

beforeEach(() => {
  vitals.length = 0;
  FakeObserver.all = [];
  FakeObserver.supportedEntryTypes = ['long-animation-frame', 'longtask', 'resource'];
  Object.assign(globalThis, { PerformanceObserver: FakeObserver });
});
afterEach(() => {
  delete (globalThis as { PerformanceObserver?: unknown }).PerformanceObserver;
});

describe('createLongFrames', () => {
  it('observes long animation frames (buffered) and records those of at least the threshold', () => {
    const records: [string, Record<string, unknown>, number[]][] = [];
    const lf = createLongFrames(100, (...r) => records.push(r), group);
    lf.on();
    expect(live()).toHaveLength(1);
    expect(live()[0].observed).toEqual([{ type: 'long-animation-frame', buffered: true }]);
    live()[0].deliver([frame(10, 99.9), frame(200, 100, [script()]), frame(400, 250)]);
    expect(records.map(([type, d, times]) => [type, d.duration, times])).toEqual([
      [LONG_FRAME_EVENT, 100, [200]],
      [LONG_FRAME_EVENT, 250, [400]],
    ]);
    expect((records[0][1].scripts as object[])[0]).toHaveProperty(
      'sourceURL',
      'https://www.example.com/js/cart.js',
    );
  });

  it("records the INP's frames below the threshold too, with inp: true, and no frame twice", () => {
    const records: [string, Record<string, unknown>, number[]][] = [];
    const lf = createLongFrames(100, (...r) => records.push(r), undefined);
    lf.on();
    const big = frame(400, 250);
    live()[0].deliver([big]);
    // web-vitals' entries are its own observer's: the same frame, maybe another object.
    lf.inp([{ ...big }, frame(300, 60), frame(300, 60)]);
    // A frame of the INP not delivered to this observer yet comes later: not again.
    const late = frame(700, 180);
    lf.inp([late]);
    live()[0].deliver([late, frame(300, 60)]);
    lf.inp();
    expect(records.map(([, d]) => [d.startTime, d.duration, d.inp ?? false])).toEqual([
      [400, 250, false],
      [300, 60, true],
      [700, 180, true],
    ]);
  });

  it('at(start, end): the frames delivered or held that overlap an interaction, with inp: true', () => {
    const records: [string, Record<string, unknown>, number[]][] = [];
    const lf = createLongFrames(100, (...r) => records.push(r), undefined);
    lf.on();
    live()[0].deliver([frame(100, 60, [script()]), frame(500, 70, [script()])]);
    // Held by the browser, not delivered yet: taken first.
    live()[0].queued.push(frame(180, 55, [script()]));
    lf.at(150, 240);
    expect(records.map(([, d]) => [d.startTime, d.inp])).toEqual([
      [100, true],
      [180, true],
    ]);
    lf.at(150, 240); // not twice
    expect(records).toHaveLength(2);
  });

  it('take() records what the browser holds undelivered; off() stops; on() again is not buffered', () => {
    const records: [string, Record<string, unknown>, number[]][] = [];
    const lf = createLongFrames(50, (...r) => records.push(r), group);
    lf.take(); // not observing: nothing, no throw
    lf.on();
    lf.on(); // once
    expect(FakeObserver.all).toHaveLength(1);
    const first = live()[0];
    first.queued.push(frame(10, 80));
    lf.take();
    expect(records).toHaveLength(1);
    lf.off();
    expect(live()).toHaveLength(0);
    first.deliver([frame(500, 80)]);
    expect(records).toHaveLength(1);
    lf.on();
    expect(live()[0].observed).toEqual([{ type: 'long-animation-frame', buffered: false }]);
  });

  it('falls back to long tasks where there are no long animation frames', () => {
    FakeObserver.supportedEntryTypes = ['longtask'];
    const records: [string, Record<string, unknown>, number[]][] = [];
    const lf = createLongFrames(100, (...r) => records.push(r), group);
    lf.on();
    expect(live()[0].observed).toEqual([{ type: 'longtask', buffered: true }]);
    live()[0].deliver([task(5, 60), task(100, 120)]);
    expect(records.map(([type, d, times]) => [type, d.duration, times])).toEqual([
      [LONG_TASK_EVENT, 120, [100]],
    ]);
    expect(records[0][1].attribution).toEqual([
      expect.objectContaining({ containerSrc: 'https://ads.example/frame.html' }),
    ]);
  });

  it('does nothing, and throws nothing, without the APIs (Firefox, WebKit)', () => {
    const records: unknown[] = [];
    FakeObserver.supportedEntryTypes = ['resource'];
    let lf = createLongFrames(100, (...r) => records.push(r), group);
    lf.on();
    lf.take();
    lf.off();
    expect(FakeObserver.all).toHaveLength(0);
    delete (globalThis as { PerformanceObserver?: unknown }).PerformanceObserver;
    lf = createLongFrames(100, (...r) => records.push(r), group);
    expect(() => [lf.on(), lf.take(), lf.off(), lf.inp()]).not.toThrow();
    expect(records).toEqual([]);
  });
});

// ---- In the performance plugin ----

const tick = () => new Promise((r) => setTimeout(r, 0));

const setupPlugin = (options: Record<string, unknown>, config: object = {}) => {
  const records: { type: string; details: Record<string, unknown> }[] = [];
  let offFrom = Infinity;
  const ctx = {
    config: {
      endpointUrl: new URL('https://dataplane.rum.us-west-2.amazonaws.com/'),
      recordResourceUrl: true,
      groupUrl: (u: string, kind: string) => `${kind}:${group(u)}`,
      ...config,
    },
    record: (type: string, details: object) =>
      records.push({ type, details: details as Record<string, unknown> }),
    disabledAt: (t: number) => t >= offFrom,
  } as unknown as PluginContext;
  const warnings = collectWarnings();
  const plugin = createPerformancePlugin(options, warnings.warn, {
    // The insights chunk, as cwr.js hands its loader to the performance chunk.
    insights: async () => ({ createInsights }),
    observe: [],
  });
  const frames = () => records.filter((r) => r.type === LONG_FRAME_EVENT).map((r) => r.details);
  const loaf = () => live().find((o) => o.observed.some((x) => x.type === 'long-animation-frame'));
  const inpCb = () => vitals.find((v) => v.name === 'INP')!.cb;
  return {
    plugin,
    ctx,
    records,
    frames,
    loaf,
    inpCb,
    warnings,
    offFrom: (t: number) => (offFrom = t),
  };
};
const inpMetric = (frames: Frame[]) => ({
  name: 'INP',
  value: 180,
  entries: [{ startTime: 1000 }],
  attribution: {
    interactionTarget: 'button#buy',
    interactionTime: 1000,
    nextPaintTime: 1180,
    interactionType: 'pointer',
    inputDelay: 2,
    processingDuration: 150,
    presentationDelay: 28,
    loadState: 'complete',
    longAnimationFrameEntries: frames,
  },
});

describe("the performance plugin's longFrames", () => {
  beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('is off by default: no long-animation-frame observer, nothing recorded with the INP', async () => {
    const { plugin, ctx, records, loaf, inpCb } = setupPlugin({});
    plugin.load(ctx);
    await tick();
    expect(live().length).toBeGreaterThan(0); // the resource observer
    expect(loaf()).toBeUndefined();
    inpCb()(inpMetric([frame(1000, 180)]));
    plugin.beforeHide!();
    expect(records.map((r) => r.type)).toEqual(['com.amazon.rum.interaction_to_next_paint_event']);
    plugin.disable();
  });

  it('records frames over the threshold, the grouped URL, and the INP frames with the INP at the hide', async () => {
    const { plugin, ctx, records, frames, loaf, inpCb } = setupPlugin({
      longFrames: true,
      longFrameThreshold: 150,
    });
    plugin.load(ctx);
    await tick();
    expect(loaf()!.observed).toEqual([{ type: 'long-animation-frame', buffered: true }]);
    loaf()!.deliver([frame(100, 120), frame(400, 200, [script()])]);
    expect(frames().map((f) => f.duration)).toEqual([200]);
    expect((frames()[0].scripts as object[])[0]).toHaveProperty(
      'sourceURL',
      'resource:https://www.example.com/js/cart.js',
    );
    // The INP's frames: one already sent, one under the threshold, one the observer still holds.
    inpCb()(inpMetric([frame(400, 200), frame(1000, 120), frame(1200, 160)]));
    loaf()!.queued.push(frame(1200, 160));
    plugin.beforeHide!();
    expect(records.map((r) => [r.type, r.details.startTime, r.details.inp])).toEqual([
      [LONG_FRAME_EVENT, 400, undefined],
      [LONG_FRAME_EVENT, 1200, undefined], // taken at the hide, before the INP
      ['com.amazon.rum.interaction_to_next_paint_event', undefined, undefined],
      [LONG_FRAME_EVENT, 1000, true],
    ]);
    plugin.disable();
    expect(loaf()).toBeUndefined();
  });

  it('records no URL with recordResourceUrl: false, nothing that happened while disabled', async () => {
    const { plugin, ctx, frames, loaf, offFrom } = setupPlugin(
      { longFrames: true },
      { recordResourceUrl: false },
    );
    plugin.load(ctx);
    await tick();
    offFrom(1000);
    loaf()!.deliver([frame(500, 120, [script()]), frame(1500, 300, [script()])]);
    expect(frames().map((f) => f.startTime)).toEqual([500]);
    expect(JSON.stringify(frames())).not.toMatch(/https?:|cart\.js/);
    // Off and on again: new frames only.
    plugin.disable();
    plugin.enable();
    await tick();
    expect(loaf()!.observed).toEqual([{ type: 'long-animation-frame', buffered: false }]);
    plugin.disable();
  });

  it('warns about a threshold under 50 ms and uses 100', async () => {
    const { plugin, ctx, frames, loaf, warnings } = setupPlugin({
      longFrames: true,
      longFrameThreshold: 20,
    });
    expect(warnings.messages).toEqual([
      'telemetries performance.longFrameThreshold must be a number of milliseconds >= 50 (the browser reports frames of 50 ms and more), got 20; using the default 100.',
    ]);
    plugin.load(ctx);
    await tick();
    loaf()!.deliver([frame(0, 99), frame(200, 100)]);
    expect(frames().map((f) => f.duration)).toEqual([100]);
    plugin.disable();
  });
});
