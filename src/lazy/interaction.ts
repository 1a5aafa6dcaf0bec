/**
 * The interaction telemetry (DOM events by delegation): not needed for the page's first
 * moments, so loaded on demand as a chunk of its own (cwr-dom.js beside cwr.js in the CDN
 * build; a bundler chunk with npm).
 */
export { createInteractionPlugin } from '../plugins/interaction';

/** Where this module's code runs: its chunk file in a bundler build (see ./own-files). */
export const _here = new Error();
