import { SCHEMA_VERSION } from './rules';
export interface ErrorDetails {
  version: typeof SCHEMA_VERSION;
  type: string;
  message: string;
  filename?: string;
  lineno?: number;
  colno?: number;
  stack?: string;
}

/**
 * js_error_event details from whatever was thrown, rejected or passed to recordError, as the
 * predecessor (aws-rum-web 3.x) names them, since dashboards group by `type`:
 * - an Error, or any object: its `name` and `message` when they are set, and its `stack`;
 * - an ErrorEvent (window.onerror): also where it happened (filename, lineno, colno, as the
 *   event has them), with the event's own type ('error') and message ("Uncaught …") for what
 *   the thrown value does not say;
 * - a string, number or boolean that was thrown or passed to recordError: type and message are
 *   that value as a string (`throw 'x'` → type 'x');
 * - a rejection's reason (`rejection`: 'unhandledrejection') keeps that type and, when it is not
 *   an object, gives its message;
 * - otherwise (undefined, null, no name or message): type 'error', message 'undefined'.
 * The values are always strings, so the schema never refuses the event (the predecessor sent a
 * number `message` as it was).
 */
export const errorDetails = (
  input: unknown,
  stackTraceLength = 1000,
  rejection?: string,
): ErrorDetails => {
  const d: ErrorDetails = {
    version: SCHEMA_VERSION,
    type: rejection || 'error',
    message: 'undefined',
  };
  let e = input as Partial<Error> | null | undefined;
  if (typeof ErrorEvent != 'undefined' && input instanceof ErrorEvent) {
    d.type = input.type;
    d.message = input.message;
    d.filename = input.filename;
    d.lineno = input.lineno;
    d.colno = input.colno;
    e = input.error;
  }
  if (e && typeof e == 'object') {
    if (e.name) d.type = String(e.name);
    if (e.message) d.message = String(e.message);
    if (typeof e.stack == 'string' && stackTraceLength > 0)
      d.stack = e.stack.slice(0, stackTraceLength);
  } else if (e != null) {
    d.message = String(e);
    if (!rejection) d.type = d.message;
  }
  return d;
};
