export interface ErrorDetails {
  version: '1.0.0';
  type: string;
  message: string;
  filename?: string;
  lineno?: number;
  colno?: number;
  stack?: string;
}

const str = (v: unknown): string => {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

/**
 * js_error_event details from whatever was thrown or passed to recordError: an Error, an
 * ErrorEvent, a PromiseRejectionEvent's reason, a string, or anything else.
 */
export const errorDetails = (input: unknown, stackTraceLength = 1000): ErrorDetails => {
  const d: ErrorDetails = { version: '1.0.0', type: 'Error', message: '' };
  let err: unknown = input;
  if (typeof ErrorEvent !== 'undefined' && input instanceof ErrorEvent) {
    if (input.filename) d.filename = input.filename;
    if (input.lineno) d.lineno = input.lineno;
    if (input.colno) d.colno = input.colno;
    err = input.error ?? input.message;
  }
  if (err && typeof err === 'object' && ('message' in err || 'name' in err || 'stack' in err)) {
    const e = err as Partial<Error>;
    d.type = typeof e.name === 'string' && e.name ? e.name : 'Error';
    d.message = typeof e.message === 'string' ? e.message : str(e.message);
    if (typeof e.stack === 'string' && stackTraceLength > 0)
      d.stack = e.stack.slice(0, stackTraceLength);
  } else if (err !== undefined) {
    d.type = typeof err === 'string' ? 'Error' : typeof err;
    d.message = str(err);
  } else {
    d.message = 'undefined';
  }
  return d;
};
