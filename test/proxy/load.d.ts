import type { ChildProcess } from 'child_process';
import type { Agent } from 'http';

export interface SpawnedProxy {
  url: string;
  child: ChildProcess;
  /** Its stdout lines, each parsed as JSON (`{ raw }` when not JSON). */
  lines: Array<Record<string, unknown>>;
  /** Its exit code (or the signal's name). */
  exit: Promise<number | string>;
  stderr(): string;
}
export type Outcome = { status?: number; error?: string; ms: number; batchId: string };

export declare const PROXY_KEY: { accessKeyId: string; secretAccessKey: string };
export declare const ORIGIN: string;
export declare function spawnProxy(o: {
  upstream: string;
  region: string;
  appMonitor: string;
  args?: string[];
  env?: Record<string, string>;
}): Promise<SpawnedProxy>;
export declare function batchBody(id: string, events?: number): string;
export declare function post(
  url: string,
  id: string,
  body: string,
  agent?: Agent,
): Promise<Outcome>;
export declare function flood(
  url: string,
  id: string,
  o: { total: number; concurrency: number; events?: number; agent?: Agent },
): Promise<Outcome[]>;
export declare function metrics(url: string): Promise<Record<string, number>>;
export declare function percentile(values: number[], p: number): number;
export interface LoadResult {
  total: number;
  concurrency: number;
  ok: number;
  failed: number;
  rps: number;
  p50: number;
  p99: number;
  rssBefore: number;
  rssPeak: number;
  acknowledgedMissing: number;
  /** Batches the emulator accepted. */
  accepted: number;
  /** CPU seconds the proxy process used during the flood (Linux; else NaN). */
  proxyCpu: number;
  seconds: number;
  /** Answers other than 200, by status (or connection error). */
  failures: Record<string, number>;
  duplicates: number;
  metrics: Record<string, number>;
}
export declare function loadRun(o: {
  startEmulator: unknown;
  total?: number;
  concurrency?: number;
  events?: number;
  args?: string[];
}): Promise<LoadResult>;
