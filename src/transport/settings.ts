import type { CredentialChain } from '../domain/types';
import type { Clock } from '../tools/clock';
import type { Outcome } from './http-request';
import type { SigV4 } from './sigv4';

/** What the transport is told by the config (boot/send.ts), and the limits every request keeps to. */
export interface DispatchSettings {
  endpointUrl: URL;
  appMonitorId: string;
  appVersion: string;
  region: string;
  signing: boolean;
  headers: Record<string, string>;
  alias?: string;
  batchLimit: number;
  retries: number;
  compression: boolean;
  useBeacon: boolean;
  dispatchInterval: number;
}

export interface DispatchDeps {
  clock: Clock;
  /** The native, unwrapped fetch: the client never records its own requests. */
  fetch: typeof fetch;
  sendBeacon?: (url: string, data: string) => boolean;
  credentials: CredentialChain;
  loadSigner: () => Promise<SigV4>;
  /** PutRumEvents refused or could not be reached: reported (and explained) once per cause. */
  refused: (o: Outcome, data: Record<string, unknown>) => void;
  /** No source had credentials when a batch was due. */
  noCredentials: () => void;
  /** In [0, 1): the jitter of the backoffs (default Math.random). */
  random?: () => number;
  /** False when the browser knows it has no network (default: navigator.onLine). */
  onLine?: () => boolean;
  /**
   * Calls `fn` when the network comes back, until the returned function is called (default:
   * the window's `online` event, browser/connectivity.ts).
   */
  onOnline?: (fn: () => void) => () => void;
}

/**
 * sendBeacon and keepalive fetch share a quota of 64 KiB of bodies in flight per page; a
 * page-hide flush can send about that much, in requests that each stay under it.
 */
export const BEACON_MAX_BYTES = 63_000;
/** Most bytes of a normal dispatch's body: it stays keepalive and leaves the quota to the hide. */
export const KEEPALIVE_MAX_BYTES = 16_000;
/** Most JSON characters of events per request: bodies stay under 1 MiB (rrweb events are large). */
export const BATCH_MAX_CHARS = 640_000;
/** The longest wait: a Retry-After, or the backoff after failures in a row. */
export const MAX_PAUSE_MS = 300_000;
