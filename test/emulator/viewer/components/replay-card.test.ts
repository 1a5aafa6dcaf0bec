/** @jest-environment jsdom */
import { createReplayCard } from '../../../../emulator/viewer/components/replay-card';
import { A, B, ev, seeded, sync, watch } from './harness';

const rrweb = (session: string, types: number[]) =>
  ev(session, 'rrweb_event', {
    events: types.map((type, i) => ({ type, timestamp: 1000 + i, data: {} })),
  });

test('the replay card: the same events touch nothing; a full snapshot offers the player', () => {
  const store = seeded();
  const card = createReplayCard();
  card.update(store.state);
  expect(card.el.childElementCount).toBe(0);
  const dom = watch(card.el);
  card.update(store.state);
  card.update(store.apply(sync({ events: [rrweb(A, [4, 2])] })));
  expect(dom.count()).toBe(0);

  card.update(store.apply(sync({ events: [rrweb(B, [4, 2, 3])] })));
  expect(card.el.querySelector('[data-testid=replay-open]')).not.toBeNull();
  expect(card.el.textContent).toContain('3 recorded rrweb events');
});
