import type { Config } from '../../../src/boot/config';
import {
  finishedNavigation,
  level1Timing,
  navigationDetails,
} from '../../../src/plugins/navigation';
import {
  createPerformancePlugin,
  NAVIGATION_EVENT,
  RESOURCE_EVENT,
} from '../../../src/plugins/performance';
import type { PluginContext } from '../../../src/plugins/plugin';
import {
  fileTypeOf,
  ownResource,
  pickResources,
  resourceDetails,
} from '../../../src/plugins/resources';
import {
  clsDetails,
  fcpDetails,
  fidDetails,
  inpDetails,
  lcpDetails,
  ttfbDetails,
} from '../../../src/plugins/web-vitals';
import { schemaValidator } from '../domain/schema';
import { collectWarnings } from '../fakes';

// web-vitals needs browser APIs jsdom lacks; the tests drive its callbacks by hand.
type Callback = (metric: unknown) => void;
const vitals: { name: string; cb: Callback; opts?: { reportAllChanges?: boolean } }[] = [];
jest.mock('web-vitals/attribution', () => {
  const on = (name: string) => (cb: Callback, opts?: object) => vitals.push({ name, cb, opts });
  return {
    onLCP: on('LCP'),
    onCLS: on('CLS'),
    onINP: on('INP'),
    onFCP: on('FCP'),
    onTTFB: on('TTFB'),
  };
});

const SCHEMAS: Record<string, string> = {
  [NAVIGATION_EVENT]: 'navigation-event.json',
  [RESOURCE_EVENT]: 'resource-event.json',
  'com.amazon.rum.largest_contentful_paint_event': 'largest-contentful-paint-event.json',
  'com.amazon.rum.cumulative_layout_shift_event': 'cumulative-layout-shift-event.json',
  'com.amazon.rum.interaction_to_next_paint_event': 'interaction-to-next-paint.json',
  'com.amazon.rum.first_contentful_paint_event': 'first-contentful-paint-event.json',
  'com.amazon.rum.time_to_first_byte_event': 'time-to-first-byte-event.json',
  'com.amazon.rum.first_input_delay_event': 'first-input-delay-event.json',
};
const validators = new Map<string, ReturnType<typeof schemaValidator>>();
const errorsOf = (file: string, details: unknown) => {
  if (!validators.has(file)) validators.set(file, schemaValidator(file));
  return validators.get(file)!(details);
};

// A Level 2 navigation entry as Chromium gives it for an https page.
const NAV = {
  name: 'https://app.example.com/',
  entryType: 'navigation',
  initiatorType: 'navigation',
  type: 'navigate',
  startTime: 0,
  duration: 812.5,
  unloadEventStart: 0,
  unloadEventEnd: 0,
  redirectCount: 0,
  redirectStart: 0,
  redirectEnd: 0,
  workerStart: 0,
  fetchStart: 3.2,
  domainLookupStart: 5,
  domainLookupEnd: 25,
  connectStart: 25,
  connectEnd: 80,
  secureConnectionStart: 40,
  nextHopProtocol: 'h2',
  requestStart: 81,
  responseStart: 181.30000000074506,
  responseEnd: 200,
  domInteractive: 400,
  domContentLoadedEventStart: 410,
  domContentLoadedEventEnd: 415,
  domComplete: 800,
  loadEventStart: 800,
  loadEventEnd: 812.5,
  transferSize: 5300,
  encodedBodySize: 5000,
  decodedBodySize: 20000,
};

const resource = (name: string, initiatorType: string, extra: object = {}) => ({
  ...NAV,
  type: undefined,
  entryType: 'resource',
  name,
  initiatorType,
  startTime: 300,
  duration: 50,
  ...extra,
});

describe('navigation timing', () => {
  it('maps a Level 2 entry to a schema-valid navigation event with each phase timed', () => {
    const d = navigationDetails(NAV as unknown as PerformanceNavigationTiming, 2);
    expect(errorsOf('navigation-event.json', d)).toEqual([]);
    expect(d).toMatchObject({
      version: '1.0.0',
      initiatorType: 'navigation',
      navigationType: 'navigate',
      startTime: 0,
      duration: 812.5,
      dns: 20,
      connect: 55,
      tlsTime: 40,
      timeToFirstByte: 100.3,
      responseTime: 18.7,
      redirectTime: 0,
      workerTime: 0,
      domContentLoaded: 5,
      domProcessingTime: 400,
      loadEventTime: 12.5,
      promptForUnload: 0,
      headerSize: 300,
      transferSize: 5300,
      compressionRatio: 4,
      nextHopProtocol: 'h2',
      navigationTimingLevel: 2,
    });
  });

  it('maps Level 1 performance.timing (epoch ms) relative to navigationStart', () => {
    const T0 = 1_700_000_000_000;
    const abs = (v: number) => (v ? T0 + v : 0);
    const timing = Object.fromEntries(
      [
        'unloadEventStart',
        'unloadEventEnd',
        'redirectStart',
        'redirectEnd',
        'fetchStart',
        'domainLookupStart',
        'domainLookupEnd',
        'connectStart',
        'connectEnd',
        'secureConnectionStart',
        'requestStart',
        'responseStart',
        'responseEnd',
        'domInteractive',
        'domContentLoadedEventStart',
        'domContentLoadedEventEnd',
        'domComplete',
        'loadEventStart',
        'loadEventEnd',
      ].map((k) => [k, abs(Math.round(NAV[k as keyof typeof NAV] as number))]),
    );
    const t = { ...timing, navigationStart: T0 } as unknown as PerformanceTiming;
    const d = navigationDetails(level1Timing(t, { type: 1, redirectCount: 0 }), 1);
    expect(errorsOf('navigation-event.json', d)).toEqual([]);
    expect(d).toMatchObject({
      navigationType: 'reload',
      navigationTimingLevel: 1,
      startTime: 0,
      duration: 813,
      dns: 20,
    });
    expect(d).not.toHaveProperty('loadEventEnd');
    expect(d).not.toHaveProperty('transferSize');
  });

  it('waits for the load event to finish, and reads Level 1 where Level 2 is missing', () => {
    const perf = (entry: object | undefined, timing?: object) =>
      ({
        getEntriesByType: (t: string) => (t === 'navigation' && entry ? [entry] : []),
        timing,
        navigation: { type: 0, redirectCount: 0 },
      }) as unknown as Performance;
    expect(finishedNavigation(perf({ ...NAV, loadEventEnd: 0 }))).toBeUndefined();
    expect(finishedNavigation(perf(NAV))).toMatchObject({ navigationTimingLevel: 2 });
    const T0 = 1_000_000;
    const l1 = { navigationStart: T0, fetchStart: T0 + 2, loadEventStart: T0 + 90 };
    expect(finishedNavigation(perf(undefined, { ...l1, loadEventEnd: 0 }))).toBeUndefined();
    expect(finishedNavigation(perf(undefined, { ...l1, loadEventEnd: T0 + 99 }))).toMatchObject({
      navigationTimingLevel: 1,
      duration: 99,
      loadEventTime: 9,
    });
    expect(finishedNavigation({} as Performance)).toBeUndefined();
  });
});

describe('resource timing', () => {
  it.each([
    ['https://a.com/app.js?v=1', 'script', 'script'],
    ['https://a.com/x.mjs', 'other', 'script'],
    ['https://a.com/site.CSS', 'link', 'stylesheet'],
    ['https://a.com/f.woff2', 'css', 'font'],
    ['https://a.com/i/logo.svg', 'img', 'image'],
    ['https://a.com/hero.webp#x', 'css', 'image'],
    ['https://a.com/frame.html', 'iframe', 'document'],
    ['https://a.com/embed', 'iframe', 'document'],
    ['https://a.com/pixel', 'img', 'image'],
    ['https://a.com/bundle', 'script', 'script'],
    ['https://a.com/api/items', 'fetch', 'other'],
    ['https://a.com/style', 'link', 'other'],
  ])('%s requested by %s is a %s', (name, initiator, type) => {
    expect(fileTypeOf(name, initiator)).toBe(type);
  });

  it('records the resource, with or without its URL, valid against the schema', () => {
    const e = resource('https://cdn.example.com/app.js', 'script');
    const withUrl = resourceDetails(e as unknown as PerformanceResourceTiming, true);
    expect(errorsOf('resource-event.json', withUrl)).toEqual([]);
    expect(withUrl).toMatchObject({
      version: '1.0.0',
      targetUrl: 'https://cdn.example.com/app.js',
      initiatorType: 'script',
      fileType: 'script',
      duration: 50,
      startTime: 300,
    });
    const without = resourceDetails(e as unknown as PerformanceResourceTiming, false);
    expect(errorsOf('resource-event.json', without)).toEqual([]);
    expect(without).not.toHaveProperty('targetUrl');
    expect(JSON.stringify(without)).not.toContain('example.com');
  });

  it('counts phases hidden from a cross-origin resource as 0, never as times since the origin', () => {
    const hidden = resource('https://other.example/x.png', 'img', {
      domainLookupStart: 0,
      domainLookupEnd: 0,
      connectStart: 0,
      connectEnd: 0,
      secureConnectionStart: 0,
      requestStart: 0,
      responseStart: 0,
      responseEnd: 350,
      transferSize: 0,
      encodedBodySize: 0,
      decodedBodySize: 0,
    });
    const d = resourceDetails(hidden as unknown as PerformanceResourceTiming, true);
    expect(errorsOf('resource-event.json', d)).toEqual([]);
    expect(d).toMatchObject({
      dns: 0,
      connect: 0,
      tlsTime: 0,
      timeToFirstByte: 0,
      responseTime: 0,
    });
    expect(d).not.toHaveProperty('headerSize');
    expect(d).not.toHaveProperty('compressionRatio');
  });

  it('keeps every recordAll type and samples at most `room` of the sample types, in order', () => {
    const entries = [
      resource('https://a.com/a.js', 'script'),
      ...Array.from({ length: 8 }, (_, i) => resource(`https://a.com/${i}.png`, 'img')),
      resource('https://a.com/a.css', 'link'),
      resource('https://a.com/data', 'fetch'),
      resource('https://a.com/f.woff', 'css'),
    ];
    const { picked, sampled } = pickResources(
      entries,
      ['script', 'stylesheet'],
      ['image', 'other'],
      3,
    );
    expect(sampled).toBe(3);
    const names = picked.map((e) => e.name);
    expect(names).toContain('https://a.com/a.js');
    expect(names).toContain('https://a.com/a.css');
    expect(names).not.toContain('https://a.com/f.woff');
    expect(names).toHaveLength(5);
    // Order kept.
    expect(names).toEqual(entries.map((e) => e.name).filter((n) => names.includes(n)));
    // A random pick: different random numbers pick different images.
    const firsts = new Set(
      [0, 0.5, 0.99].map((r) => pickResources(entries, [], ['image'], 1, () => r).picked[0].name),
    );
    expect(firsts.size).toBe(3);
    expect(pickResources(entries, [], ['image'], 0).picked).toEqual([]);
    expect(pickResources(entries, [], ['image'], 100).sampled).toBe(8);
  });

  it("knows the client's own requests", () => {
    const own = ownResource({
      endpointUrl: new URL('https://proxy.example.com/rum/'),
      cognitoEndpoint: 'https://cognito.example.com/',
    });
    expect(own('https://proxy.example.com/rum/appmonitors/abc/')).toBe(true);
    expect(own('https://proxy.example.com/rum/appmonitors/abc/?X-Amz-Signature=1')).toBe(true);
    expect(own('https://proxy.example.com/rum/other')).toBe(false);
    expect(own('https://cognito.example.com/')).toBe(true);
    expect(own('https://cognito.example.com/avatar.png')).toBe(false);
    expect(own('https://cognito-identity.us-east-1.amazonaws.com/')).toBe(true);
    expect(own('https://sts.eu-west-1.amazonaws.com/')).toBe(true);
    expect(own('https://client.rum.us-east-1.amazonaws.com/1.x/cwr.js')).toBe(true);
    expect(own('https://app.example.com/js/cwr-perf.js')).toBe(true);
    expect(own('https://app.example.com/js/cwr-auth.js?v=2')).toBe(true);
    expect(own('https://app.example.com/js/app-cwr.js')).toBe(false);
  });
});

// Web vitals as web-vitals' attribution build reports them (the parts read here).
const LCP = {
  name: 'LCP',
  value: 1234.5,
  attribution: {
    target: 'main>img.hero',
    url: 'https://cdn.example.com/hero.jpg',
    timeToFirstByte: 100,
    resourceLoadDelay: 200,
    resourceLoadDuration: 800,
    elementRenderDelay: 134.5,
    lcpEntry: {},
  },
};
const CLS = {
  name: 'CLS',
  value: 0.1234567891,
  attribution: {
    largestShiftTarget: '#ad',
    largestShiftValue: 0.1,
    largestShiftTime: 900.1,
    loadState: 'complete',
    largestShiftEntry: {},
  },
};
const INP = {
  name: 'INP',
  value: 96,
  attribution: {
    interactionTarget: 'button#buy',
    interactionTime: 3000,
    nextPaintTime: 3096,
    interactionType: 'pointer',
    inputDelay: 2,
    processingDuration: 80,
    presentationDelay: 14,
    loadState: 'complete',
    processedEventEntries: [],
    longAnimationFrameEntries: [],
  },
};
const FCP = {
  name: 'FCP',
  value: 300,
  attribution: { timeToFirstByte: 100, firstByteToFCP: 200, loadState: 'dom-interactive' },
};
const TTFB = {
  name: 'TTFB',
  value: 100,
  attribution: {
    waitingDuration: 1,
    cacheDuration: 2,
    dnsDuration: 20,
    connectionDuration: 55,
    requestDuration: 22,
    navigationEntry: {},
  },
};
const asMetric = <T>(m: object) => m as unknown as T;

describe('web vitals', () => {
  it.each([
    ['largest-contentful-paint-event.json', () => lcpDetails(asMetric(LCP), true)],
    ['cumulative-layout-shift-event.json', () => clsDetails(asMetric(CLS))],
    ['interaction-to-next-paint.json', () => inpDetails(asMetric(INP))],
    ['first-contentful-paint-event.json', () => fcpDetails(asMetric(FCP))],
    ['time-to-first-byte-event.json', () => ttfbDetails(asMetric(TTFB))],
  ])('%s: value and attribution, valid', (file, details) => {
    const d = details();
    expect(errorsOf(file, d)).toEqual([]);
    expect(d.version).toBe('1.0.0');
    expect(Object.keys(d.attribution as object).length).toBeGreaterThan(2);
  });

  it('maps LCP attribution names to the schema, and leaves the image URL out without recordResourceUrl', () => {
    expect(lcpDetails(asMetric(LCP), true)).toEqual({
      version: '1.0.0',
      value: 1234.5,
      attribution: {
        element: 'main>img.hero',
        url: 'https://cdn.example.com/hero.jpg',
        timeToFirstByte: 100,
        resourceLoadDelay: 200,
        resourceLoadTime: 800,
        elementRenderDelay: 134.5,
      },
    });
    expect(lcpDetails(asMetric(LCP), false).attribution).not.toHaveProperty('url');
    const inline = { ...LCP, attribution: { ...LCP.attribution, url: 'data:image/png;base64,' } };
    expect(lcpDetails(asMetric(inline), true).attribution).not.toHaveProperty('url');
  });

  it("names the navigation and the LCP image's resource events by their ids, when they were recorded", () => {
    const withEntry = {
      ...LCP,
      attribution: {
        ...LCP.attribution,
        lcpResourceEntry: { name: 'https://cdn.example.com/hero.jpg' },
      },
    };
    const ids: Record<string, unknown> = {
      '': 'nav-event-id',
      'https://cdn.example.com/hero.jpg': 'resource-event-id',
    };
    const d = lcpDetails(asMetric(withEntry), true, (url = '') => ids[url]);
    expect(d.attribution).toMatchObject({
      navigationEntry: 'nav-event-id',
      lcpResourceEntry: 'resource-event-id',
    });
    expect(errorsOf('largest-contentful-paint-event.json', d)).toEqual([]);
    // Not recorded (sampled out, dropped: the context gave no id): left out.
    const none = lcpDetails(asMetric(withEntry), true, () => undefined);
    expect(none.attribution).not.toHaveProperty('navigationEntry');
    expect(none.attribution).not.toHaveProperty('lcpResourceEntry');
    // A text LCP has no resource entry: only the navigation's id.
    const text = lcpDetails(asMetric(LCP), true, (url = '') => ids[url]);
    expect(text.attribution).toHaveProperty('navigationEntry', 'nav-event-id');
    expect(text.attribution).not.toHaveProperty('lcpResourceEntry');
  });

  it('leaves out attribution parts web-vitals did not find (a CLS of 0, an LCP of text)', () => {
    const cls = clsDetails(asMetric({ name: 'CLS', value: 0, attribution: {} }));
    expect(cls).toEqual({ version: '1.0.0', value: 0, attribution: {} });
    expect(errorsOf('cumulative-layout-shift-event.json', cls)).toEqual([]);
    const lcp = lcpDetails(
      asMetric({ ...LCP, attribution: { ...LCP.attribution, url: undefined, target: undefined } }),
      true,
    );
    expect(errorsOf('largest-contentful-paint-event.json', lcp)).toEqual([]);
    expect(lcp.attribution).not.toHaveProperty('url');
  });

  it('measures FID from the first-input entry', () => {
    const button = document.createElement('button');
    button.id = 'go';
    const d = fidDetails({
      name: 'pointerdown',
      startTime: 1500,
      processingStart: 1512.5,
      target: button,
    } as unknown as PerformanceEventTiming);
    expect(errorsOf('first-input-delay-event.json', d)).toEqual([]);
    expect(d).toMatchObject({
      value: 12.5,
      attribution: { eventTarget: 'button#go', eventType: 'pointerdown', eventTime: 1500 },
    });
  });
});

// ---- The plugin, against a minimal PerformanceObserver and performance timeline ----

class FakeObserver {
  static supportedEntryTypes = ['resource', 'first-input', 'navigation'];
  static all: FakeObserver[] = [];
  observed: { type: string; buffered?: boolean }[] = [];
  connected = true;
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
  /** Entries the browser has queued but not yet delivered. */
  queued: object[] = [];
  takeRecords() {
    return this.queued.splice(0);
  }
}

const hide = () => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
};
const show = () => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
  document.dispatchEvent(new Event('visibilitychange'));
};
const live = () => FakeObserver.all.filter((o) => o.connected);

let navEntry: object = NAV;
let warn: jest.SpyInstance;
let optionWarnings = collectWarnings();
beforeEach(() => {
  vitals.length = 0;
  FakeObserver.all = [];
  navEntry = NAV;
  Object.assign(globalThis, { PerformanceObserver: FakeObserver });
  Object.assign(performance, {
    getEntriesByType: (t: string) => (t === 'navigation' ? [navEntry] : []),
  });
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  optionWarnings = collectWarnings();
});
afterEach(() => {
  delete (document as { visibilityState?: unknown }).visibilityState;
  jest.restoreAllMocks();
  delete (globalThis as { PerformanceObserver?: unknown }).PerformanceObserver;
  delete (performance as { getEntriesByType?: unknown }).getEntriesByType;
});

const tick = () => new Promise((r) => setTimeout(r, 0));

const setup = (options: Record<string, unknown> = {}, config: Partial<Config> = {}) => {
  const records: { type: string; details: Record<string, unknown> }[] = [];
  const ctx = {
    config: {
      endpointUrl: new URL('https://dataplane.rum.us-west-2.amazonaws.com/'),
      recordResourceUrl: true,
      ...config,
    },
    record: (type: string, details: object) =>
      records.push({ type, details: details as Record<string, unknown> }),
  } as unknown as PluginContext;
  const plugin = createPerformancePlugin(options, optionWarnings.warn);
  const of = (type: string) => records.filter((r) => r.type === type);
  return { plugin, ctx, records, of };
};

const PAGE_RESOURCES = [
  resource('https://app.example.com/app.js', 'script'),
  resource('https://app.example.com/site.css', 'link'),
  ...Array.from({ length: 15 }, (_, i) => resource(`https://img.example.com/${i}.png`, 'img')),
  resource('https://dataplane.rum.us-west-2.amazonaws.com/appmonitors/x/', 'fetch'),
  resource('https://app.example.com/cwr-perf.js', 'script'),
  resource('data:image/png;base64,AAAA', 'img'),
];

describe('the performance telemetry', () => {
  it('records the navigation once, resources per the options, all schema-valid', async () => {
    const { plugin, ctx, records, of } = setup();
    expect(plugin.getPluginId()).toBe('performance');
    plugin.load(ctx);
    await tick();
    expect(of(NAVIGATION_EVENT)).toHaveLength(1);
    const [po] = live();
    expect(po.observed).toEqual([
      { type: 'resource', buffered: true },
      { type: 'first-input', buffered: true },
    ]);
    po.deliver(PAGE_RESOURCES);
    const res = of(RESOURCE_EVENT);
    const urls = res.map((r) => r.details.targetUrl);
    expect(urls).toContain('https://app.example.com/app.js');
    expect(urls).toContain('https://app.example.com/site.css');
    expect(res.filter((r) => r.details.fileType === 'image')).toHaveLength(10);
    expect(urls.some((u) => /dataplane|cwr-perf|^data:/.test(String(u)))).toBe(false);
    // The sample limit holds across batches.
    po.deliver([resource('https://img.example.com/late.png', 'img')]);
    po.deliver([resource('https://app.example.com/late.js', 'script')]);
    expect(of(RESOURCE_EVENT)).toHaveLength(13);
    for (const r of records) expect(errorsOf(SCHEMAS[r.type], r.details)).toEqual([]);
    plugin.disable();
  });

  it('waits for the load event before recording the navigation', async () => {
    navEntry = { ...NAV, loadEventEnd: 0 };
    const { plugin, ctx, of } = setup();
    plugin.load(ctx);
    await tick();
    expect(of(NAVIGATION_EVENT)).toHaveLength(0);
    navEntry = NAV;
    window.dispatchEvent(new Event('load'));
    await tick();
    window.dispatchEvent(new Event('load'));
    await tick();
    expect(of(NAVIGATION_EVENT)).toHaveLength(1);
    plugin.disable();
  });

  it('records no URL anywhere with recordResourceUrl: false', async () => {
    const { plugin, ctx, records } = setup({ eventLimit: 100 }, { recordResourceUrl: false });
    plugin.load(ctx);
    await tick();
    live()[0].deliver(PAGE_RESOURCES);
    vitals.find((v) => v.name === 'LCP')!.cb(LCP);
    expect(records.length).toBeGreaterThan(10);
    const json = JSON.stringify(records);
    expect(json).not.toMatch(/https?:|example\.com/);
    for (const r of records) expect(errorsOf(SCHEMAS[r.type], r.details)).toEqual([]);
    plugin.disable();
  });

  it("groups resource URLs with the config's groupUrl (urlNormalizer)", async () => {
    const { plugin, ctx, of } = setup(
      { eventLimit: 100 },
      { groupUrl: (url: string, kind: string) => `${kind}:${url.replace(/\d+\.png/, ':n.png')}` },
    );
    plugin.load(ctx);
    await tick();
    live()[0].deliver(PAGE_RESOURCES);
    const urls = of(RESOURCE_EVENT).map((r) => r.details.targetUrl);
    expect(urls).toContain('resource:https://app.example.com/app.js');
    expect(urls).toContain('resource:https://img.example.com/:n.png');
    expect(urls.some((u) => /\/\d+\.png/.test(String(u)))).toBe(false);
    plugin.disable();
  });

  it('applies recordAllTypes, sampleTypes, eventLimit and ignore', async () => {
    const { plugin, ctx, of } = setup({
      recordAllTypes: ['image'],
      sampleTypes: ['script'],
      eventLimit: 0,
      ignore: (e: PerformanceEntry) => e.name.includes('/3.png'),
    });
    plugin.load(ctx);
    await tick();
    live()[0].deliver(PAGE_RESOURCES);
    const res = of(RESOURCE_EVENT);
    // 15 images but one ignored, and the data: image.
    expect(res).toHaveLength(15);
    expect(res.every((r) => r.details.fileType === 'image')).toBe(true);
    // A custom ignore replaces the default: the data: image is the app's business now.
    expect(res.some((r) => String(r.details.targetUrl).startsWith('data:'))).toBe(true);
    plugin.disable();
  });

  it('records the resource once, with one warning, when ignore throws', async () => {
    const { plugin, ctx, of } = setup({
      ignore: () => {
        throw new Error('oops');
      },
    });
    plugin.load(ctx);
    await tick();
    live()[0].deliver([
      resource('https://a.com/1.js', 'script'),
      resource('https://a.com/2.js', 'script'),
    ]);
    expect(of(RESOURCE_EVENT)).toHaveLength(2);
    expect(warn.mock.calls.filter(([m]) => /performance\.ignore threw/.test(m))).toHaveLength(1);
    plugin.disable();
  });

  it('records web vitals when web-vitals reports them, with reportAllChanges from the options', async () => {
    const { plugin, ctx, records } = setup({ reportAllLCP: true, reportAllINP: true });
    plugin.load(ctx);
    await tick();
    expect(vitals.map((v) => [v.name, v.opts?.reportAllChanges])).toEqual([
      ['LCP', true],
      ['CLS', false],
      ['INP', true], // always: see the next test
      ['FCP', undefined],
      ['TTFB', undefined],
    ]);
    records.length = 0;
    const metrics: Record<string, object> = { LCP, CLS, INP, FCP, TTFB };
    // Synchronously: a value reported on page hide must be queued before the client's flush.
    for (const v of vitals) v.cb(metrics[v.name]);
    expect(records.map((r) => r.type.replace('com.amazon.rum.', ''))).toEqual([
      'largest_contentful_paint_event',
      'cumulative_layout_shift_event',
      'interaction_to_next_paint_event',
      'first_contentful_paint_event',
      'time_to_first_byte_event',
    ]);
    for (const r of records) expect(errorsOf(SCHEMAS[r.type], r.details)).toEqual([]);
    plugin.disable();
  });

  it("holds INP until the client's flush at page hide, unless reportAllINP: one event a hide", async () => {
    const { plugin, ctx, of } = setup();
    plugin.load(ctx);
    await tick();
    const inp = vitals.find((v) => v.name === 'INP')!;
    const INP_EVENT = 'com.amazon.rum.interaction_to_next_paint_event';
    const values = () => of(INP_EVENT).map((r) => r.details.value);
    inp.cb(INP);
    inp.cb({ ...INP, value: 120 });
    expect(of(INP_EVENT)).toHaveLength(0);
    // The hide: web-vitals' own listeners run first and process an interaction still waiting
    // for its idle callback; the page is hidden by then, but the value waits for the flush.
    hide();
    inp.cb({ ...INP, value: 300 });
    expect(of(INP_EVENT)).toHaveLength(0);
    plugin.beforeHide!();
    expect(values()).toEqual([300]);
    // pagehide after visibilitychange: nothing new, nothing twice.
    plugin.beforeHide!();
    expect(of(INP_EVENT)).toHaveLength(1);
    // Processed later while the page stays hidden: at once, for the unload's flush.
    inp.cb({ ...INP, value: 350 });
    expect(values()).toEqual([300, 350]);
    // Back, a slower interaction, hidden again: reported at that hide's flush.
    show();
    inp.cb({ ...INP, value: 400 });
    expect(of(INP_EVENT)).toHaveLength(2);
    hide();
    expect(of(INP_EVENT)).toHaveLength(2);
    plugin.beforeHide!();
    expect(values()).toEqual([300, 350, 400]);
    plugin.disable();

    const all = setup({ reportAllINP: true });
    all.plugin.load(all.ctx);
    await tick();
    show();
    vitals
      .filter((v) => v.name === 'INP')
      .pop()!
      .cb(INP);
    expect(all.of(INP_EVENT)).toHaveLength(1);
    all.plugin.disable();
  });

  it('at a pagehide that comes before visibilitychange (Chromium leaving the page), INP waits for what web-vitals has still to process', async () => {
    // An engine with Event Timing.
    Object.assign(globalThis, { PerformanceEventTiming: class {} });
    try {
      const { plugin, ctx, of } = setup();
      plugin.load(ctx);
      await tick();
      const inp = vitals.find((v) => v.name === 'INP')!;
      const INP_EVENT = 'com.amazon.rum.interaction_to_next_paint_event';
      const values = () => of(INP_EVENT).map((r) => r.details.value);
      const events = FakeObserver.all.find((o) => o.observed.some((x) => x.type === 'event'))!;
      expect(events.observed).toEqual([{ type: 'event', durationThreshold: 40 }]);
      const slow = { entryType: 'event', name: 'click', startTime: 5000, duration: 300 };

      // A quick click processed; a slow one given to web-vitals, waiting for idle time.
      inp.cb({ ...INP, value: 112 });
      events.deliver([slow]);
      plugin.beforeHide!(); // pagehide: the first flush
      expect(of(INP_EVENT)).toHaveLength(0);
      hide(); // web-vitals processes it in its visibilitychange listener…
      inp.cb({ ...INP, value: 312 });
      expect(values()).toEqual([312]); // …and it makes the flush of this event
      plugin.beforeHide!();
      expect(values()).toEqual([312]);

      // Nothing waiting (web-vitals' idle callback has run): the pagehide's flush takes it.
      show();
      await tick();
      inp.cb({ ...INP, value: 400 });
      plugin.beforeHide!();
      expect(values()).toEqual([312, 400]);

      // Entries the browser has not yet delivered: web-vitals takes them at visibilitychange.
      // They do not raise INP: the held value goes at that event's flush.
      show();
      inp.cb({ ...INP, value: 500 });
      events.queued.push(slow);
      plugin.beforeHide!();
      expect(values()).toEqual([312, 400]);
      hide();
      plugin.beforeHide!();
      expect(values()).toEqual([312, 400, 500]);
      plugin.disable();
    } finally {
      delete (globalThis as { PerformanceEventTiming?: unknown }).PerformanceEventTiming;
    }
  });

  it('takes the entries the observer still holds when the page hides', async () => {
    const { plugin, ctx, of } = setup();
    plugin.load(ctx);
    await tick();
    live()[0].queued.push(
      { entryType: 'first-input', name: 'pointerdown', startTime: 900, processingStart: 930 },
      resource('https://app.example.com/late.js', 'script'),
    );
    hide();
    expect(of('com.amazon.rum.first_input_delay_event')).toHaveLength(1);
    expect(of(RESOURCE_EVENT)).toHaveLength(1);
    plugin.disable();
    live().forEach((o) => o.queued.push(resource('https://app.example.com/x.js', 'script')));
    hide();
    expect(of(RESOURCE_EVENT)).toHaveLength(1);
  });

  it('records FID from the first first-input entry only', async () => {
    const { plugin, ctx, of } = setup();
    plugin.load(ctx);
    await tick();
    const input = {
      entryType: 'first-input',
      name: 'mousedown',
      startTime: 900,
      processingStart: 904,
    };
    live()[0].deliver([input]);
    live()[0].deliver([input]);
    const fid = of('com.amazon.rum.first_input_delay_event');
    expect(fid).toHaveLength(1);
    expect(fid[0].details).toMatchObject({ value: 4, attribution: { eventType: 'mousedown' } });
    expect(errorsOf('first-input-delay-event.json', fid[0].details)).toEqual([]);
    plugin.disable();
  });

  it('stops on disable and resumes on enable without double registration or double records', async () => {
    const { plugin, ctx, records, of } = setup();
    plugin.load(ctx);
    await tick();
    const first = live()[0];
    first.deliver(PAGE_RESOURCES.slice(0, 2));
    plugin.disable();
    expect(first.connected).toBe(false);
    // Vitals reported while disabled are dropped.
    vitals[0].cb(LCP);
    const before = records.length;
    plugin.enable();
    plugin.enable();
    await tick();
    expect(records.length).toBe(before);
    // One web-vitals registration for the page; one observer, for new entries only.
    expect(vitals).toHaveLength(5);
    expect(live()).toHaveLength(1);
    expect(live()[0].observed).toEqual([
      { type: 'resource', buffered: false },
      { type: 'first-input', buffered: false },
    ]);
    expect(of(NAVIGATION_EVENT)).toHaveLength(1);
    vitals[1].cb(CLS);
    expect(of('com.amazon.rum.cumulative_layout_shift_event')).toHaveLength(1);
    plugin.disable();
    plugin.disable();
    expect(live()).toHaveLength(0);
  });

  it('starts nothing when disabled right after load (no consent yet), and everything on enable', async () => {
    const { plugin, ctx, of } = setup();
    plugin.load(ctx);
    plugin.disable();
    await tick();
    expect(FakeObserver.all).toHaveLength(0);
    expect(vitals).toHaveLength(0);
    expect(of(NAVIGATION_EVENT)).toHaveLength(0);
    plugin.enable();
    await tick();
    expect(of(NAVIGATION_EVENT)).toHaveLength(1);
    // The page's earlier resources are still delivered: the first observation is buffered.
    expect(live()[0].observed[0]).toEqual({ type: 'resource', buffered: true });
    plugin.disable();
  });

  it('falls back to getEntriesByType without PerformanceObserver', async () => {
    delete (globalThis as { PerformanceObserver?: unknown }).PerformanceObserver;
    Object.assign(performance, {
      getEntriesByType: (t: string) =>
        t === 'navigation' ? [NAV] : t === 'resource' ? PAGE_RESOURCES.slice(0, 2) : [],
    });
    const { plugin, ctx, of } = setup();
    plugin.load(ctx);
    await tick();
    expect(of(RESOURCE_EVENT)).toHaveLength(2);
    plugin.disable();
    plugin.enable();
    await tick();
    expect(of(RESOURCE_EVENT)).toHaveLength(2);
    plugin.disable();
  });

  it('warns once per bad option, naming it and the default used', async () => {
    const { plugin, ctx, of } = setup({
      eventLimit: -1,
      recordAllTypes: 'script',
      sampleTypes: [1],
      ignore: true,
      reportAllLCP: 'yes',
      reportAllCLS: 1,
      reportAllINP: null,
      nope: 1,
    });
    expect(optionWarnings.messages).toEqual([
      'telemetries performance.eventLimit must be a whole number >= 0, got -1; using the default 10.',
      'telemetries performance.recordAllTypes must be an array of resource types, got "script"; using the default ["document", "script", "stylesheet", "font"].',
      'telemetries performance.sampleTypes must be an array of resource types, got [1]; using the default ["image", "other"].',
      'telemetries performance.ignore must be a function (entry) => boolean, got true; using the default a function.',
      'telemetries performance.reportAllLCP must be true or false, got "yes"; using the default false.',
      'telemetries performance.reportAllCLS must be true or false, got 1; using the default false.',
      'telemetries performance.reportAllINP must be true or false, got null; using the default false.',
      'telemetries performance.nope is not a known option; it is ignored.',
    ]);
    plugin.load(ctx);
    await tick();
    live()[0].deliver(PAGE_RESOURCES);
    expect(of(RESOURCE_EVENT).filter((r) => r.details.fileType === 'image')).toHaveLength(10);
    plugin.disable();
  });
});

describe('the insights chunk (routeTiming, vitalsPerView, longFrames)', () => {
  const withLoader = (options: Record<string, unknown>, insights: () => Promise<never>) => {
    const ctx = {
      config: { endpointUrl: new URL('https://dataplane.rum.us-west-2.amazonaws.com/') },
      record: () => undefined,
    } as unknown as PluginContext;
    const plugin = createPerformancePlugin(options, optionWarnings.warn, {
      insights,
      observe: [],
    });
    plugin.load(ctx);
    return plugin;
  };

  it('is loaded only when one of its options is on', async () => {
    const insights = jest.fn(() => new Promise<never>(() => undefined));
    withLoader({ reportAllCLS: true }, insights).disable();
    expect(insights).not.toHaveBeenCalled();
    withLoader({ longFrames: true }, insights).disable();
    expect(insights).toHaveBeenCalledTimes(1);
  });

  it('says once, naming the options, when it cannot be loaded; the rest of the telemetry goes on', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const fail = () =>
      Promise.reject(new Error('https://cdn.example/cwr-insights.js could not be loaded'));
    const plugin = withLoader({ routeTiming: true }, fail as () => Promise<never>);
    const again = withLoader({ vitalsPerView: true }, fail as () => Promise<never>);
    await tick();
    expect(error.mock.calls.map((c) => c[0])).toEqual([
      '[cwr] telemetries performance: routeTiming, vitalsPerView and longFrames record nothing on this page: https://cdn.example/cwr-insights.js could not be loaded',
    ]);
    // Its hooks are no-ops without it.
    plugin.afterView?.(true);
    plugin.pageLoaded?.();
    plugin.beforeHide?.();
    plugin.disable();
    again.disable();
  });
});
