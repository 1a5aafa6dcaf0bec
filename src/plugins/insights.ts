import { createLongFrames } from './long-frames';
import type { PluginContext } from './plugin';
import { createRouteTiming, type Observe } from './route-timing';
import { createViewVitals } from './view-vitals';

/** The performance telemetry's options that need this module (docs/insights.md). */
export interface InsightOptions {
  routeTiming: boolean;
  vitalsPerView: boolean;
  longFrames: boolean;
  longFrameThreshold: number;
}

/**
 * Route timing, web vitals per view and long animation frames: what the performance telemetry
 * records only when asked (all off by default), so a chunk of its own (cwr-insights.js beside
 * cwr.js; a bundler chunk with npm), loaded by the performance telemetry when one is on. Each
 * hook does nothing for what is off. `record` is the performance telemetry's: it records
 * nothing while the client is disabled, nor what happened then (`times`).
 */
export const createInsights = (
  ctx: PluginContext,
  o: InsightOptions,
  record: (type: string, details: object, times: number[]) => unknown,
  off: (time: number) => boolean,
  observe: Observe,
) => {
  const routes = o.routeTiming ? createRouteTiming(ctx, observe) : undefined;
  const frames = o.longFrames
    ? createLongFrames(
        o.longFrameThreshold,
        record,
        ctx.config.recordResourceUrl !== false
          ? (url) => ctx.config.groupUrl(url, 'resource')
          : undefined,
      )
    : undefined;
  // A view's INP brings the long frames that explain it, as web-vitals' does.
  const views = o.vitalsPerView
    ? createViewVitals(record, off, (start, end) => frames?.at(start, end))
    : undefined;
  return {
    start(): void {
      views?.start();
      frames?.on();
    },
    stop(): void {
      routes?.stop();
      views?.stop();
      frames?.off();
    },
    /** The page hides, before the web vitals' hide: the frames the browser still holds. */
    hide(): void {
      routes?.hide();
      frames?.take();
    },
    /** After the web vitals' hide: the view's INP and CLS. */
    hidden: (): void => views?.hide(),
    /** A new view is about to be recorded: the old one's INP and CLS, under its metadata. */
    before: (route: boolean): void => views?.view(route),
    after: (route: boolean): void => routes?.view(route),
    loaded: (): void => routes?.loaded(),
    /** The INP's long animation frames, as web-vitals reports the INP. */
    inp: (entries: PerformanceLongAnimationFrameTiming[]): void => frames?.inp(entries),
  };
};

export type Insights = ReturnType<typeof createInsights>;
