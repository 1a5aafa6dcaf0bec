/**
 * The snippet's config URL (its 7th argument), in Chromium against the emulator: the document's
 * clientConfig takes effect, the inline config wins key by key, commands and errors that come
 * while it is on its way keep their order, and every way the document can fail gives one
 * message naming the URL and the cause, with the client running on the inline config.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import {
  APP_ID,
  clientReady,
  CREDS,
  cwr,
  short,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
  watchConsole,
} from '../harness';
import type { Page } from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

const POOL = 'us-west-2:55555555-5555-4555-8555-555555555555';
const ROLE = 'arn:aws:iam::000000000000:role/RUM-Remote';

/**
 * Another origin that serves config documents with CORS: each path's answer is set by the
 * test; a held answer waits until the test releases it.
 */
let other: http.Server;
let otherUrl: string;
/** A port nothing listens on (a server's, closed again). */
let closedPort: number;
const answers = new Map<string, { body: string; held?: Promise<void> }>();
beforeAll(async () => {
  t.site.emu.addRole({ arn: ROLE, trust: { identityPoolId: POOL }, appMonitors: [APP_ID] });
  t.site.emu.addIdentityPool({ id: POOL, unauthRoleArn: ROLE });
  other = http.createServer((req, res) => {
    const a = answers.get(req.url ?? '');
    void (a?.held ?? Promise.resolve()).then(() => {
      res.writeHead(a ? 200 : 404, {
        'content-type': 'application/json',
        'access-control-allow-origin': '*',
      });
      res.end(a?.body ?? '{"message":"not found"}');
    });
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  const gone = http.createServer();
  await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
  closedPort = (gone.address() as AddressInfo).port;
  await new Promise((r) => gone.close(r));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => other.close(r)));

const inline = (over: object = {}) => ({
  endpoint: t.site.emu.url,
  dispatchInterval: 200,
  credentials: CREDS,
  ...over,
});
const doc = (clientConfig: unknown) => ({ body: JSON.stringify({ clientConfig }) });

/** A page whose snippet has a config URL; returns its URL. */
const remotePage = (
  name: string,
  o: { configUrl: string; config?: object; before?: string; body?: string; head?: string },
) =>
  t.site.page(
    name,
    snippetPage({ config: o.config ?? inline({ telemetries: [] }), ...o }).replace(
      '<head>',
      `<head>${o.head ?? ''}`,
    ),
  );

type Diagnosis = {
  session: { sampled: boolean };
  problems: { code: string; message: string }[];
};
const diagnose = (page: Page) => cwr(page, 'diagnose') as Promise<Diagnosis>;

/** Polls `get` until `ok` holds for what it returns (10 s at most); returns that. */
const until = async <T>(get: () => T | Promise<T>, ok: (v: T) => boolean): Promise<T> => {
  for (const end = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 50))) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value: ${JSON.stringify(v)}`);
  }
};
/** The remote-config problems diagnose() lists, once there is one. */
const remoteProblems = (page: Page) =>
  until(
    async () => (await diagnose(page)).problems.filter((p) => p.code === 'remote-config'),
    (p) => p.length > 0,
  );

it('the document takes effect: its telemetries, identity pool and sample rate', async () => {
  answers.set(
    '/pool.json',
    doc({
      identityPoolId: POOL,
      cognitoEndpoint: t.site.emu.url,
      telemetries: [['interaction', { events: [{ event: 'click', elementId: 'buy' }] }]],
      sessionAttributes: { from: 'remote' },
    }),
  );
  // No credentials inline: only the document's identity pool can sign.
  const url = remotePage('remote-pool.html', {
    configUrl: `${otherUrl}/pool.json`,
    config: { endpoint: t.site.emu.url, dispatchInterval: 200 },
    body: '<button id="buy">buy</button>',
  });
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  await page.goto(url);
  await clientReady(page);
  await page.click('#buy');
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => short(x.event.type) === 'dom_event'),
  );
  expect(events.every((e) => e.signed)).toBe(true);
  expect(t.site.emu.requests().some((r) => r.operation === 'GetCredentialsForIdentity')).toBe(true);
  expect(events[0].event.metadata).toMatchObject({ from: 'remote' });
  expect(con.errors).toEqual([]);
  expect(con.pageErrors).toEqual([]);

  answers.set('/unsampled.json', doc({ sessionSampleRate: 0 }));
  const page2 = await t.browser.newPage();
  await page2.goto(
    remotePage('remote-unsampled.html', { configUrl: `${otherUrl}/unsampled.json` }),
  );
  await clientReady(page2);
  expect((await diagnose(page2)).session.sampled).toBe(false);
  await page.close();
  await page2.close();
});

it('the inline config wins over the document, key by key', async () => {
  t.site.page(
    'win.json',
    doc({
      sessionSampleRate: 0,
      pageIdFormat: 'PATH_AND_HASH',
      sessionAttributes: { a: 'remote' },
    }).body,
  );
  const url = remotePage('remote-win.html', {
    configUrl: '/win.json',
    config: inline({ telemetries: [], sessionSampleRate: 1, sessionAttributes: { b: 'inline' } }),
  });
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  await page.goto(url + '#top');
  const [view] = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => short(x.event.type) === 'page_view_event'),
  ).then((e) => e.filter((x) => short(x.event.type) === 'page_view_event'));
  // sessionSampleRate and sessionAttributes from the snippet; pageIdFormat from the document.
  expect(view.event.metadata).toMatchObject({ b: 'inline', pageId: '/remote-win.html#top' });
  expect(view.event.metadata).not.toHaveProperty('a');
  expect(con.errors).toEqual([]);
  await page.close();
});

it('commands and uncaught errors that come while the document is on its way keep their order', async () => {
  let release!: () => void;
  answers.set('/held.json', {
    ...doc({ sessionAttributes: { from: 'remote' } }),
    held: new Promise<void>((r) => (release = r)),
  });
  const url = remotePage('remote-held.html', {
    configUrl: `${otherUrl}/held.json`,
    config: inline({
      telemetries: [['errors', { ignore: (e: ErrorEvent) => /noise/.test(e.message) }]],
    }),
    before: `cwr('addSessionAttributes', { step: 'queued' }); cwr('recordEvent', { type: 'app.first', data: {} });`,
  });
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  await page.goto(url);
  // The config chunk is there and waits for the document.
  await page.waitForFunction(
    () => !!(window as { __cwrChunks?: Record<string, unknown> }).__cwrChunks?.['cwr-config.js'],
  );
  await page.evaluate(() => {
    const w = window as unknown as { cwr: (c: string, p?: unknown) => void };
    setTimeout(() => {
      throw new Error('thrown meanwhile');
    });
    setTimeout(() => {
      throw new Error('noise meanwhile');
    });
    // The page records its second event once the rejection has been reported (a task later).
    addEventListener('unhandledrejection', () =>
      w.cwr('recordEvent', { type: 'app.second', data: {} }),
    );
    setTimeout(() => void Promise.reject(new Error('rejected meanwhile')));
    return new Promise((r) => addEventListener('unhandledrejection', r));
  });
  // Nothing has started before the document has arrived: the snippet's queue holds it all.
  expect(
    await page.evaluate(() => {
      const q = (window as unknown as { AwsRumClient: { q: unknown[] } }).AwsRumClient.q;
      return [q.push === Array.prototype.push, q.length];
    }),
  ).toEqual([true, 6]);
  expect(t.site.emu.events()).toEqual([]);
  release();
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => x.event.type === 'app.second'),
  );
  const order = events
    .filter((x) => /^app\.|js_error/.test(short(x.event.type)))
    .map((x) =>
      x.event.type.startsWith('app.')
        ? x.event.type
        : (x.event.details as { message: string }).message,
    );
  expect(order).toEqual(['app.first', 'thrown meanwhile', 'rejected meanwhile', 'app.second']);
  expect(events[0].event.metadata).toMatchObject({ step: 'queued', from: 'remote' });
  expect(con.errors.filter((m) => !/meanwhile/.test(m))).toEqual([]);
  await page.close();
});

const FAILURES: [string, () => string, RegExp][] = [
  ['a 404', () => `${otherUrl}/missing.json`, /answered HTTP 404/],
  [
    'a network failure',
    () => `http://127.0.0.1:${closedPort}/down.json`,
    /could not be fetched \(TypeError: Failed to fetch\)/,
  ],
  [
    'a body that is not JSON',
    () => (answers.set('/text.json', { body: 'clientConfig: {' }), `${otherUrl}/text.json`),
    /is not JSON/,
  ],
  [
    'a clientConfig that is a string',
    () => (answers.set('/str.json', doc('x')), `${otherUrl}/str.json`),
    /"clientConfig" is a string, not an object/,
  ],
  [
    'a clientConfig that is a list',
    () => (answers.set('/arr.json', doc([1])), `${otherUrl}/arr.json`),
    /"clientConfig" is an array/,
  ],
  [
    'a document without clientConfig',
    () => (answers.set('/flat.json', { body: '{"sessionSampleRate":1}' }), `${otherUrl}/flat.json`),
    /has no "clientConfig" object/,
  ],
];

it.each(FAILURES)(
  '%s: one message naming the URL and why, and the inline config runs',
  async (_, make, why) => {
    const configUrl = make();
    const url = remotePage(`remote-fail-${configUrl.split('/').pop()}.html`, {
      configUrl,
      config: inline({ telemetries: [], sessionAttributes: { from: 'inline' } }),
    });
    const page = await t.browser.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    const con = watchConsole(page);
    await page.goto(url);
    const events = await waitForEvents(t.site.emu, (e) =>
      e.some((x) => short(x.event.type) === 'page_view_event'),
    );
    expect(events[0].event.metadata).toMatchObject({ from: 'inline' });
    const mine = await remoteProblems(page);
    expect(mine).toHaveLength(1);
    expect(mine[0].message).toContain(`the config at ${configUrl} was not used`);
    expect(mine[0].message).toMatch(why);
    expect(warnings.filter((w) => w.includes(configUrl))).toEqual([expect.stringMatching(why)]);
    expect(con.pageErrors).toEqual([]);
    await page.close();
  },
);

it('a bad or unknown key in the document is named like one in the snippet', async () => {
  answers.set(
    '/keys.json',
    doc({ sessionSampleRate: 'all', telemetrie: ['errors'], sessionAttributes: { ok: 'yes' } }),
  );
  const page = await t.browser.newPage();
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto(remotePage('remote-keys.html', { configUrl: `${otherUrl}/keys.json` }));
  const events = await waitForEvents(t.site.emu, (e) => e.length > 0);
  // The other keys of the document are used; the bad one falls back to its default.
  expect(events[0].event.metadata).toMatchObject({ ok: 'yes' });
  await until(
    () => warnings.length,
    (n) => n >= 2,
  );
  expect(warnings.filter((w) => w.includes('config.sessionSampleRate'))).toHaveLength(1);
  expect(warnings.filter((w) => w.includes('config.telemetrie'))).toHaveLength(1);
  await page.close();
});

it('a hostile document pollutes nothing: __proto__ keys are just unknown options', async () => {
  answers.set('/proto.json', {
    body: '{"clientConfig":{"__proto__":{"polluted":1},"sessionAttributes":{"__proto__":{"polluted":2},"ok":"yes"}}}',
  });
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto(remotePage('remote-proto.html', { configUrl: `${otherUrl}/proto.json` }));
  const events = await waitForEvents(t.site.emu, (e) => e.length > 0);
  await until(
    () => warnings,
    (w) => w.some((m) => m.includes('config.__proto__ is not a known option')),
  );
  expect(events[0].event.metadata).toMatchObject({ ok: 'yes' });
  expect(events[0].event.metadata).not.toHaveProperty('polluted');
  expect(
    await page.evaluate(() => [
      ({} as { polluted?: number }).polluted,
      Object.prototype.hasOwnProperty('polluted'),
    ]),
  ).toEqual([undefined, false]);
  expect(con.pageErrors).toEqual([]);
  await page.close();
});

it('a page whose CSP connect-src does not allow the URL: the message says so', async () => {
  const configUrl = `${otherUrl}/csp.json`;
  answers.set('/csp.json', doc({ sessionAttributes: { from: 'remote' } }));
  const url = remotePage('remote-csp.html', {
    configUrl,
    config: inline({ telemetries: [], sessionAttributes: { from: 'inline' } }),
    head: `<meta http-equiv="Content-Security-Policy" content="connect-src ${t.site.emu.url}">`,
  });
  const page = await t.browser.newPage();
  await page.goto(url);
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => short(x.event.type) === 'page_view_event'),
  );
  expect(events[0].event.metadata).toMatchObject({ from: 'inline' });
  const [problem] = await remoteProblems(page);
  expect(problem.message).toContain(
    `the config at ${configUrl} was not used: the page's Content-Security-Policy blocked it: add ${otherUrl} to connect-src`,
  );
  await page.close();
});
