/**
 * The client's own script files in a bundler build (npm): the chunk of each lazily loaded module
 * and, when it is a file of its own, the one that holds the core. The performance telemetry never
 * records them as resources, however the bundler named them. (The CDN files are recognised by
 * name instead: cwr.js and the cwr-*.js chunks beside it.)
 *
 * A file is learnt from an Error created at the top level of a module in it: the first URL of
 * its stack is that file's, in Chromium ("at URL:1:2"), Firefox and WebKit ("code@URL:1:2"),
 * whatever the bundler did to `import.meta.url`. Where stacks say nothing, nothing is learnt.
 */
export const ownFiles = new Set<string>();

const FIRST_URL = /([a-z][\w+.-]*:\/\/[^\s()]+?)(?::\d+){1,2}\)?(?:\s|$)/m;

/** The file whose code created `e` (see above), if its stack says. */
export const fileOf = (e: unknown): string | undefined =>
  FIRST_URL.exec(String((e as Error | undefined)?.stack))?.[1];

/**
 * Learns the file of the core (`here`: an Error created at the core's top level): it is the
 * client's own only when the page names it in no script or link element — otherwise it is the
 * app's own bundle (or a vendor chunk) that the core was bundled into.
 */
export const learnCore = (here: unknown): string | undefined => {
  try {
    const url = fileOf(here);
    const named = [...document.querySelectorAll('script[src],link[href]')].some(
      (el) => (el as HTMLScriptElement).src === url || (el as HTMLLinkElement).href === url,
    );
    if (url && !named) ownFiles.add(url);
    return url;
  } catch {
    return undefined;
  }
};

/** The core's file, learnt when first asked for (see coreLater). */
let coreFile: (() => string | undefined) | undefined;

/**
 * learnCore when it is first needed, not while the client loads: reading an Error's stack
 * takes the page a millisecond or two. Returns the core's file, learning it then.
 */
export const coreLater = (here: unknown): (() => string | undefined) => {
  let url: string | undefined;
  let learnt = false;
  return (coreFile = () => (learnt ? url : ((learnt = true), (url = learnCore(here)))));
};

/** One of the client's own files (the core's learnt first, if it is to be). */
export const isOwnFile = (url: string): boolean => (coreFile?.(), ownFiles.has(url));

/**
 * Learns the file of a lazily loaded module (`m._here`, created at its top level) and those of
 * the modules it shares with another lazy one (more of `m._here`: a bundler that splits puts a
 * module two chunks import in a chunk of its own), unless it is the core's file: a bundler that
 * does not split puts every module in the app's bundle.
 */
export const learnChunk = <T>(m: T, core: string | undefined): T => {
  for (const here of ([] as unknown[]).concat((m as { _here?: unknown })._here)) {
    const url = fileOf(here);
    if (url && url !== core) ownFiles.add(url);
  }
  return m;
};

// Chunk loads in flight: a chunk's file is learnt once it has run, a moment after the browser
// has its resource entry (which a PerformanceObserver may deliver in between).
const loads = new Set<Promise<unknown>>();
const noop = () => undefined;

/** Counts `p` (a chunk load that learns its file, see learnChunk) as in flight until it settles. */
export const loading = <T>(p: Promise<T>): Promise<T> => {
  const settled: Promise<unknown> = p.then(noop, noop).then(() => loads.delete(settled));
  loads.add(settled);
  return p;
};

/** Resolves once no chunk load is in flight (each file learnt); undefined when none is now. */
export const chunksLoaded = (): Promise<unknown> | undefined =>
  loads.size ? Promise.all(loads).then(chunksLoaded) : undefined;
