/**
 * The viewer plays a session's replay: a page recorded by the client (CDN build, replay
 * telemetry) in Chromium, then the built viewer (packages/emulator/dist/emulator/viewer) opened on that session,
 * whose player (replay.js, loaded only then) rebuilds the recorded page, masked, in its iframe.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../chromium';
import { startEmulator, type Emulator } from '../../../emulator';
import { APP_ID, clientReady, CREDS, REGION, snippetPage, waitForEvents } from '../harness';

jest.setTimeout(90_000);

const ROOT = path.join(__dirname, '../../..');
const VIEWER_DIR =
  process.env.CWR_VIEWER_DIR || path.join(ROOT, 'packages/emulator/dist/emulator/viewer');
const RRWEB = 'com.amazon.rum.rrweb_event';

let browser: Browser;
let emu: Emulator;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwr-viewer-replay-'));
  for (const f of fs.readdirSync(path.join(ROOT, 'dist/cdn')))
    fs.copyFileSync(path.join(ROOT, 'dist/cdn', f), path.join(dir, f));
  [browser, emu] = await Promise.all([
    launchChromium(),
    startEmulator({
      appMonitors: [{ id: APP_ID, region: REGION }],
      credentials: [CREDS],
      staticDir: dir,
      viewerDir: VIEWER_DIR,
    }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await emu?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it("plays a recorded session's replay, masked, loading the player only when asked", async () => {
  fs.writeFileSync(
    path.join(dir, 'shop.html'),
    snippetPage({
      config: {
        endpoint: emu.url,
        dispatchInterval: 200,
        telemetries: [['replay', { flushInterval: 200 }]],
        credentials: CREDS,
      },
      body: '<h1 id="title">Mugs and cups</h1><p>Order number 4711</p><input id="q">',
    }),
  );
  const shop = await browser.newPage();
  await shop.goto(`${emu.url}/shop.html`);
  await clientReady(shop);
  await shop.fill('#q', 'private query');
  await shop.close({ runBeforeUnload: true });
  // The replay's full snapshot (an rrweb event of type 2) has arrived.
  await waitForEvents(
    emu,
    (events) =>
      events.some(
        (e) => e.event.type === RRWEB && JSON.stringify(e.event.details).includes('"type":2'),
      ),
    15_000,
  );

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const loaded: string[] = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await page.goto(`${emu.url}/_emulator/`);
  const open = page.locator('[data-testid="replay-open"]');
  await open.waitFor();
  // Not loaded until the replay is opened.
  expect(loaded).not.toContain('/_emulator/viewer/replay.js');
  await open.click();
  await page.locator('[data-testid="replay-player"] iframe').waitFor();
  expect(loaded).toContain('/_emulator/viewer/replay.js');

  // The recorded page, rebuilt in the player's iframe: its heading, masked (an asterisk for
  // each letter).
  const frame = page.frameLocator('[data-testid="replay-player"] iframe');
  const title = frame.locator('#title');
  await title.waitFor({ state: 'attached' });
  await page.waitForFunction(() => {
    const f = document.querySelector<HTMLIFrameElement>('[data-testid="replay-player"] iframe');
    return /^[*\s]+$/.test(f?.contentDocument?.querySelector('#title')?.textContent?.trim() ?? '');
  });
  const text = await title.textContent();
  // (rrweb keeps the spaces: 'Mugs and cups' is '**** *** ****'.)
  expect(text?.trim()).toBe('**** *** ****');
  const html = await page.evaluate(
    () =>
      document.querySelector<HTMLIFrameElement>('[data-testid="replay-player"] iframe')!
        .contentDocument!.documentElement.outerHTML,
  );
  expect(html).not.toContain('Mugs');
  expect(html).not.toContain('4711');
  expect(html).not.toContain('private query');
  // The player runs: its clock moves.
  await page.waitForFunction(() =>
    /of \d/.test(document.querySelector('[data-testid="replay-status"]')?.textContent ?? ''),
  );
  expect(errors).toEqual([]);
  await page.close();
});
