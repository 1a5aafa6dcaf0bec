import {
  inpCulprits,
  inpInteraction,
  longFrame,
  overlaps,
  scriptSource,
} from '../../../../emulator/viewer/logic/long-frames';
import { T0, ev } from '../fixtures';

const frame = (
  startTime: number,
  duration: number,
  o: { inp?: boolean; page?: string; at?: number; scripts?: unknown[] } = {},
) =>
  ev(
    's1',
    'cwr.long_animation_frame',
    {
      startTime,
      duration,
      blockingDuration: duration - 50,
      scripts: o.scripts ?? [],
      ...(o.inp ? { inp: true } : {}),
    },
    { at: o.at ?? T0, page: o.page ?? '/' },
  );
const inp = (
  value: number,
  start: number | undefined,
  end: number | undefined,
  page = '/',
  at = T0,
) =>
  ev(
    's1',
    'interaction_to_next_paint_event',
    {
      value,
      attribution: {
        interactionTarget: 'button#checkout',
        ...(start !== undefined ? { interactionTime: start } : {}),
        ...(end !== undefined ? { nextPaintTime: end } : {}),
      },
    },
    { at, page },
  );

describe('longFrame', () => {
  it('reads a long animation frame, its scripts longest first', () => {
    const f = longFrame(
      frame(1840.2, 212.5, {
        scripts: [
          { sourceURL: 'https://x.example/a.js', invoker: 'TIMER', duration: 10 },
          {
            sourceURL: 'https://www.example.com/js/cart.js',
            sourceFunctionName: 'recalculate',
            sourceCharPosition: 4410,
            invoker: 'BUTTON#checkout.onclick',
            invokerType: 'event-listener',
            duration: 195.2,
          },
          'not a script',
        ],
      }),
    );
    expect(f).toMatchObject({ kind: 'frame', startTime: 1840.2, duration: 212.5, inp: false });
    expect(f!.blockingDuration).toBe(162.5);
    expect(f!.scripts.map((s) => s.duration)).toEqual([195.2, 10]);
    expect(f!.scripts[0]).toMatchObject({
      sourceFunctionName: 'recalculate',
      invoker: 'BUTTON#checkout.onclick',
    });
  });

  it('reads a long task, its attribution as the scripts', () => {
    const f = longFrame(
      ev('s1', 'cwr.long_task', {
        startTime: 10,
        duration: 80,
        attribution: [
          {
            name: 'self',
            containerType: 'iframe',
            containerSrc: 'https://ads.example/',
            containerId: 'ad',
          },
        ],
      }),
    );
    expect(f).toMatchObject({ kind: 'task', duration: 80 });
    expect(f!.scripts).toEqual([
      { sourceURL: 'https://ads.example/', invoker: 'iframe ad', invokerType: 'self' },
    ]);
  });

  it('is undefined for other events and frames without times', () => {
    expect(longFrame(ev('s1', 'cwr.rage_click', {}))).toBeUndefined();
    expect(longFrame(ev('s1', 'cwr.long_animation_frame', { duration: 5 }))).toBeUndefined();
  });
});

describe('inpInteraction and overlaps', () => {
  it('a frame overlaps the interaction from its start to the next paint', () => {
    const i = inpInteraction(inp(300, 1000, 1300))!;
    expect(i).toMatchObject({ value: 300, start: 1000, end: 1300, target: 'button#checkout' });
    const f = (s: number, d: number) => longFrame(frame(s, d))!;
    expect(overlaps(f(900, 150), i)).toBe(true);
    expect(overlaps(f(1250, 100), i)).toBe(true);
    expect(overlaps(f(800, 200), i)).toBe(false); // ends as the interaction starts
    expect(overlaps(f(1300, 100), i)).toBe(false); // starts at the next paint
    // Without both times there is no window.
    expect(overlaps(f(900, 150), inpInteraction(inp(300, 1000, undefined))!)).toBe(false);
  });
});

describe('inpCulprits', () => {
  it("lists the frames under the session's worst INP, longest first, each once", () => {
    const c = inpCulprits([
      inp(120, 100, 220, '/', T0),
      inp(480, 2000, 2480, '/', T0 + 5000),
      frame(150, 110), // under the 120 ms INP only
      frame(1900, 180),
      frame(2300, 300),
      frame(2300, 300, { inp: true, at: T0 + 5000 }), // the same frame again, with the INP
      frame(4000, 150), // after the paint
    ]);
    expect(c.inp).toMatchObject({ value: 480, start: 2000, end: 2480 });
    expect(c.frames.map((f) => [f.startTime, f.duration])).toEqual([
      [2300, 300],
      [1900, 180],
    ]);
    expect(c.total).toBe(5);
  });

  it('a frame recorded with an INP goes with the INP of its page recorded nearest to it', () => {
    const c = inpCulprits([
      inp(600, undefined, undefined, '/a', T0),
      inp(300, undefined, undefined, '/b', T0 + 60_000),
      frame(10, 500, { inp: true, page: '/a', at: T0 }),
      frame(20, 250, { inp: true, page: '/b', at: T0 + 60_000 }),
    ]);
    expect(c.inp?.value).toBe(600);
    expect(c.frames.map((f) => f.duration)).toEqual([500]);
  });

  it('with no INP there are no culprits, but the frames are counted', () => {
    expect(inpCulprits([frame(1, 200)])).toEqual({ frames: [], total: 1 });
  });
});

test('scriptSource: the file name and the character position', () => {
  expect(
    scriptSource({ sourceURL: 'https://www.example.com/js/cart.js?v=3', sourceCharPosition: 4410 }),
  ).toBe('cart.js:4410');
  expect(scriptSource({ sourceURL: 'https://www.example.com/' })).toBe('https://www.example.com/');
  expect(scriptSource({})).toBe('');
});
