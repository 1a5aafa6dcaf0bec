/**
 * Session replay in Chromium against the emulator (which validates every event against
 * rrweb-event.json): the recorder chunk loads after the page's load event for a sampled
 * session only, what it records is masked, it respects the session's event limit, disable()
 * stops it after recording what it had buffered, and bad options are named on the console.
 */
import type { StoredEvent } from '../../../emulator';
import {
  clientReady,
  CREDS,
  cwr,
  snippetPage,
  useBrowserAndSite,
  waitFor,
  waitForEvents,
  watchConsole,
  type Page,
} from '../harness';

jest.setTimeout(90_000);
const t = useBrowserAndSite();

const RRWEB = 'com.amazon.rum.rrweb_event';
const SECRET_TEXT = 'Sekrit-Paragraph-7731';
const SECRET_INPUT = 'hunter2-Passw0rd';

const config = (replay: object = {}, over: object = {}) => ({
  endpoint: t.site.emu.url,
  dispatchInterval: 200,
  allowCookies: true,
  telemetries: [['replay', { flushInterval: 300, ...replay }]],
  credentials: CREDS,
  ...over,
});

const BODY = `<h1>Replay me</h1><p id="secret">${SECRET_TEXT}</p>
  <input id="name" type="text"><input id="pw" type="password">
  <button id="add">add</button>`;

/** rrweb events of the accepted rrweb_event events, in order. */
const rrwebOf = (events: StoredEvent[]) =>
  events
    .filter((e) => e.event.type === RRWEB)
    .flatMap((e) => (e.event.details as { events: { type: number; timestamp: number }[] }).events);

const replayRequested = () => t.site.emu.requests().some((r) => r.path.endsWith('/cwr-replay.js'));

/** Has the recorder started (its chunk loaded and the first snapshot taken)? */
const recording = (page: Page) =>
  page.waitForFunction(() => {
    const chunks = (window as unknown as { __cwrChunks?: Record<string, unknown> }).__cwrChunks;
    return !!chunks?.['cwr-replay.js'];
  });

/**
 * Runs before the client: keeps count of the idle callbacks the page has asked for and that
 * have not run yet (the client's start, and the replay telemetry's after the load event).
 */
const IDLE_PROBE = `(function () {
  var ask = window.requestIdleCallback, cancel = window.cancelIdleCallback, waiting = new Set();
  window.__idleWaiting = function () { return waiting.size; };
  window.requestIdleCallback = function (cb, options) {
    var id = ask.call(window, function (deadline) { waiting.delete(id); return cb(deadline); }, options);
    waiting.add(id);
    return id;
  };
  window.cancelIdleCallback = function (id) { waiting.delete(id); return cancel.call(window, id); };
})();`;

/**
 * The load event has passed and every idle callback asked for has run: the replay telemetry
 * has sampled the session (in idle time after the load) and, for a sampled one, asked for
 * the recorder. Resolves to whether the page holds the recorder's script element.
 */
const idleAfterLoad = async (page: Page) => {
  await page.waitForFunction(
    () =>
      document.readyState === 'complete' &&
      (window as unknown as { __idleWaiting: () => number }).__idleWaiting() === 0,
  );
  return page.evaluate(() => !!document.querySelector('script[src$="/cwr-replay.js"]'));
};

const open = async (name: string, cfg: object, body = BODY) => {
  const url = t.site.page(name, snippetPage({ config: cfg, body, first: IDLE_PROBE }));
  const page = await t.browser.newPage();
  const console = watchConsole(page);
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.goto(url);
  await clientReady(page);
  return { page, console, warnings };
};

it('records rrweb events that the emulator accepts, the first a full snapshot, masked', async () => {
  const { page, console } = await open('masked.html', config());
  await recording(page);
  await page.fill('#name', SECRET_INPUT);
  await page.fill('#pw', SECRET_INPUT);
  await page.evaluate((text) => {
    const p = document.createElement('p');
    p.textContent = text + ' (added later)';
    document.body.appendChild(p);
  }, SECRET_TEXT);
  await cwr(page, 'dispatch');
  // Incremental events (type 3: the typing, the added paragraph) after the Meta (4) and
  // FullSnapshot (2).
  const events = await waitForEvents(
    t.site.emu,
    (e) => rrwebOf(e).filter((r) => r.type === 3).length >= 3,
  );
  const all = t.site.emu.events();
  const rr = rrwebOf(all);
  expect(rr.slice(0, 2).map((r) => r.type)).toEqual([4, 2]);
  for (const e of all.filter((x) => x.event.type === RRWEB)) {
    const d = e.event.details as { version: string; eventCount: number; events: unknown[] };
    expect(d.version).toBe('1.0.0');
    expect(d.eventCount).toBe(d.events.length);
  }
  // The emulator validated each one: nothing was refused.
  expect(
    t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents' && r.status !== 200),
  ).toEqual([]);
  // Masked: neither the page's text nor what was typed appears anywhere in what was sent.
  const sent = JSON.stringify(all);
  expect(sent).not.toContain(SECRET_TEXT);
  expect(sent).not.toContain('Sekrit');
  expect(sent).not.toContain(SECRET_INPUT);
  expect(sent).not.toContain('hunter2');
  expect(sent).not.toContain('Replay me');
  expect(events.length).toBeGreaterThan(0);
  expect(console.pageErrors).toEqual([]);
  await page.close();
});

it('keeps masking on when recordOptions try to turn it off, with one message naming them', async () => {
  const { page, warnings } = await open(
    'unmask.html',
    config({
      recordOptions: {
        maskAllInputs: false,
        maskTextSelector: null,
        maskInputOptions: { text: false, password: false },
        blockClass: 'private',
      },
    }),
  );
  await recording(page);
  await page.fill('#name', SECRET_INPUT);
  await cwr(page, 'dispatch');
  await waitForEvents(t.site.emu, (e) => rrwebOf(e).some((r) => r.type === 3));
  // The typed value has reached the recorder by now: an input event.
  await waitForEvents(t.site.emu, (e) =>
    rrwebOf(e).some(
      (r) => r.type === 3 && (r as { data?: { source?: number } }).data?.source === 5,
    ),
  );
  const sent = JSON.stringify(t.site.emu.events());
  expect(sent).not.toContain(SECRET_INPUT);
  expect(sent).not.toContain(SECRET_TEXT);
  const said = warnings.filter((w) => w.includes('telemetries replay.recordOptions'));
  expect(said).toHaveLength(1);
  expect(said[0]).toContain('maskAllInputs');
  expect(said[0]).toContain('maskTextSelector');
  await page.close();
});

it('names a bad option on the console and uses its default', async () => {
  const { page, warnings } = await open(
    'bad.html',
    config({ batchSize: 0, flushInterval: 'soon', additionalSampleRate: 2, recordOption: {} }),
  );
  await recording(page);
  const names = [
    'telemetries replay.batchSize must be a whole number >= 1, got 0; using the default 50.',
    'telemetries replay.flushInterval must be',
    'telemetries replay.additionalSampleRate must be a number from 0 to 1, got 2; using the default 1.',
    'telemetries replay.recordOption is not a known option',
  ];
  // (The words come from the diagnostics chunk, loaded for them.)
  await waitFor(
    () => names.every((n) => warnings.some((w) => w.includes(n))),
    'a warning for each bad option',
    10_000,
    () => JSON.stringify(warnings),
  );
  // Recorded with the defaults meanwhile.
  await waitForEvents(t.site.emu, (e) => rrwebOf(e).length > 0);
  await page.close();
});

it('records nothing, and loads no recorder, when additionalSampleRate is 0', async () => {
  const { page } = await open('rate0.html', config({ additionalSampleRate: 0 }));
  // The recorder would have been asked for by now.
  expect(await idleAfterLoad(page)).toBe(false);
  await cwr(page, 'recordEvent', { type: 'app.marker', data: {} });
  await cwr(page, 'dispatch');
  await waitForEvents(t.site.emu, (e) => e.some((x) => x.event.type === 'app.marker'));
  expect(rrwebOf(t.site.emu.events())).toEqual([]);
  expect(replayRequested()).toBe(false);
  await page.close();
});

it('records nothing, and loads no recorder, for a session that sessionSampleRate leaves out', async () => {
  const { page } = await open('session0.html', config({}, { sessionSampleRate: 0 }));
  expect(await idleAfterLoad(page)).toBe(false);
  await cwr(page, 'dispatch');
  // Nothing can go later: nothing was queued (the session is sampled out, a marker would be
  // dropped too) and the dispatch asked for has finished.
  expect(await cwr(page, 'diagnose')).toMatchObject({ session: { sampled: false }, pending: 0 });
  expect(t.site.emu.events()).toEqual([]);
  expect(replayRequested()).toBe(false);
  await page.close();
});

it('loads the recorder for a sampled session (the control of the two tests above)', async () => {
  const { page } = await open('rate1.html', config({ additionalSampleRate: 1 }));
  // The same wait as above is enough for the recorder to be asked for.
  expect(await idleAfterLoad(page)).toBe(true);
  await recording(page);
  expect(replayRequested()).toBe(true);
  await page.close();
});

it('counts replay events toward sessionEventLimit', async () => {
  // session_start + page_view + at most 3 rrweb_event events.
  const { page } = await open(
    'limit.html',
    config({ batchSize: 2, flushInterval: 100 }, { sessionEventLimit: 5 }),
  );
  await recording(page);
  for (let i = 0; i < 10; i++) {
    await page.click('#add');
    await page.evaluate((n) => {
      const p = document.createElement('p');
      p.textContent = 'row ' + n;
      document.body.appendChild(p);
    }, i);
  }
  await page.waitForFunction(
    () =>
      (window as unknown as { cwr: (c: string) => { session: { droppedOverLimit: number } } }).cwr(
        'diagnose',
      ).session.droppedOverLimit > 0,
  );
  await cwr(page, 'dispatch');
  // This page's events only: an earlier test's page may still deliver its hide beacon.
  const own = (e: StoredEvent[]) => e.filter((x) => x.event.metadata.pageId === '/limit.html');
  const events = own(await waitForEvents(t.site.emu, (e) => own(e).length >= 5));
  expect(events).toHaveLength(5);
  expect(events.filter((e) => e.event.type === RRWEB)).toHaveLength(3);
  await page.close();
});

it('disable() stops recording and keeps what was buffered; enable() starts a new snapshot', async () => {
  const { page } = await open(
    'consent.html',
    // A long flushInterval: what is buffered when disable() comes was not recorded yet.
    config({ flushInterval: 60_000 }),
  );
  await recording(page);
  await page.fill('#name', 'before');
  const disabledAt = await page.evaluate(() => {
    (window as unknown as { cwr: (c: string) => void }).cwr('disable');
    return Date.now();
  });
  // Changes made while disabled are never recorded as they happen.
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.id = 'while-disabled';
    document.body.appendChild(p);
  });
  await page.fill('#name', 'during');
  // What was buffered is held, not sent: a dispatch asked for now (what the timer would do)
  // finishes without sending it.
  await cwr(page, 'dispatch');
  const held = (await cwr(page, 'diagnose')) as { enabled: boolean; pending: number };
  expect(held.enabled).toBe(false);
  expect(held.pending).toBeGreaterThan(0);
  expect(t.site.emu.events().filter((e) => e.event.type === RRWEB)).toEqual([]);
  const enabledAt = await page.evaluate(() => {
    const at = Date.now();
    (window as unknown as { cwr: (c: string) => void }).cwr('enable');
    return at;
  });
  await cwr(page, 'dispatch');
  // What was buffered before disable() is sent now (consent semantics: recorded with consent).
  await waitForEvents(t.site.emu, (e) => rrwebOf(e).some((r) => r.type === 2));
  // The page hides: the new recording's buffer goes too.
  await page.close({ runBeforeUnload: true });
  await waitForEvents(t.site.emu, (e) => rrwebOf(e).filter((r) => r.type === 2).length >= 2);
  const rr = rrwebOf(t.site.emu.events());
  const before = rr.filter((r) => r.timestamp <= disabledAt);
  // The snapshot and the typing before disable() arrived, after enable() (consent semantics).
  expect(before.map((r) => r.type).slice(0, 2)).toEqual([4, 2]);
  expect(before.some((r) => r.type === 3)).toBe(true);
  // Nothing from the disabled time; a new full snapshot once enabled.
  expect(rr.filter((r) => r.timestamp > disabledAt && r.timestamp < enabledAt)).toEqual([]);
  const after = rr.filter((r) => r.timestamp >= enabledAt);
  // (That snapshot is the page as it is then: like enable()'s page view, the present.)
  expect(after.map((r) => r.type)).toContain(2);
});

it('a page hide sends what was buffered', async () => {
  const { page } = await open('hide.html', config({ flushInterval: 60_000 }));
  await recording(page);
  await page.fill('#name', 'typed');
  // Buffered only: the interval is long and the batch far from full.
  expect(t.site.emu.events().filter((e) => e.event.type === RRWEB)).toEqual([]);
  await page.close({ runBeforeUnload: true });
  await waitForEvents(t.site.emu, (e) => rrwebOf(e).some((r) => r.type === 2));
});
