/**
 * What the client reads of the page it runs in, besides cookies, storage, the lifecycle and the
 * wrapped APIs (the other modules of browser/): the only code outside browser/ and the
 * telemetries that touches the page's globals comes through here (eslint.config.mjs enforces it).
 */

/** In a browser page (not server-side rendering, not Node)? */
export const inBrowser = (): boolean =>
  typeof window !== 'undefined' && typeof document !== 'undefined';

/** The page's host name ('' without a page: doctor, in Node). */
export const pageHost = (): string => (typeof location == 'object' ? location.hostname : '');

/** The page's title now (document.title walks the DOM: callers read it sparingly). */
export const pageTitle = (): string => document.title;

/** The location, for page ids and the pages that record. */
export const pageLocation = (): Location => location;

/** The page the visitor came from. */
export const referrer = (): string => document.referrer;

/** Is the page visible now? */
export const pageVisible = (): boolean => document.visibilityState === 'visible';

/** The page's monotonic clock (performance.now()): the times entries and events carry. */
export const pageNow = (): number => performance.now();

/** What the metadata says of the browser, read once per client: [userAgent, userAgentData, language, hostname]. */
export const browserInfo = (): [string, never | undefined, string, string] => [
  navigator.userAgent,
  (navigator as { userAgentData?: never }).userAgentData,
  navigator.language,
  location.hostname,
];

/** The page's fetch, bound, as it is when the client starts (before it wraps anything). */
export const pageFetch = (): typeof fetch => fetch.bind(window);

/** navigator.sendBeacon, bound, where the browser has it. */
export const pageBeacon = (): ((url: string, data: string) => boolean) | undefined =>
  typeof navigator.sendBeacon === 'function' ? navigator.sendBeacon.bind(navigator) : undefined;

/** Runs `fn` when the page is idle, at most `timeout` ms later; false where the browser cannot. */
export const whenIdle = (fn: () => void, timeout: number): boolean =>
  typeof requestIdleCallback === 'function' && (requestIdleCallback(fn, { timeout }), true);
