/**
 * The offline half of the diagnosis, for `npx cloudwatch-rum-web doctor`: what the client
 * would say about a config at start, without a page or a network. Built for Node as
 * dist/doctor.cjs (not part of the package's public exports).
 */
import { REGION_RE, resolveConfig } from './boot/config';
import { checkConfig } from './diagnostics/checks';
import { UUID_RE } from './tools/ids';

export interface Finding {
  level: 'error' | 'warn';
  message: string;
}

/** Every message the client would print at start for this app monitor, region and config. */
export const lintConfig = (appMonitorId: string, region: string, config: unknown): Finding[] => {
  const findings: Finding[] = [];
  if (!UUID_RE.test(appMonitorId)) {
    findings.push({
      level: 'error',
      message: `the app monitor id must be a UUID, got ${JSON.stringify(appMonitorId)}; the client would be disabled.`,
    });
  }
  if (!REGION_RE.test(region)) {
    findings.push({
      level: 'error',
      message: `the region must be an AWS region like 'us-west-2', got ${JSON.stringify(region)}; the client would be disabled.`,
    });
    return findings;
  }
  const g = globalThis as { location?: unknown };
  const hadLocation = 'location' in g;
  const saved = { warn: console.warn, error: console.error };
  // The config reads location.hostname for the default cookie domain.
  if (!hadLocation) g.location = new URL('https://example.com/');
  console.warn = (m: string) =>
    findings.push({ level: 'warn', message: String(m).replace(/^\[cwr\] /, '') });
  console.error = (m: string) =>
    findings.push({ level: 'error', message: String(m).replace(/^\[cwr\] /, '') });
  try {
    const resolved = resolveConfig(region, config);
    for (const p of checkConfig(region, resolved))
      findings.push({ level: 'warn', message: p.message });
  } finally {
    console.warn = saved.warn;
    console.error = saved.error;
    if (!hadLocation) delete g.location;
  }
  return findings;
};
