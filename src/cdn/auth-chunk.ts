// The CDN's auth chunk (cwr-auth.js): a classic script that hands its module to cwr.js.
import { createCredentials, presign, sign } from '../lazy/auth';
import { registerChunk } from './register';

registerChunk('cwr-auth.js', { createCredentials, presign, sign });
