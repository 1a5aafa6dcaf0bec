/**
 * Route timing, web vitals per view and long animation frames (the performance telemetry's
 * routeTiming, vitalsPerView and longFrames, all off by default): loaded by the performance
 * telemetry only when one is on, as a chunk of its own (cwr-insights.js beside cwr.js in the
 * CDN build; a bundler chunk with npm).
 */
export { createInsights } from '../plugins/insights';

/** Where this module's code runs: its chunk file in a bundler build (see ./own-files). */
export const _here = new Error();
