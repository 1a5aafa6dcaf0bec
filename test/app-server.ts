/**
 * "The page's own server" for http telemetry tests: a tiny loopback HTTP server with the
 * routes an app's requests need (JSON, error statuses, a slow answer to abort, a streamed
 * answer, an echo of what it received), CORS-open so a page on another origin may call it
 * with trace headers.
 */
import http from 'http';
import type { AddressInfo } from 'net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface AppServer {
  /** e.g. http://127.0.0.1:1234 (no trailing slash). */
  origin: string;
  /** A URL on a port nothing listens on: requests to it fail to connect. */
  unreachable: string;
  /** Requests received so far (preflights included), oldest first. */
  received: ReceivedRequest[];
  close(): Promise<void>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'x-amzn-trace-id, traceparent, content-type, x-app',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
  'access-control-expose-headers': 'x-route',
};

const freePort = async (): Promise<number> => {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
};

/**
 * Routes: `/json` (200 JSON), `/status/{code}`, `/echo` (200 JSON of the method, headers and
 * body received), `/slow?ms=` (answers late; for aborts and timeouts), `/stream` (a chunked
 * body in five parts), and OPTIONS preflights for all of them.
 */
export const startAppServer = async (): Promise<AppServer> => {
  const received: ReceivedRequest[] = [];
  const sockets = new Set<import('net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const send = (status: number, text: string, type = 'text/plain') => {
        res.writeHead(status, { ...CORS, 'content-type': type, 'x-route': url.pathname });
        res.end(text);
      };
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS);
        return res.end();
      }
      const status = /^\/status\/(\d{3})$/.exec(url.pathname);
      if (url.pathname === '/json') return send(200, '{"hello":"world"}', 'application/json');
      if (status) return send(Number(status[1]), `status ${status[1]}`);
      if (url.pathname === '/echo') {
        return send(
          200,
          JSON.stringify({ method: req.method, headers: req.headers, body }),
          'application/json',
        );
      }
      if (url.pathname === '/slow') {
        const t = setTimeout(() => send(200, 'late'), Number(url.searchParams.get('ms') ?? 10_000));
        res.on('close', () => clearTimeout(t));
        return;
      }
      if (url.pathname === '/stream') {
        res.writeHead(200, { ...CORS, 'content-type': 'text/plain' });
        let i = 0;
        const next = () => {
          if (res.destroyed) return;
          if (i === 5) return res.end();
          res.write(`part${i++};`);
          setTimeout(next, 20);
        };
        return next();
      }
      send(404, 'no such route');
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    unreachable: `http://127.0.0.1:${await freePort()}/nothing`,
    received,
    close: () =>
      new Promise((r) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => r());
      }),
  };
};
