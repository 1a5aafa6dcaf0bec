/**
 * The http telemetry on pages that lock fetch or XMLHttpRequest before the client loads
 * (issue #14, item 6): each wrapper stands alone, the page works as without the client, and
 * what could not be wrapped gets one debug note. And the wrappers look like the natives
 * (item 10): same name and length, no prototype, `new` throws the same TypeError at once.
 */
import { type AppServer, startAppServer } from '../../app-server';
import type { StoredEvent } from '../../../emulator';
import {
  clientReady,
  CREDS,
  type Page,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
} from '../harness';

jest.setTimeout(60_000);

const t = useBrowserAndSite();
let api: AppServer;
beforeAll(async () => {
  api = await startAppServer();
});
afterAll(() => api?.close());

type Win = Window & { cwr: (c: string, p?: unknown) => Promise<unknown> };

/** Console messages of every level, and uncaught errors. */
const watch = (page: Page) => {
  const messages: { type: string; text: string }[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => messages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  return { messages, pageErrors };
};

/** A page with the client (http: every request, debug notes on) after `lock` ran. */
const openLocked = async (name: string, lock: string) => {
  const url = t.site.page(
    name,
    snippetPage({
      config: {
        endpoint: t.site.emu.url,
        dispatchInterval: 60_000,
        debug: true,
        telemetries: [['http', { recordAllRequests: true }]],
      },
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});${lock}`,
    }),
  );
  const page = await t.browser.newPage();
  const con = watch(page);
  await page.goto(url);
  await clientReady(page);
  return { page, con };
};

/** One fetch and one XHR as an app makes them; what the app got. */
const requests = (page: Page, name: string) =>
  page.evaluate(
    async ([api, name]) => {
      const f = await fetch(`${api}/json?case=${name}-fetch`).then(
        (r) => r.status,
        (e) => `rejected: ${e}`,
      );
      const x = await new Promise((resolve) => {
        try {
          const x = new XMLHttpRequest();
          x.onloadend = () => resolve(x.status);
          x.open('GET', `${api}/json?case=${name}-xhr`);
          x.setRequestHeader('x-app', '1');
          x.send();
        } catch (e) {
          resolve(`threw: ${e}`);
        }
      });
      return { fetch: f, xhr: x };
    },
    [api.origin, name],
  );

const httpCases = (events: StoredEvent[]) =>
  events
    .filter((e) => e.event.type === 'com.amazon.rum.http_event')
    .map((e) => new URL((e.event.details.request as { url: string }).url).searchParams.get('case'));

/** Sends what was recorded, with a marker event last, and returns the cases of the http events. */
const recorded = async (page: Page) => {
  await page.evaluate(async () => {
    const w = window as unknown as Win;
    await w.cwr('recordEvent', { type: 'test.done', data: {} });
    await w.cwr('dispatch');
  });
  const events = await waitForEvents(t.site.emu, (e) =>
    e.some((x) => x.event.type === 'test.done'),
  );
  return httpCases(events);
};

const notes = (con: ReturnType<typeof watch>) =>
  con.messages.filter((m) => m.text.includes('could not wrap')).map((m) => [m.type, m.text]);

describe('the http telemetry on a page that locked fetch or XMLHttpRequest', () => {
  it('records XMLHttpRequest when window.fetch is read-only, and notes fetch once', async () => {
    const { page, con } = await openLocked(
      'locked-fetch.html',
      `Object.defineProperty(window, 'fetch', { value: window.fetch, writable: false, configurable: false });`,
    );
    expect(await requests(page, 'a')).toEqual({ fetch: 200, xhr: 200 });
    expect(await recorded(page)).toEqual(['a-xhr']);
    expect(notes(con)).toEqual([
      ['debug', expect.stringMatching(/^\[cwr\] could not wrap fetch: TypeError: .*'fetch'/)],
    ]);
    // Disabled and enabled again: nothing throws, XHR is still recorded.
    await page.evaluate(async () => {
      const w = window as unknown as Win;
      await w.cwr('disable');
      await w.cwr('enable');
    });
    t.site.emu.reset();
    expect(await requests(page, 'b')).toEqual({ fetch: 200, xhr: 200 });
    expect(await recorded(page)).toEqual(['b-xhr']);
    expect(con.pageErrors).toEqual([]);
    expect(con.messages.filter((m) => m.type === 'error')).toEqual([]);
    await page.close();
  });

  it('records fetch when XMLHttpRequest.prototype is frozen, and notes each method once', async () => {
    const { page, con } = await openLocked(
      'frozen-xhr.html',
      `Object.freeze(XMLHttpRequest.prototype);`,
    );
    expect(await requests(page, 'a')).toEqual({ fetch: 200, xhr: 200 });
    expect(await recorded(page)).toEqual(['a-fetch']);
    expect(notes(con).map(([, text]) => /could not wrap (\w+)/.exec(text)?.[1])).toEqual([
      'open',
      'setRequestHeader',
      'send',
    ]);
    expect(con.pageErrors).toEqual([]);
    expect(con.messages.filter((m) => m.type === 'error')).toEqual([]);
    await page.close();
  });

  it('records fetch when only XMLHttpRequest open and send are read-only', async () => {
    const { page, con } = await openLocked(
      'locked-open-send.html',
      `['open', 'send'].forEach(function (k) {
        Object.defineProperty(XMLHttpRequest.prototype, k, { writable: false, configurable: false });
      });`,
    );
    expect(await requests(page, 'a')).toEqual({ fetch: 200, xhr: 200 });
    expect(await recorded(page)).toEqual(['a-fetch']);
    expect(notes(con).map(([, text]) => /could not wrap (\w+)/.exec(text)?.[1])).toEqual([
      'open',
      'send',
    ]);
    expect(con.pageErrors).toEqual([]);
    await page.close();
  });

  it('wraps no less when the app froze the prototype after the client loaded: disable throws nothing', async () => {
    const { page, con } = await openLocked('frozen-later.html', '');
    await page.evaluate(() => Object.freeze(XMLHttpRequest.prototype));
    await page.evaluate(() => (window as unknown as Win).cwr('disable'));
    expect(await requests(page, 'off')).toEqual({ fetch: 200, xhr: 200 });
    await page.evaluate(() => (window as unknown as Win).cwr('enable'));
    expect(await requests(page, 'on')).toEqual({ fetch: 200, xhr: 200 });
    expect(await recorded(page)).toEqual(['on-fetch', 'on-xhr']);
    expect(con.pageErrors).toEqual([]);
    expect(con.messages.filter((m) => m.type === 'error' || m.type === 'warning')).toEqual([]);
    await page.close();
  });
});

describe('the wrappers look like the natives', () => {
  /** What a script can tell about fetch and the XHR methods without calling them for real. */
  const shape = () => {
    const look = (f: unknown) => {
      const fn = f as (...a: unknown[]) => unknown;
      let construct: string;
      try {
        const r = new (fn as unknown as new (u: string) => unknown)('/never');
        construct = `constructed ${typeof r}`;
      } catch (e) {
        construct = `${(e as Error).constructor.name}: ${(e as Error).message}`;
      }
      return {
        name: fn.name,
        length: fn.length,
        prototype: 'prototype' in fn,
        keys: Object.keys(fn),
        construct,
      };
    };
    const p = XMLHttpRequest.prototype;
    return {
      fetch: look(window.fetch),
      open: look(p.open),
      setRequestHeader: look(p.setRequestHeader),
      send: look(p.send),
    };
  };

  it('has the same name, length and own keys, and `new` throws the same TypeError at once', async () => {
    const plain = await t.browser.newPage();
    await plain.goto(
      t.site.page('plain-shape.html', '<!doctype html><title>plain</title><body></body>'),
    );
    const native = await plain.evaluate(shape);
    await plain.close();
    const { page, con } = await openLocked('wrapped-shape.html', '');
    // The wrappers are there (their source is ours, not native code).
    expect(
      await page.evaluate(() =>
        [window.fetch, XMLHttpRequest.prototype.open, XMLHttpRequest.prototype.send].map((f) =>
          Function.prototype.toString.call(f).includes('[native code]'),
        ),
      ),
    ).toEqual([false, false, false]);
    expect(native.fetch).toMatchObject({ name: 'fetch', length: 1, prototype: false });
    expect(native.fetch.construct).toMatch(/^TypeError: /);
    expect(await page.evaluate(shape)).toEqual(native);
    expect(con.pageErrors).toEqual([]);
    await page.close();
  });
});
