// The header: the emulator's address, what it holds (events, sessions, PutRumEvents calls, how
// many were refused), whether the viewer is live, Export and Clear.

import type { LiveState } from '../live';
import { h, setText } from '../dom';
import { requestVerdict } from '../logic/requests';
import { plural } from '../logic/text';
import type { ViewerState } from '../state';
import type { Component } from './parts';

const LABEL: Record<LiveState, string> = {
  connecting: 'connecting…',
  live: 'live',
  polling: 'live (polling)',
  offline: 'offline',
};

function liveTitle(state: LiveState, detail?: string): string {
  if (state === 'offline') return `Cannot reach the emulator: ${detail ?? ''}`;
  if (state === 'polling') return 'The event stream is not available; checking every 2 seconds.';
  if (state === 'live') return 'Updates as events arrive (Server-Sent Events).';
  return '';
}

export function createHeader(o: { origin: string; onClear: () => void }): Component {
  const stat = (testid: string, noun: string) => {
    const figure = h('b', testid === 'stat-events' ? { 'data-testid': 'event-count' } : {}, '0');
    const word = h('span', {}, ` ${noun}`);
    return { el: h('span', { 'data-testid': testid }, figure, word), figure, word };
  };
  const events = stat('stat-events', 'events');
  const sessions = stat('stat-sessions', 'sessions');
  const requests = stat('stat-requests', 'PutRumEvents calls');
  const refused = h('span', { class: 'pill pill-bad', hidden: true });
  const liveText = h('span', {}, 'connecting');
  const live = h('span', { class: 'live', title: '' }, h('i', { class: 'dot' }), liveText);
  const clear = h(
    'button',
    { type: 'button', class: 'danger', 'data-testid': 'clear-button' },
    'Clear',
  );
  clear.addEventListener('click', o.onClear);
  const el = h(
    'header',
    { class: 'top' },
    h('div', { class: 'brand' }, h('strong', {}, 'RUM emulator'), h('code', {}, o.origin)),
    h('div', { class: 'stats' }, events.el, sessions.el, requests.el, refused),
    h(
      'div',
      { class: 'actions' },
      live,
      h(
        'a',
        { href: '/_emulator/export', download: 'rum-events.json', class: 'button' },
        'Export JSON',
      ),
      clear,
    ),
  );
  const count = (n: number, s: ReturnType<typeof stat>, one: string) => {
    setText(s.figure, String(n));
    // The number is its own element (tests and people read it); the noun follows it.
    setText(s.word, plural(n, one).slice(String(n).length));
  };

  let prev: ViewerState | undefined;
  return {
    el,
    update(s) {
      if (s.events.length !== prev?.events.length) count(s.events.length, events, 'event');
      if (s.sessions.length !== prev?.sessions.length)
        count(s.sessions.length, sessions, 'session');
      if (s.putRequests !== prev?.putRequests) {
        count(s.putRequests.length, requests, 'PutRumEvents call');
        const n = s.putRequests.filter((r) => requestVerdict(r) === 'refused').length;
        if (refused.hidden !== (n === 0)) refused.hidden = n === 0;
        setText(refused, `${n} refused`);
      }
      if (s.live !== prev?.live) {
        live.className = `live live-${s.live.state}`;
        live.title = liveTitle(s.live.state, s.live.detail);
        setText(liveText, LABEL[s.live.state]);
      }
      prev = s;
    },
  };
}
