import type { Warn } from '../domain/types';
import { errorDetails } from '../domain/errors';
import { JS_ERROR } from '../domain/event-types';
import { listen } from '../browser/listen';
import { isCount, isFn, type OptionSpec, resolveOptions } from './options';
import { OWN_FILE } from './own';
import type { Plugin, PluginContext } from './plugin';

/**
 * The `errors` telemetry: uncaught errors and unhandled promise rejections, as js_error_event.
 * Options: `stackTraceLength` (1000), `ignore(event)` → true to skip an error.
 */
export const ERRORS_OPTIONS: OptionSpec<{
  stackTraceLength: number;
  ignore: (e: unknown) => unknown;
}> = {
  stackTraceLength: [1000, isCount],
  ignore: [() => false, isFn],
};

export const createErrorsPlugin = (options: Record<string, unknown>, warn: Warn): Plugin => {
  const o = resolveOptions('errors', options, ERRORS_OPTIONS, warn);
  let context: PluginContext | undefined;
  let stops: (() => void)[] | undefined;

  const report = (event: Event, what: unknown, rejection?: string) => {
    let skip: unknown;
    try {
      skip = o.ignore(event);
    } catch (e) {
      context?.problem?.('errors-ignore', { error: String(e) });
    }
    if (!skip && context)
      context.record(JS_ERROR, errorDetails(what, o.stackTraceLength, rejection));
  };
  const onError = (e: ErrorEvent) => {
    if (OWN_FILE.test(e.filename || '')) return;
    // An ErrorEvent without an error object is a resource or cross-origin script error.
    report(e, e);
  };
  // A reason that is not an Error keeps the event's type, 'unhandledrejection', as before.
  const onRejection = (e: PromiseRejectionEvent) => report(e, e.reason, e.type);

  const plugin: Plugin = {
    getPluginId: () => 'js-error',
    load(ctx) {
      context = ctx;
      plugin.enable();
    },
    enable() {
      if (stops || !context) return;
      stops = [
        listen('error', onError),
        listen<PromiseRejectionEvent>('unhandledrejection', onRejection),
      ];
    },
    disable() {
      stops?.forEach((stop) => stop());
      stops = undefined;
    },
    record: (error) => context?.record(JS_ERROR, errorDetails(error, o.stackTraceLength)),
  };
  return plugin;
};
