/**
 * A page whose Content-Security-Policy is exactly what `cloudwatch-rum-web snippet` generates
 * (no 'unsafe-inline', no 'unsafe-eval'): the client loads, signs and sends with zero
 * violations.
 */
import { policyString, snippetWithCsp } from '../../../snippet/csp';
import { APP_ID, CREDS, REGION, useBrowserAndSite, waitForEvents, watchConsole } from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

it('works under the generated strict CSP, with no violation', async () => {
  const { scriptElement, directives } = snippetWithCsp({
    appMonitorId: APP_ID,
    appVersion: '1.0.0',
    region: REGION,
    clientUrl: `${t.site.emu.url}/cwr.js`,
    config: {
      endpoint: t.site.emu.url,
      dispatchInterval: 200,
      telemetries: ['errors', 'http', 'performance'],
      credentials: CREDS,
    },
  });
  const policy = `default-src 'none'; ${policyString(directives)}`;
  const url = t.site.page(
    'strict-csp.html',
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${policy}">
<title>strict</title>${scriptElement}</head><body><h1>strict CSP</h1></body></html>`,
  );
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  const violations: string[] = [];
  page.on(
    'console',
    (m) => /Content Security Policy|Refused to/i.test(m.text()) && violations.push(m.text()),
  );
  await page.goto(url);
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => x.event.type.endsWith('performance_navigation_event')),
  );
  expect(events.every((e) => e.signed)).toBe(true);
  expect(violations).toEqual([]);
  expect(con.errors).toEqual([]);
  expect(con.pageErrors).toEqual([]);
  await page.close();
});
