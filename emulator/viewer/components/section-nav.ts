// The links to the shown session's sections, each with its count (errors and diagnostics
// problems marked). The links scroll the pane, leaving the address's hash to the session.

import { h, setText } from '../dom';
import { diagnosticFindings } from '../logic/diagnostics';
import { frustrationTotal } from '../logic/frustration';
import { ERROR_TYPE, HTTP_TYPE } from '../logic/kinds';
import { pageLoads } from '../logic/page-loads';
import { num } from '../logic/text';
import type { ViewerState } from '../state';
import { SECTIONS, type Component, type SectionId } from './parts';

export function createSectionNav(): Component {
  const el = h('nav', { class: 'section-nav' });
  const counts = new Map<SectionId, HTMLElement>();
  for (const [id, label] of SECTIONS) {
    const count = h('span', { class: 'count' });
    counts.set(id, count);
    el.appendChild(h('a', { href: `#sec-${id}` }, label, count));
  }
  el.addEventListener('click', (ev) => {
    const a = (ev.target as Element).closest('a');
    if (!a) return;
    ev.preventDefault();
    el.parentElement
      ?.querySelector(a.getAttribute('href') as string)
      ?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  });

  let prev: ViewerState | undefined;
  return {
    el,
    update(s) {
      if (
        prev &&
        s.session === prev.session &&
        s.sessionEvents === prev.sessionEvents &&
        s.report === prev.report &&
        s.allRequests === prev.allRequests &&
        (s.allRequests
          ? s.putRequests === prev.putRequests
          : s.sessionRequests === prev.sessionRequests)
      ) {
        prev = s;
        return;
      }
      prev = s;
      const of = (type: string) => s.sessionEvents.filter((e) => e.event?.type === type).length;
      const problems = diagnosticFindings(s.report?.report).filter(
        (f) => f.level === 'problem',
      ).length;
      const text: Partial<Record<SectionId, string>> = {
        timeline: String(s.sessionEvents.length),
        errors: String(num(s.session?.errors) ?? of(ERROR_TYPE)),
        http: String(of(HTTP_TYPE)),
        loads: String(pageLoads(s.sessionEvents).length),
        frustration: String(frustrationTotal(s.sessionEvents)),
        requests: String((s.allRequests ? s.putRequests : s.sessionRequests).length),
        diagnostics: problems ? `${problems}!` : '',
      };
      for (const [id, count] of counts) {
        setText(count, text[id] ?? '');
        const bad =
          (id === 'errors' && text.errors !== '0') || (id === 'diagnostics' && problems > 0);
        if (count.classList.contains('bad') !== bad) count.classList.toggle('bad', bad);
      }
    },
  };
}
