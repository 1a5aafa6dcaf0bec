import { whenIdle } from '../browser/page';
import { loadReplay } from '../lazy/load';
import type { Warn } from '../domain/types';
import { say } from '../lazy/say';
import { monitor } from '../tools/monitor';
import { own } from '../tools/own';
import type { Plugin, PluginContext } from './plugin';
import { replaySampled } from './replay-sampling';

/**
 * The eager part of the replay telemetry, in cwr.js: after the page's load event, in idle
 * time, it loads the recorder (cwr-replay.js, with rrweb) for a session that is sampled in
 * by both sessionSampleRate and additionalSampleRate, and hands it its lifecycle from then on.
 */
export const createReplayTelemetry = (options: Record<string, unknown>, warn: Warn): Plugin => {
  let recorder: Plugin | undefined;
  let on = true;
  let context: PluginContext;
  const start = monitor(() => {
    const s = context.getSession();
    if (s?.record && replaySampled(s.sessionId, own(options, 'additionalSampleRate')))
      loadReplay().then(
        monitor((m) => {
          recorder = m.createReplayPlugin(options, warn);
          recorder.load(context);
          if (on) recorder.enable();
        }),
        (e) => say('error', 'telemetry-failed', { name: 'replay', error: e }),
      );
  });
  const idle = () => whenIdle(start, 5000) || setTimeout(start, 0);
  return {
    getPluginId: () => 'replay',
    load(c) {
      context = c;
      if (document.readyState == 'complete') idle();
      else addEventListener('load', idle, { once: true });
    },
    enable() {
      on = true;
      recorder?.enable();
    },
    disable() {
      on = false;
      recorder?.disable();
    },
  };
};
