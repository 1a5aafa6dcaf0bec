/**
 * The long explanations: why a request was refused and what to change, what the config gets
 * wrong. Only a page with a problem needs them, so they are a chunk of their own.
 */
export { describeProblem } from '../diagnostics/explain';
export { checkConfig } from '../diagnostics/checks';
export { describeMessage } from '../diagnostics/messages';

/** Where this module's code runs: its chunk file in a bundler build (see ./own-files). */
export const _here = new Error();
