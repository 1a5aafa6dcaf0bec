/**
 * Storage that is full, or denied (a sandboxed iframe: localStorage and document.cookie
 * throw), does not break the client: events still arrive and the page sees no error.
 */
import {
  APP_ID,
  clientReady,
  CREDS,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

const config = () => ({
  endpoint: t.site.emu.url,
  dispatchInterval: 200,
  allowCookies: true,
  telemetries: ['errors'],
  credentials: CREDS,
});

it('works in a sandboxed iframe, where localStorage and cookies throw', async () => {
  const inner = snippetPage({
    config: config(),
    before: `cwr('recordEvent', { type: 'sandboxed', data: { cookiesThrow: (() => { try { document.cookie; return false; } catch { return true; } })() } });`,
  });
  const url = t.site.page(
    'sandbox-host.html',
    `<!doctype html><html><body><iframe sandbox="allow-scripts" srcdoc="${inner.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></iframe></body></html>`,
  );
  const page = await t.browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(url);
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => x.event.type === 'sandboxed'),
  );
  const ev = events.find((x) => x.event.type === 'sandboxed')!;
  // The frame really had no storage: reading document.cookie threw there.
  expect(ev.event.details).toEqual({ cookiesThrow: true });
  expect(pageErrors).toEqual([]);
  await page.close();
});

it('works with localStorage full, and keeps what it cannot save in memory', async () => {
  const url = t.site.page(
    'full.html',
    snippetPage({ config: { ...config(), useBeacon: false, sessionEventLimit: 0 } }),
  );
  const page = await t.browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(t.site.url('favicon.ico'));
  // Fill the origin's localStorage to its quota.
  const filled = await page.evaluate(() => {
    // Big pieces, then smaller ones, until not one more character fits.
    let i = 0;
    for (let size = 512 * 1024; size >= 1; size = Math.floor(size / 4)) {
      const chunk = 'x'.repeat(size);
      try {
        for (;;) localStorage.setItem(`fill${i++}`, chunk);
      } catch {
        // full at this size: try smaller
      }
    }
    return i;
  });
  expect(filled).toBeGreaterThan(1);
  await page.goto(url);
  await clientReady(page);
  await page.evaluate(() => {
    const cwr = (window as unknown as { cwr: (c: string, p: unknown) => void }).cwr;
    for (let i = 0; i < 300; i++) cwr('recordEvent', { type: 'full', data: { i } });
    // A hide with nothing able to be saved: the rest stays in memory…
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  // Nothing could be saved…
  expect(await page.evaluate((k) => localStorage.getItem(k), 'cwr_q_' + APP_ID)).toBeNull();
  // …and goes out with the next dispatch.
  await page.evaluate(() =>
    (window as unknown as { cwr: (c: string) => Promise<void> }).cwr('dispatch'),
  );
  const events = await waitForEvents(
    t.site.emu,
    (e) => new Set(e.filter((x) => x.event.type === 'full').map((x) => x.event.id)).size >= 300,
  );
  const ids = events.filter((x) => x.event.type === 'full').map((x) => x.event.id);
  expect(new Set(ids).size).toBe(300);
  expect(ids.length).toBe(300);
  expect(pageErrors).toEqual([]);
  await page.evaluate(() => localStorage.clear());
  await page.close();
});
