import { loadInteraction, loadPerformance } from '../lazy/load';
import { createErrorsPlugin } from './errors';
import { createHttpPlugin } from './http';
import type { Plugin } from './plugin';

/**
 * The built-in telemetries by config name. `performance` (with web-vitals) and `interaction`
 * are chunks of their own, loaded after start; `errors` and `http` are created at once so the
 * first errors and requests are not missed.
 */
/** Loaded in idle time after the start: what they measure is kept by the browser meanwhile. */
export const DEFERRED_TELEMETRIES = ['performance'];

export const TELEMETRIES: Record<
  string,
  (options: Record<string, unknown>) => Plugin | Promise<Plugin>
> = {
  errors: createErrorsPlugin,
  http: createHttpPlugin,
  interaction: (options) => loadInteraction().then((m) => m.createInteractionPlugin(options)),
  performance: (options) => loadPerformance().then((m) => m.createPerformancePlugin(options)),
};
