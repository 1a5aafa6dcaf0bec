import type { BadValue, Unknown } from '../../../src/boot/config';
import type { PluginContext } from '../../../src/plugins/plugin';
import {
  BATCH_CHARS,
  createReplayPlugin,
  MAX_RRWEB_EVENT_CHARS,
  recordOptionsOf,
  RRWEB_EVENT,
  type RecordFn,
  type RrwebEvent,
} from '../../../src/plugins/replay';
import { replaySampled } from '../../../src/plugins/replay-sampling';
import { schemaValidator } from '../domain/schema';

const validate = schemaValidator('rrweb-event.json');

/** rrweb's record(), faked: the test emits events through the emit it was given. */
const fakeRecord = () => {
  const calls: Record<string, unknown>[] = [];
  let stopped = 0;
  let snapshots = 0;
  const record = ((options: Record<string, unknown>) => {
    calls.push(options);
    return () => void stopped++;
  }) as RecordFn;
  record.takeFullSnapshot = () => void snapshots++;
  const emit = (e: RrwebEvent) => (calls[calls.length - 1].emit as (e: RrwebEvent) => void)(e);
  return {
    record,
    calls,
    emit,
    stopped: () => stopped,
    snapshots: () => snapshots,
  };
};

const ev = (type: number, data: unknown = {}, timestamp = 1): RrwebEvent => ({
  type,
  timestamp,
  data,
});

const setup = (options: Record<string, unknown> = {}, sessionId = 'a'.repeat(36)) => {
  const warned: [string, Unknown | BadValue | undefined][] = [];
  const records: { type: string; details: { events: RrwebEvent[]; eventCount: number } }[] = [];
  const session = { sessionId, record: true, eventCount: 0 };
  const ctx = {
    record: (type: string, details: object) => records.push({ type, details: details as never }),
    getSession: () => session,
  } as unknown as PluginContext;
  const rr = fakeRecord();
  const plugin = createReplayPlugin(options, (m, d) => warned.push([m, d]), rr.record);
  plugin.load(ctx);
  plugin.enable();
  return { plugin, rr, records, warned, session };
};

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('the replay telemetry', () => {
  it('records rrweb events in batches of batchSize, the rest after flushInterval', () => {
    const { rr, records } = setup({ batchSize: 3, flushInterval: 1000 });
    [ev(4), ev(2), ev(3), ev(3), ev(3)].forEach(rr.emit);
    expect(records.map((r) => r.details.eventCount)).toEqual([3]);
    jest.advanceTimersByTime(999);
    expect(records).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(records.map((r) => r.details.eventCount)).toEqual([3, 2]);
    for (const r of records) {
      expect(r.type).toBe(RRWEB_EVENT);
      expect(validate(r.details)).toEqual([]);
      expect(r.details).toMatchObject({ version: '1.0.0' });
      expect(r.details.events).toHaveLength(r.details.eventCount);
    }
  });

  it('starts a new rrweb_event before one would pass BATCH_CHARS', () => {
    const { rr, records } = setup({ batchSize: 50 });
    const big = 'x'.repeat(BATCH_CHARS / 3);
    for (let i = 0; i < 4; i++) rr.emit(ev(3, { big }));
    jest.runOnlyPendingTimers();
    expect(records.map((r) => r.details.eventCount)).toEqual([2, 2]);
  });

  it("stops a page's recording whose full snapshot is too large to send", () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { rr, records } = setup();
    rr.emit(ev(4));
    rr.emit(ev(2, { node: 'x'.repeat(MAX_RRWEB_EVENT_CHARS) }));
    rr.emit(ev(3));
    jest.runOnlyPendingTimers();
    expect(rr.stopped()).toBe(1);
    expect(records.flatMap((r) => r.details.events.map((e) => e.type))).toEqual([4]);
    expect(console.warn).toHaveBeenCalledWith(
      expect.stringContaining("replay: the page's snapshot"),
    );
  });

  it('disable() stops rrweb and records what it buffered; enable() records anew', () => {
    const { plugin, rr, records } = setup();
    rr.emit(ev(4));
    rr.emit(ev(2));
    plugin.disable();
    expect(rr.stopped()).toBe(1);
    expect(records.map((r) => r.details.eventCount)).toEqual([2]);
    plugin.enable();
    expect(rr.calls).toHaveLength(2);
  });

  it('a page hide records what was buffered', () => {
    const { rr, records } = setup();
    rr.emit(ev(4));
    const state = jest.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    state.mockRestore();
    expect(records).toHaveLength(1);
  });

  it('takes a full snapshot for a new session, and stops for one not sampled in', () => {
    const { rr, records, session } = setup({ additionalSampleRate: 0.5 });
    rr.emit(ev(4));
    // A session in the rate (its last 8 hex digits are low).
    session.sessionId = '00000000-0000-4000-8000-000000000001';
    jest.runOnlyPendingTimers();
    expect(rr.snapshots()).toBe(1);
    rr.emit(ev(3));
    session.sessionId = '00000000-0000-4000-8000-0000ffffffff';
    jest.runOnlyPendingTimers();
    expect(rr.stopped()).toBe(1);
    expect(records).toHaveLength(2);
  });
});

describe('replay options', () => {
  it('has defaults, and reports a bad or unknown option by name', () => {
    const { rr, warned } = setup({
      batchSize: 0,
      flushInterval: -1,
      additionalSampleRate: 2,
      x: 1,
    });
    expect(warned.map(([m]) => m)).toEqual([
      'telemetries replay.additionalSampleRate',
      'telemetries replay.batchSize',
      'telemetries replay.flushInterval',
      'telemetries replay.x',
    ]);
    expect(warned[1][1]).toMatchObject({ got: 0, fallback: 50 });
    expect(rr.calls[0]).toMatchObject({
      slimDOMOptions: 'all',
      inlineStylesheet: true,
      inlineImages: false,
      collectFonts: true,
      recordCrossOriginIframes: false,
      maskAllInputs: true,
      maskTextSelector: '*',
    });
  });

  it("forwards the site's recordOptions, but never weaker masking (one warning)", () => {
    const warned: unknown[] = [];
    const fn = () => 'as is';
    const o = recordOptionsOf(
      {
        inlineImages: true,
        blockClass: 'private',
        maskAllInputs: false,
        maskTextSelector: '.only-this',
        maskInputFn: fn,
        maskTextFn: fn,
      },
      (m, d) => warned.push([m, d]),
    );
    expect(o).toEqual({
      slimDOMOptions: 'all',
      inlineStylesheet: true,
      inlineImages: true,
      collectFonts: true,
      recordCrossOriginIframes: false,
      blockClass: 'private',
      maskAllInputs: true,
      maskTextSelector: '*',
    });
    expect(warned).toEqual([
      [
        'telemetries replay.recordOptions',
        {
          got: {
            maskAllInputs: false,
            maskTextSelector: '.only-this',
            maskInputFn: fn,
            maskTextFn: fn,
          },
          fallback: { maskAllInputs: true, maskTextSelector: '*' },
          rule: 'telemetries replay.recordOptions masking',
        },
      ],
    ]);
    // Masking as it is enforced anyway: no warning.
    warned.length = 0;
    recordOptionsOf({ maskAllInputs: true, maskTextSelector: '*' }, (m, d) => warned.push([m, d]));
    expect(warned).toEqual([]);
  });
});

describe('replaySampled', () => {
  const ids = Array.from(
    { length: 4000 },
    (_, i) =>
      `0f2b8c1e-7a4d-4c3b-9e1f-${(i * 2654435761).toString(16).padStart(12, '0').slice(-12)}`,
  );
  it('takes the fraction of sessions it is given, the same answer each time for a session', () => {
    expect(ids.every((id) => replaySampled(id, 1))).toBe(true);
    expect(ids.some((id) => replaySampled(id, 0))).toBe(false);
    const share = ids.filter((id) => replaySampled(id, 0.3)).length / ids.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
    for (const id of ids.slice(0, 50)) expect(replaySampled(id, 0.3)).toBe(replaySampled(id, 0.3));
    // A session in at 0.3 is in at any higher rate.
    for (const id of ids.filter((x) => replaySampled(x, 0.3)))
      expect(replaySampled(id, 0.6)).toBe(true);
  });
  it('counts a rate that is not one as the default, 1', () => {
    for (const rate of [undefined, '0', 2, -1, NaN]) expect(replaySampled(ids[0], rate)).toBe(true);
  });
});
