/** @jest-environment jsdom */
import { createVitals } from '../../../../emulator/viewer/components/vitals';
import { A, B, ev, seeded, sync, watch } from './harness';

const card = (el: Element, testid: string, vital: string) =>
  el.querySelector(`[data-testid=${testid}][data-vital=${vital}]`) as HTMLElement;

test('the vitals: the same state touches nothing; another session changes only the all-sessions part', () => {
  const store = seeded();
  const vitals = createVitals();
  vitals.update(store.state);
  expect(card(vitals.el, 'vital-card', 'lcp').dataset.rating).toBe('good');
  expect(card(vitals.el, 'vital-p75', 'lcp').textContent).toContain('5.00 s');
  const dom = watch(vitals.el);
  vitals.update(store.state);
  vitals.update(store.choose({ chartScope: 'all', allRequests: true }));
  expect(dom.count()).toBe(0);

  vitals.update(
    store.apply(sync({ events: [ev(A, 'first_contentful_paint_event', { value: 900 })] })),
  );
  const mine = vitals.el.querySelector('[data-testid=session-vitals]') as HTMLElement;
  const touched = dom.touched();
  expect(touched.length).toBeGreaterThan(0);
  expect(touched.some((n) => mine.contains(n))).toBe(false);
  expect(card(vitals.el, 'vital-p75', 'fcp').dataset.rating).toBe('good');

  vitals.update(
    store.apply(sync({ events: [ev(B, 'cumulative_layout_shift_event', { value: 0.3 })] })),
  );
  expect(card(vitals.el, 'vital-card', 'cls').dataset.rating).toBe('poor');
});

test("under the INP card: the long frames that overlap the session's worst INP, with their scripts", () => {
  const store = seeded();
  const vitals = createVitals();
  vitals.update(store.state);
  // B has no INP: nothing listed.
  expect(vitals.el.querySelector('[data-testid=inp-frames]')!.childNodes).toHaveLength(0);

  const frame = (startTime: number, duration: number, scripts: Record<string, unknown>[] = []) =>
    ev(B, 'cwr.long_animation_frame', {
      startTime,
      duration,
      blockingDuration: duration - 50,
      scripts,
    });
  vitals.update(
    store.apply(
      sync({
        events: [
          ev(B, 'interaction_to_next_paint_event', {
            value: 420,
            attribution: {
              interactionTarget: '#checkout',
              interactionTime: 1000,
              nextPaintTime: 1420,
            },
          }),
          frame(950, 150),
          frame(1100, 300, [
            { sourceURL: 'https://shop.example/js/a.js', invoker: 'TIMER', duration: 40 },
            {
              sourceURL: 'https://shop.example/js/cart.js',
              sourceFunctionName: 'recalculate',
              sourceCharPosition: 4410,
              invoker: 'BUTTON#checkout.onclick',
              duration: 250,
            },
          ]),
          frame(5000, 400),
        ],
      }),
    ),
  );
  const box = vitals.el.querySelector('[data-testid=inp-frames]') as HTMLElement;
  const frames = [...box.querySelectorAll<HTMLElement>('[data-testid=inp-frame]')];
  expect(frames.map((f) => f.dataset.duration)).toEqual(['300', '150']);
  const scripts = [...frames[0].querySelectorAll('[data-testid=inp-script]')].map((s) =>
    [...s.children].map((c) => c.textContent),
  );
  expect(scripts).toEqual([
    ['250 ms', 'BUTTON#checkout.onclick', 'recalculate', 'cart.js:4410'],
    ['40 ms', 'TIMER', '', 'a.js'],
  ]);
  expect(box.querySelector('[data-testid=inp-frames-note]')!.textContent).toContain(
    'The worst INP, 420 ms on / (#checkout), from 1.00 s to 1.42 s into the page: 2 long frames under it',
  );
  expect(box.textContent).toContain('3 long frames in this session');
});
