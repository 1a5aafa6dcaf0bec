// The CDN's performance chunk (cwr-perf.js): a classic script that hands its module to cwr.js.
import { createPerformancePlugin } from '../lazy/performance';
import { registerChunk } from './register';

registerChunk('cwr-perf.js', { createPerformancePlugin });
