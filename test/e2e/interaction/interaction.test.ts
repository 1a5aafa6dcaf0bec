import {
  clientReady,
  CREDS,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
  watchConsole,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

it('records configured DOM events, for elements added later and targets registered at runtime', async () => {
  const url = t.site.page(
    'interaction.html',
    snippetPage({
      config: {
        endpoint: t.site.emu.url,
        dispatchInterval: 300,
        telemetries: [
          ['interaction', { events: [{ event: 'click', cssLocator: '[data-track]' }] }],
        ],
      },
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
      body: '<button id="buy" data-track>Buy</button><button id="other">Other</button><div id="later"></div>',
    }),
  );
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  await page.goto(url);
  await clientReady(page);
  await page.click('#buy');
  await page.click('#other'); // not tracked
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'added';
    b.dataset.track = '';
    b.textContent = 'added later';
    document.getElementById('later')!.append(b);
    (window as unknown as { cwr: (c: string, p: unknown) => void }).cwr('registerDomEvents', [
      { event: 'dblclick', elementId: 'other' },
    ]);
  });
  await page.click('#added');
  await page.dblclick('#other');
  const events = await waitForEvents(
    t.site.emu,
    (e) => e.filter((x) => x.event.type.endsWith('dom_event')).length >= 3,
  );
  const dom = events.filter((x) => x.event.type.endsWith('dom_event')).map((x) => x.event.details);
  expect(dom).toEqual([
    {
      version: '1.1.0',
      event: 'click',
      element: 'BUTTON',
      elementId: 'buy',
      cssLocator: '[data-track]',
    },
    {
      version: '1.1.0',
      event: 'click',
      element: 'BUTTON',
      elementId: 'added',
      cssLocator: '[data-track]',
    },
    { version: '1.1.0', event: 'dblclick', element: 'BUTTON', elementId: 'other' },
  ]);
  expect(con.errors).toEqual([]);
  await page.close();
});
