// The web vitals card: the shown session's worst value of each vital and its page, and under it
// the long animation frames that explain the worst INP; across all sessions, each vital's p75 over
// the page views and its distribution (the shown session's worst value marked).

import { distributionChart } from '../charts';
import { h, setChildren, setText } from '../dom';
import { inpCulprits, scriptSource, type InpCulprits, type LongFrame } from '../logic/long-frames';
import { plural } from '../logic/text';
import { formatDuration } from '../logic/time';
import { vitalP75, worstVitals } from '../logic/vital-stats';
import { RATING_LABEL, VITALS, formatVital, rateVital, type VitalKey } from '../logic/vitals';
import type { ViewerState } from '../state';
import { card, columns, type Component } from './parts';

export function createVitals(): Component {
  const session = h('div', { class: 'vital-cards', 'data-testid': 'session-vitals' });
  const frames = h('div', { class: 'inp-frames', 'data-testid': 'inp-frames' });
  const p75 = h('div', { class: 'vital-cards', 'data-testid': 'all-vitals' });
  const distributions = h('div', { class: 'distributions' });
  const note = h('p', { class: 'muted' });
  const el = card(
    'vitals',
    'Web vitals',
    h('h3', {}, 'This session: the worst value of each vital, and the page where it happened'),
    session,
    frames,
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
      if (mine) setChildren(frames, ...inpFrames(inpCulprits(s.sessionEvents)));
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

/** The long frames under the session's worst INP, longest first, each with its scripts. */
function inpFrames(c: InpCulprits): Node[] {
  if (!c.inp) return [];
  const title = h('h4', {}, 'INP: the long frames under the interaction');
  const i = c.inp;
  const when =
    i.start !== undefined && i.end !== undefined
      ? `from ${formatDuration(i.start)} to ${formatDuration(i.end)} into the page`
      : 'its interaction not timed';
  const head = h(
    'p',
    { class: 'muted small', 'data-testid': 'inp-frames-note' },
    `The worst INP, ${formatVital('inp', i.value)} on ${i.page || 'an unnamed page'}` +
      `${i.target ? ` (${i.target})` : ''}, ${when}: ` +
      (c.frames.length
        ? `${plural(c.frames.length, 'long frame')} under it, longest first`
        : 'no long frame recorded under it') +
      ` (${plural(c.total, 'long frame')} in this session` +
      `${c.total ? '' : "; the client records them with ['performance', { longFrames: true }], in Chromium 123 and later"}).`,
  );
  return [title, head, ...c.frames.map(frameBlock)];
}

function frameBlock(f: LongFrame): HTMLElement {
  return h(
    'div',
    {
      class: 'inp-frame',
      'data-testid': 'inp-frame',
      'data-duration': Math.round(f.duration),
      'data-kind': f.kind,
    },
    h(
      'div',
      { class: 'inp-frame-head' },
      h('b', { class: 'mono' }, formatDuration(f.duration)),
      ` ${f.kind === 'task' ? 'long task' : 'frame'} at ${formatDuration(f.startTime)}`,
      f.blockingDuration !== undefined && ` · blocking ${formatDuration(f.blockingDuration)}`,
      f.inp && h('span', { class: 'pill', title: 'recorded with the INP event' }, 'INP'),
    ),
    f.scripts.length
      ? h(
          'div',
          { class: 'inp-scripts' },
          columns('inp-script-cols', 'script', 'invoker', 'function', 'source'),
          ...f.scripts.map((sc) =>
            h(
              'div',
              { class: 'line inp-script-cols', 'data-testid': 'inp-script' },
              h(
                'span',
                { class: 'mono' },
                sc.duration !== undefined ? formatDuration(sc.duration) : '',
              ),
              h('span', { class: 'mono', title: sc.invokerType ?? '' }, sc.invoker ?? ''),
              h('span', { class: 'mono' }, sc.sourceFunctionName || ''),
              h(
                'span',
                { class: 'mono muted', title: sc.sourceURL ?? '' },
                scriptSource(sc) || (f.kind === 'frame' ? '(url not recorded)' : ''),
              ),
            ),
          ),
        )
      : h('div', { class: 'muted small inp-scripts' }, 'no script attributed'),
  );
}
