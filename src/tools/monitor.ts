import { logger } from './logger';

/**
 * The one error boundary. Every callback the SDK hands to the browser runs through here,
 * so an SDK bug is reported on the console and never reaches the host page.
 */
export const monitor =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  (...args: A): R | undefined => {
    try {
      return fn(...args);
    } catch (e) {
      reportInternalError(e);
      return undefined;
    }
  };

export const reportInternalError = (e: unknown): void => {
  logger.error('internal error (please report it): ' + String((e as Error)?.stack || e));
};
