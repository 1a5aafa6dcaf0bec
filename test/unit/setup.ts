// jsdom lacks TextEncoder/TextDecoder, which the client's signer (and smithy's, its oracle in the
// tests) use; Node's are the standard ones.
import { TextDecoder, TextEncoder } from 'util';

Object.assign(globalThis, { TextEncoder, TextDecoder });
