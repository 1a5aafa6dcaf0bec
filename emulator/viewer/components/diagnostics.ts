// The client diagnostics card: the shown session's latest cwr('diagnose') report, its findings
// first, then its facts and the full report.

import { h, setChildren } from '../dom';
import { diagnosticFindings } from '../logic/diagnostics';
import { num, obj, plural, safeJson, str } from '../logic/text';
import { formatClock, formatDateTime } from '../logic/time';
import type { ViewerState } from '../state';
import type { DiagnosticsEntry } from '../types';
import { card, type Component } from './parts';

export function createDiagnostics(): Component {
  const box = h('div', { 'data-testid': 'diagnostics', class: 'diagnostics' });
  let prev: ViewerState | undefined;
  return {
    el: card('diagnostics', 'Client diagnostics', box),
    update(s) {
      const p = prev;
      prev = s;
      // The store keeps a report's object while it is equal, so the reference tells.
      if (p && s.report === p.report) return;
      if (s.report) return render(box, s.report);
      box.dataset.state = 'missing';
      setChildren(
        box,
        h(
          'p',
          { class: 'empty' },
          'No diagnostics report from this session. The client posts the result of ' +
            "cwr('diagnose') here when it is set up to.",
        ),
      );
    },
  };
}

function render(box: HTMLElement, entry: DiagnosticsEntry): void {
  const report = obj(entry.report);
  const findings = diagnosticFindings(report);
  box.dataset.state = findings.some((f) => f.level === 'problem') ? 'problems' : 'ok';
  const session = obj(report.session);
  const creds = obj(report.credentials);
  const last = obj(report.lastDispatch);
  const fact = (label: string, value: unknown, bad = false) =>
    h(
      'div',
      { class: bad ? 'bad' : '' },
      h('dt', {}, label),
      h('dd', {}, value === undefined || value === null || value === '' ? '—' : String(value)),
    );
  setChildren(
    box,
    h(
      'p',
      { class: 'muted small' },
      'Report posted at ',
      h('span', { class: 'mono' }, formatDateTime(num(entry.at) ?? 0)),
    ),
    findings.length
      ? h(
          'ul',
          { class: 'findings' },
          ...findings.map((f) => h('li', { class: `finding finding-${f.level}` }, f.text)),
        )
      : h('p', { class: 'ok-note' }, 'No problems reported.'),
    h(
      'dl',
      { class: 'facts' },
      fact('enabled', report.enabled, report.enabled === false),
      fact('sampled', session.sampled, session.sampled === false),
      fact(
        'events recorded',
        `${num(session.eventsRecorded) ?? '?'} of ${num(session.eventLimit) ?? '?'}`,
      ),
      fact(
        'credentials',
        creds.signing === false
          ? 'signing off'
          : `${creds.available ? 'available' : 'none'}${str(creds.source) ? ` — ${creds.source}` : ''}`,
        creds.available === false && report.enabled !== false,
      ),
      fact('pending events', report.pending),
      fact(
        'last dispatch',
        Object.keys(last).length
          ? `${last.ok === false ? 'failed' : 'ok'}${num(last.status) ? ` (HTTP ${last.status})` : ''}` +
              `${num(last.events) !== undefined ? `, ${plural(last.events as number, 'event')}` : ''}` +
              `${num(last.at) ? ` at ${formatClock(last.at as number)}` : ''}`
          : 'none yet',
        last.ok === false,
      ),
    ),
    h(
      'details',
      {},
      h('summary', {}, 'Full report'),
      h('pre', { class: 'json' }, safeJson(report)),
    ),
  );
}
