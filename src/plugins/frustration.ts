import { listen } from '../browser/listen';
import type { RequestObserver } from '../browser/requests';
import { monitor } from '../tools/monitor';
import { own } from '../tools/own';
import type { PluginContext } from './plugin';
import { cssSelector } from './selector';

/**
 * What the frustration signals observe through cwr.js's own modules, handed to the chunk
 * (src/plugins/telemetries.ts) so that the page's fetch, XHR and History are wrapped once:
 * `observe` starts a request observer (observeFetch, observeXhr) and returns its stop.
 */
export interface FrustrationDeps {
  observe: ((o: RequestObserver) => () => void)[];
  onLocationChange: (cb: () => void) => () => void;
}

/** What looks interactive: the element clicked or its closest ancestor of these is named. */
const INTERACTIVE =
  'a[href],button,input[type=button],input[type=submit],input[type=reset],input[type=image],[role=button],[role=link],[onclick],summary,label';
/** Never a dead click: controls one types in or toggles; links opening elsewhere, downloads. */
const NOT_DEAD =
  'input:not([type=button]):not([type=submit]):not([type=reset]):not([type=image]),select,textarea,a[download],a[target]:not([target=_self])';

/**
 * Consecutive clicks on one element, each within the window of the one before (short keys:
 * a chunk's properties are not mangled).
 */
interface Clicks {
  /** The element named, and the event's details for it (version, selector, element). */
  el: Element;
  d: { version: string; selector: string; element: string };
  /** Clicks so far, the first's and the last's time. */
  n: number;
  f: number;
  l: number;
  /** A dead-click candidate; answered (a DOM change, request, navigation, focus, error). */
  dead: boolean;
  a?: boolean;
  /** The click (its number) whose error_click was recorded. */
  e?: number;
  t?: ReturnType<typeof setTimeout>;
}

/**
 * Frustration signals (docs/insights.md): `cwr.rage_click`, `cwr.dead_click`,
 * `cwr.error_click`. One capturing click listener on the document while started; what answers
 * a click (mutations, requests, History, navigation, focus, errors) is observed only while a
 * click is watched, from the click's capture on the document (before the page's own handlers)
 * until `span` ms after the last click. A click in the task of another (a label's click
 * on its control, a button's `input.click()`) answers it. The page is never touched: only DOM
 * reads of the element clicked and its ancestors.
 */
export const createFrustration = (
  context: PluginContext,
  rageClicks: number,
  span: number,
  deps?: FrustrationDeps,
) => {
  const open = new Set<Clicks>();
  let current: Clicks | undefined;
  let watching: (() => void)[] | undefined;
  let stopClicks: (() => void) | undefined;
  // A click in the task of another one (a nested dispatch): an answer, not a click.
  let busy: ReturnType<typeof setTimeout> | undefined;
  // A mouse button is down: the focus moves with the press, not in answer to a click.
  let down = false;
  // A press since the last click: the next click is the visitor's, though it comes before the
  // task after the last (a busy page runs queued input before timers), not a nested one.
  let pressed = false;

  const answer = () => open.forEach((c) => (c.a = true));

  /** A burst ends: a rage click, else (not when the page hides) its dead clicks. */
  const end = (c: Clicks, hiding?: boolean) => {
    clearTimeout(c.t);
    open.delete(c);
    if (c === current) current = undefined;
    if (c.n >= rageClicks)
      context.record('cwr.rage_click', { ...c.d, clicks: c.n, duration: Math.round(c.l - c.f) });
    else if (c.dead && !c.a && !hiding)
      for (let i = 0; i < c.n; i++) context.record('cwr.dead_click', c.d);
    if (!open.size) {
      watching?.forEach((stop) => stop());
      watching = undefined;
    }
  };

  const onError = (e: Event) => {
    const c = current;
    if (!c || c.e === c.n) return;
    const err = e.type == 'error';
    const x = err ? (e as ErrorEvent).error : (e as PromiseRejectionEvent).reason;
    const m = own(x, 'message');
    c.e = c.n;
    c.a = true;
    // Its message; else the event's (a cross-origin "Script error."), a primitive, the type.
    const error = typeof m == 'string' ? m : (err && (e as ErrorEvent).message) || x;
    context.record('cwr.error_click', {
      ...c.d,
      error: String(error !== Object(error) ? error : e.type).slice(0, 1000),
    });
  };

  const onClick = (e: MouseEvent) => {
    const t = e.target;
    if (!(t instanceof Element)) return;
    if (busy && !pressed) return answer();
    busy = setTimeout(() => (busy = undefined));
    down = pressed = false;
    const hit = t.closest(INTERACTIVE);
    const el = hit || t;
    const now = performance.now();
    let c = current;
    if (c?.el === el) {
      c.n++;
      c.l = now;
    } else
      open.add(
        (current = c =
          {
            el,
            d: { version: '1.0.0', selector: cssSelector(el), element: el.nodeName },
            n: 1,
            f: now,
            l: now,
            dead: !!hit && !t.closest(NOT_DEAD),
          }),
      );
    clearTimeout(c.t);
    const ending = c;
    c.t = setTimeout(
      monitor(() => end(ending)),
      span,
    );
    if (!watching) {
      const mo = new MutationObserver(monitor(answer));
      mo.observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      watching = [
        () => mo.disconnect(),
        ...(deps
          ? [...deps.observe.map((observe) => observe(answer)), deps.onLocationChange(answer)]
          : []),
        ...['beforeunload', 'pagehide'].map((type) => listen(type, answer)),
        // The visitor's own focus (a press on the next thing) is no answer.
        listen('focusin', () => down || answer(), document, true),
        ...['mousedown', 'mouseup'].map((type) =>
          listen(type, (e) => (pressed ||= down = e.type == 'mousedown'), document, true),
        ),
        listen('invalid', answer, document, true),
        listen('error', onError),
        listen('unhandledrejection', onError),
      ];
    }
  };

  return {
    start() {
      stopClicks ||= listen('click', onClick, document, true);
    },
    /** Stops listening and forgets the clicks watched: nothing is recorded after it. */
    stop() {
      stopClicks?.();
      stopClicks = undefined;
      // (No click is a burst then: nothing is recorded.)
      open.forEach((c) => end(((c.n = 0), c), true));
    },
    /** The page hides: bursts end now (their dead clicks are left out: the page may be going). */
    hide: () => open.forEach((c) => end(c, true)),
  };
};
