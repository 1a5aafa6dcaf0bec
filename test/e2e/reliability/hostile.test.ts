/**
 * Hostile page state, in Chromium against the emulator: what other people's sites hold in
 * cookies, storage and prototypes before the snippet runs. Each of these once left the client
 * half-started, sending nothing, or sending to the wrong place.
 */
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

jest.setTimeout(60_000);
const t = useBrowserAndSite();

const ACCOUNT = '000000000000';
const POOL = 'us-west-2:11111111-1111-4111-8111-111111111111';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/RUM-Hostile`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const config = (over: object = {}) => ({
  endpoint: t.site.emu.url,
  dispatchInterval: 200,
  allowCookies: true,
  telemetries: ['errors'],
  credentials: CREDS,
  cookieAttributes: { secure: false },
  ...over,
});

/** Opens the site's origin (for cookies and storage), runs `prepare`, then loads the page. */
const openWith = async (name: string, html: string, prepare: string) => {
  const url = t.site.page(name, html);
  const page = await t.browser.newPage();
  const seen = watchConsole(page);
  await page.goto(t.site.url('favicon.ico'));
  await page.evaluate(prepare);
  await page.goto(url);
  await clientReady(page);
  return { page, ...seen };
};

it.each([['%E0%A4%A'], ['100%'], ['abc']])(
  'a cwr_u of %p: events arrive with a new UUID user id, and the commands work',
  async (raw) => {
    const { page, pageErrors } = await openWith(
      'bad-user.html',
      snippetPage({ config: config() }),
      `document.cookie = 'cwr_u=${raw}; path=/'`,
    );
    await cwr(page, 'recordEvent', { type: 'after', data: {} });
    const events = await waitForEvents(t.site.emu, (e) => e.some((x) => x.event.type === 'after'));
    const after = events.find((x) => x.event.type === 'after')!;
    expect(after.userDetails.userId).toMatch(UUID);
    expect(await cwr(page, 'getSessionId')).toMatch(UUID);
    const diagnosis = (await cwr(page, 'diagnose')) as { session: { sessionId: string } };
    expect(diagnosis.session.sessionId).toBe(after.userDetails.sessionId);
    expect(await page.evaluate(() => document.cookie)).toContain(
      `cwr_u=${after.userDetails.userId}`,
    );
    expect(pageErrors).toEqual([]);
    expect(t.site.emu.requests().filter((r) => r.status >= 400)).toEqual([]);
    await page.close();
  },
);

it('a cwr_s whose id is not a UUID is replaced: no batch is refused', async () => {
  const forged = Buffer.from(
    JSON.stringify({ sessionId: 'not-a-uuid', record: true, eventCount: 0, expires: 4e12 }),
  ).toString('base64');
  const { page, pageErrors } = await openWith(
    'bad-session.html',
    snippetPage({ config: config() }),
    `document.cookie = 'cwr_s=${forged}; path=/'`,
  );
  await cwr(page, 'recordEvent', { type: 'after', data: {} });
  const events = await waitForEvents(t.site.emu, (e) => e.some((x) => x.event.type === 'after'));
  expect(new Set(events.map((e) => e.userDetails.sessionId)).size).toBe(1);
  expect(events[0].userDetails.sessionId).toMatch(UUID);
  expect(events.map((e) => short(e.event.type))).toContain('session_start_event');
  expect(t.site.emu.requests().filter((r) => r.status >= 400)).toEqual([]);
  expect(pageErrors).toEqual([]);
  await page.close();
});

it('a corrupt saved backlog is removed, and the rest of the start (performance) happens', async () => {
  const key = `cwr_q_${APP_ID}`;
  const { page, pageErrors } = await openWith(
    'bad-backlog.html',
    snippetPage({ config: config({ telemetries: ['errors', 'performance'] }) }),
    `localStorage.setItem('${key}', '{"v":1,"m":[],"e":[null]}')`,
  );
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => short(x.event.type) === 'performance_navigation_event'),
  );
  expect(events.map((e) => short(e.event.type))).toContain('page_view_event');
  expect(await page.evaluate((k) => localStorage.getItem(k), key)).toBeNull();
  // At page hide, what waits is sent (or saved again), without a rejection in the page.
  await page.evaluate(() => {
    (window as unknown as { cwr: (c: string, p: unknown) => void }).cwr('recordEvent', {
      type: 'at.hide',
      data: {},
    });
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  // The hide flush's beacon has come, so its handler has run to the end (what it could not send
  // is saved right after the beacon is handed over); one more call to the page, and any
  // rejection it caused has been reported (the page's messages come in order).
  await waitForEvents(t.site.emu, (e) => e.some((x) => x.event.type === 'at.hide'));
  await page.evaluate(() => 0);
  expect(pageErrors).toEqual([]);
  await page.close();
});

it('a restored backlog of 5,000 events keeps to eventCacheSize and the session limit', async () => {
  const key = `cwr_q_${APP_ID}`;
  const session = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const { page } = await openWith(
    'big-backlog.html',
    snippetPage({ config: config({ eventCacheSize: 1000, sessionEventLimit: 200 }) }),
    `localStorage.setItem('${key}', JSON.stringify({ v: 1, m: ['{"version":"1.0.0","domain":"127.0.0.1"}'],
      e: Array.from({ length: 5000 }, (_, i) => ['${session}', '00000000-0000-0000-0000-000000000000',
        '7c9e6679-7425-40de-944b-' + String(i).padStart(12, '0'), Date.now() / 1000, 'saved', '{}', 0]) }))`,
  );
  await cwr(page, 'dispatch');
  const events = await waitForEvents(
    t.site.emu,
    (e) => e.filter((x) => x.event.type === 'saved').length >= 200,
  );
  // Give any excess the time to arrive (it must not), by sending one more event after it.
  await cwr(page, 'recordEvent', { type: 'marker', data: {} });
  await cwr(page, 'dispatch');
  const all = await waitForEvents(t.site.emu, (e) => e.some((x) => x.event.type === 'marker'));
  expect(events.length).toBeGreaterThan(0);
  expect(all.filter((x) => x.event.type === 'saved')).toHaveLength(200);
  await page.close();
});

it('a cached Cognito identity the service refuses is dropped, and GetId is asked once', async () => {
  t.site.emu.addRole({ arn: ROLE, trust: { identityPoolId: POOL }, appMonitors: [APP_ID] });
  t.site.emu.addIdentityPool({ id: POOL, unauthRoleArn: ROLE });
  const bogus = JSON.stringify({ identityId: 'us-west-2:bogus', poolId: POOL });
  const { page, pageErrors } = await openWith(
    'bad-identity.html',
    snippetPage({
      config: config({
        credentials: undefined,
        identityPoolId: POOL,
        cognitoEndpoint: t.site.emu.url,
        stsEndpoint: t.site.emu.url,
      }),
    }),
    `localStorage.setItem('cwr_i', ${JSON.stringify(bogus)})`,
  );
  await cwr(page, 'recordEvent', { type: 'after', data: {} });
  await waitForEvents(t.site.emu, (e) => e.some((x) => x.event.type === 'after'));
  const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('cwr_i')))!);
  expect(stored.identityId).not.toBe('us-west-2:bogus');
  expect(t.site.emu.identities().map((i) => i.identityId)).toContain(stored.identityId);
  expect(pageErrors).toEqual([]);
  await page.close();
});

it('a polluted Object.prototype does not redirect batches, their headers or the fetch used', async () => {
  const { page, pageErrors } = await openWith(
    'polluted.html',
    snippetPage({
      config: config(),
      // Runs before cwr.js loads, after the snippet.
      before: `window.stolen = [];
        Object.prototype.endpoint = 'http://127.0.0.1:9/steal/';
        Object.prototype.fetchFunction = function (u) { window.stolen.push(String(u)); return fetch(u); };
        Object.prototype.headers = { 'x-stolen': '1' };`,
    }),
    '',
  );
  await cwr(page, 'recordEvent', { type: 'after', data: {} });
  const events = await waitForEvents(t.site.emu, (e) => e.some((x) => x.event.type === 'after'));
  expect(events.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { stolen: string[] }).stolen)).toEqual([]);
  expect(t.site.emu.requests().some((r) => JSON.stringify(r).includes('x-stolen'))).toBe(false);
  expect(pageErrors).toEqual([]);
  await page.close();
});

describe('consent', () => {
  it('disable before load, a route change, private actions, enable: the session start and current page view arrive, nothing observed while disabled', async () => {
    const { page } = await openWith(
      'consent.html',
      snippetPage({
        config: config({ telemetries: ['errors', 'performance', 'http'] }),
        before: `cwr('disable');`,
        body: '<button id="private">private</button><button id="public">public</button>',
      }),
      '',
    );
    await page.evaluate(() => history.pushState(null, '', '/secret-page'));
    await page.click('#private');
    await page.evaluate(() => fetch('/favicon.ico?private=1'));
    await cwr(page, 'recordEvent', { type: 'while.off', data: {} });
    await cwr(page, 'enable');
    await page.click('#public');
    await cwr(page, 'recordEvent', { type: 'after', data: {} });
    await cwr(page, 'dispatch');
    await waitForEvents(t.site.emu, (e) => e.some((x) => x.event.type === 'after'));
    // Hiding the page reports the vitals (INP) that are due then; what the hide flush does not
    // send is saved, and taken back when the page is shown again. A last event comes after.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
      delete (document as { visibilityState?: string }).visibilityState;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await cwr(page, 'recordEvent', { type: 'last', data: {} });
    await cwr(page, 'dispatch');
    const events = await waitForEvents(t.site.emu, (e) => e.some((x) => x.event.type === 'last'));
    const types = events.map((e) => short(e.event.type));
    expect(types.slice(0, 2)).toEqual(['session_start_event', 'page_view_event']);
    expect(events[1].event.details).toMatchObject({ pageId: '/secret-page' });
    expect(types).not.toContain('while.off');
    const text = JSON.stringify(events.map((e) => e.event));
    expect(text).not.toContain('private');
    // The page's load happened before consent: no navigation timing either.
    expect(types).not.toContain('performance_navigation_event');
    await page.close();
  });
});
