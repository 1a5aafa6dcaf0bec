import { gunzip } from 'node:zlib';

/**
 * The limits the emulator applies at the door, so that nothing it accepts breaks it later (a
 * value too deep to write back, a body too large to hold). docs/emulator.md, "Security model",
 * lists each with the error a caller gets.
 */

/**
 * Most bytes of a request body, as sent (every route). The RUM API reference publishes no size
 * limit for PutRumEvents; a web client's batch of 100 custom events of at most 6 KB each
 * (details + metadata) is about 650 KB, and this client cuts a batch at 640,000 characters of
 * events (session replay's rrweb events are larger than 6 KB), so 1 MiB takes its batches.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Most bytes a `Content-Encoding: gzip` body may inflate to: the same 1 MiB of JSON. */
export const MAX_INFLATED_BYTES = 1024 * 1024;

/**
 * Deepest nesting of objects and arrays in a JSON body, and in each JSON string a PutRumEvents
 * body carries (`metadata`, `details`, `SessionMetadata`). Deeper values make recursive code
 * (JSON.stringify, schema validation, the viewer) overflow its stack.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * A data file line wraps a stored value in a few levels of its own (`{"event":{"details":…}}`);
 * a line nested deeper than this holds something the door would have refused.
 */
export const MAX_LINE_DEPTH = MAX_JSON_DEPTH + 8;

/** After answering 413, read (and throw away) at most this much more before closing. */
export const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * Whether JSON text nests objects and arrays deeper than `max`, found by counting brackets
 * outside strings: no recursion, no parsing, one pass. Works on UTF-8 bytes or a string (the
 * bytes of a multi-byte character are never ASCII, so they cannot be mistaken for brackets).
 */
export function nestedDeeperThan(text: Buffer | string, max: number): boolean {
  const bytes = typeof text === 'string' ? undefined : text;
  const length = text.length;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < length; i++) {
    const c = bytes ? bytes[i] : (text as string).charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    }
  }
  return false;
}

/** Thrown by `inflate` for a body that inflates to more than its cap. */
export class InflatedTooLargeError extends Error {}

/**
 * Inflate a gzip body off the main thread (zlib's thread pool), stopping as soon as the output
 * would pass `cap` bytes: a small body that inflates to gigabytes costs `cap` bytes, not
 * gigabytes, and the event loop keeps serving other requests meanwhile.
 */
export function inflate(body: Buffer, cap: number = MAX_INFLATED_BYTES): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    gunzip(body, { maxOutputLength: cap }, (error, result) => {
      if (!error) return resolvePromise(result);
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return reject(new InflatedTooLargeError(`inflates to more than ${cap} bytes`));
      }
      reject(error);
    });
  });
}
