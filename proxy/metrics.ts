/**
 * What `/metrics` reports, in Prometheus's text format (version 0.0.4): counters by label,
 * the upstream latency histogram, and gauges read at scrape time. Labels come from fixed sets
 * (outcomes, refusal reasons, status classes), never from the request, so the series are
 * bounded.
 */

/**
 * Why the proxy refused a request itself (`aborted`: the client hung up before its body was
 * in). The upstream's refusals are counted by outcome instead.
 */
export type RefusalReason =
  | 'origin'
  | 'app_monitor'
  | 'not_found'
  | 'content_type'
  | 'too_large'
  | 'invalid'
  | 'rate_address'
  | 'rate_session'
  | 'overloaded'
  | 'aborted';

export const REFUSAL_REASONS: RefusalReason[] = [
  'origin',
  'app_monitor',
  'not_found',
  'content_type',
  'too_large',
  'invalid',
  'rate_address',
  'rate_session',
  'overloaded',
  'aborted',
];

/** How a PutRumEvents request through the proxy ended. */
export type Outcome = 'forwarded' | 'refused' | 'upstream_refused' | 'upstream_failed';
const OUTCOMES: Outcome[] = ['forwarded', 'refused', 'upstream_refused', 'upstream_failed'];

/** Upper bounds of the latency buckets, seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Metrics {
  readonly requests = new Map<Outcome, number>(OUTCOMES.map((o) => [o, 0]));
  readonly refusals = new Map<RefusalReason, number>(REFUSAL_REASONS.map((r) => [r, 0]));
  /** Upstream answers by status class (`2xx`, `4xx`, `5xx`) and `error` for no answer. */
  readonly upstream = new Map<string, number>(['2xx', '4xx', '5xx', 'error'].map((c) => [c, 0]));
  events = 0;
  retries = 0;
  preflights = 0;
  private readonly latency = new Array<number>(BUCKETS.length + 1).fill(0);
  private latencySum = 0;
  private latencyCount = 0;

  count(outcome: Outcome): void {
    this.requests.set(outcome, (this.requests.get(outcome) ?? 0) + 1);
  }

  refuse(reason: RefusalReason): void {
    this.refusals.set(reason, (this.refusals.get(reason) ?? 0) + 1);
    this.count('refused');
  }

  /** One upstream try: its answer's status (0: none) and how long it took, ms. */
  upstreamTry(status: number, ms: number): void {
    const cls = status === 0 ? 'error' : `${Math.floor(status / 100)}xx`;
    this.upstream.set(cls, (this.upstream.get(cls) ?? 0) + 1);
    const seconds = ms / 1000;
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
    this.latency[i] += 1;
    this.latencySum += seconds;
    this.latencyCount += 1;
  }

  /** The exposition text; `gauges` are read now (in flight, buffered bytes, table sizes…). */
  render(gauges: Record<string, { help: string; value: number }>): string {
    const lines: string[] = [];
    const family = (name: string, type: string, help: string) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    family('cwr_proxy_requests_total', 'counter', 'PutRumEvents requests, by how they ended.');
    for (const [o, n] of this.requests) lines.push(`cwr_proxy_requests_total{outcome="${o}"} ${n}`);
    family('cwr_proxy_refusals_total', 'counter', 'Requests the proxy refused itself, by reason.');
    for (const [r, n] of this.refusals) lines.push(`cwr_proxy_refusals_total{reason="${r}"} ${n}`);
    family('cwr_proxy_events_total', 'counter', 'RUM events the upstream accepted.');
    lines.push(`cwr_proxy_events_total ${this.events}`);
    family('cwr_proxy_preflights_total', 'counter', 'CORS preflights answered.');
    lines.push(`cwr_proxy_preflights_total ${this.preflights}`);
    family('cwr_proxy_upstream_requests_total', 'counter', 'Upstream tries, by answer.');
    for (const [c, n] of this.upstream) {
      lines.push(`cwr_proxy_upstream_requests_total{status="${c}"} ${n}`);
    }
    family('cwr_proxy_upstream_retries_total', 'counter', 'Upstream tries after the first.');
    lines.push(`cwr_proxy_upstream_retries_total ${this.retries}`);
    family('cwr_proxy_upstream_latency_seconds', 'histogram', 'Upstream try latency.');
    let cumulative = 0;
    BUCKETS.forEach((le, i) => {
      cumulative += this.latency[i];
      lines.push(`cwr_proxy_upstream_latency_seconds_bucket{le="${le}"} ${cumulative}`);
    });
    lines.push(`cwr_proxy_upstream_latency_seconds_bucket{le="+Inf"} ${this.latencyCount}`);
    lines.push(`cwr_proxy_upstream_latency_seconds_sum ${this.latencySum}`);
    lines.push(`cwr_proxy_upstream_latency_seconds_count ${this.latencyCount}`);
    for (const [name, g] of Object.entries(gauges)) {
      family(name, 'gauge', g.help);
      lines.push(`${name} ${g.value}`);
    }
    return lines.join('\n') + '\n';
  }
}
