/**
 * A signing proxy for CloudWatch RUM: browsers send unsigned PutRumEvents (the client's
 * `signing: false`, `endpoint` set to the proxy); the proxy checks them and forwards them
 * signed with the server's AWS credentials. docs/proxy.md has the whole story.
 *
 * @example
 * const proxy = await startProxy({
 *   upstream: 'https://dataplane.rum.us-east-1.amazonaws.com',
 *   appMonitors: ['00000000-0000-0000-0000-000000000001'],
 *   allowOrigins: ['https://www.example.com'],
 * });
 */
export { startProxy, type Proxy } from './server';
export { handler as lambdaHandler } from './lambda';
export { ProxyConfigError, DEFAULTS, type ProxyOptions, type RateLimit } from './config';
