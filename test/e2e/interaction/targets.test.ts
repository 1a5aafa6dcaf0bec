/**
 * Interaction targets as the predecessor (aws-rum-web 3.x) takes them, and the dom_event
 * details it records (both seen black-box in Chromium): `element` is the node name of the
 * event's target ('SPAN' for a click on the <span> inside a tracked <button>, '#document',
 * 'UNKNOWN' for a window), `elementId` its id; cssLocator > elementId > element.
 */
import { SNIPPET_FUNCTION } from '../../../snippet';
import {
  APP_ID,
  clientReady,
  CREDS,
  cwr,
  REGION,
  short,
  useBrowserAndSite,
  waitForEvents,
  watchConsole,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

/** A page whose snippet config is JavaScript (`element: document` is no JSON). */
const page = (name: string, eventsJs: string) =>
  t.site.page(
    name,
    `<!doctype html><html><head><meta charset="utf-8"><title>targets</title>
<script>${SNIPPET_FUNCTION}('cwr','${APP_ID}','1.0.0','${REGION}','/cwr.js',{endpoint:'${t.site.emu.url}',dispatchInterval:200,telemetries:[['interaction',{events:${eventsJs}}]]});
cwr('setAwsCredentials', ${JSON.stringify(CREDS)});</script></head>
<body><button id="buy"><span id="label">Buy</span></button><p id="other">other</p><span class="plain">plain</span></body></html>`,
  );

const domEvents = async (n: number) =>
  (
    await waitForEvents(
      t.site.emu,
      (e) => e.filter((x) => short(x.event.type) === 'dom_event').length >= n,
    )
  )
    .filter((x) => short(x.event.type) === 'dom_event')
    .map((x) => x.event.details);

/** The events of one click may come in either listener's order: compare as sorted sets. */
const sorted = (list: object[]) => list.map((d) => JSON.stringify(d)).sort();

it('takes { event, element: document } from the config and names the target of each event', async () => {
  const p = await t.browser.newPage();
  const con = watchConsole(p);
  await p.goto(page('targets-document.html', "[{event:'click',element:document}]"));
  await clientReady(p);
  await p.click('#label');
  await p.click('.plain');
  await p.evaluate(() => document.dispatchEvent(new Event('click')));
  expect(await domEvents(3)).toEqual([
    { version: '1.1.0', event: 'click', element: 'SPAN', elementId: 'label' },
    { version: '1.1.0', event: 'click', element: 'SPAN' },
    { version: '1.1.0', event: 'click', element: '#document' },
  ]);
  expect(con.errors.concat(con.pageErrors)).toEqual([]);
  await p.close();
});

it('records the target, not the matched element, for cssLocator and elementId; registerDomEvents takes window', async () => {
  const p = await t.browser.newPage();
  const con = watchConsole(p);
  await p.goto(
    page(
      'targets-forms.html',
      "[{event:'click',cssLocator:'button'},{event:'click',elementId:'buy'},{event:'mouseenter',elementId:'buy'}]",
    ),
  );
  await clientReady(p);
  await p.click('#label');
  await p.evaluate(() => {
    (window as unknown as { cwr: (c: string, p: unknown) => void }).cwr('registerDomEvents', [
      { event: 'resize', element: window },
    ]);
    dispatchEvent(new Event('resize'));
  });
  const got = await domEvents(4);
  expect(sorted(got)).toEqual(
    sorted([
      {
        version: '1.1.0',
        event: 'click',
        element: 'SPAN',
        elementId: 'label',
        cssLocator: 'button',
      },
      { version: '1.1.0', event: 'click', element: 'SPAN', elementId: 'label' },
      // mouseenter does not bubble: only the button's own, not the span's.
      { version: '1.1.0', event: 'mouseenter', element: 'BUTTON', elementId: 'buy' },
      { version: '1.1.0', event: 'resize', element: 'UNKNOWN' },
    ]),
  );
  expect(got.filter((d) => d.event === 'mouseenter')).toHaveLength(1);
  expect(con.errors.concat(con.pageErrors)).toEqual([]);
  await p.close();
});

it('prefers elementId to element when a target names both (cssLocator first of all)', async () => {
  const p = await t.browser.newPage();
  await p.goto(page('targets-precedence.html', '[]'));
  await clientReady(p);
  await p.evaluate(() => {
    const other = document.getElementById('other');
    (window as unknown as { cwr: (c: string, p: unknown) => void }).cwr('registerDomEvents', [
      { event: 'click', elementId: 'buy', element: other },
      { event: 'dblclick', cssLocator: '.plain', elementId: 'buy', element: other },
    ]);
  });
  await p.click('#other'); // the element: not what is recorded
  await p.dblclick('#other');
  await p.click('#buy');
  await p.dblclick('.plain');
  await cwr(p, 'dispatch');
  // Once each: the click on #buy, the dblclick on .plain (its clicks match nothing).
  expect(await domEvents(2)).toEqual([
    { version: '1.1.0', event: 'click', element: 'SPAN', elementId: 'label' },
    { version: '1.1.0', event: 'dblclick', element: 'SPAN', cssLocator: '.plain' },
  ]);
  await p.close();
});
