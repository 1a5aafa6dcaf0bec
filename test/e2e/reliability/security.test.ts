/**
 * What leaves the page: only the configured endpoints get requests from the client; cookies
 * are Secure and SameSite=Strict by default; with recordResourceUrl: false no event carries a
 * request's URL, excluded URLs produce no event at all, and beforeSend can scrub or drop.
 */
import type { Request } from 'playwright-core';
import { clientReady, sendMarker, snippetPage, useBrowserAndSite, waitForEvents } from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();
const POOL = 'us-west-2:11111111-1111-4111-8111-111111111111';
const ROLE = 'arn:aws:iam::000000000000:role/RUM-Sec';

beforeAll(() => {
  t.site.emu.addRole({ arn: ROLE, trust: { identityPoolId: POOL }, appMonitors: ['*'] });
  t.site.emu.addIdentityPool({ id: POOL, unauthRoleArn: ROLE });
});

it('sends credentials and events only to the configured endpoints, with Secure SameSite=Strict cookies', async () => {
  const url = t.site.page(
    'sec-endpoints.html',
    snippetPage({
      config: {
        endpoint: `${t.site.emu.url}/rum/`,
        cognitoEndpoint: `${t.site.emu.url}/cognito`,
        stsEndpoint: `${t.site.emu.url}/sts`,
        identityPoolId: POOL,
        guestRoleArn: ROLE,
        allowCookies: true,
        dispatchInterval: 200,
        telemetries: ['errors', 'http'],
      },
    }),
  );
  // The emulator answers RUM under any path prefix, and Cognito/STS on any path.
  const ctx = await t.browser.newContext();
  const page = await ctx.newPage();
  const posts: Request[] = [];
  page.on('request', (r) => r.method() !== 'GET' && posts.push(r));
  await page.goto(url);
  await clientReady(page);
  await page.evaluate(() => fetch('/app-own-call', { method: 'POST', body: 'x' }));
  // The app's own call recorded and sent; then every request the client made before a marker
  // it records after it has been made (a page sends its batches in order, one at a time).
  await waitForEvents(t.site.emu, (e) =>
    e.some(
      (x) =>
        x.event.type.endsWith('http_event') &&
        JSON.stringify(x.event.details).includes('/app-own-call'),
    ),
  );
  await sendMarker(page, t.site.emu);
  const allowed = [
    `${t.site.emu.url}/rum/appmonitors/`,
    `${t.site.emu.url}/cognito`,
    `${t.site.emu.url}/sts`,
  ];
  const fromClient = posts.filter((r) => !r.url().endsWith('/app-own-call'));
  expect(fromClient.length).toBeGreaterThanOrEqual(4); // GetId, GetOpenIdToken, STS, PutRumEvents
  for (const r of fromClient) expect(allowed.some((a) => r.url().startsWith(a))).toBe(true);
  // Credentials (the STS answer) are sent nowhere but in signatures: no body holds the secret.
  const cached = await page.evaluate(() => JSON.parse(localStorage.getItem('cwr_c') ?? '{}'));
  expect(cached.secretAccessKey).toBeTruthy();
  for (const r of posts) expect(r.postData() ?? '').not.toContain(cached.secretAccessKey);

  const cookies = (await ctx.cookies()).filter((c) => c.name.startsWith('cwr_'));
  expect(cookies.map((c) => c.name).sort()).toEqual(['cwr_s', 'cwr_u']);
  for (const c of cookies) expect(c).toMatchObject({ secure: true, sameSite: 'Strict' });
  await ctx.close();
});

it('recordResourceUrl: false keeps request URLs out of every event; excluded URLs leave none; beforeSend scrubs', async () => {
  const url = t.site.page(
    'sec-urls.html',
    snippetPage({
      config: {
        endpoint: t.site.emu.url,
        dispatchInterval: 200,
        recordResourceUrl: false,
        enableXRay: true,
        telemetries: [
          'errors',
          ['http', { recordAllRequests: true, urlsToExclude: [/private-area/] }],
          ['performance', { recordAllTypes: ['other', 'image', 'script'] }],
        ],
        beforeSend: '__BEFORE_SEND__',
      },
      before: `cwr('setAwsCredentials', { accessKeyId: 'AKIDE2ETEST000000001', secretAccessKey: 'e2e-secret' });`,
    }).replace(
      "'__BEFORE_SEND__'",
      `(e) => e.type === 'signup' ? { details: { ...e.details, email: '[redacted]' } } : e`,
    ),
  );
  const page = await t.browser.newPage();
  await page.goto(url);
  await clientReady(page);
  await page.evaluate(async () => {
    await fetch('/secret-path/account?token=abc123').catch(() => undefined);
    await fetch('/private-area/data').catch(() => undefined);
    (window as unknown as { cwr: (c: string, p: unknown) => void }).cwr('recordEvent', {
      type: 'signup',
      data: { email: 'person@example.com', plan: 'pro' },
    });
  });
  // The signup, the recorded request, and the two fetches' resource timings (recorded without
  // a URL); then whatever else the page recorded before a marker after them (a page sends its
  // batches in order, one at a time).
  const events = await waitForEvents(
    t.site.emu,
    (e) =>
      e.some((x) => x.event.type === 'signup') &&
      e.filter((x) => x.event.type.endsWith('http_event')).length >= 1 &&
      e.filter(
        (x) =>
          x.event.type.endsWith('performance_resource_event') &&
          x.event.details.fileType === 'other',
      ).length >= 2,
  );
  await sendMarker(page, t.site.emu);
  const all = t.site.emu.events();
  const http = all.filter((e) => e.event.type.endsWith('http_event'));
  expect(http.length).toBeGreaterThanOrEqual(1);
  for (const e of all) {
    const details = JSON.stringify(e.event.details);
    expect(details).not.toContain('secret-path');
    expect(details).not.toContain('abc123');
    expect(details).not.toContain('private-area');
  }
  const signup = events.find((e) => e.event.type === 'signup')!;
  expect(signup.event.details).toEqual({ email: '[redacted]', plan: 'pro' });
  await page.close();
});
