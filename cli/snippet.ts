/** `cloudwatch-rum-web snippet`: the loader snippet, its CSP hash and the CSP directives. */
import { isUuid, REGION_RE } from '../src/domain/rules';
import type * as Csp from '../snippet/csp';
import { requireClientFile, UsageError, type Io, type Values } from './common';
import { readConfig, requireAppMonitor } from './config';

/** Where the snippet loads cwr.js from by default: the page's own site, dist/cdn/ at its root. */
export const DEFAULT_CLIENT_URL = '/cwr.js';

export const flags = {
  'app-monitor-id': { type: 'string' },
  region: { type: 'string' },
  'app-version': { type: 'string' },
  'client-url': { type: 'string' },
  config: { type: 'string' },
  'config-json': { type: 'string' },
  'config-url': { type: 'string' },
  namespace: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const help = `Usage: cloudwatch-rum-web snippet --app-monitor-id ID --region REGION [options]

Print the CloudWatch RUM loader snippet for an app monitor, the CSP hash of the script
element that holds it, and the Content-Security-Policy directives the client needs.

Options:
  --app-monitor-id ID     the app monitor's id (a UUID)
  --region REGION         the app monitor's region, e.g. us-west-2
  --app-version V         your application's version (default 1.0.0)
  --client-url URL        where you serve cwr.js, with the other files of dist/cdn/
                          beside it: a path on your site or an http(s) URL
                          (default ${DEFAULT_CLIENT_URL})
  --config FILE           the client config as a JSON file
  --config-json JSON      the client config as JSON text
  --config-url URL        where the client fetches more config before it starts: a
                          { "clientConfig": { … } } document (the snippet's 7th
                          argument; the snippet's own config wins over it, key by key)
  --namespace NAME        the global command function (default cwr)
  --json                  print everything as one JSON object
  -h, --help              show this help`;

/** An http(s) URL, protocol-relative or not, or a path (absolute or relative to the page). */
function isScriptUrl(text: string | undefined): boolean {
  if (!text || /\s/.test(text)) return false;
  try {
    return /^https?:$/.test(new URL(text, 'https://page.invalid/dir/').protocol);
  } catch {
    return false;
  }
}

export async function run(v: Values<typeof flags>, io: Io): Promise<number> {
  if (v.help) {
    io.out(help);
    return 0;
  }
  requireAppMonitor(v, 'snippet');
  const id = v['app-monitor-id'];
  if (!isUuid(id)) {
    throw new UsageError(`--app-monitor-id must be the app monitor's id, a UUID; got '${id}'.`);
  }
  if (!REGION_RE.test(v.region)) {
    throw new UsageError(`--region must be a region name like us-west-2; got '${v.region}'.`);
  }
  const config = readConfig(v, io);
  const clientUrl = v['client-url'] ?? DEFAULT_CLIENT_URL;
  if (!isScriptUrl(clientUrl)) {
    throw new UsageError(
      `--client-url must be where cwr.js is served: a path such as /cwr.js or an http(s) URL; got '${clientUrl}'.`,
    );
  }
  const configUrl = v['config-url'];
  if (configUrl !== undefined && !isScriptUrl(configUrl)) {
    throw new UsageError(
      `--config-url must be where the config document is served: a path such as /rum-config.json or an http(s) URL; got '${configUrl}'.`,
    );
  }
  const { snippetWithCsp, policyString } = requireClientFile<typeof Csp>(io.env, 'snippet', 'csp');
  const r = snippetWithCsp({
    namespace: v.namespace,
    appMonitorId: id,
    appVersion: v['app-version'] ?? '1.0.0',
    region: v.region,
    clientUrl,
    config,
    configUrl,
  });
  if (v.json) {
    io.out(JSON.stringify({ ...r, policy: policyString(r.directives) }, null, 2));
    return 0;
  }
  io.out(
    [
      'Paste this into the <head> of every page, exactly as it is (the hash covers every character,',
      'including the line break before </script>):',
      '',
      r.scriptElement,
      '',
      `CSP hash of that script: ${r.hash}`,
      '(the same as the guide\'s recipe: echo "$SNIPPET" | openssl sha256 -binary | openssl base64)',
      '',
      'Content-Security-Policy directives to add:',
      ...Object.entries(r.directives).map(([name, values]) => `  ${name} ${values.join(' ')}`),
    ].join('\n'),
  );
  return 0;
}
