/**
 * `cloudwatch-rum-web proxy`: the signing proxy (proxy/), until SIGTERM or Ctrl+C, which drain
 * it. Options from a config file, then the environment, then the flags, each over the last.
 */
import path from 'node:path';
import { startProxy } from '../proxy';
import { ProxyConfigError, DEFAULTS, type LogLevel, type ProxyOptions } from '../proxy/config';
import { ENV, optionsFromEnv, optionsFromFile, parseRate, parseWhole } from '../proxy/sources';
import { UsageError, type Io, type Running, type Values } from './common';

export const flags = {
  upstream: { type: 'string' },
  region: { type: 'string' },
  'app-monitor': { type: 'string', multiple: true },
  'allow-origin': { type: 'string', multiple: true },
  port: { type: 'string' },
  host: { type: 'string' },
  'trust-proxy': { type: 'string' },
  'rate-address': { type: 'string' },
  'rate-session': { type: 'string' },
  'log-level': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const help = `Usage: cloudwatch-rum-web proxy --upstream URL --app-monitor ID --allow-origin ORIGIN [options]

Takes the client's unsigned PutRumEvents (signing: false, endpoint: this proxy), checks them
and forwards them to CloudWatch RUM signed with this server's AWS credentials (the AWS SDK's
default chain: environment, shared config/profile, web identity, container, instance).

Options:
  --upstream URL         the data plane, https://dataplane.rum.REGION.amazonaws.com
  --region REGION        the signing region (default: read from the upstream's host name)
  --app-monitor ID       an app monitor id to send for (repeat for more)
  --allow-origin ORIGIN  a page origin allowed to send, e.g. https://www.example.com, or *
                         (repeat for more)
  --port N               port to listen on (default ${DEFAULTS.port}; 0: any free port)
  --host ADDRESS         address to listen on (default: all interfaces)
  --trust-proxy N        load balancers in front that append X-Forwarded-For (default 0)
  --rate-address R:B     per client address: R requests/s, bursts of B (default ${DEFAULTS.rateAddress.perSecond}:${DEFAULTS.rateAddress.burst})
  --rate-session R:B     per session id (default ${DEFAULTS.rateSession.perSecond}:${DEFAULTS.rateSession.burst})
  --log-level LEVEL      debug, info, warn, error or silent (default info)
  --config FILE          a JSON file of options (docs/proxy.md lists its keys)

Environment (under the flags, over the file):
${Object.entries(ENV)
  .map(([name, what]) => `  ${name.padEnd(24)} ${what}`)
  .join('\n')}

GET /healthz and GET /metrics (Prometheus) are served beside PutRumEvents. See docs/proxy.md.`;

/** The options the flags set. */
export function optionsFromFlags(values: Values<typeof flags>): Partial<ProxyOptions> {
  const o: Partial<ProxyOptions> = {};
  if (values.upstream !== undefined) o.upstream = values.upstream;
  if (values.region !== undefined) o.region = values.region;
  if (values['app-monitor']) o.appMonitors = values['app-monitor'];
  if (values['allow-origin']) o.allowOrigins = values['allow-origin'];
  if (values.port !== undefined) o.port = parseWhole(values.port, '--port');
  if (values.host !== undefined) o.host = values.host;
  if (values['trust-proxy'] !== undefined)
    o.trustProxy = parseWhole(values['trust-proxy'], '--trust-proxy');
  if (values['rate-address'] !== undefined)
    o.rateAddress = parseRate(values['rate-address'], '--rate-address');
  if (values['rate-session'] !== undefined)
    o.rateSession = parseRate(values['rate-session'], '--rate-session');
  if (values['log-level'] !== undefined) o.logLevel = values['log-level'] as LogLevel;
  return o;
}

export async function run(values: Values<typeof flags>, io: Io): Promise<number | Running> {
  if (values.help) {
    io.out(help);
    return 0;
  }
  let options: ProxyOptions;
  try {
    const fileName = values.config ?? io.env.CWR_PROXY_CONFIG;
    const file = fileName ? optionsFromFile(path.resolve(io.cwd, fileName)) : {};
    const env = optionsFromEnv({ ...io.env, CWR_PROXY_CONFIG: undefined });
    options = { ...file, ...env, ...optionsFromFlags(values) } as ProxyOptions;
    const proxy = await startProxy({ ...options, log: (line) => io.out(line) });
    return {
      // A getter: the line is stamped when the signal comes, not now.
      get stopMessage() {
        return JSON.stringify({
          time: io.now().toISOString(),
          level: 'info',
          msg: 'stopping: in-flight requests finish first',
        });
      },
      close: () => proxy.close(),
    };
  } catch (error) {
    if (error instanceof ProxyConfigError) throw new UsageError(`proxy: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(`proxy: the port is in use; choose another with --port.`);
    }
    throw error;
  }
}
