import type { Warn } from '../boot/config';
import { logger } from '../tools/logger';
import { monitor } from '../tools/monitor';
import { own } from '../tools/own';
import { isBool, isFn, type OptionSpec, resolveOptions } from './options';
import type { Plugin, PluginContext } from './plugin';

export const DOM_EVENT = 'com.amazon.rum.dom_event';

/** What to record: an event type on elements matching a CSS selector, an id, or an element. */
export interface DomEventTarget {
  event: string;
  cssLocator?: string;
  elementId?: string;
  element?: Element;
}

/** A target as given, read from its own properties only (a polluted prototype adds none). */
const toTarget = (t: unknown): DomEventTarget | undefined => {
  const [event, cssLocator, elementId, element] = [
    'event',
    'cssLocator',
    'elementId',
    'element',
  ].map((k) => own(t, k));
  if (
    typeof event === 'string' &&
    (typeof cssLocator === 'string' ||
      typeof elementId === 'string' ||
      (typeof Element !== 'undefined' && element instanceof Element))
  )
    return {
      event,
      cssLocator: typeof cssLocator === 'string' ? cssLocator : undefined,
      elementId: typeof elementId === 'string' ? elementId : undefined,
      element: element instanceof Element ? element : undefined,
    };
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
    if (target) out.push(target);
    else
      warn(
        `${source}: ${JSON.stringify(t)} is not { event, cssLocator | elementId | element }; it is ignored.`,
      );
  }
  return out;
};

export const INTERACTION_OPTIONS: OptionSpec<{
  events: unknown[];
  enableMutationObserver: boolean;
  interactionId: ((e: Event) => unknown) | undefined;
}> = {
  events: [[], Array.isArray],
  enableMutationObserver: [false, isBool],
  interactionId: [undefined, isFn],
};

/**
 * The `interaction` telemetry: dom_event for the configured targets. One capturing listener per
 * event type on the document sees every element's events, including elements added later and
 * events that do not bubble, so no per-element listeners or MutationObserver are needed
 * (`enableMutationObserver` is accepted and makes no difference).
 * Options: `events` ([]), `enableMutationObserver`, `interactionId(event)`.
 */
export const createInteractionPlugin = (options: Record<string, unknown>, warn: Warn): Plugin => {
  const o = resolveOptions('interaction', options, INTERACTION_OPTIONS, warn);
  let context: PluginContext | undefined;
  let on = false;
  const targets: DomEventTarget[] = [];
  const listening = new Set<string>();

  const onEvent = monitor((e: Event) => {
    const node = e.target instanceof Element ? e.target : null;
    if (!node || !context) return;
    for (const t of targets) {
      if (t.event !== e.type) continue;
      let hit: Element | null = null;
      if (t.cssLocator) hit = node.closest(t.cssLocator);
      else if (t.element) hit = t.element.contains(node) ? t.element : null;
      else
        for (let n: Element | null = node; n && !hit; n = n.parentElement)
          if (n.id === t.elementId) hit = n;
      if (!hit) continue;
      const details: Record<string, string> = {
        version: '1.1.0',
        event: e.type,
        element: hit.tagName,
      };
      if (hit.id) details.elementId = hit.id;
      if (t.cssLocator) details.cssLocator = t.cssLocator;
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
      context.record(DOM_EVENT, details);
    }
  });

  const listen = () => {
    if (!on) return;
    for (const t of targets) {
      if (!listening.has(t.event)) {
        listening.add(t.event);
        document.addEventListener(t.event, onEvent, true);
      }
    }
  };

  const add = (events: unknown, source: string, report?: (message: string) => void) => {
    targets.push(...validTargets(events, source, report));
    listen();
  };

  const plugin: Plugin = {
    getPluginId: () => 'dom-event',
    load(ctx) {
      context = ctx;
      add(o.events, 'telemetries interaction.events', warn);
      plugin.enable();
    },
    enable() {
      on = true;
      listen();
    },
    disable() {
      on = false;
      for (const type of listening) document.removeEventListener(type, onEvent, true);
      listening.clear();
    },
    /** registerDomEvents: more targets at runtime. */
    update: (events) => add(events, 'registerDomEvents'),
  };
  return plugin;
};
