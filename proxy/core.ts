/**
 * The proxy's request handling, apart from any server: a request in (method, path, headers,
 * the peer's address, a way to read the body), an answer out. server.ts runs it on node's
 * HTTP server, lambda.ts on a Lambda function URL.
 *
 * A PutRumEvents call goes through the checks cheapest first, and the body is read only once
 * the request could be accepted: the route, the origin, the app monitor, the client address's
 * rate, media type and encoding, the memory budget, size (as sent and inflated), JSON depth,
 * the service's schemas, the session's rate. Then it is signed and forwarded (upstream.ts) and
 * the service's answer handed back as it came, so the browser's client reads the same error
 * types as from the service itself.
 */
import { jsonErrorReply, ServiceError, validation } from '../emulator/errors';
import { jsonReply, mediaType, safeDecode, type Reply } from '../emulator/http';
import {
  inflate,
  InflatedTooLargeError,
  MAX_JSON_DEPTH,
  nestedDeeperThan,
} from '../emulator/limits';
import { validatePutRumEvents } from '../emulator/validate';
import type { ProxySettings } from './config';
import type { Logger } from './log';
import { Metrics, type RefusalReason } from './metrics';
import { addressKey, RateTable } from './limiter';
import { Upstream } from './upstream';

export interface ProxyRequest {
  method: string;
  /** The path, without the query. */
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** The connection's peer address. */
  address: string;
  /** Reads the body, keeping at most `limit` bytes (`tooLarge` past it). */
  readBody(limit: number): Promise<{ body: Buffer; tooLarge: boolean }>;
}

export interface ProxyReply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

const PUT_PATH = /^(?:\/[^/]+)*\/appmonitors\/([^/]+)\/?$/;
const MEDIA_TYPES = new Set(['application/json', 'application/x-amz-json-1.1', 'text/plain']);
const EXPOSED = 'x-amzn-ErrorType, x-amzn-RequestId, Date, Retry-After';
/** Upstream answer headers the browser gets. */
const PASSED = ['content-type', 'x-amzn-errortype', 'x-amzn-requestid', 'retry-after'];

/** A refusal of the proxy's own: its reason (for /metrics), the service error it answers. */
class Refusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly error: ServiceError,
    readonly retryAfter?: number,
  ) {
    super(error.message);
  }
}

/** The emulator's JSON answers (the AWS error format included), with every field filled in. */
const json = (status: number, body: unknown, headers: Record<string, string> = {}): ProxyReply =>
  filled(jsonReply(status, body, headers));

const errorReply = (e: ServiceError, headers: Record<string, string> = {}): ProxyReply => {
  const reply = filled(jsonErrorReply(e));
  return { ...reply, headers: { ...reply.headers, ...headers } };
};

const filled = (r: Reply): ProxyReply => ({
  status: r.status,
  headers: r.headers ?? {},
  body: r.body ?? '',
});

export class ProxyCore {
  readonly metrics = new Metrics();
  private readonly upstream: Upstream;
  private readonly byAddress: RateTable;
  private readonly bySession: RateTable;
  private readonly monitors: Set<string>;
  private readonly anyOrigin: boolean;
  private readonly origins: Set<string>;
  /** Requests being handled, and the body bytes they have reserved. */
  inFlight = 0;
  buffered = 0;
  draining = false;

  constructor(
    private readonly s: ProxySettings,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.upstream = new Upstream(s, this.metrics);
    this.byAddress = new RateTable(s.rateAddress, s.rateKeys);
    this.bySession = new RateTable(s.rateSession, s.rateKeys);
    this.monitors = new Set(s.appMonitors);
    this.origins = new Set(s.allowOrigins);
    this.anyOrigin = this.origins.has('*');
  }

  async handle(request: ProxyRequest): Promise<ProxyReply> {
    this.inFlight += 1;
    try {
      return await this.route(request);
    } finally {
      this.inFlight -= 1;
    }
  }

  close(): void {
    this.upstream.close();
  }

  /** The client's address: the peer's, or the one the trusted proxies in front of us saw. */
  clientAddress(request: ProxyRequest): string {
    const hops = this.s.trustProxy;
    const forwarded = request.headers['x-forwarded-for'];
    if (hops === 0 || !forwarded) return request.address;
    const list = forwarded
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    return list[Math.max(0, list.length - hops)] ?? request.address;
  }

  private async route(request: ProxyRequest): Promise<ProxyReply> {
    const { method, path } = request;
    if (path === '/healthz' && (method === 'GET' || method === 'HEAD')) {
      return this.draining
        ? json(503, { status: 'draining' }, { 'retry-after': '1' })
        : json(200, { status: 'ok' });
    }
    if (path === '/metrics' && method === 'GET') {
      return {
        status: 200,
        headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
        body: this.metrics.render(this.gauges()),
      };
    }
    const match = PUT_PATH.exec(path);
    if (!match || (method !== 'POST' && method !== 'OPTIONS')) {
      this.metrics.refuse('not_found');
      return errorReply(
        new ServiceError(404, 'UnknownOperationException', `No operation at ${method} ${path}.`),
      );
    }
    const origin = request.headers.origin;
    const allowed = origin !== undefined && (this.anyOrigin || this.origins.has(origin));
    if (!allowed) {
      this.metrics.refuse('origin');
      const why =
        origin === undefined
          ? 'The request has no Origin header; the proxy takes requests from web pages only.'
          : `The origin ${origin} is not allowed to send to this proxy; add it to allowOrigins ` +
            '(--allow-origin).';
      this.logger.sampled('origin', 'warn', 'refused', { reason: 'origin', origin, path });
      return errorReply(new ServiceError(403, 'AccessDeniedException', why));
    }
    const cors = {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': EXPOSED,
      vary: 'Origin',
    };
    if (method === 'OPTIONS') {
      this.metrics.preflights += 1;
      const asked = request.headers['access-control-request-headers'];
      return {
        status: 204,
        headers: {
          ...cors,
          'access-control-allow-methods': 'POST',
          'access-control-allow-headers': (asked ?? 'content-type, content-encoding').slice(
            0,
            2048,
          ),
          'access-control-max-age': '7200',
          ...(request.headers['access-control-request-private-network'] === 'true'
            ? { 'access-control-allow-private-network': 'true' }
            : {}),
        },
        body: '',
      };
    }
    const started = this.now();
    const id = safeDecode(match[1]);
    try {
      const reply = await this.put(request, id, started);
      return { ...reply, headers: { ...cors, ...reply.headers } };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      this.metrics.refuse(error.reason);
      const fields = { reason: error.reason, appMonitorId: id, origin, message: error.message };
      if (error.reason === 'aborted') {
        this.logger.log('debug', 'client hung up', fields);
      } else if (error.reason === 'rate_address' || error.reason === 'rate_session') {
        this.logger.sampled(error.reason, 'warn', 'refused', {
          ...fields,
          address: this.clientAddress(request),
        });
      } else {
        this.logger.sampled(error.reason, 'warn', 'refused', fields);
      }
      const headers: Record<string, string> = { ...cors };
      if (error.retryAfter) headers['retry-after'] = String(error.retryAfter);
      return errorReply(error.error, headers);
    }
  }

  private async put(request: ProxyRequest, id: string, started: number): Promise<ProxyReply> {
    if (!this.monitors.has(id.toLowerCase())) {
      throw new Refusal(
        'app_monitor',
        new ServiceError(
          404,
          'ResourceNotFoundException',
          `AppMonitor with id '${id}' is not one this proxy sends for; its app monitors are ` +
            `${this.s.appMonitors.join(', ')} (appMonitors, --app-monitor).`,
        ),
      );
    }
    const wait = this.byAddress.take(addressKey(this.clientAddress(request)), this.now());
    if (wait) throw throttled('rate_address', 'this address', wait);

    const type = mediaType(request.headers['content-type']);
    if (type !== undefined && !MEDIA_TYPES.has(type)) {
      throw new Refusal(
        'content_type',
        validation(
          `Unsupported Content-Type '${request.headers['content-type']}'; send application/json.`,
        ),
      );
    }
    const encoding = request.headers['content-encoding']?.trim().toLowerCase() || 'identity';
    if (encoding !== 'identity' && encoding !== 'gzip') {
      throw new Refusal(
        'content_type',
        validation(`Unsupported Content-Encoding '${encoding}'; use gzip or none.`),
      );
    }
    const limit = this.s.maxBodyBytes;
    const declared = Number(request.headers['content-length']);
    const reserve = declared >= 0 && declared <= limit ? declared : limit;
    if (this.buffered + reserve > this.s.maxBufferedBytes) {
      throw new Refusal(
        'overloaded',
        new ServiceError(
          503,
          'ServiceUnavailableException',
          'The proxy holds as many request bodies as its memory budget allows; retry shortly.',
        ),
        1,
      );
    }
    this.buffered += reserve;
    try {
      let read: { body: Buffer; tooLarge: boolean };
      try {
        read = await request.readBody(limit);
      } catch (error) {
        throw new Refusal(
          'aborted',
          new ServiceError(400, 'ValidationException', `The request ended early: ${String(error)}`),
        );
      }
      const { body, tooLarge } = read;
      if (tooLarge) throw entityTooLarge(`The request body is over ${limit} bytes.`);
      // In a function of its own, so the inflated text and the parsed batch can be collected
      // while the raw body waits for the upstream.
      const { events, session } = await this.check(body, encoding === 'gzip', id);
      const sessionWait = this.bySession.take(session, this.now());
      if (sessionWait) throw throttled('rate_session', 'this session', sessionWait);

      const answer = await this.upstream.put(id, body, encoding === 'gzip');
      const ms = this.now() - started;
      if (answer.kind === 'failed') {
        this.metrics.count('upstream_failed');
        this.logger.log('error', 'upstream failed', {
          appMonitorId: id,
          status: answer.status,
          errorType: answer.errorType,
          message: answer.message,
          attempts: answer.attempts,
          ms,
        });
        return errorReply(new ServiceError(answer.status, answer.errorType, answer.message));
      }
      const headers: Record<string, string> = {};
      for (const name of PASSED) {
        const value = answer.headers[name];
        if (value !== undefined) headers[name] = value;
      }
      const fields = {
        appMonitorId: id,
        status: answer.status,
        events,
        bytes: body.length,
        gzip: encoding === 'gzip',
        attempts: answer.attempts,
        ms,
        requestId: answer.headers['x-amzn-requestid'],
      };
      if (answer.status >= 200 && answer.status < 300) {
        this.metrics.count('forwarded');
        this.metrics.events += events;
        this.logger.log('info', 'forwarded', fields);
      } else {
        this.metrics.count(answer.status >= 500 ? 'upstream_failed' : 'upstream_refused');
        const errorType = answer.headers['x-amzn-errortype'];
        const msg = answer.status >= 500 ? 'upstream failed' : 'upstream refused';
        this.logger.log(answer.status === 403 || answer.status >= 500 ? 'error' : 'warn', msg, {
          ...fields,
          errorType,
          message: answer.body.toString('utf8').slice(0, 500),
          ...(answer.status === 403
            ? {
                hint: "CloudWatch RUM refused the proxy's own credentials: see docs/proxy.md, IAM policy.",
              }
            : {}),
        });
      }
      return { status: answer.status, headers, body: answer.body };
    } finally {
      this.buffered -= reserve;
    }
  }

  /** The body's checks: size inflated, depth, JSON, schemas. Its event count and session. */
  private async check(
    body: Buffer,
    gzip: boolean,
    id: string,
  ): Promise<{ events: number; session: string }> {
    const limit = this.s.maxBodyBytes;
    const text = await decode(body, gzip, limit);
    // The inflated copy counts against the memory budget while it lives.
    const extra = gzip ? text.length : 0;
    this.buffered += extra;
    try {
      if (nestedDeeperThan(text, MAX_JSON_DEPTH)) {
        throw invalid(validation(`Request body is nested deeper than ${MAX_JSON_DEPTH} levels.`));
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text.toString('utf8'));
      } catch (error) {
        throw invalid(validation(`Request body is not valid JSON: ${(error as Error).message}`));
      }
      try {
        const { input } = validatePutRumEvents(parsed, id);
        return {
          events: input.RumEvents.length,
          session: input.UserDetails.sessionId.toLowerCase(),
        };
      } catch (error) {
        if (error instanceof ServiceError) throw invalid(error);
        throw error;
      }
    } finally {
      this.buffered -= extra;
    }
  }

  private gauges(): Record<string, { help: string; value: number }> {
    return {
      cwr_proxy_in_flight: { help: 'Requests being handled.', value: this.inFlight },
      cwr_proxy_buffered_bytes: { help: 'Request body bytes reserved.', value: this.buffered },
      cwr_proxy_rate_keys: {
        help: 'Keys in the rate tables (addresses + sessions).',
        value: this.byAddress.size + this.bySession.size,
      },
      cwr_proxy_draining: {
        help: '1 after SIGTERM, while in-flight requests finish.',
        value: +this.draining,
      },
      process_resident_memory_bytes: { help: 'Resident memory.', value: process.memoryUsage.rss() },
    };
  }
}

const invalid = (e: ServiceError): Refusal =>
  new Refusal(e.status === 413 ? 'too_large' : 'invalid', e);

const entityTooLarge = (message: string): Refusal =>
  new Refusal('too_large', new ServiceError(413, 'RequestEntityTooLargeException', message));

const throttled = (reason: RefusalReason, who: string, seconds: number): Refusal =>
  new Refusal(
    reason,
    new ServiceError(
      429,
      'ThrottlingException',
      `Rate exceeded for ${who}; retry in ${seconds} s.`,
    ),
    seconds,
  );

/** The body as JSON bytes: inflated when gzip, never past `cap`. */
async function decode(body: Buffer, gzip: boolean, cap: number): Promise<Buffer> {
  if (!gzip) return body;
  try {
    return await inflate(body, cap);
  } catch (error) {
    if (error instanceof InflatedTooLargeError) {
      throw entityTooLarge(`The request body inflates to more than ${cap} bytes.`);
    }
    throw invalid(validation(`Body is not valid gzip data: ${(error as Error).message}`));
  }
}
