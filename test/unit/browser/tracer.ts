import type { RequestEnd, RequestObserver } from '../../../src/browser/requests';

/** A request observer that adds a trace header (unless `header` is undefined) and keeps what it saw. */
export const tracer = (
  header: [string, string] | undefined = ['x-amzn-trace-id', 'Root=1-test'],
) => {
  const seen: { method: string; url: string; end?: RequestEnd }[] = [];
  const o: RequestObserver = (req) => {
    const s: (typeof seen)[number] = { method: req.method, url: req.url };
    seen.push(s);
    if (header) req.setHeader(...header);
    return (end) => void (s.end = end);
  };
  return { o, seen };
};
