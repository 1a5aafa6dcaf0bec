// The head of the detail pane: the shown session's facts (user, app monitor, browser, when it was
// active, its pages), or, with no session, how to get some (the demo site, or how to point an app
// at this emulator).

import { h, setChildren } from '../dom';
import { num, str } from '../logic/text';
import { formatClock, formatDateTime, formatDuration } from '../logic/time';
import type { ViewerState } from '../state';
import type { SessionSummary } from '../types';
import type { Component } from './parts';

export function createSessionHead(o: { origin: string }): Component {
  const el = h('div', { class: 'session-head' });
  let prev: ViewerState | undefined;
  return {
    el,
    update(s) {
      const changed =
        !prev || s.session !== prev.session || (!s.session && s.demoUrl !== prev.demoUrl);
      prev = s;
      if (!changed) return;
      if (s.session) setChildren(el, ...facts(s.session));
      else setChildren(el, h('h1', {}, 'No session selected'), emptyState(s.demoUrl, o.origin));
    },
  };
}

function emptyState(demo: string | undefined, origin: string): HTMLElement {
  if (demo)
    return h(
      'p',
      { class: 'muted', 'data-testid': 'empty-state' },
      'Nothing has arrived yet. Open the demo site at ',
      h('a', { href: demo, target: '_blank', rel: 'noopener' }, demo),
      ' and click around: its sessions appear here as their events are accepted.',
    );
  return h(
    'p',
    { class: 'muted', 'data-testid': 'empty-state' },
    "Nothing has arrived yet. Point an app at this emulator: set the client's ",
    h('code', {}, 'endpoint'),
    ' (and, for anonymous credentials, ',
    h('code', {}, 'cognitoEndpoint'),
    ' and ',
    h('code', {}, 'stsEndpoint'),
    ') to ',
    h('code', {}, origin),
    ', as docs/emulator.md shows in “Point a real app at it during development”. ' +
      'Its sessions appear here as their events are accepted.',
  );
}

function facts(s: SessionSummary): Node[] {
  const first = num(s.firstAt) ?? 0;
  const last = num(s.lastAt) ?? 0;
  const field = (label: string, value: string | undefined, testid?: string) =>
    value
      ? h(
          'div',
          {},
          h('dt', {}, label),
          h('dd', testid ? { class: 'id', title: value, 'data-testid': testid } : {}, value),
        )
      : null;
  return [
    h('h1', {}, 'Session ', h('code', { class: 'id' }, str(s.sessionId) ?? '')),
    h(
      'dl',
      { class: 'facts' },
      field('user', str(s.userId), 'session-user'),
      field('app monitor', str(s.appMonitorId), 'session-app-monitor'),
      field('browser', [str(s.browser), str(s.os), str(s.device)].filter(Boolean).join(' · ')),
      field(
        'active',
        `${formatDateTime(first)} → ${formatClock(last)} (${formatDuration(last - first)})`,
      ),
      field('pages', (Array.isArray(s.pages) ? s.pages : []).join(', ')),
    ),
  ];
}
