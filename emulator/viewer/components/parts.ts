// What the components share: their shape, and the parts of a section card.

import { h } from '../dom';
import type { ViewerState } from '../state';

/**
 * One part of the page: its element, and `update`, which takes the whole state and changes the
 * DOM only where the slices it reads changed (compared by reference, or by a small key).
 */
export interface Component<S = ViewerState> {
  readonly el: HTMLElement;
  update(state: S): void;
}

/** The sections of a session, in page order, with their titles in the section nav. */
export const SECTIONS = [
  ['overview', 'Overview'],
  ['timeline', 'Timeline'],
  ['errors', 'Errors'],
  ['http', 'HTTP'],
  ['vitals', 'Web vitals'],
  ['loads', 'Page loads'],
  ['frustration', 'Frustration'],
  ['urls', 'URL groups'],
  ['requests', 'Requests'],
  ['diagnostics', 'Diagnostics'],
] as const;
export type SectionId = (typeof SECTIONS)[number][0];

/** A section's card: `#sec-<id>`, its title, its content. */
export function card(id: SectionId, title: string, ...children: Node[]): HTMLElement {
  return h(
    'section',
    { id: `sec-${id}`, class: 'card', 'data-section': id },
    h('h2', {}, title),
    ...children,
  );
}

/** Rows under a header that scroll sideways inside their section when the screen is narrow. */
export function scrollTable(testid: string, head: HTMLElement, rows: HTMLElement): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', 'data-testid': testid },
    h('div', { class: 'table' }, head, rows),
  );
}

/** A header row of column names. */
export function columns(cls: string, ...names: string[]): HTMLElement {
  return h('div', { class: `row-head ${cls}` }, ...names.map((n) => h('span', {}, n)));
}

/** Calls `fn` on Enter or Space (for rows that act as buttons). */
export function onActivate(el: HTMLElement, fn: () => void): void {
  el.addEventListener('click', fn);
  el.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      fn();
    }
  });
}
