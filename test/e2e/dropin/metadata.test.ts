/**
 * Custom attributes may replace the metadata the client detects, as the predecessor
 * (aws-rum-web 3.x) lets them (seen black-box in Chromium): apps in webviews and Electron name
 * their own domain and browser. `version` and `pageId` stay the client's; the document's title
 * wins over an app or session `title`; the result is valid against meta-data.json.
 */
import {
  clientReady,
  CREDS,
  cwr,
  short,
  snippetPage,
  useBrowserAndSite,
  waitFor,
  waitForEvents,
  watchConsole,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

it('lets applicationAttributes, sessionAttributes and addSessionAttributes replace detected metadata', async () => {
  const url = t.site.page(
    'metadata-override.html',
    snippetPage({
      title: 'Kiosk page',
      config: {
        endpoint: t.site.emu.url,
        dispatchInterval: 200,
        telemetries: [],
        applicationAttributes: {
          domain: 'app.example',
          browserName: 'Electron',
          browserVersion: '30.1.0',
          title: 'not the page title',
        },
        sessionAttributes: { osName: 'Kiosk OS', deviceType: 'kiosk' },
      },
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});
        cwr('addSessionAttributes', { platformType: 'electron', version: '9.9.9', pageId: '/elsewhere' });`,
    }),
  );
  const page = await t.browser.newPage();
  const con: string[] = [];
  page.on('console', (m) => con.push(m.text()));
  const { pageErrors } = watchConsole(page);
  await page.goto(url);
  await clientReady(page);
  await cwr(page, 'recordEvent', { type: 'app.checkout', data: { ok: true } });
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => x.event.type === 'app.checkout'),
  );
  for (const type of ['session_start_event', 'page_view_event', 'app.checkout']) {
    const e = events.find((x) => short(x.event.type) === type)!;
    expect([type, e.event.metadata]).toEqual([
      type,
      expect.objectContaining({
        version: '1.0.0',
        domain: 'app.example',
        browserName: 'Electron',
        browserVersion: '30.1.0',
        osName: 'Kiosk OS',
        deviceType: 'kiosk',
        platformType: 'electron',
        pageId: '/metadata-override.html',
        title: 'Kiosk page',
      }),
    ]);
  }
  // The emulator checked every event's metadata against meta-data.json.
  expect(
    t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents' && r.status !== 200),
  ).toEqual([]);
  // (In cwr-diag.js's words, a moment after the call.)
  await waitFor(
    () => con.filter((m) => m.includes('was left out')).length >= 2,
    'the two left-out warnings',
    10_000,
    () => con.join('\n'),
  );
  for (const key of ['version', 'pageId'])
    expect(con).toContainEqual(
      expect.stringContaining(
        `addSessionAttributes.${key} was left out: the client sets this metadata itself`,
      ),
    );
  expect(pageErrors).toEqual([]);
  await page.close();
});
