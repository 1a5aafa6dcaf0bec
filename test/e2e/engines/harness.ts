/**
 * The cross-engine harness: the same scenarios in Chromium, Firefox and WebKit, through the
 * small page API of test/engines.js, against the emulator on loopback. WebKit's driver gives
 * no console access, so every page starts with a hook that keeps its console messages, uncaught
 * errors and unhandled rejections in sessionStorage (it survives the page's navigations within
 * the site), read back with `pageLog`.
 */
import { launchEngine, type EngineBrowser, type EngineName, type EnginePage } from '../../engines';
import { snippetPage, startSite, type Site } from '../harness';

export type { EngineBrowser, EngineName, EnginePage };

const LOG_KEY = '__e2e_log';

/** Keeps console messages, uncaught errors and unhandled rejections of the page. */
export const LOG_HOOK = `(() => {
  const put = (level, args) => {
    try {
      const log = JSON.parse(sessionStorage.getItem(${JSON.stringify(LOG_KEY)}) || '[]');
      log.push({ level, text: args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '), page: location.pathname });
      sessionStorage.setItem(${JSON.stringify(LOG_KEY)}, JSON.stringify(log));
    } catch (e) {}
  };
  for (const level of ['error', 'warn', 'info', 'log', 'debug']) {
    const original = console[level];
    console[level] = function (...args) { put(level, args); return original.apply(this, args); };
  }
  addEventListener('error', (e) => put('pageerror', [e.message]));
  addEventListener('unhandledrejection', (e) => put('rejection', [e.reason && e.reason.message || e.reason]));
})();`;

export interface LogEntry {
  level: 'error' | 'warn' | 'info' | 'log' | 'debug' | 'pageerror' | 'rejection';
  text: string;
  page: string;
}

/** What the page's hook kept so far (this tab, all pages of the site). */
export const pageLog = (page: EnginePage): Promise<LogEntry[]> =>
  page.evaluate((k) => JSON.parse(sessionStorage.getItem(k) || '[]'), LOG_KEY);

/** A snippet page (as harness.snippetPage) with the console hook first. */
export const enginePage = (o: Parameters<typeof snippetPage>[0]): string =>
  snippetPage({ ...o, first: LOG_HOOK + (o.first ?? '') });

/**
 * Per test file: one browser of `engine` and one site, closed afterwards, the emulator's store
 * emptied before each test.
 */
export const useEngine = (engine: EngineName): { browser: EngineBrowser; site: Site } => {
  const t = {} as { browser: EngineBrowser; site: Site };
  beforeAll(async () => {
    [t.browser, t.site] = await Promise.all([launchEngine(engine), startSite()]);
  });
  afterAll(async () => {
    await t.browser?.close();
    await t.site?.close();
  });
  beforeEach(() => t.site.emu.reset());
  return t;
};

/** Resolves once cwr.js has loaded and replaced the snippet's queue. */
export const ready = (page: EnginePage): Promise<unknown> =>
  page.waitFor(() => {
    const g = (window as unknown as { AwsRumClient?: { q: unknown[] } }).AwsRumClient;
    return !!g && g.q.push !== Array.prototype.push;
  });

/** Runs `cwr(command, payload)` in the page; resolves with what it returned (awaited). */
export const command = (page: EnginePage, c: string, payload?: unknown): Promise<unknown> =>
  page.evaluate(
    ([cmd, p]) =>
      (window as unknown as { cwr: (c: string, p?: unknown) => unknown }).cwr(cmd, p ?? undefined),
    [c, payload ?? null] as const,
  );

/**
 * What each engine measures (the events must say so truthfully): seen in Firefox 153 ESR,
 * WebKitGTK 2.50 and Chromium 156 on the same page.
 */
export const VITALS: Record<EngineName, string[]> = {
  chromium: ['fcp', 'lcp', 'ttfb', 'cls', 'inp', 'fid'],
  // No Layout Instability API.
  firefox: ['fcp', 'lcp', 'ttfb', 'inp', 'fid'],
  // No LCP, Event Timing or Layout Instability: only paint and navigation timing.
  webkit: ['fcp', 'ttfb'],
};
