export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** The part of a page the scenarios use, the same in every engine. */
export interface EnginePage {
  engine: EngineName;
  /** Navigates and waits for the load event. */
  goto(url: string): Promise<void>;
  /** Runs `fn(arg)` in the page (a promise is awaited); `arg` and the result are JSON. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Polls `fn(arg)` in the page until it is truthy (a throw, e.g. mid-navigation, is "not yet"). */
  waitFor<A = undefined>(fn: (arg: A) => unknown, arg?: A, ms?: number): Promise<unknown>;
  /** A real pointer click in the middle of the first element matching `selector`. */
  click(selector: string): Promise<void>;
  back(): Promise<void>;
  reload(): Promise<void>;
  url(): Promise<string>;
  /** Closes the page and its profile. */
  close(): Promise<void>;
}

export interface EngineBrowser {
  engine: EngineName;
  version: string;
  /** A page in a fresh profile (no cookies or storage). WebKit: one page at a time. */
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
}

export declare const ENGINES: EngineName[];
export declare const ENGINE_FILES: Record<EngineName, { env: string; path: string; apt: string }[]>;
export declare const launchEngine: (engine: EngineName) => Promise<EngineBrowser>;
export declare const poll: <T>(test: () => Promise<T>, ms: number, what: string) => Promise<T>;
