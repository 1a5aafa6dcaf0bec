/**
 * Every credential path of the troubleshooting guide, in Chromium against the emulator's
 * Cognito Identity, STS and RUM data plane: both Cognito flows, the cwr_c cache across a
 * reload, renewal before expiry, 403 → fresh credentials → success, and each failure case
 * with the service's error code visible in the console.
 */
import type { Page } from 'playwright-core';
import {
  CREDS,
  launchBrowser,
  snippetPage,
  startSite,
  watchConsole,
  waitFor,
  waitForEvents,
} from '../harness';
import type { Browser, Site } from '../harness';

jest.setTimeout(60_000);

const ACCOUNT = '000000000000';
const APP = '0f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f';
const OTHER_APP = '2f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f';
const EAST_APP = '3f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f';
const OPEN_APP = '4f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f';
const POOL = 'us-west-2:11111111-1111-4111-8111-111111111111';
const OTHER_POOL = 'us-west-2:22222222-2222-4222-8222-222222222222';
const NO_CLASSIC_POOL = 'us-west-2:33333333-3333-4333-8333-333333333333';
const WRONG_ROLE_POOL = 'us-west-2:44444444-4444-4444-8444-444444444444';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

let browser: Browser;
let site: Site;
beforeAll(async () => {
  [browser, site] = await Promise.all([launchBrowser(), startSite()]);
  const { emu } = site;
  emu.addAppMonitor({ id: OTHER_APP, name: 'other', region: 'us-west-2' });
  emu.addAppMonitor({ id: EAST_APP, name: 'east', region: 'us-east-1' });
  emu.addRole({
    arn: role('RUM-Unauth'),
    trust: { identityPoolId: POOL },
    appMonitors: [APP, EAST_APP],
  });
  emu.addRole({
    arn: role('RUM-Other'),
    trust: { identityPoolId: OTHER_POOL },
    appMonitors: [OTHER_APP],
  });
  emu.addRole({
    arn: role('RUM-NoClassic'),
    trust: { identityPoolId: NO_CLASSIC_POOL },
    appMonitors: [APP],
  });
  emu.addRole({
    arn: role('RUM-ForOtherMonitor'),
    trust: { identityPoolId: WRONG_ROLE_POOL },
    appMonitors: [OTHER_APP],
  });
  emu.addRole({ arn: role('RUM-NoTrust'), appMonitors: [APP] });
  emu.addIdentityPool({ id: POOL, unauthRoleArn: role('RUM-Unauth') });
  emu.addIdentityPool({ id: OTHER_POOL, unauthRoleArn: role('RUM-Other') });
  emu.addIdentityPool({
    id: NO_CLASSIC_POOL,
    unauthRoleArn: role('RUM-NoClassic'),
    allowClassicFlow: false,
  });
  emu.addIdentityPool({ id: WRONG_ROLE_POOL, unauthRoleArn: role('RUM-ForOtherMonitor') });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});
beforeEach(() => site.emu.reset());

const VENDING = [
  'GetId',
  'GetCredentialsForIdentity',
  'GetOpenIdToken',
  'AssumeRoleWithWebIdentity',
];
/** Vending calls the emulator answered since the last reset, by operation. */
const vendingCalls = () =>
  site.emu
    .requests()
    .filter((r) => r.method === 'POST' && VENDING.includes(r.operation ?? ''))
    .map((r) => r.operation);
const putRequests = () => site.emu.requests().filter((r) => r.operation === 'PutRumEvents');

const cognitoPage = (name: string, config: Record<string, unknown>, appMonitorId = APP) =>
  site.page(
    name,
    snippetPage({
      appMonitorId,
      config: {
        endpoint: site.emu.url,
        cognitoEndpoint: site.emu.url,
        stsEndpoint: site.emu.url,
        dispatchInterval: 200,
        telemetries: [],
        ...config,
      },
    }),
  );

const freshPage = async (): Promise<Page> => (await browser.newContext()).newPage();

describe('Cognito credentials in Chromium', () => {
  it.each([
    ['enhanced flow', {}, ['GetId', 'GetCredentialsForIdentity']],
    [
      'basic flow',
      { guestRoleArn: role('RUM-Unauth') },
      ['GetId', 'GetOpenIdToken', 'AssumeRoleWithWebIdentity'],
    ],
  ])(
    '%s: signs with vended credentials, and a reload makes no vending call',
    async (_n, extra, calls) => {
      const url = cognitoPage(`flow-${calls.length}.html`, { identityPoolId: POOL, ...extra });
      const page = await freshPage();
      const con = watchConsole(page);
      await page.goto(url);
      const first = await waitForEvents(site.emu, (e) => e.length >= 2);
      expect(first.every((e) => e.signed && e.accessKeyId?.startsWith('ASIA'))).toBe(true);
      expect(vendingCalls()).toEqual(calls);

      site.emu.reset();
      await page.reload();
      await waitForEvents(site.emu, (e) => e.length >= 1);
      expect(vendingCalls()).toEqual([]);
      const cached = await page.evaluate(() => JSON.parse(localStorage.getItem('cwr_c') ?? 'null'));
      expect(cached).toMatchObject({ appMonitorId: APP, identityPoolId: POOL });
      expect(
        await page.evaluate(() => JSON.parse(localStorage.getItem('cwr_i') ?? 'null')),
      ).toMatchObject({
        poolId: POOL,
      });
      expect(con.errors).toEqual([]);
      expect(con.pageErrors).toEqual([]);
      await page.context().close();
    },
  );

  it('fetches no credentials at all with signing: false, even with an identity pool', async () => {
    site.emu.addAppMonitor({ id: OPEN_APP, region: 'us-west-2', allowUnsigned: true });
    const page = await freshPage();
    await page.goto(cognitoPage('nosign.html', { identityPoolId: POOL, signing: false }, OPEN_APP));
    const events = await waitForEvents(site.emu, (e) => e.length >= 2);
    expect(events.every((e) => !e.signed)).toBe(true);
    expect(vendingCalls()).toEqual([]);
    await page.context().close();
  });

  it('prefers credentials from setAwsCredentials over Cognito', async () => {
    const page = await freshPage();
    const url = site.page(
      'precedence.html',
      snippetPage({
        config: {
          endpoint: site.emu.url,
          cognitoEndpoint: site.emu.url,
          identityPoolId: POOL,
          dispatchInterval: 200,
          telemetries: [],
        },
        before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
      }),
    );
    await page.goto(url);
    const events = await waitForEvents(site.emu, (e) => e.length >= 2);
    expect(events.every((e) => e.accessKeyId === CREDS.accessKeyId)).toBe(true);
    expect(vendingCalls()).toEqual([]);
    await page.context().close();
  });

  it('never signs with credentials cached for another app monitor on the same domain', async () => {
    const page = await freshPage();
    const con = watchConsole(page);
    await page.goto(cognitoPage('monitor-a.html', { identityPoolId: POOL }));
    await waitForEvents(site.emu, (e) => e.length >= 2);
    site.emu.reset();
    // Same origin, another app monitor with its own pool and role (no cookieAttributes.unique).
    await page.goto(cognitoPage('monitor-b.html', { identityPoolId: OTHER_POOL }, OTHER_APP));
    const events = await waitForEvents(site.emu, (e) => e.length >= 2);
    expect(events.every((e) => e.appMonitorId === OTHER_APP)).toBe(true);
    expect(vendingCalls()).toEqual(['GetId', 'GetCredentialsForIdentity']);
    expect(putRequests().every((r) => r.status === 200)).toBe(true);
    expect(con.errors).toEqual([]);
    await page.context().close();
  });

  it('replaces credentials the service refuses (403), once, and sends', async () => {
    const page = await freshPage();
    const con = watchConsole(page);
    await page.goto(site.url('favicon.ico'));
    // A cached entry for this app monitor and pool whose key the service does not know.
    await page.evaluate(
      ([app, pool]) =>
        localStorage.setItem(
          'cwr_c',
          JSON.stringify({
            accessKeyId: 'ASIAREVOKED000000000',
            secretAccessKey: 'x',
            sessionToken: 'y',
            expiration: new Date(Date.now() + 3600_000).toISOString(),
            appMonitorId: app,
            identityPoolId: pool,
          }),
        ),
      [APP, POOL],
    );
    await page.goto(cognitoPage('revoked.html', { identityPoolId: POOL }));
    await waitForEvents(site.emu, (e) => e.length >= 2);
    expect(putRequests().map((r) => r.status)).toEqual([403, 200]);
    expect(vendingCalls()).toEqual(['GetId', 'GetCredentialsForIdentity']);
    expect(con.errors.filter((e) => e.startsWith('[cwr]'))).toEqual([]);
    await page.context().close();
  });

  it('renews credentials before they expire, without a refused request', async () => {
    site.emu.setCredentialLifetime?.(125);
    const page = await freshPage();
    await page.goto(cognitoPage('renew.html', { identityPoolId: POOL, dispatchInterval: 1000 }));
    await waitForEvents(site.emu, (e) => e.length >= 2);
    // 125 s credentials are within the 2-minute renewal margin after 5 s: wait for that (by
    // the expiration the client holds) rather than a fixed 6 s.
    await page.waitForFunction(
      () => {
        const { credentials } = (
          window as unknown as { cwr: (c: string) => { credentials: { expiration?: string } } }
        ).cwr('diagnose');
        return Date.parse(credentials.expiration ?? '') - Date.now() < 120_000;
      },
      undefined,
      { timeout: 10_000, polling: 100 },
    );
    await page.evaluate(() =>
      (window as unknown as { cwr: (c: string, p: unknown) => void }).cwr('recordEvent', {
        type: 'later',
        data: {},
      }),
    );
    await waitForEvents(site.emu, (e) => e.some((x) => x.event.type === 'later'));
    expect(vendingCalls().filter((c) => c === 'GetCredentialsForIdentity')).toHaveLength(2);
    expect(putRequests().every((r) => r.status === 200)).toBe(true);
    site.emu.setCredentialLifetime?.(3600);
    await page.context().close();
  });
});

describe('each failure of the troubleshooting guide, with its error code', () => {
  const expectFailure = async (
    name: string,
    config: Record<string, unknown>,
    pattern: RegExp,
    appMonitorId = APP,
    region?: string,
  ) => {
    let html = snippetPage({
      appMonitorId,
      config: {
        endpoint: site.emu.url,
        cognitoEndpoint: site.emu.url,
        stsEndpoint: site.emu.url,
        dispatchInterval: 200,
        telemetries: [],
        ...config,
      },
    });
    if (region) html = html.replace("'us-west-2','/cwr.js'", `'${region}','/cwr.js'`);
    const page = await freshPage();
    const con = watchConsole(page);
    // The client reports refusals as warnings (each once), not errors.
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.goto(site.page(name, html));
    await page.waitForFunction(() => true);
    await waitFor(
      () => warnings.some((e) => pattern.test(e)),
      `a warning matching ${pattern}`,
      8000,
    ).catch(() => undefined);
    expect(warnings.join('\n')).toMatch(pattern);
    expect(con.errors.filter((e) => e.startsWith('[cwr]'))).toEqual([]);
    expect(con.pageErrors).toEqual([]);
    // The page itself keeps working.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await page.context().close();
  };

  it('wrong region: credential scope differs from the app monitor region', () =>
    expectFailure(
      'region.html',
      { identityPoolId: POOL },
      /InvalidSignatureException/,
      APP,
      'us-east-1',
    ));

  it('IAM role not allowed to PutRumEvents on this app monitor', () =>
    expectFailure('denied.html', { identityPoolId: WRONG_ROLE_POOL }, /AccessDeniedException/));

  it('unsigned request to an app monitor that requires signing', () =>
    expectFailure('unsigned.html', { signing: false }, /MissingAuthenticationTokenException/));

  it("role's trust relationship does not allow this identity pool (STS AccessDenied)", () =>
    expectFailure(
      'trust.html',
      { identityPoolId: POOL, guestRoleArn: role('RUM-NoTrust') },
      /AccessDenied/,
    ));

  it('basic (classic) flow disabled on the identity pool (InvalidIdentityToken)', () =>
    expectFailure(
      'classic.html',
      { identityPoolId: NO_CLASSIC_POOL, guestRoleArn: role('RUM-NoClassic') },
      /InvalidIdentityToken/,
    ));
});
