/**
 * Console output of the client. Every message starts with "[cwr]" so a site owner can filter
 * for it. `debug` messages appear only with `config.debug`.
 */
const PREFIX = '[cwr] ';
const seen = new Set<string>();

/** A page may replace console methods with ones that throw: that is never our caller's problem. */
const out = (level: 'debug' | 'info' | 'warn' | 'error', message: string): void => {
  try {
    console[level](PREFIX + message);
  } catch {
    // nowhere to say it
  }
};

export const logger = {
  debugEnabled: false,
  debug(message: string): void {
    if (logger.debugEnabled) out('debug', message);
  },
  info(message: string): void {
    out('info', message);
  },
  warn(message: string): void {
    out('warn', message);
  },
  error(message: string): void {
    out('error', message);
  },
  /** Logs a message only the first time its key is seen in this page. */
  once(key: string, level: 'warn' | 'error' | 'info', message: string): void {
    if (seen.has(key)) return;
    seen.add(key);
    logger[level](message);
  },
};
