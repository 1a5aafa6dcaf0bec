/**
 * `startEmulator`: the HTTP server, and the walk of one request through it: the CORS gate of
 * the control routes, the body within its limit (body.ts), the route (the viewer's files, the
 * inspection API in inspect.ts, the AWS operations through router.ts, a static directory), an
 * injected fault's delay or drop, the answer (respond.ts), and the request record and log line
 * (requestlog.ts). The `Emulator` it returns is a thin face over the store and the registry.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readBody, tooLarge } from './body';
import {
  appMonitorProblem,
  checked,
  credentialProblem,
  identityPoolProblem,
  roleProblem,
} from './checks';
import { internal, jsonErrorReply, unknownOperation } from './errors';
import {
  flattenHeaders,
  jsonReply,
  mediaType,
  parseQuery,
  type RawRequest,
  type Reply,
  type RequestNote,
} from './http';
import { inspect, isInspectPath } from './inspect';
import { MAX_BODY_BYTES } from './limits';
import { type CorsDecision, OriginPolicy } from './origins';
import { Registry } from './registry';
import { requestRecord } from './requestlog';
import { controlRefused, corsHeaders, preflight, send, withRetryAfter } from './respond';
import { findHandler } from './router';
import { checkClockOffset, checkDemoUrl, checkLifetime, Delays, urlHost } from './settings';
import { rootRedirect, serveStatic, serveViewer } from './static';
import { Store } from './store';
import { ChangeStream } from './stream';
import { TokenIssuer } from './token';
import type { Emulator, EmulatorOptions } from './types';

/** The route that streams change notices (Server-Sent Events). */
const STREAM_PATH = '/_emulator/stream';

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
      const { record, line } = requestRecord(request, reply, note, status, origin, registry);
      store.record(record);
      log(line);
    }
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
