// The CDN's insights chunk (cwr-insights.js: route timing, web vitals per view, long animation
// frames): a classic script that hands its module to cwr.js, loaded by the performance chunk.
import { createInsights } from '../lazy/insights';
import { registerChunk } from './register';

registerChunk('cwr-insights.js', { createInsights });
