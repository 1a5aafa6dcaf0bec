// The PutRumEvents requests card: the shown session's calls (or every session's, and those
// refused before a session was known) with their verdicts, who signed them and how they went.

import { h } from '../dom';
import { follow, PagedList } from '../list';
import {
  describeSigner,
  rejectionReason,
  requestTransport,
  requestVerdict,
} from '../logic/requests';
import { num, shortId } from '../logic/text';
import { formatClock, formatDateTime } from '../logic/time';
import type { RequestRecord } from '../types';
import { card, columns, scrollTable, type Component } from './parts';

const bySeq = (a: RequestRecord, b: RequestRecord) => (a.seq ?? 0) - (b.seq ?? 0) || a.at - b.at;

export function createRequests(o: { onAll: (all: boolean) => void; pageSize?: number }): Component {
  let all = false;
  const box = h('input', { type: 'checkbox' });
  box.addEventListener('change', () => o.onAll(box.checked));
  const rows = h('div', { class: 'rows' });
  const footer = h('div', { class: 'list-footer' });
  const list = new PagedList<RequestRecord>({
    container: rows,
    footer,
    render: (r) => requestRow(r, all),
    compare: bySeq,
    empty: 'No PutRumEvents requests for this session.',
    pageSize: o.pageSize,
    noun: 'requests',
  });
  const feed = follow(list);
  const el = card(
    'requests',
    'PutRumEvents requests',
    h(
      'div',
      { class: 'toolbar' },
      h(
        'label',
        { class: 'check' },
        box,
        'all sessions (and requests refused before a session was known)',
      ),
    ),
    scrollTable(
      'request-table',
      columns('request-cols', 'time', 'events', 'verdict', 'signed by', 'sent as'),
      rows,
    ),
    footer,
  );
  return {
    el,
    update(s) {
      all = s.allRequests;
      if (box.checked !== all) box.checked = all;
      feed(all ? s.putRequests : s.sessionRequests, [s.epoch, all, all || s.shown]);
    },
  };
}

function requestRow(r: RequestRecord, all: boolean): HTMLElement {
  const verdict = requestVerdict(r);
  const reason = rejectionReason(r);
  const sessions = Array.isArray(r.sessionIds) ? r.sessionIds : [];
  return h(
    'div',
    {
      class: `row request verdict-${verdict}`,
      'data-testid': 'request-row',
      'data-verdict': verdict,
      'data-seq': num(r.seq),
    },
    h(
      'div',
      { class: 'line request-cols' },
      h('span', { class: 'mono muted', title: formatDateTime(r.at) }, formatClock(r.at)),
      h('span', { class: 'mono' }, String(num(r.eventCount) ?? '—')),
      h('span', { class: `pill ${verdict === 'accepted' ? 'pill-good' : 'pill-bad'}` }, verdict),
      h('span', { class: 'mono signer', title: describeSigner(r) }, describeSigner(r)),
      h('span', {}, requestTransport(r)),
    ),
    reason && h('div', { class: 'reason' }, `${r.status ? `HTTP ${r.status} · ` : ''}${reason}`),
    all &&
      sessions.length > 0 &&
      h('div', { class: 'muted small' }, 'sessions: ', sessions.map(shortId).join(', ')),
  );
}
