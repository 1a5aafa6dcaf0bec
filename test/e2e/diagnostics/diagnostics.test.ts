/**
 * Each case of the troubleshooting guide, in Chromium against the emulator: the case happens,
 * the client says so once (a console warning, without `debug`, and an entry in
 * cwr('diagnose')), and applying the fix it names makes events arrive.
 *
 * The first words of each message are written to test/artifacts/diagnostics-messages.md, so
 * the docs and notes can quote what the client really prints.
 */
import fs from 'fs';
import http from 'http';
import path from 'path';
import type { AddressInfo } from 'net';
import { renderSnippet } from '../../../snippet';
import {
  APP_ID,
  clientReady,
  CREDS,
  REGION,
  type Page,
  useBrowserAndSite,
  waitFor,
  waitForEvents,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

const ACCOUNT = '000000000000';
const OTHER_APP = '2f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f';
const POOL = 'us-west-2:11111111-1111-4111-8111-111111111111';
const OTHER_POOL = 'us-west-2:22222222-2222-4222-8222-222222222222';
const NO_CLASSIC_POOL = 'us-west-2:33333333-3333-4333-8333-333333333333';
const REUSED_POOL = 'us-west-2:44444444-4444-4444-8444-444444444444';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** A server on another origin that answers, but whose CORS preflight allows no extra header. */
let strict: { server: http.Server; origin: string };
const printed: Record<string, string> = {};

beforeAll(async () => {
  const { emu } = t.site;
  emu.addAppMonitor({ id: APP_ID, name: 'shop', region: REGION });
  emu.addAppMonitor({ id: OTHER_APP, name: 'blog', region: REGION });
  emu.addRole({ arn: role('RUM-Shop'), trust: { identityPoolId: POOL }, appMonitors: [APP_ID] });
  emu.addRole({
    arn: role('RUM-Blog'),
    trust: { identityPoolId: OTHER_POOL },
    appMonitors: [OTHER_APP],
  });
  emu.addRole({
    arn: role('RUM-NoClassic'),
    trust: { identityPoolId: NO_CLASSIC_POOL },
    appMonitors: [APP_ID],
  });
  // A role made for the blog's app monitor, re-used by a pool for the shop.
  emu.addRole({
    arn: role('RUM-Reused'),
    trust: { identityPoolId: REUSED_POOL },
    appMonitors: [OTHER_APP],
  });
  emu.addRole({ arn: role('RUM-Untrusting'), appMonitors: [APP_ID] });
  emu.addIdentityPool({ id: POOL, unauthRoleArn: role('RUM-Shop') });
  emu.addIdentityPool({ id: OTHER_POOL, unauthRoleArn: role('RUM-Blog') });
  emu.addIdentityPool({
    id: NO_CLASSIC_POOL,
    unauthRoleArn: role('RUM-NoClassic'),
    allowClassicFlow: false,
  });
  emu.addIdentityPool({ id: REUSED_POOL, unauthRoleArn: role('RUM-Reused') });

  const server = http.createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET' };
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, cors);
    res.end(req.method === 'OPTIONS' ? '' : 'ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  strict = { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
});

afterAll(async () => {
  await new Promise((r) => strict?.server.close(r));
  const dir = path.resolve(__dirname, '../../artifacts');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'diagnostics-messages.md'),
    Object.entries(printed)
      .map(([code, text]) => `### ${code}\n\n\`\`\`\n${text}\n\`\`\`\n`)
      .join('\n'),
  );
});

interface PageSpec {
  appMonitorId?: string;
  region?: string;
  config?: Record<string, unknown>;
  before?: string;
  csp?: string;
  body?: string;
}

let n = 0;
const pageUrl = (o: PageSpec): string => {
  const snippet = renderSnippet({
    appMonitorId: o.appMonitorId ?? APP_ID,
    appVersion: '1.0.0',
    region: o.region ?? REGION,
    clientUrl: '/cwr.js',
    config: {
      endpoint: t.site.emu.url,
      cognitoEndpoint: t.site.emu.url,
      stsEndpoint: t.site.emu.url,
      dispatchInterval: 200,
      telemetries: [],
      ...o.config,
    },
  });
  const csp = o.csp ? `<meta http-equiv="Content-Security-Policy" content="${o.csp}">` : '';
  return t.site.page(
    `diag-${n++}.html`,
    `<!doctype html><html><head><meta charset="utf-8">${csp}<title>diag</title>
<script>${snippet}</script><script>${o.before ?? ''}</script></head>
<body>${o.body ?? '<h1>diagnostics</h1>'}</body></html>`,
  );
};

/** A fresh browser context (own storage) on a page; collects the client's console warnings. */
const open = async (o: PageSpec, context?: Awaited<ReturnType<typeof t.browser.newContext>>) => {
  const ctx = context ?? (await t.browser.newContext());
  const page = await ctx.newPage();
  const warnings: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('[cwr]')) warnings.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(pageUrl(o));
  return { page, ctx, warnings, pageErrors };
};

type Opened = Awaited<ReturnType<typeof open>>;

interface Diagnosis {
  problems: { code: string; message: string; count: number }[];
  lastDispatch?: { halted?: boolean; ok?: boolean };
  session: { sessionId?: string };
}
/** Settled: the deferred start is done (a config check or session decision is not made again). */
const started = (d: Diagnosis) => !!d.session?.sessionId;
/** Settled: a batch went out and was accepted after the problem (a dispatch did not say it again). */
const sent = (d: Diagnosis) => !!d.lastDispatch?.ok;
const diagnose = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { cwr: (c: string) => unknown }).cwr('diagnose'),
  ) as Promise<Diagnosis>;

/** The console marker `expectOnce` prints after the client's own messages. */
const MARKER = '[cwr] e2e: marker';

/**
 * Waits for the message, then for a moment when saying it again would have happened: the
 * problem happened again (counted twice), a refusal halted the dispatcher (no more requests
 * to refuse), or the case's own `settled` condition on cwr('diagnose') (e.g. a dispatch after
 * the problem). A marker printed then comes after any message on its way (a page's console
 * messages arrive in order), so the message can be checked to have been printed exactly once;
 * and it is in cwr('diagnose') under `code`.
 */
const expectOnce = async (
  o: Opened,
  code: string,
  pattern: RegExp,
  settled: (d: Diagnosis) => boolean = () => false,
) => {
  await waitFor(() => o.warnings.some((w) => pattern.test(w)), `the ${code} message`);
  await waitFor(
    async () => {
      const d = await diagnose(o.page);
      const again = (d.problems.find((p) => p.code === code)?.count ?? 0) >= 2;
      return again || !!d.lastDispatch?.halted || settled(d);
    },
    `the ${code} problem counted again, the dispatcher halted, or the case settled`,
    10_000,
  );
  await o.page.evaluate((m) => console.warn(m), MARKER);
  await waitFor(() => o.warnings.includes(MARKER), 'the console marker');
  o.warnings.splice(o.warnings.indexOf(MARKER), 1);
  const hits = o.warnings.filter((w) => pattern.test(w));
  expect(hits).toHaveLength(1);
  const d = await diagnose(o.page);
  const entry = d.problems.find((p) => p.code === code);
  expect(entry).toBeDefined();
  expect('[cwr] ' + entry!.message).toBe(hits[0]);
  expect(o.pageErrors).toEqual([]);
  printed[code] = hits[0];
  return { message: hits[0], diagnosis: d };
};

const recordSome = (page: Page, count: number) =>
  page.evaluate((c) => {
    const cwr = (window as unknown as { cwr: (c: string, p: unknown) => void }).cwr;
    for (let i = 0; i < c; i++) cwr('recordEvent', { type: 'app.step', data: { i } });
  }, count);

const arrived = (type: string, count = 1, filter = {}) =>
  waitForEvents(
    t.site.emu,
    (e) => e.filter((x) => x.event.type === type).length >= count,
    10_000,
    filter,
  );

const SESSION_START = 'com.amazon.rum.session_start_event';

describe('each case of the troubleshooting guide: detected, said once, fixed', () => {
  it('session not sampled (sessionSampleRate < 1) → set it to 1', async () => {
    const o = await open({ config: { sessionSampleRate: 0, credentials: CREDS } });
    await recordSome(o.page, 3);
    const { diagnosis } = await expectOnce(
      o,
      'not-sampled',
      /this session is not recorded: config.sessionSampleRate is 0 /,
      started,
    );
    expect(diagnosis).toMatchObject({ session: { sampled: false } });
    expect(t.site.emu.events()).toEqual([]);
    await o.ctx.close();

    const fixed = await open({ config: { sessionSampleRate: 1, credentials: CREDS } });
    await arrived(SESSION_START);
    expect(fixed.warnings).toEqual([]);
    await fixed.ctx.close();
  });

  it('no credentials (signing on, no identityPoolId, nothing set) → setAwsCredentials', async () => {
    const o = await open({});
    const { diagnosis } = await expectOnce(
      o,
      'no-credentials',
      /no AWS credentials, so no events are sent \(tried: cwr_c cache\)/,
    );
    expect(diagnosis).toMatchObject({ credentials: { available: false }, pending: 2 });
    expect(t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents')).toEqual([]);
    // The fix, on the same page: the kept events go out.
    await o.page.evaluate(
      (c) =>
        (window as unknown as { cwr: (c: string, p: unknown) => void }).cwr('setAwsCredentials', c),
      CREDS,
    );
    await arrived(SESSION_START);
    // (The emulator stores a batch before it answers: the client's lastDispatch comes with
    // the answer, a moment after the events are there.)
    await o.page.waitForFunction(
      () =>
        !!(window as unknown as { cwr: (c: string) => { lastDispatch?: unknown } }).cwr('diagnose')
          .lastDispatch,
    );
    const after = (await o.page.evaluate(() =>
      (window as unknown as { cwr: (c: string) => unknown }).cwr('diagnose'),
    )) as { credentials: { source: string }; lastDispatch: { ok: boolean } };
    expect(after.credentials.source).toBe('setAwsCredentials');
    expect(after.lastDispatch.ok).toBe(true);
    await o.ctx.close();
  });

  it('sessionEventLimit reached → counts what was dropped; raising the limit lets them through', async () => {
    const o = await open({ config: { sessionEventLimit: 5, credentials: CREDS } });
    await recordSome(o.page, 10);
    const { diagnosis } = await expectOnce(
      o,
      'event-limit',
      /session event limit reached \(5 events\)/,
    );
    // session_start + page view + 3 of the 10 are in; 7 were dropped.
    expect(diagnosis).toMatchObject({ session: { eventsRecorded: 5, droppedOverLimit: 7 } });
    expect((diagnosis as { problems: { code: string; count: number }[] }).problems).toContainEqual(
      expect.objectContaining({ code: 'event-limit', count: 7 }),
    );
    await o.ctx.close();

    t.site.emu.reset();
    const fixed = await open({ config: { sessionEventLimit: 0, credentials: CREDS } });
    await recordSome(fixed.page, 10);
    await arrived('app.step', 10);
    expect(fixed.warnings).toEqual([]);
    await fixed.ctx.close();
  });

  it('403 region mismatch: named before any request, and from the refusal; the right region fixes it', async () => {
    // Before any request: an AWS endpoint in another region than the region argument.
    const early = await open({
      region: 'us-east-1',
      config: { endpoint: 'https://dataplane.rum.us-west-2.amazonaws.com', credentials: CREDS },
    });
    await expectOnce(
      early,
      'region-mismatch',
      /config.endpoint is in us-west-2 but the region argument is us-east-1/,
      started,
    );
    await early.ctx.close();

    // From the refusal: signed for us-east-1, sent to an endpoint serving us-west-2.
    const o = await open({ region: 'us-east-1', config: { identityPoolId: POOL } });
    const { message } = await expectOnce(
      o,
      'region-mismatch',
      /the requests are signed for us-east-1 \(the region argument\), but the endpoint .* serves us-west-2.*set the region argument to 'us-west-2'/,
    );
    expect(message).toContain('403 InvalidSignatureException');
    await o.ctx.close();

    const fixed = await open({ region: 'us-west-2', config: { identityPoolId: POOL } });
    await arrived(SESSION_START);
    expect(fixed.warnings).toEqual([]);
    await fixed.ctx.close();
  });

  it("cwr_c holds another app monitor's credentials (same domain) → cookieAttributes.unique", async () => {
    const ctx = await t.browser.newContext();
    const shop = await open({ config: { identityPoolId: POOL } }, ctx);
    await arrived(SESSION_START);
    await shop.page.close();
    // The blog's pages on the same domain find the shop's credentials in cwr_c.
    const blog = await open(
      { appMonitorId: OTHER_APP, config: { identityPoolId: OTHER_POOL } },
      ctx,
    );
    const { message } = await expectOnce(
      blog,
      'foreign-credentials',
      /localStorage cwr_c holds credentials cached for app monitor 0f2b8c1e-.*cookieAttributes: \{ unique: true \}/,
      sent,
    );
    expect(message).toContain(`not for this one (${OTHER_APP})`);
    // They are not used: the blog's events arrive, signed with its own credentials.
    await arrived(SESSION_START, 1, { appMonitorId: OTHER_APP });
    await ctx.close();

    // The fix: unique cookies and caches per app monitor; each keeps its own, no warning.
    t.site.emu.reset();
    const fixedCtx = await t.browser.newContext();
    const unique = { cookieAttributes: { unique: true } };
    const a = await open({ config: { identityPoolId: POOL, ...unique } }, fixedCtx);
    await arrived(SESSION_START, 1, { appMonitorId: APP_ID });
    const b = await open(
      { appMonitorId: OTHER_APP, config: { identityPoolId: OTHER_POOL, ...unique } },
      fixedCtx,
    );
    await arrived(SESSION_START, 1, { appMonitorId: OTHER_APP });
    t.site.emu.reset();
    await a.page.reload();
    await arrived(SESSION_START, 1, { appMonitorId: APP_ID });
    // The shop's cached credentials survived the blog's visit: no Cognito call on reload.
    expect(t.site.emu.requests().filter((r) => r.operation === 'GetId')).toEqual([]);
    expect([...a.warnings, ...b.warnings]).toEqual([]);
    await fixedCtx.close();
  });

  it('IAM role not allowed to PutRumEvents on this app monitor → the policy, filled in', async () => {
    const o = await open({ config: { identityPoolId: REUSED_POOL } });
    const { message } = await expectOnce(
      o,
      'role-not-allowed',
      /403 AccessDeniedException\): the IAM role RUM-Reused may not send events to app monitor/,
    );
    const policy = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1));
    expect(policy.Statement[0]).toEqual({
      Effect: 'Allow',
      Action: 'rum:PutRumEvents',
      Resource: `arn:aws:rum:${REGION}:${ACCOUNT}:appmonitor/shop`,
    });
    await o.ctx.close();

    // The fix: add the printed statement to the role.
    t.site.emu.addRole({
      arn: role('RUM-Reused'),
      trust: { identityPoolId: REUSED_POOL },
      appMonitors: [OTHER_APP, 'shop'],
    });
    const fixed = await open({ config: { identityPoolId: REUSED_POOL } });
    await arrived(SESSION_START);
    expect(fixed.warnings).toEqual([]);
    await fixed.ctx.close();
  });

  it('MissingAuthenticationTokenException (signing: false, app monitor needs signing) → sign', async () => {
    const o = await open({ config: { signing: false } });
    await expectOnce(
      o,
      'unsigned',
      /refused an unsigned request \(403 MissingAuthenticationTokenException\).*Remove `signing: false`/,
    );
    await o.ctx.close();
    const fixed = await open({ config: { credentials: CREDS } });
    await arrived(SESSION_START);
    expect(fixed.warnings).toEqual([]);
    await fixed.ctx.close();
  });

  it('STS AssumeRoleWithWebIdentity denied → the trust relationship, filled in', async () => {
    const o = await open({
      config: { identityPoolId: POOL, guestRoleArn: role('RUM-Untrusting') },
    });
    const { message } = await expectOnce(
      o,
      'sts-trust-denied',
      /STS AssumeRoleWithWebIdentity failed with AccessDenied .*the role arn:aws:iam::000000000000:role\/RUM-Untrusting does not trust guests of identity pool/,
    );
    const trust = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1));
    expect(trust.Statement[0].Condition.StringEquals).toEqual({
      'cognito-identity.amazonaws.com:aud': POOL,
    });
    await o.ctx.close();

    t.site.emu.addRole({
      arn: role('RUM-Untrusting'),
      trust: { identityPoolId: POOL },
      appMonitors: [APP_ID],
    });
    const fixed = await open({
      config: { identityPoolId: POOL, guestRoleArn: role('RUM-Untrusting') },
    });
    await arrived(SESSION_START);
    expect(fixed.warnings).toEqual([]);
    await fixed.ctx.close();
  });

  it('basic flow disabled (InvalidIdentityToken) → remove guestRoleArn', async () => {
    const o = await open({
      config: { identityPoolId: NO_CLASSIC_POOL, guestRoleArn: role('RUM-NoClassic') },
    });
    await expectOnce(
      o,
      'classic-flow-disabled',
      /failed with InvalidIdentityToken .*Either remove guestRoleArn [^]*--allow-classic-flow/,
    );
    await o.ctx.close();
    const fixed = await open({ config: { identityPoolId: NO_CLASSIC_POOL } });
    await arrived(SESSION_START);
    expect(fixed.warnings).toEqual([]);
    await fixed.ctx.close();
  });

  it("the page's CSP blocks the client's requests → the exact connect-src to add", async () => {
    const base = "default-src 'none'; script-src 'self' 'unsafe-inline'";
    const o = await open({ config: { credentials: CREDS }, csp: `${base}; connect-src 'none'` });
    const { message } = await expectOnce(
      o,
      'csp-blocked',
      /Content-Security-Policy blocked .*\(connect-src\), so events cannot be sent/,
    );
    const origin = new URL(t.site.emu.url).origin;
    expect(message).toContain(`Add to the policy: connect-src ${origin} `);
    await o.ctx.close();
    const fixed = await open({
      config: { credentials: CREDS },
      csp: `${base}; connect-src ${origin}`,
    });
    await arrived(SESSION_START);
    expect(fixed.warnings).toEqual([]);
    await fixed.ctx.close();
  });

  it('enableXRay without the http telemetry → add it', async () => {
    const o = await open({
      config: { credentials: CREDS, enableXRay: true, telemetries: ['errors'] },
    });
    await expectOnce(o, 'xray-without-http', /config.enableXRay needs the 'http' telemetry/, sent);
    await o.ctx.close();
    const fixed = await open({
      config: {
        credentials: CREDS,
        enableXRay: true,
        telemetries: [['http', { addXRayTraceIdHeader: true }]],
      },
    });
    await clientReady(fixed.page);
    await fixed.page.evaluate(() => fetch('/favicon.ico'));
    await arrived('com.amazon.rum.xray_trace_event');
    expect(fixed.warnings).toEqual([]);
    await fixed.ctx.close();
  });

  it('enableXRay without addXRayTraceIdHeader → set it', async () => {
    const o = await open({
      config: { credentials: CREDS, enableXRay: true, telemetries: ['http'] },
    });
    await expectOnce(
      o,
      'xray-without-header',
      /config.enableXRay without the http telemetry's addXRayTraceIdHeader/,
      sent,
    );
    await o.ctx.close();
  });

  it('a traced request fails the way a CORS refusal does → the header is the hint', async () => {
    const http = (addXRayTraceIdHeader: unknown) => ({
      credentials: CREDS,
      enableXRay: true,
      telemetries: [['http', { addXRayTraceIdHeader, recordAllRequests: true }]],
    });
    const call = (page: Page) =>
      clientReady(page).then(() =>
        page.evaluate(
          (url) =>
            fetch(url).then(
              (r) => r.status,
              (e) => 'failed: ' + e.message,
            ),
          `${strict.origin}/api`,
        ),
      );
    const o = await open({ config: http(true) });
    expect(await call(o.page)).toMatch(/^failed/);
    const { message } = await expectOnce(
      o,
      'xray-header-cors',
      /a GET to http:\/\/127.0.0.1:\d+\/api failed with no response after the client added the X-Amzn-Trace-Id header/,
      sent,
    );
    expect(message).toContain(`Either let ${strict.origin} accept it`);
    await o.ctx.close();

    // The fix: trace only the URLs that accept the header.
    const fixed = await open({ config: http([/\/only-this-api\//]) });
    expect(await call(fixed.page)).toBe(200);
    await arrived('com.amazon.rum.http_event');
    expect(fixed.warnings).toEqual([]);
    await fixed.ctx.close();
  });
});
