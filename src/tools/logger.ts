/**
 * Console output of the client. Every message starts with "[cwr]" so a site owner can filter
 * for it. `debug` messages appear only with `config.debug`.
 */
const PREFIX = '[cwr] ';
const seen = new Set<string>();

export const logger = {
  debugEnabled: false,
  debug(message: string): void {
    if (logger.debugEnabled) console.debug(PREFIX + message);
  },
  info(message: string): void {
    console.info(PREFIX + message);
  },
  warn(message: string): void {
    console.warn(PREFIX + message);
  },
  error(message: string): void {
    console.error(PREFIX + message);
  },
  /** Logs a message only the first time its key is seen in this page. */
  once(key: string, level: 'warn' | 'error' | 'info', message: string): void {
    if (seen.has(key)) return;
    seen.add(key);
    logger[level](message);
  },
};
