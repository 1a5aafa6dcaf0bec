/**
 * Console output of the client. Every message starts with "[cwr]" so a site owner can filter
 * for it. Each client has its own logger (`createLogger`): its `debug` follows that client's
 * `config.debug`, and its `once` keys are its own, so two clients on a page never silence or
 * switch each other. `logger` is the page's: for what is said before a client exists (a bad
 * snippet, bad constructor arguments) and by the page-wide request and History wrappers.
 */
const PREFIX = '[cwr] ';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Logs a message only the first time this logger sees its key. */
  once(key: string, level: Exclude<Level, 'debug'>, message: string): void;
  /** Are debug notes shown? (Then their words are worth loading.) */
  debugging(): boolean;
}

/** A page may replace console methods with ones that throw: that is never our caller's problem. */
const out = (level: Level, message: string): void => {
  try {
    console[level](PREFIX + message);
  } catch {
    // nowhere to say it
  }
};

export const createLogger = (debug: () => boolean): Logger => {
  const seen = new Set<string>();
  const log: Logger = {
    debug: (m) => debug() && out('debug', m),
    debugging: debug,
    info: (m) => out('info', m),
    warn: (m) => out('warn', m),
    error: (m) => out('error', m),
    once(key, level, message) {
      if (seen.has(key)) return;
      seen.add(key);
      log[level](message);
    },
  };
  return log;
};

let pageDebug = false;
/**
 * The page's logger. Its debug notes are about what the clients of a page share (the request
 * and History wrappers): they show once any client on the page has `config.debug`.
 */
export const logger: Logger = createLogger(() => pageDebug);
/** A client with `config.debug` started: the page's debug notes show from now on. */
export const showPageDebug = (): void => void (pageDebug = true);
