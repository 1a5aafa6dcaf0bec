import { createInsights } from '../../../src/plugins/insights';
import { createPerformancePlugin } from '../../../src/plugins/performance';
import type { PluginContext } from '../../../src/plugins/plugin';
import {
  addEvent,
  addShift,
  createViewVitals,
  type Interaction,
  inpOf,
  type Shifts,
} from '../../../src/plugins/view-vitals';
import { schemaValidator } from '../domain/schema';
import { collectWarnings } from '../fakes';

// web-vitals needs browser APIs jsdom lacks: the plugin test checks which it registers.
const registered: string[] = [];
jest.mock('web-vitals/attribution', () => {
  const on = (name: string) => () => registered.push(name);
  return {
    onLCP: on('LCP'),
    onCLS: on('CLS'),
    onINP: on('INP'),
    onFCP: on('FCP'),
    onTTFB: on('TTFB'),
  };
});

const INP_EVENT = 'com.amazon.rum.interaction_to_next_paint_event';
const CLS_EVENT = 'com.amazon.rum.cumulative_layout_shift_event';
const validINP = schemaValidator('interaction-to-next-paint.json');
const validCLS = schemaValidator('cumulative-layout-shift-event.json');

const button = (id: string) => {
  const b = document.createElement('button');
  b.id = id;
  document.body.appendChild(b);
  return b;
};

/** An `event` entry: `start`, `duration`, processing from start + `delay` for `work` ms. */
const ev = (
  interactionId: number,
  name: string,
  start: number,
  duration: number,
  target: Element | null = null,
  delay = 2,
  work = 10,
) => ({
  entryType: 'event',
  name,
  interactionId,
  startTime: start,
  duration,
  processingStart: start + delay,
  processingEnd: start + delay + work,
  target,
});
const shift = (
  startTime: number,
  value: number,
  node: Node | null = null,
  hadRecentInput = false,
) => ({
  entryType: 'layout-shift',
  name: '',
  startTime,
  value,
  hadRecentInput,
  sources: node ? [{ node: document.createTextNode('x') }, { node }] : [],
});

describe('INP candidates', () => {
  it("merges one interaction's entries of the same frame, and a later, longer frame replaces them", () => {
    const list: Interaction[] = [];
    const b = button('buy');
    addEvent(list, ev(7, 'pointerdown', 100, 48, b) as never);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ i: 7, d: 48, n: 'pointerdown', t: 'button#buy' });
    // pointerup and click, painted in a later frame, 160 ms: the interaction's latency.
    addEvent(list, ev(7, 'pointerup', 180, 160, b, 3, 5) as never);
    addEvent(list, ev(7, 'click', 181, 160, b, 8, 150) as never);
    expect(list).toEqual([
      { i: 7, d: 160, s: 180, p: 183, e: 339, f: 341, n: 'pointerup', t: 'button#buy' },
    ]);
    // A shorter entry of another frame changes nothing.
    addEvent(list, ev(7, 'pointerup', 400, 56) as never);
    expect(list[0].d).toBe(160);
  });

  it('keeps the 10 longest interactions, longest first', () => {
    const list: Interaction[] = [];
    for (let id = 1; id <= 30; id++)
      addEvent(list, ev(id, 'keydown', id * 1000, 40 + ((id * 37) % 30) * 8) as never);
    expect(list).toHaveLength(10);
    const all = Array.from({ length: 30 }, (_, k) => 40 + (((k + 1) * 37) % 30) * 8).sort(
      (a, b) => b - a,
    );
    expect(list.map((i) => i.d)).toEqual(all.slice(0, 10));
    // One shorter than the 10th is not kept; a longer one is, and the 10th goes.
    addEvent(list, ev(31, 'keydown', 40_000, all[9] - 8) as never);
    expect(list.some((i) => i.i === 31)).toBe(false);
    addEvent(list, ev(32, 'keydown', 41_000, 1000) as never);
    expect(list[0].i).toBe(32);
    expect(list).toHaveLength(10);
    expect(list[9].d).toBe(all[8]);
  });

  it('is the worst interaction below 50, then the one at floor(n / 50), at most the 10th', () => {
    const list = [400, 300, 200, 100, 90, 80, 70, 60, 50, 45].map(
      (d, k) => ({ i: k + 1, d }) as Interaction,
    );
    expect(inpOf(list, 1)?.d).toBe(400);
    expect(inpOf(list, 49)?.d).toBe(400);
    expect(inpOf(list, 50)?.d).toBe(300);
    expect(inpOf(list, 149)?.d).toBe(200);
    expect(inpOf(list, 10_000)?.d).toBe(45);
    // Fewer candidates than the index: the shortest kept.
    expect(inpOf(list.slice(0, 2), 500)?.d).toBe(300);
    expect(inpOf([], 3)).toBeUndefined();
  });
});

describe('CLS session windows', () => {
  it('ends a window after a 1 s gap or 5 s after its start; CLS is the largest window', () => {
    const c: Shifts = {};
    const banner = document.createElement('div');
    banner.className = 'banner';
    document.body.appendChild(banner);
    // Window 1: 0.1 + 0.05 (gap 900 ms).
    addShift(c, shift(100, 0.1, banner) as never);
    addShift(c, shift(1000, 0.05) as never);
    // A 1 s gap: window 2, 0.02 + 0.3 — shifts every 900 ms until 5 s after its start.
    addShift(c, shift(2000, 0.02) as never);
    for (let t = 2900; t < 7000; t += 900) addShift(c, shift(t, 0.01) as never);
    expect(c.w).toMatchObject({ s: 2000, l: 6500, v: expect.closeTo(0.07) });
    expect(c.b).toMatchObject({
      v: expect.closeTo(0.15),
      s: 100,
      m: 0.1,
      mt: 100,
      t: 'div.banner',
    });
    // 6500 - 2000 < 5000: still window 2 (0.02 + 5 × 0.01 = 0.07). 7400: a new window.
    addShift(c, shift(7400, 0.3) as never);
    expect(c.w).toMatchObject({ s: 7400, v: 0.3 });
    expect(c.b).toBe(c.w);
    // After an input: not counted.
    addShift(c, shift(7500, 5, null, true) as never);
    expect(c.b?.v).toBe(0.3);
  });

  it('keeps the largest window as it grows, and its largest shift', () => {
    const c: Shifts = {};
    addShift(c, shift(0, 0.2) as never);
    addShift(c, shift(2000, 0.1) as never);
    expect(c.b?.v).toBeCloseTo(0.2);
    addShift(c, shift(2500, 0.15) as never);
    expect(c.b).toMatchObject({ s: 2000, m: 0.15, mt: 2500 });
    expect(c.b?.v).toBeCloseTo(0.25);
  });
});

class FakeObserver {
  static supportedEntryTypes: string[] = ['event', 'layout-shift'];
  static all: FakeObserver[] = [];
  observed: object[] = [];
  queued: object[] = [];
  connected = true;
  constructor(private cb: (list: { getEntries(): object[] }) => void) {
    FakeObserver.all.push(this);
  }
  observe(o: object) {
    this.observed.push(o);
  }
  disconnect() {
    this.connected = false;
  }
  takeRecords() {
    return this.queued.splice(0);
  }
  deliver(entries: object[]) {
    if (this.connected) this.cb({ getEntries: () => entries });
  }
}
const live = () => FakeObserver.all.filter((o) => o.connected);

beforeEach(() => {
  FakeObserver.all = [];
  FakeObserver.supportedEntryTypes = ['event', 'layout-shift'];
  registered.length = 0;
  document.body.innerHTML = '';
  Object.assign(globalThis, { PerformanceObserver: FakeObserver });
});
afterEach(() => {
  delete (globalThis as { PerformanceObserver?: unknown }).PerformanceObserver;
  delete (performance as { interactionCount?: unknown }).interactionCount;
});

const setup = (off: (t: number) => boolean = () => false) => {
  const records: { type: string; details: Record<string, unknown>; times: number[] }[] = [];
  const vv = createViewVitals(
    (type, details, times) =>
      records.push({ type, details: details as Record<string, unknown>, times }),
    off,
  );
  const values = (type: string) =>
    records.filter((r) => r.type === type).map((r) => r.details.value);
  return { vv, records, values };
};

describe('INP and CLS per view', () => {
  it('records the old view at a view change, with what the observer still held, then starts again', () => {
    const { vv, records, values } = setup();
    vv.start();
    const [po] = live();
    expect(po.observed).toEqual([
      { type: 'event', durationThreshold: 40, buffered: true },
      { type: 'layout-shift', buffered: true },
    ]);
    const slow = button('slow');
    po.deliver([
      ev(7, 'pointerdown', 100, 48, slow),
      ev(7, 'click', 101, 48, slow, 4, 30),
      shift(50, 0.12, slow),
    ]);
    // Not yet delivered: counts for this view all the same. (An entry without an interaction does not count.)
    po.queued.push(ev(14, 'keydown', 900, 176, slow, 6, 150), ev(0, 'mouseover', 950, 500));
    vv.view(true);
    expect(records.map((r) => r.type)).toEqual([INP_EVENT, CLS_EVENT]);
    const [inp, cls] = records;
    expect(inp.details).toEqual({
      version: '1.0.0',
      value: 176,
      attribution: {
        interactionTarget: 'button#slow',
        interactionTime: 900,
        nextPaintTime: 1076,
        interactionType: 'keyboard',
        inputDelay: 6,
        processingDuration: 150,
        presentationDelay: 20,
        loadState: expect.any(String),
      },
    });
    expect(inp.times).toEqual([900]);
    expect(cls.details).toMatchObject({
      value: 0.12,
      attribution: {
        largestShiftTarget: 'button#slow',
        largestShiftValue: 0.12,
        largestShiftTime: 50,
      },
    });
    expect(validINP(inp.details)).toEqual([]);
    expect(validCLS(cls.details)).toEqual([]);
    // The next view: its own quick interaction, no shift: CLS 0 (a view without shifts is good).
    po.deliver([ev(21, 'pointerup', 2000, 48, slow, 1, 5)]);
    vv.view(true);
    expect(values(INP_EVENT)).toEqual([176, 48]);
    expect(values(CLS_EVENT)).toEqual([0.12, 0]);
    expect(records[3].details).toEqual({ version: '1.0.0', value: 0, attribution: {} });
    expect(validCLS(records[3].details)).toEqual([]);
    // A view without interactions has no INP; its CLS is 0.
    vv.view(true);
    expect(values(INP_EVENT)).toHaveLength(2);
    expect(values(CLS_EVENT)).toEqual([0.12, 0, 0]);
  });

  it('records nothing at the first view of a page load (or a restore), only starts again', () => {
    const { vv, records } = setup();
    vv.start();
    live()[0].deliver([ev(7, 'click', 100, 200), shift(50, 0.3)]);
    vv.view(false);
    expect(records).toEqual([]);
    vv.view(true);
    expect(records.map((r) => r.details.value)).toEqual([0]);
  });

  it('records at a hide, and at a later hide or the view change only what grew', () => {
    const { vv, values } = setup();
    vv.start();
    const [po] = live();
    po.deliver([ev(7, 'click', 100, 120), shift(50, 0.05)]);
    vv.hide();
    vv.hide();
    expect(values(INP_EVENT)).toEqual([120]);
    expect(values(CLS_EVENT)).toEqual([0.05]);
    // Back on the page: a faster interaction and no shift change nothing…
    po.deliver([ev(14, 'click', 5000, 64)]);
    vv.hide();
    vv.view(true);
    expect(values(INP_EVENT)).toEqual([120]);
    expect(values(CLS_EVENT)).toEqual([0.05]);
    // …the next view records its own, once.
    po.deliver([ev(21, 'click', 9000, 64), shift(9100, 0.01)]);
    vv.hide();
    po.deliver([ev(28, 'click', 12_000, 300), shift(9200, 0.02)]);
    vv.hide();
    expect(values(INP_EVENT)).toEqual([120, 64, 300]);
    expect(values(CLS_EVENT)).toEqual([0.05, 0.01, 0.03]);
  });

  it('takes the 98th percentile from performance.interactionCount since the view started', () => {
    const { vv, values } = setup();
    vv.start();
    const [po] = live();
    Object.assign(performance, { interactionCount: 30 });
    vv.view(true);
    po.deliver([300, 250, 200, 150, 100].map((d, k) => ev(7 * (k + 1), 'click', 1000 * k, d)));
    // 130 interactions in this view (160 - 30): the third longest.
    Object.assign(performance, { interactionCount: 160 });
    vv.view(true);
    expect(values(INP_EVENT)).toEqual([200]);
  });

  it('counts the interactions it saw where interactionCount is missing', () => {
    const { vv, values } = setup();
    vv.start();
    const [po] = live();
    const durations = Array.from({ length: 60 }, (_, k) => (k === 0 ? 500 : k === 1 ? 400 : 48));
    po.deliver(durations.map((d, k) => ev(k + 1, 'keydown', k * 100, d)));
    vv.view(true);
    expect(values(INP_EVENT)).toEqual([400]);
  });

  it('leaves out what happened while the client was disabled, and observes only new entries after', () => {
    const { vv, values } = setup((t) => t >= 1000 && t < 2000);
    vv.start();
    live()[0].deliver([
      ev(7, 'click', 500, 100),
      ev(14, 'click', 1500, 400),
      shift(1200, 0.5),
      shift(2100, 0.01),
    ]);
    vv.stop();
    expect(live()).toHaveLength(0);
    vv.start();
    expect(live()[0].observed).toEqual([
      { type: 'event', durationThreshold: 40, buffered: false },
      { type: 'layout-shift', buffered: false },
    ]);
    vv.view(true);
    expect(values(INP_EVENT)).toEqual([100]);
    expect(values(CLS_EVENT)).toEqual([0.01]);
  });

  it('records nothing for a metric the browser does not measure, and throws nowhere', () => {
    FakeObserver.supportedEntryTypes = ['layout-shift'];
    const a = setup();
    a.vv.start();
    expect(live()[0].observed).toEqual([{ type: 'layout-shift', buffered: true }]);
    a.vv.view(true);
    expect(a.records.map((r) => r.type)).toEqual([CLS_EVENT]);

    FakeObserver.all = [];
    FakeObserver.supportedEntryTypes = ['event'];
    const b = setup();
    b.vv.start();
    live()[0].deliver([ev(7, 'click', 100, 80)]);
    b.vv.view(true);
    expect(b.records.map((r) => r.type)).toEqual([INP_EVENT]);

    FakeObserver.all = [];
    FakeObserver.supportedEntryTypes = [];
    const c = setup();
    c.vv.start();
    expect(FakeObserver.all).toHaveLength(0);
    delete (globalThis as { PerformanceObserver?: unknown }).PerformanceObserver;
    const d = setup();
    expect(() => {
      d.vv.start();
      d.vv.view(true);
      d.vv.hide();
      d.vv.stop();
    }).not.toThrow();
    expect([...c.records, ...d.records]).toEqual([]);
  });
});

describe('the performance telemetry with vitalsPerView', () => {
  const tick = () => new Promise((r) => setTimeout(r, 0));
  const load = (options: Record<string, unknown>) => {
    const records: { type: string; value: unknown }[] = [];
    const ctx = {
      config: { endpointUrl: new URL('https://dataplane.rum.us-west-2.amazonaws.com/') },
      record: (type: string, d: { value?: unknown }) => records.push({ type, value: d.value }),
    } as unknown as PluginContext;
    Object.assign(performance, { getEntriesByType: () => [] });
    const plugin = createPerformancePlugin(options, collectWarnings().warn, {
      // The insights chunk, as cwr.js hands its loader to the performance chunk.
      insights: async () => ({ createInsights }),
      observe: [],
    });
    plugin.load(ctx);
    return { plugin, records };
  };
  afterEach(() => delete (performance as { getEntriesByType?: unknown }).getEntriesByType);

  it("does not register web-vitals' INP and CLS, and records each view's at the view change and the hide", async () => {
    const { plugin, records } = load({ vitalsPerView: true });
    await tick();
    expect(registered).toEqual(['LCP', 'FCP', 'TTFB']);
    const po = live().find((o) =>
      o.observed.some((x) => (x as { type: string }).type === 'event'),
    )!;
    po.deliver([ev(7, 'click', 100, 160), shift(120, 0.2)]);
    plugin.beforeView!(true);
    po.deliver([ev(14, 'click', 3000, 48)]);
    plugin.beforeHide!();
    expect(records.filter((r) => /paint_event|layout_shift/.test(r.type))).toEqual([
      { type: INP_EVENT, value: 160 },
      { type: CLS_EVENT, value: 0.2 },
      { type: INP_EVENT, value: 48 },
      { type: CLS_EVENT, value: 0 },
    ]);
    // Disabled: a view change records nothing, and the new view starts from none.
    plugin.disable();
    expect(live()).toHaveLength(0);
    plugin.beforeView!(true);
    plugin.enable();
    await tick();
    plugin.beforeHide!();
    expect(records.filter((r) => /paint_event|layout_shift/.test(r.type))).toHaveLength(5);
    expect(records.at(-1)).toEqual({ type: CLS_EVENT, value: 0 });
    plugin.disable();
  });

  it("leaves web-vitals' INP and CLS as they are without it", async () => {
    const { plugin } = load({});
    await tick();
    expect(registered).toEqual(['LCP', 'CLS', 'INP', 'FCP', 'TTFB']);
    expect(() => plugin.beforeView!(true)).not.toThrow();
    plugin.disable();
  });
});
