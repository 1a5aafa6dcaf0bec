import { monitor } from '../tools/monitor';

/**
 * Listens to `type` on `target` (the window unless told), in the capture phase with
 * `capture`, the callback behind the error boundary (monitor()). Returns a function that
 * stops listening: every listener the client adds goes through here, so each can be removed.
 * Without a window (a worker, a test's node environment), nothing to listen to: the function
 * does nothing.
 */
export const listen = <E extends Event = Event>(
  type: string,
  fn: (e: E) => void,
  target: EventTarget | undefined = typeof window == 'object' ? window : undefined,
  capture?: boolean,
): (() => void) => {
  if (!target) return () => undefined;
  const listener = monitor(fn) as EventListener;
  target.addEventListener(type, listener, capture);
  return () => target.removeEventListener(type, listener, capture);
};
