// The CDN's remote-config chunk (cwr-config.js): fetches and merges the document at the
// snippet's config URL; a classic script that hands its module to cwr.js.
import { fetchConfig } from './remote-config';
import { registerChunk } from './register';

registerChunk('cwr-config.js', { fetchConfig });
