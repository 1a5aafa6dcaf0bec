/**
 * js_error_event `type` and `message` for values that are not Errors, as the predecessor
 * (aws-rum-web 3.x) records them (seen black-box in Chromium): dashboards group by type.
 */
import {
  clientReady,
  CREDS,
  short,
  snippetPage,
  useBrowserAndSite,
  waitForEvents,
  watchConsole,
} from '../harness';

jest.setTimeout(60_000);
const t = useBrowserAndSite();

// What the page does, and the details the predecessor records for it.
const CASES: [string, Record<string, unknown>][] = [
  ["throw 'x'", { type: 'x', message: 'x', filename: '', lineno: 1, colno: 1 }],
  ['throw 42', { type: '42', message: '42', lineno: 1, colno: 1 }],
  ['throw {a:1}', { type: 'error', message: 'Uncaught [object Object]', lineno: 1 }],
  ['throw null', { type: 'error', message: 'Uncaught null', lineno: 1 }],
  ["throw new TypeError('t')", { type: 'TypeError', message: 't', lineno: 1, colno: 7 }],
  ["Promise.reject('str')", { type: 'unhandledrejection', message: 'str' }],
  ['Promise.reject(42)', { type: 'unhandledrejection', message: '42' }],
  ['Promise.reject({a:1})', { type: 'unhandledrejection', message: 'undefined' }],
  ['Promise.reject(undefined)', { type: 'unhandledrejection', message: 'undefined' }],
  ['Promise.reject(null)', { type: 'unhandledrejection', message: 'undefined' }],
  ["Promise.reject(new RangeError('r'))", { type: 'RangeError', message: 'r' }],
  ["cwr('recordError', 'x')", { type: 'x', message: 'x' }],
  ["cwr('recordError', {})", { type: 'error', message: 'undefined' }],
  ["cwr('recordError', null)", { type: 'error', message: 'undefined' }],
  ["cwr('recordError', new SyntaxError('s'))", { type: 'SyntaxError', message: 's' }],
];

it('names thrown, rejected and recorded values that are not Errors as the predecessor does', async () => {
  const url = t.site.page(
    'error-types.html',
    snippetPage({
      config: { endpoint: t.site.emu.url, dispatchInterval: 200, telemetries: ['errors'] },
      before: `cwr('setAwsCredentials', ${JSON.stringify(CREDS)});`,
    }),
  );
  const page = await t.browser.newPage();
  const con = watchConsole(page);
  await page.goto(url);
  await clientReady(page);
  // Each in a script of its own, as a page's scripts throw (window.onerror, no stack line).
  for (const [code] of CASES) await page.addScriptTag({ content: code }).catch(() => undefined);
  const events = await waitForEvents(
    t.site.emu,
    (e) => e.filter((x) => short(x.event.type) === 'js_error_event').length >= CASES.length,
  );
  const errors = events
    .filter((x) => short(x.event.type) === 'js_error_event')
    .map((x) => x.event.details);
  CASES.forEach(([code, expected], i) =>
    expect([code, errors[i]]).toEqual([code, expect.objectContaining(expected)]),
  );
  // Where it happened comes with every thrown value (window.onerror), as the event has it;
  // a stack only with an Error.
  errors
    .slice(0, 5)
    .forEach((d) =>
      expect(Object.keys(d)).toEqual(expect.arrayContaining(['filename', 'lineno', 'colno'])),
    );
  expect(errors.filter((d) => d.stack).map((d) => d.type)).toEqual([
    'TypeError',
    'RangeError',
    'SyntaxError',
  ]);
  expect(errors.slice(5).filter((d) => 'lineno' in d)).toEqual([]);
  // The emulator checked each against js-error-event.json; none reached the page's console as ours.
  expect(
    t.site.emu.requests().filter((r) => r.operation === 'PutRumEvents' && r.status !== 200),
  ).toEqual([]);
  expect(con.errors.filter((m) => m.includes('[cwr]'))).toEqual([]);
  await page.close();
});
