// The CDN's diagnostics chunk (cwr-diag.js): a classic script that hands its module to cwr.js.
import { checkConfig, describeMessage, describeProblem } from '../lazy/diagnostics';
import { registerChunk } from './register';

registerChunk('cwr-diag.js', { checkConfig, describeMessage, describeProblem });
