import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  appMonitorProblem,
  checked,
  credentialProblem,
  identityPoolProblem,
  roleProblem,
} from './checks';
import { TARGET_PREFIX } from './cognito';
import { internal, jsonErrorReply, ServiceError, unknownOperation } from './errors';
import { faultAnswered } from './faults';
import {
  flattenHeaders,
  jsonReply,
  mediaType,
  parseQuery,
  type RawRequest,
  type Reply,
  type RequestNote,
} from './http';
import { clockOffsetProblem, inspect, isInspectPath } from './inspect';
import { MAX_BODY_BYTES, MAX_DRAIN_BYTES } from './limits';
import { type CorsDecision, OriginPolicy } from './origins';
import { Registry } from './registry';
import { findHandler } from './router';
import { matchPutRumEvents, peekBatch } from './rum';
import { signatureKind } from './sigv4';
import { rootRedirect, serveStatic, serveViewer } from './static';
import { Store } from './store';
import { ChangeStream } from './stream';
import { TokenIssuer } from './token';
import type { Emulator, EmulatorOptions, Fault, RequestRecord } from './types';

/** The route that streams change notices (Server-Sent Events). */
const STREAM_PATH = '/_emulator/stream';

/**
 * Response headers a browser page may read: error type, request id, Date (for clock skew) and
 * Retry-After (for an injected throttle that says when to come back).
 */
const EXPOSED_HEADERS = 'x-amzn-ErrorType, x-amzn-RequestId, Date, Retry-After';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const baseNow = options.now ?? Date.now;
  let clockOffset = 0;
  /** The emulator's clock: the `now` option's, shifted by the offset set through the API. */
  const now = () => baseNow() + clockOffset;
  const setClockOffset = (ms: number) => {
    clockOffset = checkClockOffset(ms);
  };
  const delays = new Delays();
  const log = options.log ?? (() => undefined);
  const origins = new OriginPolicy(options.allowOrigins, options.host ?? '127.0.0.1');
  const registry = new Registry(
    options.appMonitors?.map((m) => checked(m, appMonitorProblem)),
    options.credentials?.map((c) => checked(c, credentialProblem)),
    options.identityPools?.map((p) => checked(p, identityPoolProblem)),
    options.roles?.map((r) => checked(r, roleProblem)),
  );
  const store = new Store({
    dataFile: options.dataFile ?? false,
    maxEvents: options.maxEvents,
    maxRequests: options.maxRequests,
    maxEventBytes: options.maxEventBytes,
    maxRequestBytes: options.maxRequestBytes,
    maxDiagnosticsBytes: options.maxDiagnosticsBytes,
    warn: (line) => log(`emulator warning: ${line}`),
    faultSeed: options.faultSeed,
  });
  const stream = new ChangeStream(() => store.lastSeq());
  store.onChange(() => stream.notify());
  const viewerDir = options.viewerDir ?? join(__dirname, 'viewer');
  const tokens = new TokenIssuer();
  let credentialLifetimeSeconds = checkLifetime(options.credentialLifetimeSeconds ?? 3600);
  let demoUrl = checkDemoUrl(options.demoUrl);

  const handle = async (incoming: IncomingMessage, response: ServerResponse): Promise<void> => {
    const at = now();
    const origin = incoming.headers.origin;
    const url = new URL(incoming.url ?? '/', 'http://emulator.invalid');
    const request: RawRequest = {
      method: (incoming.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: parseQuery(url.search),
      headers: flattenHeaders(incoming.headers),
      body: Buffer.alloc(0),
      at,
    };
    const control = isInspectPath(request.path);
    // The control and inspection routes answer only pages this developer runs (see
    // docs/emulator.md, "Security model"); the AWS operations answer any page.
    const cors: CorsDecision = control
      ? origins.controlCors(request.headers)
      : { allowed: true, origin };
    if (!cors.allowed) {
      log(
        `emulator: refused ${request.method} ${request.path} from ` +
          (origin ? `origin ${origin}` : `host ${request.headers.host ?? '(none)'}`) +
          ` (${cors.reason}; --allow-origin opens the control routes to it)`,
      );
      incoming.resume();
      await send(response, controlRefused(cors.reason), false, now(), false);
      return;
    }
    const corsOrigin = cors.origin;

    let reply: Reply;
    const note: RequestNote = {};
    let read: { body: Buffer; size: number; tooLarge: boolean };
    try {
      read = await readBody(incoming, MAX_BODY_BYTES);
    } catch {
      response.destroy(); // the client went away mid-request: nobody to answer
      return;
    }
    if (read.tooLarge) {
      request.bodyBytes = read.size;
      reply = tooLarge(request, note, control);
      if (note.operation === 'PutRumEvents' && note.appMonitorId) {
        store.notePutRumEvents(note.appMonitorId);
      }
    } else {
      request.body = read.body;
      try {
        if (request.method === 'GET' && request.path.replace(/\/$/, '') === STREAM_PATH) {
          stream.attach(response, corsHeaders(corsOrigin));
          return;
        }
        reply = await route(request, note);
      } catch (error) {
        reply = jsonErrorReply(
          internal(`The emulator failed on this request: ${(error as Error).message}`),
        );
        log(`emulator error: ${(error as Error).stack ?? String(error)}`);
      }
    }

    // An injected fault may hold the answer back, and then lose it.
    const fault = note.fault;
    if (fault?.delayMs) await delays.wait(fault.delayMs);
    const dropped = fault?.drop;
    if (dropped) {
      response.destroy();
    } else if (!response.destroyed && response.socket?.destroyed !== true) {
      // (A client that gave up during a delay, or close(), has already taken the socket away.)
      await send(
        response,
        withRetryAfter(reply, fault),
        corsOrigin,
        now(),
        origins.privateNetwork(origin),
      );
    }
    const status = dropped === 'before' ? 0 : reply.status;

    if (!control) {
      const errorType = note.errorType ?? reply.headers?.['x-amzn-errortype'];
      const message = note.message ?? (errorType ? errorMessage(reply) : undefined);
      const signature = signatureKind(request);
      const operation = note.operation !== 'preflight' ? note.operation : undefined;
      const verification =
        operation === 'PutRumEvents' ? putRumEventsVerdict(request, note, status, dropped) : {};
      store.record({
        method: request.method,
        path: request.path,
        ...(operation ? { operation } : {}),
        at,
        status,
        ...(errorType ? { errorType } : {}),
        ...(message ? { message } : {}),
        ...(note.appMonitorId ? { appMonitorId: note.appMonitorId } : {}),
        ...(note.eventCount !== undefined ? { eventCount: note.eventCount } : {}),
        ...verification,
        ...(request.bodyBytes || request.body.length
          ? { bodyBytes: request.bodyBytes ?? request.body.length }
          : {}),
        signed: note.signed ?? signature.signed,
        presigned: note.presigned ?? signature.presigned,
        ...(note.contentEncoding ? { contentEncoding: note.contentEncoding } : {}),
        ...(origin ? { origin } : {}),
        ...(note.identityPoolId ? { identityPoolId: note.identityPoolId } : {}),
        ...(note.identityId ? { identityId: note.identityId } : {}),
        ...(note.roleArn ? { roleArn: note.roleArn } : {}),
        ...(note.issuedAccessKeyId ? { issuedAccessKeyId: note.issuedAccessKeyId } : {}),
        ...(fault?.delayMs ? { delayMs: fault.delayMs } : {}),
        ...(dropped ? { dropped } : {}),
      });
      log(logLine(request, status, note, errorType, message, signature));
    }
  };

  /**
   * How a PutRumEvents call went, for its request record: stored or not (and, for a call a fault
   * cut off before it was handled, why), who signed it, and which session the batch was for.
   */
  const putRumEventsVerdict = (
    request: RawRequest,
    note: RequestNote,
    status: number,
    dropped: 'before' | 'after' | undefined,
  ): Partial<RequestRecord> => {
    const accepted = status === 200;
    const peeked = note.sessionIds ? {} : (note.batch ?? peekBatch(request));
    const sessionIds = note.sessionIds ?? peeked.sessionIds;
    return {
      verdict: accepted ? 'accepted' : 'refused',
      ...(dropped === 'before' && !note.message
        ? { message: 'An injected fault closed the connection before the call was handled.' }
        : {}),
      ...(note.eventCount === undefined && peeked.eventCount !== undefined
        ? { eventCount: peeked.eventCount }
        : {}),
      ...(note.accessKeyId
        ? { accessKeyId: note.accessKeyId, credential: registry.describeKey(note.accessKeyId) }
        : {}),
      ...(sessionIds ? { sessionIds } : {}),
    };
  };

  const route = async (request: RawRequest, note: RequestNote): Promise<Reply> => {
    if (request.method === 'OPTIONS') {
      note.operation = 'preflight';
      return preflight(request);
    }
    const viewerFile = await serveViewer(viewerDir, request.path, request.method);
    if (viewerFile) return viewerFile;
    if (isInspectPath(request.path)) {
      if (
        request.method === 'POST' &&
        mediaType(request.headers['content-type']) !== 'application/json'
      ) {
        return jsonReply(415, {
          message:
            `POST ${request.path} takes JSON: send it with Content-Type: application/json ` +
            `(got ${request.headers['content-type'] ? `'${request.headers['content-type']}'` : 'none'}), ` +
            "e.g. curl --json '{…}' or -H 'content-type: application/json'.",
        });
      }
      return inspect(request, {
        store,
        registry,
        clock: { now, offset: () => clockOffset, setOffset: setClockOffset },
        info: () => ({ demoUrl: demoUrl ?? null, faultSeed: store.faultSeed }),
      });
    }
    const handler = findHandler(request);
    if (handler) {
      return handler({ registry, store, now: request.at, tokens, credentialLifetimeSeconds }, note);
    }
    if (options.staticDir) {
      const file = await serveStatic(options.staticDir, request.path, request.method);
      if (file) return file;
    }
    // The root leads to the viewer (a static directory's index.html, above, comes first).
    const root = rootRedirect(request.path, request.method);
    if (root) return root;
    if (request.method === 'GET' || request.method === 'HEAD') {
      return jsonReply(404, { message: `Not found: ${request.path}` });
    }
    return jsonErrorReply(
      unknownOperation(`No operation for ${request.method} ${request.path} on this emulator.`),
    );
  };

  const server = createServer((incoming, response) => {
    handle(incoming, response).catch((error: unknown) => {
      log(`emulator error: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${urlHost(address.address)}:${address.port}`;

  return {
    url,
    port: address.port,
    faultSeed: store.faultSeed,
    close: () =>
      new Promise<void>((resolvePromise, reject) => {
        delays.cancelAll();
        stream.closeAll();
        server.close((error) => (error ? reject(error) : resolvePromise()));
        server.closeAllConnections();
      }),
    events: (filter) => store.events(filter),
    requests: (filter) => store.requests(filter),
    sessions: () => store.sessions(),
    diagnostics: () => store.diagnostics(),
    clear: () => store.clear(),
    reset: () => store.reset(),
    addFault: (fault) => store.addFault(fault),
    stats: (filter) => store.stats(filter),
    setClockOffset,
    addAppMonitor: (monitor) => registry.addAppMonitor(checked(monitor, appMonitorProblem)),
    addCredential: (credential) => registry.addCredential(checked(credential, credentialProblem)),
    addIdentityPool: (pool) => registry.addIdentityPool(checked(pool, identityPoolProblem)),
    addRole: (role) => registry.addRole(checked(role, roleProblem)),
    identities: () => registry.identities(),
    setCredentialLifetime: (seconds) => {
      credentialLifetimeSeconds = checkLifetime(seconds);
    },
    setDemoUrl: (next) => {
      demoUrl = checkDemoUrl(next);
    },
  };
}

function checkClockOffset(ms: number): number {
  const problem = clockOffsetProblem(ms);
  if (problem)
    throw new TypeError(`A clock offset is ${problem.replace('"offsetMs" ', 'a value that ')}`);
  return ms;
}

/** Timers holding answers back (`delayMs` faults); all cut short when the emulator closes. */
class Delays {
  private pending = new Set<{ timer: NodeJS.Timeout; done: () => void }>();

  wait(ms: number): Promise<void> {
    return new Promise((resolvePromise) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolvePromise();
        }, ms),
        done: resolvePromise,
      };
      this.pending.add(entry);
    });
  }

  cancelAll(): void {
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.done();
    }
    this.pending.clear();
  }
}

/** An injected error answer with `retryAfter` carries it as `Retry-After`. */
function withRetryAfter(reply: Reply, fault: Fault | undefined): Reply {
  if (!faultAnswered(fault) || fault?.retryAfter === undefined) return reply;
  return { ...reply, headers: { ...reply.headers, 'retry-after': String(fault.retryAfter) } };
}

/** A demo site's URL: undefined (none), or an absolute `http:`/`https:` URL, kept as given. */
function checkDemoUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let protocol: string | undefined;
  try {
    protocol = typeof url === 'string' ? new URL(url).protocol : undefined;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new TypeError(`A demo URL must be an absolute http: or https: URL; got ${String(url)}.`);
  }
  return url;
}

function checkLifetime(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new TypeError(
      `A credential lifetime must be a positive whole number of seconds; got ${seconds}.`,
    );
  }
  return seconds;
}

function preflight(request: RawRequest): Reply {
  const headers: Record<string, string> = {
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    'access-control-allow-headers':
      request.headers['access-control-request-headers'] ??
      'authorization, content-type, content-encoding, x-amz-date, x-amz-security-token, x-amz-content-sha256, x-amz-target, x-amz-user-agent',
    'access-control-max-age': '600',
  };
  // Chrome's Private Network Access: a public page calling this loopback server asks first;
  // `send` grants it only to the origins `OriginPolicy.privateNetwork` trusts.
  if (request.headers['access-control-request-private-network'] === 'true') {
    headers['access-control-allow-private-network'] = 'true';
  }
  return { status: 204, headers };
}

/**
 * CORS headers for an answer a page may read: the AWS operations' for any page, the control
 * routes' for the pages `OriginPolicy` lets in.
 */
function corsHeaders(origin: string | undefined): Record<string, string> {
  return {
    'access-control-allow-origin': origin ?? '*',
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': EXPOSED_HEADERS,
    vary: 'Origin',
  };
}

/**
 * Write an answer. `cors`: the page origin to grant reading it to (`false`: no CORS headers
 * at all); `privateNetwork`: whether a private-network preflight may be granted. A streamed
 * answer (`chunks`) is written piece by piece, waiting whenever the connection is full.
 */
async function send(
  response: ServerResponse,
  reply: Reply,
  cors: string | undefined | false,
  at: number,
  privateNetwork: boolean,
): Promise<void> {
  const headers: Record<string, string> = {
    date: new Date(at).toUTCString(),
    'x-amzn-requestid': randomUUID(),
    ...(cors !== false ? corsHeaders(cors) : {}),
    ...reply.headers,
  };
  if (!privateNetwork) delete headers['access-control-allow-private-network'];
  if (!reply.chunks) {
    const body = reply.body ?? '';
    headers['content-length'] = String(Buffer.byteLength(body));
    response.writeHead(reply.status, canonicalCase(headers));
    response.end(body);
    return;
  }
  response.writeHead(reply.status, canonicalCase(headers));
  for await (const chunk of reply.chunks) {
    if (response.destroyed) return;
    if (!response.write(chunk)) {
      await Promise.race([once(response, 'drain'), once(response, 'close')]);
    }
  }
  response.end();
}

/** The answer to a control call from a page (or host) the emulator does not serve. */
function controlRefused(reason: string): Reply {
  return jsonReply(403, {
    message:
      `The emulator's control and inspection routes (/_emulator/*) answer pages on loopback ` +
      `(localhost, 127.0.0.0/8, [::1]) and callers without an Origin; ${reason}. Start the ` +
      'emulator with --allow-origin ORIGIN (allowOrigins) to let another origin in.',
  });
}

/** Send the AWS spelling of the headers AWS sends (browsers and SDKs do not care; people do). */
function canonicalCase(headers: Record<string, string>): Record<string, string> {
  const spelled: Record<string, string> = {
    'x-amzn-requestid': 'x-amzn-RequestId',
    'x-amzn-errortype': 'x-amzn-ErrorType',
    'retry-after': 'Retry-After',
  };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[spelled[name] ?? name] = value;
  return out;
}

/**
 * The answer to a body over `MAX_BODY_BYTES`, in the operation's terms when the path or headers
 * say which (the body itself is not read): PutRumEvents and Cognito calls get
 * `RequestEntityTooLargeException`, the control routes a message.
 */
function tooLarge(request: RawRequest, note: RequestNote, control: boolean): Reply {
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
function readBody(
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
    incoming.on('end', () =>
      resolvePromise(
        over
          ? { body: Buffer.alloc(0), size, tooLarge: true }
          : { body: Buffer.concat(chunks), size, tooLarge: false },
      ),
    );
    incoming.on('close', () => {
      if (!incoming.complete) reject(new Error('the client closed the connection mid-request'));
    });
    incoming.on('error', reject);
  });
}

function errorMessage(reply: Reply): string | undefined {
  try {
    const parsed = JSON.parse(String(reply.body ?? '')) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

function logLine(
  request: RawRequest,
  status: number,
  note: RequestNote,
  errorType: string | undefined,
  message: string | undefined,
  signature: { signed: boolean; presigned: boolean },
): string {
  const words: string[] = [];
  if (note.operation && note.operation !== 'preflight') {
    words.push(note.operation, String(status));
  } else {
    words.push(request.method, request.path, String(status));
  }
  if (errorType) words.push(errorType);
  if (note.appMonitorId) words.push(`app=${note.appMonitorId}`);
  if (note.eventCount !== undefined) words.push(`events=${note.eventCount}`);
  if (note.identityPoolId) words.push(`pool=${note.identityPoolId}`);
  if (note.identityId) words.push(`identity=${note.identityId}`);
  if (note.roleArn) words.push(`role=${note.roleArn}`);
  if (note.issuedAccessKeyId) words.push(`issued=${note.issuedAccessKeyId}`);
  if (note.operation && note.operation !== 'preflight') {
    const signed = note.signed ?? signature.signed;
    const presigned = note.presigned ?? signature.presigned;
    words.push(presigned ? 'presigned' : signed ? 'signed' : 'unsigned');
    if (note.contentEncoding) words.push(note.contentEncoding);
  }
  if (note.fault?.delayMs) words.push(`delayed=${note.fault.delayMs}ms`);
  if (note.fault?.drop) words.push(`dropped-${note.fault.drop}`);
  if (message) words.push('-', message.split('\n')[0]);
  if (note.logDetail) words.push(`[${note.logDetail}]`);
  return words.join(' ');
}

function urlHost(address: string): string {
  if (address === '0.0.0.0' || address === '::') return '127.0.0.1';
  return address.includes(':') ? `[${address}]` : address;
}
