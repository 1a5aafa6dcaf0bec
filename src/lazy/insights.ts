/**
 * Route timing, web vitals per view and long animation frames (the performance telemetry's
 * routeTiming, vitalsPerView and longFrames, all off by default): loaded by the performance
 * telemetry only when one is on, as a chunk of its own (cwr-insights.js beside cwr.js in the
 * CDN build; a bundler chunk with npm).
 */
import { _selectorHere } from '../plugins/selector';
import { _vitalsHere } from '../plugins/vitals';
export { createInsights } from '../plugins/insights';

/**
 * Where this module's code runs: its chunk file in a bundler build (see ./own-files), and
 * where the modules it shares with another lazy one run (a chunk of their own, maybe).
 */
export const _here = [new Error(), _vitalsHere, _selectorHere];
