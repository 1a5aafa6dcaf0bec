/**
 * The interaction telemetry (DOM events by delegation): not needed for the page's first
 * moments, so loaded on demand as a chunk of its own (cwr-dom.js beside cwr.js in the CDN
 * build; a bundler chunk with npm).
 */
import { _selectorHere } from '../plugins/selector';
export { createInteractionPlugin } from '../plugins/interaction';

/**
 * Where this module's code runs: its chunk file in a bundler build (see ./own-files), and
 * where the modules it shares with another lazy one run (a chunk of their own, maybe).
 */
export const _here = [new Error(), _selectorHere];
