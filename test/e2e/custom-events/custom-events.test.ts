import {
  clientReady,
  CREDS,
  snippetPage,
  useBrowserAndSite,
  waitFor,
  waitForEvents,
  watchConsole,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

it('records valid custom events and drops bad ones with a warning, never an exception', async () => {
  const url = t.site.page(
    'custom.html',
    snippetPage({
      config: { endpoint: t.site.emu.url, dispatchInterval: 300, telemetries: [] },
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
    }),
  );
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto(url);
  await clientReady(page);
  await page.evaluate(() => {
    const cwr = (window as unknown as { cwr: (c: string, p: unknown) => void }).cwr;
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    cwr('recordEvent', { type: 'cart.cyclic', data: cyclic });
    cwr('recordEvent', {
      type: 'cart.throws',
      data: {
        toJSON() {
          throw new Error('nope');
        },
      },
    });
    cwr('recordEvent', { type: 'cart.big', data: { blob: 'x'.repeat(7000) } });
    cwr('recordEvent', { type: 'bad type!', data: {} });
    cwr('recordEvent', {
      type: 'cart.added',
      data: { sku: 'A-1', qty: 2 },
      metadata: { campaign: 'spring' },
    });
  });
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => x.event.type === 'cart.added'),
  );
  const custom = events.filter((x) => x.event.type.startsWith('cart.'));
  expect(custom.map((x) => x.event.type)).toEqual(['cart.added']);
  expect(custom[0].event.details).toEqual({ sku: 'A-1', qty: 2 });
  expect(custom[0].event.metadata.campaign).toBe('spring');
  // The words come from cwr-diag.js, a moment after the calls: wait for each.
  const said = (re: RegExp, lines: string[]) =>
    waitFor(
      () => lines.some((l) => re.test(l)),
      `a console message matching ${re}`,
      10_000,
      () => lines.join('\n'),
    );
  await said(/cart\.cyclic was dropped: its data cannot be turned into JSON/, warnings);
  await said(/cart\.throws was dropped/, warnings);
  await said(/cart\.big was dropped: its details and metadata exceed 6144 bytes/, warnings);
  await said(/recordEvent: the type must match/, con.errors);
  expect(con.pageErrors).toEqual([]);
  await page.close();
});
