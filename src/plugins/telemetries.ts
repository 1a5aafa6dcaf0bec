import { observeFetch } from '../browser/fetch';
import { onLocationChange } from '../browser/history';
import { observeXhr } from '../browser/xhr';
import { loadInsights, loadInteraction, loadPerformance } from '../lazy/load';
import { createErrorsPlugin } from './errors';
import { createHttpPlugin } from './http';
import type { Plugin } from './plugin';
import { createReplayTelemetry } from './replay-entry';

/** Loaded in idle time after the start: what they measure is kept by the browser meanwhile. */
export const DEFERRED_TELEMETRIES = ['performance'];

/**
 * The built-in telemetries by config name (their option names are in boot/config.ts).
 * `performance` (with web-vitals) and `interaction` are chunks of their own, loaded after
 * start; `replay` loads its recorder (cwr-replay.js) after the page's load event, for a sampled
 * session only; `errors` and `http` are created at once so the first errors and requests are not
 * missed. `warn` reports a bad option value (console and diagnose()).
 */
export const TELEMETRIES: Record<
  string,
  (options: Record<string, unknown>, warn: (message: string) => void) => Plugin | Promise<Plugin>
> = {
  errors: createErrorsPlugin,
  http: createHttpPlugin,
  // Frustration signals see requests and route changes through cwr.js's wrappers (one each).
  interaction: (options, warn) =>
    loadInteraction().then((m) =>
      m.createInteractionPlugin(options, warn, {
        observe: [observeFetch, observeXhr],
        onLocationChange,
      }),
    ),
  // Its insights (route timing, ...) are a chunk of their own; route timing sees the app's
  // requests through cwr.js's wrappers too.
  performance: (options, warn) =>
    loadPerformance().then((m) =>
      m.createPerformancePlugin(options, warn, {
        insights: loadInsights,
        observe: [observeFetch, observeXhr],
      }),
    ),
  replay: createReplayTelemetry,
};
