import { loadPerformance } from '../lazy/load';
import { createErrorsPlugin } from './errors';
import { createHttpPlugin } from './http';
import { createInteractionPlugin } from './interaction';
import type { Plugin } from './plugin';

/**
 * The built-in telemetries by config name. `performance` (with web-vitals) is a chunk of its
 * own, loaded after start; the others are created at once so the first errors and requests
 * are not missed.
 */
export const TELEMETRIES: Record<
  string,
  (options: Record<string, unknown>) => Plugin | Promise<Plugin>
> = {
  errors: createErrorsPlugin,
  http: createHttpPlugin,
  interaction: createInteractionPlugin,
  performance: (options) => loadPerformance().then((m) => m.createPerformancePlugin(options)),
};
