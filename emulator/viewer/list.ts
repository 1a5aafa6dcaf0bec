// A sorted list rendered a page at a time: only the first `limit` items have DOM rows, and new
// items are inserted where they belong without touching the other rows. "Show more" renders the
// next page. Used for the timeline, errors, HTTP requests and PutRumEvents requests, each fed by
// `follow` from the state's append-only arrays.

import { h, setText } from './dom';
import { upperBound } from './logic/events';

export interface PagedListOptions<T> {
  /** Where the rows go. */
  container: HTMLElement;
  /** Where the "show more" button and the count go (after the container). */
  footer: HTMLElement;
  render: (item: T) => HTMLElement;
  compare: (a: T, b: T) => number;
  /** Shown when there are no items. */
  empty: string;
  pageSize?: number;
  /** What the items are called in the footer, e.g. "events". */
  noun?: string;
}

/** Above this many new items at once, the visible page is rebuilt instead of patched. */
const BULK = 100;

export class PagedList<T> {
  private items: T[] = [];
  private rows: HTMLElement[] = [];
  private limit: number;
  private readonly pageSize: number;
  private readonly more: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly emptyNote: HTMLElement;
  private filter: (item: T) => boolean = () => true;

  constructor(private readonly o: PagedListOptions<T>) {
    this.pageSize = o.pageSize ?? 200;
    this.limit = this.pageSize;
    this.status = h('span', { class: 'muted' });
    this.more = h('button', { type: 'button', class: 'more' });
    this.more.addEventListener('click', () => this.showMore());
    this.emptyNote = h('p', { class: 'empty' }, o.empty);
    o.footer.append(this.emptyNote, this.status, this.more);
    this.updateFooter();
  }

  /** How many items the list holds (matching the filter), and how many have rows. */
  get size(): number {
    return this.items.length;
  }
  get rendered(): number {
    return this.rows.length;
  }

  /** Order items by `compare`; call `reset` afterwards with all the items. */
  setCompare(compare: (a: T, b: T) => number): void {
    this.o.compare = compare;
  }

  /** Keep only items passing `filter`; call `reset` afterwards with all the items. */
  setFilter(filter: (item: T) => boolean): void {
    this.filter = filter;
  }

  /** Replace every item; renders the first page. */
  reset(items: readonly T[]): void {
    this.items = items.filter(this.filter).sort(this.o.compare);
    this.limit = this.pageSize;
    this.renderWindow();
  }

  /** Add items, each at its place in the order. */
  add(items: readonly T[]): void {
    const fresh = items.filter(this.filter);
    if (!fresh.length) return;
    if (fresh.length > BULK) {
      this.items = this.items.concat(fresh).sort(this.o.compare);
      this.renderWindow();
      return;
    }
    for (const item of fresh) this.insert(item);
    this.updateFooter();
  }

  private insert(item: T): void {
    const i = upperBound(this.items, item, this.o.compare);
    this.items.splice(i, 0, item);
    if (i > this.rows.length || (i === this.rows.length && this.rows.length >= this.limit)) return;
    const row = this.o.render(item);
    this.o.container.insertBefore(row, this.rows[i] ?? null);
    this.rows.splice(i, 0, row);
    if (this.rows.length > this.limit) this.rows.pop()?.remove();
  }

  private renderWindow(): void {
    const n = Math.min(this.limit, this.items.length);
    const fragment = document.createDocumentFragment();
    this.rows = [];
    for (let i = 0; i < n; i++) {
      const row = this.o.render(this.items[i]);
      this.rows.push(row);
      fragment.appendChild(row);
    }
    this.o.container.textContent = '';
    this.o.container.appendChild(fragment);
    this.updateFooter();
  }

  private showMore(): void {
    const from = this.rows.length;
    this.limit += this.pageSize;
    const n = Math.min(this.limit, this.items.length);
    const fragment = document.createDocumentFragment();
    for (let i = from; i < n; i++) {
      const row = this.o.render(this.items[i]);
      this.rows.push(row);
      fragment.appendChild(row);
    }
    this.o.container.appendChild(fragment);
    this.updateFooter();
  }

  private updateFooter(): void {
    const hidden = this.items.length - this.rows.length;
    // Only what changed: setting an attribute to its value is still a change to the DOM.
    if (this.emptyNote.hidden !== this.items.length > 0)
      this.emptyNote.hidden = this.items.length > 0;
    if (this.more.hidden !== hidden <= 0) this.more.hidden = hidden <= 0;
    setText(this.more, `Show ${Math.min(this.pageSize, hidden)} more`);
    setText(
      this.status,
      hidden > 0
        ? `${this.rows.length} of ${this.items.length} ${this.o.noun ?? 'items'} shown `
        : '',
    );
  }
}

/**
 * Keeps a list in step with an append-only array of the state: given the same array, it does
 * nothing; given a longer one under the same `key`, it adds the items past those it had; given
 * another `key` (another session, a clear, another filter), it starts over. `key` is compared
 * item by item.
 */
export function follow<T>(
  list: PagedList<T>,
): (items: readonly T[], key: readonly unknown[], before?: () => void) => void {
  let had: readonly T[] | undefined;
  let hadKey: readonly unknown[] = [];
  return (items, key, before) => {
    const same = key.length === hadKey.length && key.every((k, i) => Object.is(k, hadKey[i]));
    if (had && same && items.length >= had.length) {
      if (items !== had) list.add(items.slice(had.length));
      had = items;
      return;
    }
    before?.();
    list.reset(items);
    had = items;
    hadKey = key;
  };
}
