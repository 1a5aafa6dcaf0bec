/**
 * Cognito credentials in each engine, against the emulator's Cognito Identity and STS: the
 * enhanced flow (GetId, GetCredentialsForIdentity) and the basic flow (GetId, GetOpenIdToken,
 * STS AssumeRoleWithWebIdentity with guestRoleArn). Every batch is signed with the vended
 * credentials (the emulator verifies the signature and knows who minted the key); a reload is
 * the same visit (session cookie) and vends nothing (the credentials are cached).
 */
import { APP_ID, waitForEvents, type Site } from '../../harness';
import {
  command,
  enginePage,
  pageLog,
  ready,
  type EngineBrowser,
  type EngineName,
} from '../harness';

type T = { browser: EngineBrowser; site: Site };

const ACCOUNT = '000000000000';
// Pools and a role of this scenario's own (the site's registry is shared by all scenarios).
const POOL = 'us-west-2:5e5e5e5e-1111-4111-8111-111111111111';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/RUM-Engines-Unauth`;

const VENDING = [
  'GetId',
  'GetCredentialsForIdentity',
  'GetOpenIdToken',
  'AssumeRoleWithWebIdentity',
];

export const credentials = (engine: EngineName, t: T) =>
  describe('credentials', () => {
    beforeAll(() => {
      t.site.emu.addRole({ arn: ROLE, trust: { identityPoolId: POOL }, appMonitors: [APP_ID] });
      t.site.emu.addIdentityPool({ id: POOL, unauthRoleArn: ROLE });
    });

    /** Vending calls the emulator answered since the last reset, in order, with their status. */
    const vendingCalls = () =>
      t.site.emu
        .requests()
        .filter((r) => r.method === 'POST' && VENDING.includes(r.operation ?? ''))
        .map((r) => `${r.operation} ${r.status}`);

    const FLOWS = [
      {
        flow: 'enhanced',
        extra: {},
        kind: 'cognito',
        calls: ['GetId', 'GetCredentialsForIdentity'],
      },
      {
        flow: 'basic (STS)',
        extra: { guestRoleArn: ROLE },
        kind: 'sts',
        calls: ['GetId', 'GetOpenIdToken', 'AssumeRoleWithWebIdentity'],
      },
    ] as const;

    // Both flows in one tab (a WebKit page is a new MiniBrowser): the credentials live in
    // localStorage only (cwr_c, cwr_i), emptied between the flows on a page without the client.
    it('Cognito enhanced flow, then basic flow (STS): events signed with vended credentials; a reload vends nothing and stays in the session', async () => {
      const page = await t.browser.newPage();
      try {
        for (const { flow, extra, kind, calls } of FLOWS) {
          if (flow !== FLOWS[0].flow) {
            await page.goto(t.site.url('favicon.ico'));
            await page.evaluate(() => localStorage.clear());
            t.site.emu.reset();
          }
          const url = t.site.page(
            `cred-${kind}-${engine}.html`,
            enginePage({
              config: {
                endpoint: t.site.emu.url,
                cognitoEndpoint: t.site.emu.url,
                stsEndpoint: t.site.emu.url,
                identityPoolId: POOL,
                signing: true,
                allowCookies: true,
                dispatchInterval: 200,
                telemetries: [],
                ...extra,
              },
            }),
          );
          await page.goto(url);
          await ready(page);
          await command(page, 'recordEvent', { type: `cred.${kind}.1`, data: {} });
          await command(page, 'dispatch');
          const first = await waitForEvents(t.site.emu, (e) =>
            e.some((x) => x.event.type === `cred.${kind}.1`),
          );
          expect([flow, vendingCalls()]).toEqual([flow, calls.map((c) => `${c} 200`)]);
          const puts = t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents');
          expect(puts.length).toBeGreaterThan(0);
          // Signed with a key the emulator minted in this flow, for this pool and role.
          for (const p of puts) {
            expect([flow, p]).toMatchObject([
              flow,
              {
                status: 200,
                signed: true,
                credential: { kind, identityPoolId: POOL, roleArn: ROLE },
              },
            ]);
          }
          const keys = new Set(first.map((e) => e.accessKeyId));
          expect([flow, keys.size]).toEqual([flow, 1]);
          const [key] = [...keys];
          expect(first.every((e) => e.signed)).toBe(true);
          expect(key).toMatch(/^ASIA/);
          const session = first[0].userDetails.sessionId;

          t.site.emu.reset();
          await page.reload();
          await ready(page);
          await command(page, 'recordEvent', { type: `cred.${kind}.2`, data: {} });
          await command(page, 'dispatch');
          const again = await waitForEvents(t.site.emu, (e) =>
            e.some((x) => x.event.type === `cred.${kind}.2`),
          );
          // The cached credentials sign; no vending call at all.
          expect([flow, vendingCalls()]).toEqual([flow, []]);
          expect(again.every((e) => e.signed && e.accessKeyId === key)).toBe(true);
          // The reload continues the visit: the session cookie (cwr_s) was kept.
          expect([flow, again.map((e) => e.userDetails.sessionId)]).toEqual([
            flow,
            again.map(() => session),
          ]);
          expect(
            t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents' && r.status !== 200),
          ).toEqual([]);
        }
        const log = await pageLog(page);
        expect(log.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });
