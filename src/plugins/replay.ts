import { SCHEMA_VERSION } from '../domain/rules';
import type { Warn } from '../domain/types';
import { logger } from '../tools/logger';
import { monitor } from '../tools/monitor';
import { own } from '../tools/own';
import { isCount, type OptionCheck, type OptionSpec, resolveOptions } from './options';
import type { Plugin, PluginContext } from './plugin';
import { replaySampled } from './replay-sampling';

export const RRWEB_EVENT = 'com.amazon.rum.rrweb_event';

/** One rrweb recording event, as rrweb emits it. */
export interface RrwebEvent {
  type: number;
  timestamp: number;
  data: unknown;
}

/** rrweb's `record(options)`: starts recording, returns the function that stops it. */
export type RecordFn = ((options: Record<string, unknown>) => (() => void) | undefined) & {
  takeFullSnapshot?: (isCheckout?: boolean) => void;
};

export interface ReplayOptions extends Record<string, unknown> {
  /** Of the sessions sampled in (sessionSampleRate), the fraction that is recorded. */
  additionalSampleRate: number;
  /** rrweb events per rrweb_event. */
  batchSize: number;
  /** The longest rrweb events wait before they are recorded, in ms. */
  flushInterval: number;
  /** Passed to rrweb's record(), over RECORD_DEFAULTS; masking (MASKING) cannot be changed. */
  recordOptions: Record<string, unknown>;
}

export const isRate: OptionCheck = (v) => typeof v === 'number' && v >= 0 && v <= 1;

export const REPLAY_OPTIONS: OptionSpec<ReplayOptions> = {
  additionalSampleRate: [1, isRate],
  batchSize: [50, (v) => isCount(v) && (v as number) >= 1],
  flushInterval: [5000, (v) => typeof v === 'number' && v > 0],
  recordOptions: [{}, (v) => !!v && typeof v === 'object' && !Array.isArray(v)],
};

/** What rrweb records unless the site's recordOptions say otherwise. */
export const RECORD_DEFAULTS: Record<string, unknown> = {
  slimDOMOptions: 'all',
  inlineStylesheet: true,
  inlineImages: false,
  collectFonts: true,
  recordCrossOriginIframes: false,
};

/**
 * Masking, always: every input's value and every text node is recorded as asterisks. A site's
 * recordOptions cannot turn it off, nor replace it by functions of its own (which could return
 * the text as it is).
 */
export const MASKING: Record<string, unknown> = { maskAllInputs: true, maskTextSelector: '*' };
const UNMASKING = ['maskInputFn', 'maskTextFn'];

/**
 * Most characters of one rrweb_event's events: a batch is recorded once it has this many, so
 * a page-hide beacon (about 63 KB) can carry one. A single rrweb event may be larger (a full
 * snapshot of a big page), up to MAX_RRWEB_EVENT_CHARS.
 */
export const BATCH_CHARS = 60_000;
/**
 * The largest rrweb event recorded, in JSON characters: with the escaping of the request
 * body, a PutRumEvents request that carries it stays under 1 MiB (the emulator's limit; the
 * service publishes none). A full snapshot over it stops the page's recording: without its
 * snapshot a replay cannot be played.
 */
export const MAX_RRWEB_EVENT_CHARS = 500_000;

/** rrweb's event types the recorder looks at. */
const FULL_SNAPSHOT = 2;

/**
 * The options for rrweb's record(): the defaults, the site's recordOptions over them, then
 * masking over everything. An attempt to weaken masking is reported once (by option name)
 * and overridden.
 */
export const recordOptionsOf = (given: Record<string, unknown>, warn: Warn) => {
  const out: Record<string, unknown> = { ...RECORD_DEFAULTS };
  const weakened: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    const v = own(given, key);
    if (UNMASKING.includes(key) || (key in MASKING && v !== MASKING[key])) weakened[key] = v;
    else out[key] = v;
  }
  if (Object.keys(weakened).length)
    warn('telemetries replay.recordOptions', {
      got: weakened,
      fallback: MASKING,
      rule: 'telemetries replay.recordOptions masking',
    });
  return Object.assign(out, MASKING);
};

/**
 * The replay telemetry: rrweb records the page (masked), and every `batchSize` events, every
 * `flushInterval` ms, when the page hides and when the client is disabled, what it recorded
 * becomes one com.amazon.rum.rrweb_event. Those go through the core's gates like any event (the
 * session's sampling and event limit). `record` is rrweb's (a fake in unit tests).
 *
 * Only sessions the eager part (./replay-entry) sampled in load it.
 */
export const createReplayPlugin = (
  options: Record<string, unknown>,
  warn: Warn,
  record: RecordFn,
): Plugin => {
  const o = resolveOptions('replay', options, REPLAY_OPTIONS, warn);
  const recordOptions = recordOptionsOf(o.recordOptions, warn);
  let context: PluginContext | undefined;
  let stop: (() => void) | undefined;
  let buffer: RrwebEvent[] = [];
  let chars = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let session: string | undefined;
  /** A full snapshot was too large: nothing more is recorded on this page. */
  let tooLarge = false;

  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (!buffer.length || !context) return;
    const events = buffer;
    buffer = [];
    chars = 0;
    context.record(RRWEB_EVENT, { version: SCHEMA_VERSION, events, eventCount: events.length });
    // A new session (the last one expired, or the app started one): its replay needs a
    // snapshot of its own to start from, if it is sampled in; if not, recording ends here.
    const s = context.getSession();
    if (s && session && s.sessionId !== session && stop) {
      if (s.record && replaySampled(s.sessionId, o.additionalSampleRate))
        record.takeFullSnapshot?.(true);
      else halt();
    }
    session = s?.sessionId;
  };

  const emit = monitor((e: RrwebEvent): void => {
    if (tooLarge) return;
    const size = JSON.stringify(e).length;
    if (size > MAX_RRWEB_EVENT_CHARS) {
      if (e.type !== FULL_SNAPSHOT) return;
      tooLarge = true;
      logger.warn(
        `replay: the page's snapshot is ${size} characters, more than ${MAX_RRWEB_EVENT_CHARS}; this page is not recorded.`,
      );
      return halt();
    }
    if (chars + size > BATCH_CHARS) flush();
    buffer.push(e);
    chars += size;
    if (buffer.length >= o.batchSize) flush();
    else timer ??= setTimeout(monitor(flush), o.flushInterval);
  });

  const start = (): void => {
    if (stop || tooLarge) return;
    try {
      // rrweb reports its observers' errors here: swallowed, never the page's problem.
      // (The full snapshot is emitted before record() returns.)
      const s = record({ errorHandler: () => true, ...recordOptions, emit }) ?? undefined;
      if (tooLarge) s?.();
      else stop = s;
    } catch (e) {
      logger.warn(`replay: rrweb could not start (${String(e)}).`);
    }
  };
  /** Stops recording and records what was buffered. */
  function halt(): void {
    const s = stop;
    stop = undefined;
    try {
      s?.();
    } catch {
      // rrweb's own cleanup
    }
    flush();
  }
  // In the capture phase at the window: before the core's own page-hide handler, so what
  // was buffered goes with the page-hide flush.
  const onHide = monitor(() => {
    if (document.visibilityState === 'hidden') flush();
  });
  const onPageHide = monitor(flush);

  return {
    getPluginId: () => 'rrweb',
    load(c: PluginContext) {
      context = c;
      session = c.getSession()?.sessionId;
    },
    enable() {
      addEventListener('visibilitychange', onHide, true);
      addEventListener('pagehide', onPageHide, true);
      start();
    },
    disable() {
      removeEventListener('visibilitychange', onHide, true);
      removeEventListener('pagehide', onPageHide, true);
      halt();
    },
  };
};
