import { randomHex } from '../tools/ids';

/** The ids of one traced request: X-Ray trace id and the id of the request's subsegment. */
export interface Trace {
  /** X-Ray form `1-{8 hex epoch seconds}-{24 hex}` (35 characters), whatever header is sent. */
  _traceId: string;
  /** 16 hex: the `remote` subsegment's id (the http_event's segment_id), the `Parent` the server sees. */
  _segmentId: string;
}

/** New trace ids for a request starting at `nowMs` (epoch milliseconds). */
export const newTrace = (nowMs: number): Trace => ({
  _traceId: `1-${Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')}-${randomHex(12)}`,
  _segmentId: randomHex(8),
});

/**
 * The header that carries `t` to the server: `X-Amzn-Trace-Id: Root=…;Parent=…;Sampled=1`,
 * or with `w3c` `traceparent: 00-{the trace id's 32 hex}-{segment id}-01`.
 */
export const traceHeader = (t: Trace, w3c: boolean): [string, string] =>
  w3c
    ? ['traceparent', `00-${t._traceId.slice(2, 10)}${t._traceId.slice(11)}-${t._segmentId}-01`]
    : ['X-Amzn-Trace-Id', `Root=${t._traceId};Parent=${t._segmentId};Sampled=1`];
