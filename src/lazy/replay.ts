/**
 * The replay telemetry's recorder, with rrweb: loaded on demand, only for a session sampled
 * in (see plugins/replay-entry), as a chunk of its own (cwr-replay.js beside cwr.js in the
 * CDN build; a bundler chunk with npm).
 */
import { record } from '@rrweb/record';
import type { Warn } from '../boot/config';
import { createReplayPlugin as create, type RecordFn } from '../plugins/replay';
import type { Plugin } from '../plugins/plugin';

export const createReplayPlugin = (options: Record<string, unknown>, warn: Warn): Plugin =>
  create(options, warn, record as unknown as RecordFn);

/** Where this module's code runs: its chunk file in a bundler build (see ./own-files). */
export const _here = new Error();
