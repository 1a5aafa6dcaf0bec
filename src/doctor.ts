/**
 * The offline half of the diagnosis, for `npx cloudwatch-rum-web doctor`: every message the
 * client prints at start for a config, from the client's own checks, without a page or a
 * network. Built for Node as dist/doctor.cjs (not part of the package's public exports).
 * test/unit/doctor.test.ts holds it equal to what the client prints for the same configs.
 */
import { whyNotStart } from './boot/aws-rum';
import { isUuid } from './domain/rules';
import { resolveConfig, type Warn } from './boot/config';
import { checkConfig } from './diagnostics/checks';
import { describeProblem } from './diagnostics/explain';
import { describeMessage } from './diagnostics/messages';
import { describeOption } from './diagnostics/options';
import { configAttributes } from './domain/metadata';
import { ERRORS_OPTIONS } from './plugins/errors';
import { HTTP_OPTIONS } from './plugins/http';
import { INTERACTION_OPTIONS, validTargets } from './plugins/interaction';
import { type OptionSpec, resolveOptions } from './plugins/options';
import { PERFORMANCE_OPTIONS } from './plugins/performance';
import { recordOptionsOf, REPLAY_OPTIONS } from './plugins/replay';

export interface Finding {
  level: 'error' | 'warn' | 'info';
  message: string;
}

const SPECS: Record<string, OptionSpec<Record<string, unknown>>> = {
  errors: ERRORS_OPTIONS,
  http: HTTP_OPTIONS,
  performance: PERFORMANCE_OPTIONS,
  interaction: INTERACTION_OPTIONS,
  replay: REPLAY_OPTIONS,
};

/** Every message the client would print at start for this app monitor, region and config. */
export const lintConfig = (appMonitorId: string, region: string, config: unknown): Finding[] => {
  const findings: Finding[] = [];
  const refused = whyNotStart(appMonitorId, region, config);
  if (refused) return [{ level: refused[0], message: describeMessage(refused[1], refused[2]) }];
  const warn: Warn = (message, detail) =>
    findings.push({ level: 'warn', message: detail ? describeOption(message, detail) : message });

  let c: ReturnType<typeof resolveConfig>;
  try {
    c = resolveConfig(region, config, warn);
  } catch (e) {
    findings.length = 0;
    findings.push({
      level: 'error',
      message: describeMessage('config-threw', { error: e }),
    });
    c = resolveConfig(region, {}, () => undefined);
  }
  if (!isUuid(appMonitorId)) {
    const ctx = { appMonitorId, region, endpoint: c.endpoint };
    const p = describeProblem('app-monitor-id', { id: appMonitorId }, ctx);
    if (p) warn(p.message);
  }
  configAttributes(c, (key, data) => warn(describeMessage(key, data)));
  for (const [name, options] of c.telemetries) {
    const o = resolveOptions(name, options, SPECS[name], warn);
    if (name === 'interaction') validTargets(o.events, 'telemetries interaction.events', warn);
    if (name === 'replay') recordOptionsOf(o.recordOptions as Record<string, unknown>, warn);
  }
  for (const p of checkConfig(region, c)) warn(p.message);
  if (c.sessionSampleRate === 0) {
    // Every session is sampled out: the client says so in the first one.
    const p = describeProblem(
      'not-sampled',
      { rate: 0, cookies: c.allowCookies },
      { appMonitorId, region, endpoint: c.endpoint },
    );
    if (p) warn(p.message);
  }
  return findings;
};

/** The telemetry options that record custom events (docs/insights.md), by telemetry. */
const CUSTOM_EVENT_OPTIONS: Record<string, [string, string][]> = {
  interaction: [['frustration', 'cwr.rage_click, cwr.dead_click, cwr.error_click']],
  performance: [['longFrames', 'cwr.long_animation_frame, cwr.long_task']],
};

/**
 * What the config needs of the app monitor that no client check can see: notes, not
 * problems (the client says nothing of them at start). Custom events are refused by an app
 * monitor that has not enabled them.
 */
export const reminders = (region: string, config: unknown): Finding[] => {
  let c: ReturnType<typeof resolveConfig>;
  try {
    c = resolveConfig(region, config, () => undefined);
  } catch {
    return [];
  }
  const notes: Finding[] = [];
  for (const [name, options] of c.telemetries)
    for (const [option, types] of CUSTOM_EVENT_OPTIONS[name] ?? [])
      if (options[option] === true)
        notes.push({
          level: 'info',
          message:
            `telemetries ${name}.${option} records custom events (${types}): the app monitor ` +
            `must have custom events enabled, or CloudWatch RUM refuses the batches that hold ` +
            `them. In the console: the app monitor's configuration, "Custom events: Active"; ` +
            `with the API: UpdateAppMonitor with CustomEvents: { Status: 'ENABLED' }.`,
        });
  return notes;
};
