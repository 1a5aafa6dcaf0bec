// jsdom lacks TextEncoder/TextDecoder, which the AWS signer uses; Node's are the standard ones.
import { TextDecoder, TextEncoder } from 'util';

Object.assign(globalThis, { TextEncoder, TextDecoder });
