import type { Plugin, PluginContext } from '../plugins/plugin';
import { TELEMETRIES } from '../plugins/telemetries';
import type { Warn } from './config';
import { errorText, type Problems } from './problems';

/**
 * The plugins of one client: the built-in telemetries by config name and the app's own, each
 * loaded once by id, then enabled or disabled with the client. What a plugin throws is its own
 * problem, never the others' or the app's.
 */
export const createPlugins = (
  context: PluginContext,
  say: Problems['say'],
  enabled: () => boolean,
  configProblem: Warn,
  /** Does the config ask for the interaction telemetry? (registerDomEvents waits for it) */
  interaction: boolean,
) => {
  const plugins = new Map<string, Plugin>();
  /** registerDomEvents calls made before the interaction chunk arrived. */
  const domEventsWaiting: unknown[] = [];

  const guard = (plugin: Plugin, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      say('error', 'plugin-threw', { id: plugin.getPluginId(), error: errorText(e) });
    }
  };
  /** Runs `fn` on each plugin, guarded. */
  const each = (fn: (p: Plugin) => void) => plugins.forEach((p) => guard(p, () => fn(p)));

  const add = (plugin: Plugin): void => {
    if (!plugin || typeof plugin.getPluginId !== 'function' || typeof plugin.load !== 'function') {
      say('error', 'plugin-object');
      return;
    }
    const id = plugin.getPluginId();
    if (plugins.has(id)) {
      say('error', 'plugin-twice', { id });
      return;
    }
    plugins.set(id, plugin);
    guard(plugin, () => {
      plugin.load(context);
      if (id === 'dom-event') domEventsWaiting.splice(0).forEach((e) => plugin.update?.(e));
      // The predecessor's lifecycle: load, then enable (plugins written for it attach their
      // listeners in enable()); or disable while the client is.
      if (enabled()) plugin.enable();
      else plugin.disable();
    });
  };

  /** A built-in telemetry by name: most are created at once, some load lazily. */
  const telemetry = (name: string, options: Record<string, unknown>) => {
    const failed = (e: unknown) => say('error', 'telemetry-failed', { name, error: e });
    try {
      const plugin = TELEMETRIES[name](options, configProblem);
      if (plugin instanceof Promise) plugin.then(add).catch(failed);
      else add(plugin);
    } catch (e) {
      failed(e);
    }
  };

  return {
    add,
    telemetry,
    each,
    registerDomEvents(events: unknown): void {
      const dom = plugins.get('dom-event');
      if (dom?.update) dom.update(events);
      // The interaction chunk is still loading: apply them when it is there.
      else if (interaction) domEventsWaiting.push(events);
      else say('error', 'dom-events');
    },
  };
};
