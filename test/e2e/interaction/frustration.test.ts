/**
 * Frustration signals (docs/insights.md) from real clicks in each engine, against the emulator:
 * a rage burst, dead clicks, clicks the page answers (a DOM change, a request: not dead) and a
 * click whose handler throws. Each answered click is followed by a click on the dead button,
 * whose dead_click is recorded a window after it, so after the answered click's window: the
 * answered click's absence is asserted after that and a marker, never after a sleep.
 */
import type { StoredEvent } from '../../../emulator';
import { CREDS, sendMarker, waitForEvents } from '../harness';
import {
  command,
  enginePage,
  pageLog,
  ready,
  useEngine,
  type EngineName,
} from '../engines/harness';

jest.setTimeout(120_000);

const BODY = `<button id="rage">Rage</button>
<button id="dead"><span>Dead</span></button>
<button id="dom">Show more</button>
<button id="fetch">Refresh</button>
<button id="boom">Checkout</button>
<div id="out"></div>
<script>
const on = (id, f) => document.getElementById(id).addEventListener('click', f);
on('dom', () => document.getElementById('out').append('more'));
on('fetch', () => void fetch('/ping.json'));
on('boom', () => { throw new Error('checkout failed'); });
</script>`;

/** Tells the test when a capturing click listener is added to the document (the client's). */
const HOOK = `(() => {
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, o) {
    if (this === document && type === 'click' && o === true) window.__clicks = true;
    return add.apply(this, arguments);
  };
})();`;

const frustration = (events: StoredEvent[]) =>
  events
    .filter((e) => e.event.type.startsWith('cwr.'))
    .map((e) => [e.event.type, e.event.details] as [string, Record<string, unknown>]);
const count = (type: string) => (events: StoredEvent[]) =>
  events.filter((e) => e.event.type === type).length;

describe.each<EngineName>(['chromium', 'firefox', 'webkit'])('in %s', (engine) => {
  const t = useEngine(engine);

  it('records rage, dead and error clicks, and not the clicks the page answered', async () => {
    const { emu } = t.site;
    t.site.page('ping.json', '{}');
    const url = t.site.page(
      'frustration.html',
      enginePage({
        config: {
          endpoint: emu.url,
          dispatchInterval: 200,
          // A window of 3 s, not the default 1 s: three clicks a test driver makes one after
          // the other on a loaded machine may be more than a second apart (CI saw three dead
          // clicks instead of a rage click).
          telemetries: [['interaction', { frustration: true, frustrationWindow: 3000 }]],
        },
        first: HOOK,
        before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
        body: BODY,
      }),
    );
    const page = await t.browser.newPage();
    await page.goto(url);
    await ready(page);
    // The frustration listener is on (the hook below saw it added).
    await page.waitFor(() => (window as unknown as { __clicks?: boolean }).__clicks);

    for (let i = 0; i < 3; i++) await page.click('#rage');
    await waitForEvents(emu, (e) => count('cwr.rage_click')(e) >= 1);

    // Answered: a DOM change, then a request; each followed by a dead click.
    await page.click('#dom');
    await page.click('#dead');
    await waitForEvents(emu, (e) => count('cwr.dead_click')(e) >= 1);
    await page.click('#fetch');
    await page.click('#dead span');
    await waitForEvents(emu, (e) => count('cwr.dead_click')(e) >= 2);

    await page.click('#boom');
    await waitForEvents(emu, (e) => count('cwr.error_click')(e) >= 1);
    // A dead click of #boom would have been recorded within a window, before this one ends.
    await page.click('#dead');
    await waitForEvents(emu, (e) => count('cwr.dead_click')(e) >= 3);

    await command(page, 'dispatch');
    const events = await sendMarker(page as never, emu);
    const dead = { version: '1.0.0', selector: 'button#dead', element: 'BUTTON' };
    const got = frustration(events);
    expect(got).toEqual([
      [
        'cwr.rage_click',
        {
          version: '1.0.0',
          selector: 'button#rage',
          element: 'BUTTON',
          clicks: 3,
          duration: expect.any(Number),
        },
      ],
      ['cwr.dead_click', dead],
      ['cwr.dead_click', dead],
      [
        'cwr.error_click',
        { version: '1.0.0', selector: 'button#boom', element: 'BUTTON', error: 'checkout failed' },
      ],
      ['cwr.dead_click', dead],
    ]);
    expect((got[0][1].duration as number) < 2000).toBe(true);
    // Each event's page is the page's id.
    for (const e of events.filter((x) => x.event.type.startsWith('cwr.')))
      expect(e.event.metadata.pageId).toBe('/frustration.html');
    // The only page error is the app's own; the client said nothing.
    const log = await pageLog(page);
    expect(log.filter((l) => l.level === 'pageerror').map((l) => l.text)).toEqual([
      expect.stringContaining('checkout failed'),
    ]);
    expect(log.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    await page.close();
  });
});
