/**
 * `cloudwatch-rum-web/react`: an error boundary that records what it catches with React's
 * component stack, and a hook that records a page view when the page id changes
 * (docs/frameworks.md). It imports only `react` (a peer dependency, not bundled) and nothing of
 * the client: it talks to the app's `AwsRum` (npm) when given one, else to the snippet's
 * `cwr(...)` (CDN) when the page has it, else does nothing. It never throws into the app and
 * touches no browser global at import time or while rendering (server rendering is a no-op).
 */
import * as React from 'react';

/** What the entries use of a client: the npm `AwsRum` (this package's or aws-rum-web's). */
export interface RumLike {
  recordPageView(pageId: string): void;
  recordError(error: unknown): void;
}

/** The longest `stack` the client keeps (`recordError` cuts the rest: src/domain/errors.ts). */
const STACK_LIMIT = 1000;

type Command = (name: string, payload?: unknown) => unknown;

/**
 * The snippet's command function: `window.cwr`, or the name the snippet was given (its
 * `AwsRumClient.n`). Read only when something is recorded, never on the server.
 */
const snippetCommand = (): Command | undefined => {
  if (typeof window === 'undefined') return undefined;
  const w = window as unknown as Record<string, unknown>;
  const client = w.AwsRumClient as { n?: unknown } | undefined;
  const name =
    client && typeof client === 'object' && typeof client.n === 'string' ? client.n : 'cwr';
  const f = w[name];
  return typeof f === 'function' ? (f as Command) : undefined;
};

/** Calls `rum[method](arg)`, or the snippet's command of that name; never throws. */
const send = (
  rum: RumLike | null | undefined,
  method: 'recordPageView' | 'recordError',
  arg: unknown,
): void => {
  try {
    if (rum) (rum[method] as (a: unknown) => void)(arg);
    else snippetCommand()?.(method, arg);
  } catch {
    // The app's monitoring must never break the app.
  }
};

/** `text` cut at its last line break within `max` characters (or at `max` if there is none). */
const cutLines = (text: string, max: number): string => {
  if (text.length <= max) return text;
  const nl = text.lastIndexOf('\n', max);
  return text.slice(0, nl > 0 ? nl : max);
};

/**
 * The error to record for one React caught with its component stack: its type and message, and
 * a `stack` of its JavaScript stack, then a "Component stack:" section. Both fit within the
 * client's 1000 characters: the JavaScript stack gives up lines (down to half) so that the
 * component stack, which is what only React knows, is not the part cut off. A new Error: the
 * app's own error object is left as it was.
 */
export const withComponentStack = (
  error: unknown,
  componentStack: string | null | undefined,
  limit = STACK_LIMIT,
): Error => {
  const e = error && typeof error === 'object' ? (error as Partial<Error>) : undefined;
  // As the client names what is not an Error (src/domain/errors.ts): `throw 'x'` is type 'x'.
  const message = e ? (e.message ? String(e.message) : 'undefined') : String(error);
  const name = e ? (e.name ? String(e.name) : 'error') : error == null ? 'error' : message;
  const out = new Error(message);
  out.name = name;
  const js = e && typeof e.stack === 'string' && e.stack ? e.stack : `${name}: ${message}`;
  const lines = (componentStack ?? '').replace(/^\s*\n/, '').trimEnd();
  if (!lines) {
    out.stack = js.slice(0, limit);
    return out;
  }
  const section = '\n\nComponent stack:\n' + lines;
  const head = cutLines(js, Math.max(Math.floor(limit / 2), limit - section.length));
  out.stack = head + cutLines(section, limit - head.length);
  return out;
};

/** What the boundary renders once it has caught `error`; `reset` renders the children again. */
export type RumFallback =
  React.ReactNode | ((error: unknown, reset: () => void) => React.ReactNode);

export interface RumErrorBoundaryProps {
  /** The npm client; without it, the snippet's `cwr` (when the page has it). */
  rum?: RumLike | null;
  /** Rendered instead of the children after an error (nothing when not given). */
  fallback?: RumFallback;
  children?: React.ReactNode;
}

interface BoundaryState {
  failed: boolean;
  error: unknown;
}

/**
 * An error boundary: an error thrown while rendering its children (or in their lifecycle
 * methods and effects) is recorded once as a js_error, with React's component stack in its
 * `stack`, and the fallback is rendered instead. Errors in event handlers and async code never
 * reach a boundary (the client's errors telemetry records those when they are uncaught).
 *
 * @example
 * <RumErrorBoundary rum={rum} fallback={(error, reset) => <button onClick={reset}>Retry</button>}>
 *   <App />
 * </RumErrorBoundary>
 */
export class RumErrorBoundary extends React.Component<RumErrorBoundaryProps, BoundaryState> {
  override state: BoundaryState = { failed: false, error: undefined };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { failed: true, error };
  }

  override componentDidCatch(error: unknown, info: React.ErrorInfo): void {
    try {
      const recorded = withComponentStack(error, info?.componentStack);
      const { rum } = this.props;
      // After the commit that caught it, whose page view (useRumPageView, in a layout effect of
      // a component above) is then recorded: the error belongs to the route that broke.
      queueMicrotask(() => send(rum, 'recordError', recorded));
    } catch {
      // (Building the error could throw only on a hostile value.)
    }
  }

  /** Renders the children again (the fallback's second argument). */
  reset = (): void => this.setState({ failed: false, error: undefined });

  override render(): React.ReactNode {
    if (!this.state.failed) return this.props.children ?? null;
    const { fallback } = this.props;
    return typeof fallback === 'function'
      ? fallback(this.state.error, this.reset)
      : (fallback ?? null);
  }
}

/**
 * A layout effect in the browser (run in the commit, before the boundaries' records and the
 * passive effects), and on the server the passive one, which never runs there (React 17 and 18
 * warn about a layout effect on the server).
 */
const useCommitEffect: typeof React.useEffect = (effect, deps) =>
  (typeof document !== 'undefined' ? React.useLayoutEffect : React.useEffect)(effect, deps);

/**
 * Records a page view of `pageId` after the first render and whenever `pageId` changes (not on
 * every render), in an effect: nothing happens on the server. An empty or non-string id is
 * skipped. The view is recorded in the commit of the render that shows it, so that an error a
 * `RumErrorBoundary` below catches in that render is recorded on the new page.
 *
 * @example
 * useRumPageView(`/products/${category}`, rum);
 */
export function useRumPageView(pageId: string, rum?: RumLike | null): void {
  // The client as of the last commit, without making it a reason to record again.
  const client = React.useRef(rum);
  useCommitEffect(() => {
    client.current = rum;
  });
  // The id recorded last by this component: StrictMode's second run of the effect, or the same
  // id again, records nothing more.
  const last = React.useRef<string | undefined>(undefined);
  useCommitEffect(() => {
    if (typeof pageId !== 'string' || !pageId || pageId === last.current) return;
    last.current = pageId;
    send(client.current, 'recordPageView', pageId);
  }, [pageId]);
}
