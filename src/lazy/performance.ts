/**
 * The performance telemetry (navigation and resource timing, web vitals through the
 * web-vitals package): not needed for the page's first moments, so loaded on demand as a
 * chunk of its own (cwr-perf.js beside cwr.js in the CDN build; a bundler chunk with npm).
 */
import { _vitalsHere } from '../plugins/vitals';
export { createPerformancePlugin } from '../plugins/performance';
/** Time to interactive, for the npm class TTIPlugin (the CDN's cwr-perf.js leaves it out). */
export { createTtiPlugin } from '../plugins/tti';

/**
 * Where this module's code runs: its chunk file in a bundler build (see ./own-files), and
 * where the modules it shares with another lazy one run (a chunk of their own, maybe).
 */
export const _here = [new Error(), _vitalsHere];
