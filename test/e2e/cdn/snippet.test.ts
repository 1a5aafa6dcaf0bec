import {
  APP_ID,
  clientReady,
  CREDS,
  OPEN_APP_ID,
  type Page,
  sendMarker,
  short,
  snippetPage,
  useBrowserAndSite,
  waitFor,
  waitForEvents,
  watchConsole,
} from '../harness';

jest.setTimeout(60_000);

const t = useBrowserAndSite();

const creds = `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`;

interface Report {
  enabled: boolean;
  session: { sessionId: string; sampled: boolean; eventsRecorded: number };
  pending: number;
  lastDispatch?: { ok: boolean };
}
const diagnose = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { cwr: (c: string) => Report }).cwr('diagnose'),
  ) as Promise<Report>;

/** Resolves once the signer chunk (cwr-auth.js) has loaded and registered itself. */
const signerLoaded = (page: Page) =>
  page.waitForFunction(
    () =>
      !!(window as unknown as { __cwrChunks?: Record<string, unknown> }).__cwrChunks?.[
        'cwr-auth.js'
      ],
  );

describe('the CDN snippet in Chromium', () => {
  it('sends signed, schema-valid events that the emulator verifies, in queue order', async () => {
    const url = t.site.page(
      'signed.html',
      snippetPage({
        config: {
          endpoint: t.site.emu.url,
          sessionSampleRate: 1,
          dispatchInterval: 200,
          telemetries: [],
        },
        before: `${creds}
          cwr('addSessionAttributes', { plan: 'pro' });
          cwr('recordEvent', { type: 'queued.a', data: { n: 1 } });
          cwr('recordEvent', { type: 'queued.b', data: { n: 2 } });`,
      }),
    );
    const page = await t.browser.newPage();
    const con = watchConsole(page);
    await page.goto(url);
    await clientReady(page);
    await page.evaluate(() =>
      (window as unknown as { cwr: (c: string, p: unknown) => void }).cwr('recordEvent', {
        type: 'after.c',
        data: { n: 3 },
      }),
    );
    const events = await waitForEvents(t.site.emu, (e) => e.length >= 5);
    expect(events.map((e) => short(e.event.type))).toEqual([
      'session_start_event',
      'page_view_event',
      'queued.a',
      'queued.b',
      'after.c',
    ]);
    for (const e of events) {
      expect(e.signed).toBe(true);
      expect(e.accessKeyId).toBe(CREDS.accessKeyId);
      expect(e.appMonitorId).toBe(APP_ID);
    }
    const meta = events[2].event.metadata;
    expect(meta).toMatchObject({
      version: '1.0.0',
      domain: '127.0.0.1',
      plan: 'pro',
      pageId: '/signed.html',
      title: 'e2e page',
      'aws:client': 'arw-script',
      browserName: 'Chromium',
      osName: 'Linux',
      deviceType: 'desktop',
    });
    expect(meta.browserVersion).toMatch(/^\d+\.\d/);
    expect(con.pageErrors).toEqual([]);
    expect(con.errors).toEqual([]);
    await page.close();
  });

  it('sends unsigned requests with signing: false to an app monitor that allows them', async () => {
    const url = t.site.page(
      'unsigned.html',
      snippetPage({
        appMonitorId: OPEN_APP_ID,
        config: {
          endpoint: t.site.emu.url,
          signing: false,
          dispatchInterval: 200,
          telemetries: [],
        },
      }),
    );
    const page = await t.browser.newPage();
    await page.goto(url);
    const events = await waitForEvents(t.site.emu, (e) => e.length >= 2);
    expect(events.every((e) => !e.signed && e.appMonitorId === OPEN_APP_ID)).toBe(true);
    await page.close();
  });

  it('records nothing with sessionSampleRate 0', async () => {
    const url = t.site.page(
      'sample0.html',
      snippetPage({
        config: {
          endpoint: t.site.emu.url,
          sessionSampleRate: 0,
          dispatchInterval: 100,
          telemetries: [],
        },
        before: creds,
      }),
    );
    const page = await t.browser.newPage();
    await page.goto(url);
    await clientReady(page);
    await page.evaluate(() => {
      const cwr = (window as unknown as { cwr: (c: string, p?: unknown) => Promise<void> }).cwr;
      cwr('recordEvent', { type: 'x', data: {} });
      return cwr('dispatch');
    });
    // Nothing can go later: the session is sampled out, so nothing was queued (and a marker
    // would be dropped as well), and the dispatch asked for has finished.
    expect(await diagnose(page)).toMatchObject({
      session: { sampled: false, eventsRecorded: 0 },
      pending: 0,
    });
    expect(t.site.emu.events()).toHaveLength(0);
    expect(t.site.emu.requests().filter((r) => r.path.includes('/appmonitors/'))).toHaveLength(0);
    await page.close();
  });

  it('stops at sessionEventLimit', async () => {
    const url = t.site.page(
      'limit.html',
      snippetPage({
        config: {
          endpoint: t.site.emu.url,
          sessionEventLimit: 5,
          dispatchInterval: 100,
          telemetries: [],
        },
        before: `${creds} for (let i = 0; i < 20; i++) cwr('recordEvent', { type: 'n', data: { i } });`,
      }),
    );
    const page = await t.browser.newPage();
    const con = watchConsole(page);
    page.on('console', (m) => m.type() === 'warning' && con.errors.push(m.text()));
    await page.goto(url);
    const [first] = await waitForEvents(t.site.emu, (e) => e.length >= 5);
    // The last batch's answer has come back and nothing waits.
    const report = await waitFor(async () => {
      const r = await diagnose(page);
      return r.lastDispatch && r.pending === 0 && r;
    }, 'the last dispatch answered, nothing pending');
    expect(report).toMatchObject({
      session: { sampled: true, eventsRecorded: 5, eventLimit: 5, droppedOverLimit: 17 },
      credentials: { available: true },
      lastDispatch: { ok: true, status: 200 },
      problems: [{ code: 'event-limit' }],
    });
    // Anything more of that session's would be there once a marker recorded after it has come
    // (a new session has room for it; a page sends its batches in order, one at a time).
    await page.evaluate(() =>
      (window as unknown as { cwr: (c: string) => void }).cwr('startSession'),
    );
    await sendMarker(page, t.site.emu);
    const sid = first.userDetails.sessionId;
    expect(t.site.emu.events().filter((e) => e.userDetails.sessionId === sid)).toHaveLength(5);
    expect(con.errors.filter((t) => t.includes('session event limit reached'))).toHaveLength(1);
    await page.close();
  });

  it.each([
    ['signed, by presigned sendBeacon', APP_ID, {}],
    ['unsigned, by sendBeacon', OPEN_APP_ID, { signing: false }],
    ['signed, by keepalive fetch (useBeacon: false)', APP_ID, { useBeacon: false }],
  ])('flushes every waiting event when the page hides: %s', async (_name, appMonitorId, extra) => {
    const N = 50; // what fits the browser's 64 KiB keepalive quota (see docs/delivery.md)
    const url = t.site.page(
      `hide-${appMonitorId}-${Object.keys(extra).join('')}.html`,
      snippetPage({
        appMonitorId,
        config: {
          endpoint: t.site.emu.url,
          dispatchInterval: 600_000,
          sessionEventLimit: 0,
          telemetries: [],
          ...extra,
        },
        before: creds,
      }),
    );
    const page = await t.browser.newPage();
    await page.goto(url);
    await clientReady(page);
    await page.evaluate((n) => {
      const cwr = (window as unknown as { cwr: (c: string, p?: unknown) => void }).cwr;
      for (let i = 0; i < n; i++)
        cwr('recordEvent', { type: 'hide.test', data: { i, pad: 'x'.repeat(100) } });
    }, N);
    // The lazily loaded signer, as any real page would have had it (unsigned, none is loaded).
    if (!('signing' in extra)) await signerLoaded(page);
    expect(t.site.emu.events()).toHaveLength(0);
    await page.close({ runBeforeUnload: true });
    const events = await waitForEvents(
      t.site.emu,
      (e) => e.filter((x) => x.event.type === 'hide.test').length >= N,
    );
    const seen = new Set(
      events.filter((x) => x.event.type === 'hide.test').map((x) => x.event.details.i),
    );
    expect(seen.size).toBe(N);
  });

  it('gzips large bodies, and sends the configured alias and proxy headers', async () => {
    const url = t.site.page(
      'gzip.html',
      snippetPage({
        config: {
          endpoint: t.site.emu.url,
          dispatchInterval: 100_000,
          telemetries: [],
          alias: 'team-a',
          headers: { 'x-proxy-key': 'k1' },
        },
        before: `${creds} for (let i = 0; i < 40; i++) cwr('recordEvent', { type: 'bulk', data: { i, text: 'lorem ipsum '.repeat(20) } });`,
      }),
    );
    const page = await t.browser.newPage();
    const sent: Record<string, string>[] = [];
    page.on('request', (r) => r.url().includes('/appmonitors/') && sent.push(r.headers()));
    await page.goto(url);
    await clientReady(page);
    await page.evaluate(() =>
      (window as unknown as { cwr: (c: string) => Promise<void> }).cwr('dispatch'),
    );
    const events = await waitForEvents(t.site.emu, (e) => e.length >= 42);
    expect(events.every((e) => e.alias === 'team-a' && e.contentEncoding === 'gzip')).toBe(true);
    expect(sent[0]).toMatchObject({ 'x-proxy-key': 'k1', 'content-encoding': 'gzip' });
    await page.close();
  });

  it('reports an unknown command clearly, without an exception in the page', async () => {
    const url = t.site.page(
      'unknown.html',
      snippetPage({
        config: { endpoint: t.site.emu.url, telemetries: [] },
        before: `${creds} cwr('recordSomething', 1);`,
      }),
    );
    const page = await t.browser.newPage();
    const con = watchConsole(page);
    await page.goto(url);
    await clientReady(page);
    await page.evaluate(() => (window as unknown as { cwr: (c: string) => void }).cwr('nope'));
    // (In cwr-diag.js's words, a moment after each call.)
    await waitFor(
      () => con.errors.length >= 2,
      'two console errors',
      10_000,
      () => con.errors.join('\n'),
    );
    expect(con.pageErrors).toEqual([]);
    expect(con.errors).toEqual([
      expect.stringContaining(
        '[cwr] unknown command "recordSomething". Known commands: recordPageView',
      ),
      expect.stringContaining('[cwr] unknown command "nope"'),
    ]);
    await page.close();
  });
});
