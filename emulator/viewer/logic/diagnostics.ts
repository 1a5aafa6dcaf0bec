// What deserves attention in a client's cwr('diagnose') report. Pure.

import type { DiagnosticsReport } from '../types';
import { isObject, num, obj, plural, str } from './text';

export interface Finding {
  level: 'problem' | 'warning';
  text: string;
}

/** What deserves attention in a client's diagnose() report, most serious first. */
export function diagnosticFindings(report: DiagnosticsReport | undefined): Finding[] {
  if (!isObject(report)) return [];
  const out: Finding[] = [];
  const problems = Array.isArray(report.problems) ? report.problems : [];
  for (const p of problems) {
    const o = obj(p);
    const count = num(o.count);
    out.push({
      level: 'problem',
      text: `${str(o.code) ?? 'problem'}: ${str(o.message) ?? ''}${count && count > 1 ? ` (×${count})` : ''}`,
    });
  }
  if (report.enabled === false) out.push({ level: 'warning', text: 'The client is disabled.' });
  const s = obj(report.session);
  if (s.sampled === false)
    out.push({ level: 'warning', text: 'This session is not sampled: it records no events.' });
  const dropped = num(s.droppedOverLimit);
  if (dropped)
    out.push({
      level: 'warning',
      text: `${plural(dropped, 'event')} dropped over the session's limit of ${num(s.eventLimit) ?? '?'}.`,
    });
  const c = obj(report.credentials);
  // A disabled client holds no credentials; that alone is no problem.
  if (c.available === false && report.enabled !== false) {
    const tried = Array.isArray(c.tried) ? c.tried.filter((t) => typeof t === 'string') : [];
    out.push(
      tried.length
        ? {
            level: 'problem',
            text: `No AWS credentials to sign requests (tried: ${tried.join(', ')}).`,
          }
        : { level: 'warning', text: 'No AWS credentials yet to sign requests.' },
    );
  }
  const last = isObject(report.lastDispatch) ? report.lastDispatch : undefined;
  if (last && last.ok === false) {
    const why = [str(last.errorType), str(last.message)].filter(Boolean).join(': ');
    out.push({
      level: 'problem',
      text: `The last dispatch failed${num(last.status) ? ` (HTTP ${last.status})` : ''}${why ? `: ${why}` : ''}.`,
    });
  }
  if (last?.halted === true)
    out.push({ level: 'problem', text: 'Dispatch is halted: the client stopped sending.' });
  return out;
}
