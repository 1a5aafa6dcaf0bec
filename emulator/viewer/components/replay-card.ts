// The shown session's replay, when its rrweb events hold a full snapshot: a button that opens the
// player (replay-view.ts). An open player goes on with the events it was given; another session
// closes it.

import { h, setChildren } from '../dom';
import { openReplay, playable, replayEvents } from '../replay-view';
import type { ViewerState } from '../state';
import type { Component } from './parts';

export function createReplayCard(): Component {
  const el = h('div', { class: 'replay', 'data-testid': 'replay' });
  let close: (() => void) | undefined;
  /** What the closed card shows: the session and how many rrweb events it offers. */
  let shown: { id?: string; count: number } | undefined;
  let prev: ViewerState | undefined;

  const stop = () => {
    close?.();
    close = undefined;
    shown = undefined;
  };

  const render = (s: ViewerState) => {
    const events = replayEvents(s.sessionEvents);
    if (close || (shown && shown.id === s.shown && shown.count === events.length)) return;
    shown = { id: s.shown, count: events.length };
    if (!playable(events)) return setChildren(el);
    const open = h(
      'button',
      { type: 'button', 'data-testid': 'replay-open' },
      'Play the session replay',
    );
    open.addEventListener('click', () => {
      const closeButton = h('button', { type: 'button', 'data-testid': 'replay-close' }, 'Close');
      const box = h('div', { class: 'replay-box' });
      closeButton.addEventListener('click', () => {
        stop();
        if (prev) render(prev);
      });
      setChildren(el, h('div', { class: 'replay-head' }, h('h2', {}, 'Replay'), closeButton), box);
      close = openReplay(box, events);
    });
    setChildren(
      el,
      h(
        'div',
        { class: 'replay-head' },
        open,
        h('span', { class: 'muted' }, `${events.length} recorded rrweb events (masked)`),
      ),
    );
  };

  return {
    el,
    update(s) {
      const p = prev;
      prev = s;
      if (p && s.shown === p.shown && s.sessionEvents === p.sessionEvents) return;
      if (p && s.shown !== p.shown) stop();
      render(s);
    },
  };
}
