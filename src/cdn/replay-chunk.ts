// The CDN's replay chunk (cwr-replay.js, rrweb and the recorder): a classic script that hands
// its module to cwr.js.
import { createReplayPlugin } from '../lazy/replay';
import { registerChunk } from './register';

registerChunk('cwr-replay.js', { createReplayPlugin });
