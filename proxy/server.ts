/**
 * The proxy on node's HTTP server: `startProxy(options)` listens, hands each request to
 * ProxyCore, writes the answer, and stops gracefully: `close()` (what SIGTERM calls) marks
 * the proxy draining (/healthz answers 503, so a load balancer stops sending), stops taking
 * connections, asks kept-alive clients to reconnect elsewhere (`Connection: close`), waits for
 * every request in flight to be answered (at most `shutdownTimeoutMs`), then closes what is
 * left. A batch whose 200 went out has reached CloudWatch RUM before the proxy exits.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { readBody } from '../emulator/body';
import { canonicalCase } from '../emulator/respond';
import { settle, type ProxyOptions, type ProxySettings } from './config';
import { ProxyCore, type ProxyReply } from './core';
import { Logger } from './log';

export interface Proxy {
  /** `http://host:port`, as a client's `endpoint`. */
  url: string;
  port: number;
  settings: ProxySettings;
  core: ProxyCore;
  /** Drains and stops (see the module's comment). Resolves once everything is closed. */
  close(): Promise<void>;
}

export async function startProxy(options: ProxyOptions): Promise<Proxy> {
  const s = settle(options);
  const logger = new Logger(s.logLevel, s.log ?? ((line) => process.stdout.write(line + '\n')));
  const core = new ProxyCore(s, logger);
  let draining = false;
  let settled: () => void = () => undefined;

  const server = http.createServer(
    {
      requestTimeout: 30_000,
      headersTimeout: 10_000,
      keepAliveTimeout: 5_000,
      maxHeaderSize: 16_384,
    },
    (incoming, response) => {
      const [path] = (incoming.url ?? '/').split('?');
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(incoming.headers)) {
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      core
        .handle({
          method: incoming.method ?? 'GET',
          path,
          headers,
          address: incoming.socket.remoteAddress ?? '',
          readBody: (limit) => readBody(incoming, limit),
        })
        .catch((error: unknown): ProxyReply => {
          logger.log('error', 'internal error', { message: String(error) });
          return {
            status: 500,
            headers: {
              'content-type': 'application/json',
              'x-amzn-errortype': 'InternalServerException',
            },
            body: JSON.stringify({
              __type: 'InternalServerException',
              message: 'Internal error in the proxy.',
            }),
          };
        })
        .then((reply) => {
          if (response.destroyed) return;
          const out: Record<string, string> = {
            date: new Date().toUTCString(),
            'content-length': String(Buffer.byteLength(reply.body)),
            ...reply.headers,
          };
          if (!out['x-amzn-requestid']) out['x-amzn-requestid'] = randomUUID();
          if (draining) out.connection = 'close';
          response.writeHead(reply.status, canonicalCase(out));
          response.end(incoming.method === 'HEAD' ? undefined : reply.body);
        })
        .finally(() => {
          if (draining && core.inFlight === 0) settled();
        });
    },
  );
  server.maxConnections = 20_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(s.port, s.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const shown = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  const url = `http://${shown}:${address.port}`;
  logger.lifecycle('listening', {
    url,
    upstream: s.upstream,
    region: s.region,
    appMonitors: s.appMonitors.join(','),
    allowOrigins: s.allowOrigins.join(','),
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      draining = true;
      core.draining = true;
      logger.lifecycle('draining', { inFlight: core.inFlight });
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const idle = new Promise<void>((resolve) => {
        settled = resolve;
        if (core.inFlight === 0) resolve();
      });
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), s.shutdownTimeoutMs);
      });
      const late = (await Promise.race([idle, deadline])) === 'late';
      clearTimeout(timer);
      if (late) logger.log('warn', 'shutdown deadline passed', { inFlight: core.inFlight });
      // Answers are out: close kept-alive connections (idle now), then every other one.
      server.closeIdleConnections();
      if (late) server.closeAllConnections();
      const quick = setTimeout(() => server.closeAllConnections(), 1000);
      await stopped;
      clearTimeout(quick);
      core.close();
      logger.lifecycle('stopped', {});
    })());

  return { url, port: address.port, settings: s, core, close };
}
