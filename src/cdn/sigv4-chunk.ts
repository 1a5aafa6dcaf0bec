// The CDN's signer chunk (cwr-sigv4.js): a classic script that hands the signer to cwr.js.
import { presign, sign } from '../transport/sigv4';

window.__cwrSigV4 = { sign, presign };
