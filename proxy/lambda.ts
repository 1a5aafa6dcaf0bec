/**
 * The proxy as an AWS Lambda function behind a function URL (payload format 2.0): the same
 * checks and forwarding as the server, configured by the same `CWR_PROXY_*` environment
 * variables, credentials from the function's execution role. Rate limits hold per warm
 * instance only; put API Gateway or WAF rate rules in front for a global limit.
 */
import { settle } from './config';
import { ProxyCore } from './core';
import { Logger } from './log';
import { optionsFromEnv } from './sources';

/** The parts of a function URL's event the proxy reads. */
export interface FunctionUrlEvent {
  rawPath: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { http: { method: string; sourceIp: string } };
}

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

let core: ProxyCore | undefined;

/**
 * The function's handler (`exports.handler = lambdaHandler`): configured from process.env at
 * the first call of a warm instance. Lambda passes its context second; it is not read.
 */
export const handler = (event: FunctionUrlEvent): Promise<FunctionUrlResult> =>
  handleWith(event, process.env);

/** `handler` with the environment given (tests). */
export async function handleWith(
  event: FunctionUrlEvent,
  env: Record<string, string | undefined>,
): Promise<FunctionUrlResult> {
  core ??= new ProxyCore(
    settle({ appMonitors: [], allowOrigins: [], upstream: '', ...optionsFromEnv(env) }),
    new Logger(optionsFromEnv(env).logLevel ?? 'info', (line) => console.log(line)),
  );
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  const reply = await core.handle({
    method: event.requestContext.http.method,
    path: event.rawPath,
    headers,
    // Function URLs put the caller's address here; X-Forwarded-For is theirs to set.
    address: event.requestContext.http.sourceIp,
    readBody: (limit) =>
      Promise.resolve(
        raw.length > limit
          ? { body: Buffer.alloc(0), tooLarge: true }
          : { body: raw, tooLarge: false },
      ),
  });
  const body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body);
  return {
    statusCode: reply.status,
    headers: reply.headers,
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}

/** Forgets the handler's proxy (tests that change the environment). */
export const resetLambda = (): void => {
  core?.close();
  core = undefined;
};
