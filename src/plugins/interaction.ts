import type { Warn } from '../domain/types';
import { logger } from '../tools/logger';
import { monitor } from '../tools/monitor';
import { own } from '../tools/own';
import { createFrustration, type FrustrationDeps } from './frustration';
import { isBool, isCount, isFn, type OptionSpec, resolveOptions } from './options';
import type { Plugin, PluginContext } from './plugin';

export const DOM_EVENT = 'com.amazon.rum.dom_event';

/**
 * What to record: an event type on the elements matching a CSS selector, on the element with
 * an id (or inside it), or on any EventTarget (an element, `document`, `window`). When a target
 * names more than one, the first of cssLocator, elementId and element wins, as documented for
 * the predecessor.
 */
export interface DomEventTarget {
  event: string;
  cssLocator?: string;
  elementId?: string;
  element?: EventTarget;
}

/** A target as given, read from its own properties only (a polluted prototype adds none). */
const toTarget = (t: unknown): DomEventTarget | undefined => {
  const [event, cssLocator, elementId, element] = [
    'event',
    'cssLocator',
    'elementId',
    'element',
  ].map((k) => own(t, k));
  if (typeof event != 'string') return;
  if (cssLocator && typeof cssLocator == 'string') return { event, cssLocator };
  if (elementId && typeof elementId == 'string') return { event, elementId };
  if (typeof (element as EventTarget | null)?.addEventListener == 'function')
    return { event, element: element as EventTarget };
};

/** A target for a message: JSON when it can be (`window` cannot). */
const show = (t: unknown): string => {
  try {
    return JSON.stringify(t);
  } catch {
    return String(t);
  }
};

/** The well-formed targets of a list; each other entry is reported and left out. */
export const validTargets = (
  events: unknown,
  source: string,
  warn: (message: string) => void = logger.warn,
): DomEventTarget[] => {
  if (!Array.isArray(events)) {
    logger.error(`${source} needs an array of { event, cssLocator | elementId | element }.`);
    return [];
  }
  const out: DomEventTarget[] = [];
  for (const t of events) {
    const target = toTarget(t);
    let bad = target ? '' : 'is not { event, cssLocator | elementId | element }';
    // A selector the browser refuses would throw at every event.
    if (target?.cssLocator && typeof document == 'object')
      try {
        document.querySelector(target.cssLocator);
      } catch {
        bad = 'has a cssLocator that is not a CSS selector';
      }
    if (bad) warn(`${source}: ${show(t)} ${bad}; it is ignored.`);
    else out.push(target!);
  }
  return out;
};

export const INTERACTION_OPTIONS: OptionSpec<{
  events: unknown[];
  enableMutationObserver: boolean;
  interactionId: ((e: Event) => unknown) | undefined;
  frustration: boolean;
  rageClicks: number;
  frustrationWindow: number;
}> = {
  events: [[], Array.isArray],
  enableMutationObserver: [false, isBool],
  interactionId: [undefined, isFn],
  frustration: [false, isBool],
  rageClicks: [3, (v) => isCount(v) && (v as number) >= 2],
  frustrationWindow: [1000, (v) => typeof v == 'number' && v > 0 && v < Infinity],
};

/**
 * The `interaction` telemetry: dom_event for the configured targets, with the details the
 * predecessor records: `element` (the event target's node name, 'BUTTON', '#document'; or
 * 'UNKNOWN' for a window or another EventTarget), `elementId` (the target's id, when it has
 * one), `cssLocator` (when a selector matched). The target is what the event happened on: a
 * click on the <span> inside the matched <button> names the SPAN.
 *
 * cssLocator and elementId targets: one capturing listener per event type on the document sees
 * every element's events, including elements added later, so no per-element listeners or
 * MutationObserver are needed (`enableMutationObserver` is accepted and makes no difference).
 * An event that does not bubble (focus, mouseenter) counts only on the matched element itself,
 * as a listener on it would see it. `element` targets get a listener of their own.
 * Options: `events` ([]), `enableMutationObserver`, `interactionId(event)`; `frustration`
 * (false) records rage, dead and error clicks (./frustration.ts, with `rageClicks` and
 * `frustrationWindow`), seeing requests and route changes through `deps`, cwr.js's observers.
 */
export const createInteractionPlugin = (
  options: Record<string, unknown>,
  warn: Warn,
  deps?: FrustrationDeps,
): Plugin => {
  const o = resolveOptions('interaction', options, INTERACTION_OPTIONS, warn);
  let context: PluginContext | undefined;
  let frustration: ReturnType<typeof createFrustration> | undefined;
  let on = false;
  const targets: (DomEventTarget & { _on?: (e: Event) => void })[] = [];
  const listening = new Set<string>();

  const report = (e: Event, cssLocator?: string) => {
    const n = e.target as Partial<Element> | null;
    const details: Record<string, string> = {
      version: '1.1.0',
      event: e.type,
      element: n?.nodeName || 'UNKNOWN',
    };
    if (typeof n?.id == 'string' && n.id) details.elementId = n.id;
    if (cssLocator) details.cssLocator = cssLocator;
    if (o.interactionId) {
      try {
        const id = o.interactionId(e);
        if (id !== undefined && id !== null) details.interactionId = String(id);
      } catch (err) {
        logger.once(
          'interaction-id',
          'warn',
          `telemetries interaction.interactionId threw (${String(err)}); recorded without it.`,
        );
      }
    }
    context?.record(DOM_EVENT, details);
  };

  const onEvent = monitor((e: Event) => {
    const node = e.target;
    if (!(node instanceof Element)) return;
    for (const t of targets) {
      if (t.event !== e.type || t.element) continue;
      let hit: Element | null = null;
      if (t.cssLocator) hit = node.closest(t.cssLocator);
      else
        for (let n: Element | null = node; n && !hit; n = n.parentElement)
          if (n.id === t.elementId) hit = n;
      if (hit && (e.bubbles || hit === node)) report(e, t.cssLocator);
    }
  });

  const listen = () => {
    if (!on) return;
    for (const t of targets) {
      if (t.element) {
        if (!t._on) t.element.addEventListener(t.event, (t._on = monitor((e) => report(e))));
      } else if (!listening.has(t.event)) {
        listening.add(t.event);
        document.addEventListener(t.event, onEvent, true);
      }
    }
  };

  const add = (events: unknown, source: string, say?: (message: string) => void) => {
    targets.push(...validTargets(events, source, say));
    listen();
  };

  const plugin: Plugin = {
    getPluginId: () => 'dom-event',
    load(ctx) {
      context = ctx;
      if (o.frustration)
        frustration = createFrustration(ctx, o.rageClicks, o.frustrationWindow, deps);
      add(o.events, 'telemetries interaction.events', warn);
      plugin.enable();
    },
    enable() {
      on = true;
      listen();
      frustration?.start();
    },
    disable() {
      on = false;
      frustration?.stop();
      for (const type of listening) document.removeEventListener(type, onEvent, true);
      listening.clear();
      for (const t of targets)
        if (t._on) {
          t.element!.removeEventListener(t.event, t._on);
          t._on = undefined;
        }
    },
    /** registerDomEvents: more targets at runtime. */
    update: (events) => add(events, 'registerDomEvents'),
    beforeHide: () => frustration?.hide(),
  };
  return plugin;
};
