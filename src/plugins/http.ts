import { SCHEMA_VERSION } from '../domain/rules';
import type { Warn } from '../domain/types';
import { observeFetch } from '../browser/fetch';
import { type RequestObserver } from '../browser/requests';
import { ownRequest } from './own';
import { observeXhr } from '../browser/xhr';
import { errorDetails } from '../domain/errors';
import { HTTP, XRAY_TRACE } from '../domain/event-types';
import { type Clock, systemClock } from '../tools/clock';
import { isBool, isCount, isRegExps, type OptionSpec, resolveOptions } from './options';
import type { Plugin, PluginContext } from './plugin';
import { randomHex } from '../tools/ids';
import { newTrace, traceHeader } from './trace';

export interface HttpOptions extends Record<string, unknown> {
  urlsToInclude: RegExp[];
  urlsToExclude: RegExp[];
  stackTraceLength: number;
  recordAllRequests: boolean;
  addXRayTraceIdHeader: boolean | RegExp[];
  logicalServiceName: string;
}

export const HTTP_OPTIONS: OptionSpec<HttpOptions> = {
  urlsToInclude: [[/.*/], isRegExps],
  urlsToExclude: [[], isRegExps],
  stackTraceLength: [1000, isCount],
  recordAllRequests: [false, isBool],
  addXRayTraceIdHeader: [false, (v) => isBool(v) || isRegExps(v)],
  logicalServiceName: ['rum.aws.amazon.com', (v) => typeof v == 'string' && !!v],
};

const matches = (res: RegExp[], url: string) => res.some((r) => url.search(r) > -1);

/**
 * The `http` telemetry: requests made with fetch and XMLHttpRequest, as http_event — by
 * default failures only (no response, or a status >= 300), every request with
 * `recordAllRequests`. With `config.enableXRay` every request also gets an X-Ray segment
 * (xray_trace_event). `addXRayTraceIdHeader` (true, or the URLs as RegExp[]) sends the trace
 * to the server in `X-Amzn-Trace-Id` (or `traceparent` with `config.enableW3CTraceId`);
 * never by default, since a new header makes cross-origin requests need CORS preflights.
 * The segment is the client's, named `logicalServiceName` ('rum.aws.amazon.com'), with one
 * `remote` subsegment named for the server's host; the header's `Parent` is that subsegment.
 * `observe` (the classes FetchPlugin and XhrPlugin) watches only fetch or only XHR.
 *
 * @example
 * telemetries: [['http', { urlsToExclude: [/\/health$/], addXRayTraceIdHeader: [/api\.example\.com/] }]]
 */
export const createHttpPlugin = (
  options: Record<string, unknown>,
  warn: Warn,
  clock: Clock = systemClock,
  observe = [observeFetch, observeXhr],
): Plugin => {
  const o = resolveOptions('http', options, HTTP_OPTIONS, warn);
  let context: PluginContext | undefined;
  let stops: (() => void)[] | undefined;
  // Never recorded, even if they were ever seen: the client's own requests.
  let own: (url: string) => boolean;

  const observer: RequestObserver = (req) => {
    const { method, url } = req;
    const c = context;
    if (!c || !stops || !c.getSession()?.record) return;
    const { config } = c;
    if (own(url) || !matches(o.urlsToInclude, url) || matches(o.urlsToExclude, url)) return;
    const h = o.addXRayTraceIdHeader;
    const traced = h === true || (!!h && matches(h, url));
    const xray = config.enableXRay;
    const start = clock.now();
    const t = traced || xray ? newTrace(start) : undefined;
    const header = t && traced && traceHeader(t, config.enableW3CTraceId);
    if (header) req.setHeader(...header);
    return ({ status = 0, statusText, error, aborted }) => {
      if (!stops) return;
      const request = {
        method,
        url: config.recordResourceUrl ? config.groupUrl(url, 'http') : undefined,
      };
      const e = error ? errorDetails(error, o.stackTraceLength) : undefined;
      // A cross-origin request that got no response after the client added its trace header:
      // what a CORS preflight refusing that header looks like from here.
      const origin = header && e && !aborted && /^\w+:\/\/[^/?#]*/.exec(url)?.[0];
      if (origin && origin !== location.origin)
        c.problem?.('xray-header-cors', { method, url, origin, header: header[0] });
      if (o.recordAllRequests || (e ? !aborted : status >= 300))
        c.record(HTTP, {
          version: SCHEMA_VERSION,
          request,
          ...(e ? { error: e } : { response: { status, statusText } }),
          ...(t && { trace_id: t._traceId, segment_id: t._segmentId }),
        });
      if (xray && t) {
        const times = { start_time: start / 1000, end_time: clock.now() / 1000 };
        const flags = {
          error: status >= 400 && status < 500,
          throttle: status === 429,
          fault: status >= 500 || (!!e && !aborted),
        };
        c.record(XRAY_TRACE, {
          version: SCHEMA_VERSION,
          name: o.logicalServiceName,
          origin: 'AWS::RUM::AppMonitor',
          id: randomHex(8),
          trace_id: t._traceId,
          ...times,
          ...flags,
          subsegments: [
            {
              id: t._segmentId,
              name: new URL(url).hostname,
              ...times,
              namespace: 'remote',
              http: { request: { ...request, traced }, response: e ? undefined : { status } },
              ...flags,
              cause: e && { exceptions: [{ type: e.type, message: e.message }] },
            },
          ],
        });
      }
    };
  };

  const plugin: Plugin = {
    getPluginId: () => 'http',
    load(ctx) {
      const { config } = ctx;
      own = ownRequest(config);
      context = ctx;
      plugin.enable();
    },
    enable() {
      if (context && !stops) stops = observe.map((f) => f(observer));
    },
    disable() {
      stops?.forEach((stop) => stop());
      stops = undefined;
    },
  };
  return plugin;
};
