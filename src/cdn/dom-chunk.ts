// The CDN's interaction chunk (cwr-dom.js): a classic script that hands its module to cwr.js.
import { createInteractionPlugin } from '../lazy/interaction';
import { registerChunk } from './register';

registerChunk('cwr-dom.js', { createInteractionPlugin });
