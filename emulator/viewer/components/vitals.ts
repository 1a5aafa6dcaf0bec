// The web vitals card: the shown session's worst value of each vital and its page; across all
// sessions, each vital's p75 over the page views and its distribution (the shown session's worst
// value marked).

import { distributionChart } from '../charts';
import { h, setChildren, setText } from '../dom';
import { plural } from '../logic/text';
import { vitalP75, worstVitals } from '../logic/vital-stats';
import { RATING_LABEL, VITALS, formatVital, rateVital, type VitalKey } from '../logic/vitals';
import type { ViewerState } from '../state';
import { card, type Component } from './parts';

export function createVitals(): Component {
  const session = h('div', { class: 'vital-cards', 'data-testid': 'session-vitals' });
  const p75 = h('div', { class: 'vital-cards', 'data-testid': 'all-vitals' });
  const distributions = h('div', { class: 'distributions' });
  const note = h('p', { class: 'muted' });
  const el = card(
    'vitals',
    'Web vitals',
    h('h3', {}, 'This session: the worst value of each vital, and the page where it happened'),
    session,
    h('h3', {}, 'All sessions: the 75th percentile of the page views'),
    p75,
    h('h3', {}, 'Distribution across all sessions'),
    note,
    distributions,
  );

  let prev: ViewerState | undefined;
  return {
    el,
    update(s) {
      const p = prev;
      prev = s;
      const mine = !p || s.sessionEvents !== p.sessionEvents;
      // The page-view values grow with the events.
      const all = mine || s.events !== p.events || s.sessions.length !== p.sessions.length;
      if (!mine && !all) return;
      const worst = worstVitals(s.sessionEvents);
      if (mine)
        setChildren(
          session,
          ...VITALS.map((def) => {
            const w = worst[def.key];
            return vitalCard(def.key, w?.value, {
              testid: 'vital-card',
              page: w?.page,
              note: w ? `worst, on ${w.page || 'an unnamed page'}` : '',
              title: `${def.name}: the worst value in this session`,
            });
          }),
        );
      const values = s.pageViewVitals;
      setText(
        note,
        values.size
          ? `One value per page view (its worst, when it reported more than one), from ` +
              `${plural(s.sessions.length, 'session')}; the dashed line marks this session's worst value.`
          : 'No web vitals recorded yet.',
      );
      setChildren(
        p75,
        ...VITALS.map((def) => {
          const q = vitalP75(def.key, values.values(def.key));
          return vitalCard(def.key, q?.value, {
            testid: 'vital-p75',
            note: q ? `p75 of ${plural(q.count, 'page view')}` : '',
            title: `${def.name}: the 75th percentile across all sessions' page views`,
          });
        }),
      );
      setChildren(
        distributions,
        ...VITALS.map((def) => {
          const list = values.values(def.key);
          return h(
            'figure',
            { class: 'dist', 'data-vital': def.key },
            h('figcaption', {}, h('b', {}, def.label), ` ${plural(list.length, 'page view')}`),
            distributionChart(def, list, worst[def.key]?.value),
          );
        }),
      );
    },
  };
}

/** A vital's card: its value rated by the thresholds, a note on what the value is. */
export function vitalCard(
  key: VitalKey,
  value: number | undefined,
  o: { testid: string; note: string; title: string; page?: string },
): HTMLElement {
  const def = VITALS.find((d) => d.key === key) as (typeof VITALS)[number];
  const rating = value === undefined ? undefined : rateVital(key, value);
  return h(
    'div',
    {
      class: `vital-card ${rating ? `rating-${rating}` : 'rating-none'}`,
      'data-testid': o.testid,
      'data-vital': key,
      'data-rating': rating,
      'data-page': value === undefined ? undefined : o.page,
      title: o.title,
    },
    h('div', { class: 'vital-label' }, def.label),
    h('div', { class: 'vital-value' }, value === undefined ? '—' : formatVital(key, value)),
    h('div', { class: 'vital-rating' }, rating ? RATING_LABEL[rating] : 'no value'),
    o.note && h('div', { class: 'vital-page' }, o.note),
    h(
      'div',
      { class: 'vital-thresholds muted' },
      `good ≤ ${formatVital(key, def.good)} · poor > ${formatVital(key, def.poor)}`,
    ),
  );
}
