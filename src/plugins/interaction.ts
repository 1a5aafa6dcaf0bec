import { logger } from '../tools/logger';
import { monitor } from '../tools/monitor';
import { isBool, isFn, resolveOptions } from './options';
import type { Plugin, PluginContext } from './plugin';

export const DOM_EVENT = 'com.amazon.rum.dom_event';

/** What to record: an event type on elements matching a CSS selector, an id, or an element. */
export interface DomEventTarget {
  event: string;
  cssLocator?: string;
  elementId?: string;
  element?: Element;
}

const isTarget = (t: unknown): t is DomEventTarget => {
  const x = t as DomEventTarget;
  return (
    !!x &&
    typeof x.event === 'string' &&
    (typeof x.cssLocator === 'string' ||
      typeof x.elementId === 'string' ||
      (typeof Element !== 'undefined' && x.element instanceof Element))
  );
};

/**
 * The `interaction` telemetry: dom_event for the configured targets. One capturing listener per
 * event type on the document sees every element's events, including elements added later and
 * events that do not bubble, so no per-element listeners or MutationObserver are needed
 * (`enableMutationObserver` is accepted and makes no difference).
 * Options: `events` ([]), `enableMutationObserver`, `interactionId(event)`.
 */
export const createInteractionPlugin = (options: Record<string, unknown> = {}): Plugin => {
  const o = resolveOptions<{
    events: unknown[];
    enableMutationObserver: boolean;
    interactionId: ((e: Event) => unknown) | undefined;
  }>('interaction', options, {
    events: [[], Array.isArray, 'an array of { event, cssLocator | elementId | element }'],
    enableMutationObserver: [false, isBool, 'true or false'],
    interactionId: [undefined, isFn, 'a function (event) => string'],
  });
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

  const add = (events: unknown, source: string) => {
    if (!Array.isArray(events)) {
      logger.error(`${source} needs an array of { event, cssLocator | elementId | element }.`);
      return;
    }
    for (const t of events) {
      if (isTarget(t)) targets.push(t);
      else
        logger.warn(
          `${source}: ${JSON.stringify(t)} is not { event, cssLocator | elementId | element }; it is ignored.`,
        );
    }
    listen();
  };

  const plugin: Plugin = {
    getPluginId: () => 'dom-event',
    load(ctx) {
      context = ctx;
      add(o.events, 'telemetries interaction.events');
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
