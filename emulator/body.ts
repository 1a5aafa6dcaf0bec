/**
 * Reading a request body within `MAX_BODY_BYTES` (limits.ts), and the answer to one that is
 * larger, in the terms of the operation it was meant for.
 */
import type { IncomingMessage } from 'node:http';
import { TARGET_PREFIX } from './cognito';
import { jsonErrorReply, ServiceError } from './errors';
import { jsonReply, type RawRequest, type Reply, type RequestNote } from './http';
import { MAX_BODY_BYTES, MAX_DRAIN_BYTES } from './limits';
import { matchPutRumEvents } from './rum';

/**
 * The answer to a body over `MAX_BODY_BYTES`, in the operation's terms when the path or headers
 * say which (the body itself is not read): PutRumEvents and Cognito calls get
 * `RequestEntityTooLargeException`, the control routes a message.
 */
export function tooLarge(request: RawRequest, note: RequestNote, control: boolean): Reply {
  const message =
    `The request body is ${request.bodyBytes ?? 0} bytes; the emulator takes at most ` +
    `${MAX_BODY_BYTES} bytes.`;
  if (control) return jsonReply(413, { message });
  const put = matchPutRumEvents(request);
  const target = request.headers['x-amz-target'];
  if (put) {
    note.operation = 'PutRumEvents';
    note.appMonitorId = put.appMonitorId;
  } else if (request.method === 'POST' && target?.startsWith(TARGET_PREFIX)) {
    note.operation = target.slice(TARGET_PREFIX.length);
  }
  return jsonErrorReply(new ServiceError(413, 'RequestEntityTooLargeException', message));
}

/**
 * Read a request body of at most `limit` bytes. Past the limit nothing more is kept: the rest is
 * read and thrown away, and the promise resolves with `tooLarge` once the request has ended, so
 * the 413 goes out to a client that is done sending and reads it (rather than a reset while it
 * still writes). Past `MAX_DRAIN_BYTES` more, the connection is closed instead.
 */
export function readBody(
  incoming: IncomingMessage,
  limit: number,
): Promise<{ body: Buffer; size: number; tooLarge: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        if (size > limit + MAX_DRAIN_BYTES) incoming.socket.destroy();
        return;
      }
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    incoming.on('end', () => {
      const body = over ? Buffer.alloc(0) : Buffer.concat(chunks);
      // The listeners live as long as the request: let the pieces go now that they are joined.
      chunks.length = 0;
      resolvePromise({ body, size, tooLarge: over });
    });
    incoming.on('close', () => {
      if (!incoming.complete) reject(new Error('the client closed the connection mid-request'));
    });
    incoming.on('error', reject);
  });
}
