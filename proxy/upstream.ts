/**
 * Forwarding one batch to PutRumEvents: signed with SigV4 (smithy's SignatureV4, node's
 * SHA-256) with the server's credentials, sent over node's HTTP client on kept-alive
 * connections, tried again with backoff when the service says it took nothing: a 5xx or 429
 * answer, ThrottlingException, or a connection that failed before the request could have
 * reached it. A request the service may have received but whose answer was lost (a timeout,
 * a reset after the body was sent) is not sent again here: that could store the batch twice;
 * the browser's client is told (502/504) and decides, as it would without a proxy.
 */
import http from 'node:http';
import https from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ProxyCredentials, ProxySettings } from './config';
import { NodeSha256 } from './hash';
import type { Metrics } from './metrics';

/** The upstream answered (any status). */
export interface Answered {
  kind: 'answered';
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  attempts: number;
}

/** No answer: credentials missing, connection failed, timed out. */
export interface Failed {
  kind: 'failed';
  /** What the browser is told: 502 (no answer) or 504 (too late); 500 without credentials. */
  status: number;
  errorType: string;
  message: string;
  attempts: number;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 2000;
/** A Retry-After longer than this is passed to the browser instead of waited for. */
const MAX_RETRY_AFTER_S = 5;
/** Connection errors after which the service cannot have the request. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The AWS SDK's default credential provider chain (environment, shared config and profile,
 * web identity, container and instance metadata), memoized and refreshed before expiry.
 */
function defaultChain(): () => Promise<ProxyCredentials> {
  // Required here, not at the top: only a proxy without its own `credentials` loads the SDK.
  type Sdk = typeof import('@aws-sdk/credential-provider-node');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk: Sdk = require('@aws-sdk/credential-provider-node');
  return sdk.defaultProvider();
}

interface Wire {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

class WireError extends Error {
  constructor(
    message: string,
    /** Whether the service may have the request (so it must not be sent again). */
    readonly maybeSent: boolean,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

export class Upstream {
  private readonly signer: SignatureV4;
  private readonly agent: http.Agent;
  private readonly send: typeof http.request;
  private readonly url: URL;

  constructor(
    private readonly s: ProxySettings,
    private readonly metrics: Metrics,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, ms)),
  ) {
    this.url = s.upstreamUrl;
    const secure = this.url.protocol === 'https:';
    this.send = secure ? https.request : http.request;
    const agentOptions = { keepAlive: true, maxSockets: 256, maxFreeSockets: 32 };
    this.agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.signer = new SignatureV4({
      service: 'rum',
      region: s.region,
      credentials: s.credentials ?? defaultChain(),
      sha256: NodeSha256,
    });
  }

  /** Sends one batch (`body` exactly as received, `gzip` when it came compressed). */
  async put(appMonitorId: string, body: Buffer, gzip: boolean): Promise<Answered | Failed> {
    const path = `${this.url.pathname}appmonitors/${encodeURIComponent(appMonitorId)}/`;
    let attempts = 0;
    for (;;) {
      attempts += 1;
      if (attempts > 1) this.metrics.retries += 1;
      let signed: { headers: Record<string, string> };
      try {
        signed = await this.signer.sign({
          method: 'POST',
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port ? Number(this.url.port) : undefined,
          path,
          query: {},
          headers: {
            host: this.url.host,
            'content-type': 'application/json',
            'content-length': String(body.length),
            ...(gzip ? { 'content-encoding': 'gzip' } : {}),
          },
          body,
        });
      } catch (error) {
        return {
          kind: 'failed',
          status: 500,
          errorType: 'InternalServerException',
          message:
            'The proxy has no AWS credentials to sign with: ' +
            `${(error as Error).message}. See docs/proxy.md, "Credentials".`,
          attempts,
        };
      }
      const started = performance.now();
      let wire: Wire;
      try {
        wire = await this.request(path, signed.headers, body);
      } catch (error) {
        this.metrics.upstreamTry(0, performance.now() - started);
        const e = error as WireError;
        if (!e.maybeSent && attempts < this.s.maxAttempts) {
          await this.sleep(backoff(attempts));
          continue;
        }
        return {
          kind: 'failed',
          status: e.timedOut ? 504 : 502,
          errorType: 'InternalServerException',
          message: `The proxy got no answer from CloudWatch RUM (${e.message}).`,
          attempts,
        };
      }
      this.metrics.upstreamTry(wire.status, performance.now() - started);
      const retryAfter = Number(wire.headers['retry-after']);
      const type = wire.headers['x-amzn-errortype'] ?? '';
      const retriable = RETRY_STATUS.has(wire.status) || /^ThrottlingException/.test(type);
      const waitable = !(retryAfter > MAX_RETRY_AFTER_S);
      if (wire.status >= 300 && retriable && waitable && attempts < this.s.maxAttempts) {
        await this.sleep(retryAfter > 0 ? retryAfter * 1000 : backoff(attempts));
        continue;
      }
      return { kind: 'answered', ...wire, attempts };
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private request(path: string, headers: Record<string, string>, body: Buffer): Promise<Wire> {
    return new Promise((resolve, reject) => {
      let sent = false;
      const req = this.send({
        protocol: this.url.protocol,
        hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
        port: this.url.port || undefined,
        method: 'POST',
        path,
        headers,
        agent: this.agent,
        timeout: this.s.upstreamTimeoutMs,
      });
      req.on('finish', () => (sent = true));
      req.on('timeout', () => {
        req.destroy(new WireError(`no answer within ${this.s.upstreamTimeoutMs} ms`, true, true));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof WireError) return reject(error);
        // A kept-alive socket the server had closed: it never read this request.
        const stale = req.reusedSocket && error.code === 'ECONNRESET';
        const notSent = NOT_SENT.has(error.code ?? '') || stale || (!sent && !req.reusedSocket);
        reject(new WireError(error.code ?? error.message, !notSent, false));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // An answer to PutRumEvents is a few hundred bytes; keep at most 64 KiB of one.
          if (size <= 65_536) chunks.push(chunk);
        });
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
        });
        res.on('error', (error) => reject(new WireError(error.message, true, false)));
      });
      req.end(body);
    });
  }
}

/** Full-jitter exponential backoff: a random wait up to 100 ms × 2^(tries − 1), at most 2 s. */
export const backoff = (attempts: number): number =>
  Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempts - 1));
