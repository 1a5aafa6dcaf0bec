import { pageLocation, referrer } from '../browser/page';
import { PAGE_VIEW } from '../domain/event-types';
import { isPageAllowed, nextPage, pageIdOf } from '../domain/page';
import type { Sessions } from '../domain/session';
import type { Clock } from '../tools/clock';
import { own } from '../tools/own';
import type { Assembly } from './assembly';
import type { Attributes, Config } from './config';
import type { Problems } from './problems';

export interface PageViewInput {
  pageId: string;
  pageTags?: string[];
  pageAttributes?: Attributes;
}

/**
 * Page views: the page id of the location, whether config.pagesToInclude/Exclude let it
 * record (evaluated when the location changes, not per event), and `recordPageView`, which
 * links each view to the one before (a reload resumes the page the session's cookie kept).
 */
export const createViews = (
  config: Config,
  clock: Clock,
  sessions: Sessions,
  say: Problems['say'],
  assembly: () => Assembly,
  /** Recording now, and what recording needs before a page view (the rest of the start). */
  ready: () => boolean,
  /**
   * A new view is recorded: called before (the old view's metadata still applies) and after;
   * `route` when it follows another view of this page load (a route change, not a load).
   */
  changed: (after: boolean, route: boolean) => void,
) => {
  const rawHere = () => pageIdOf(pageLocation(), config.pageIdFormat);
  const group = (id: string) => config.groupUrl(id, 'page');
  const here = () => group(rawHere());
  // The location's own page id at the last view recorded automatically: with grouping, moving
  // from /orders/1 to /orders/2 is a view of its own, though both are /orders/:id.
  let lastRaw = rawHere();
  const allowedNow = () =>
    isPageAllowed(pageLocation().href, config.pagesToInclude, config.pagesToExclude);
  let allowed = allowedNow();
  const auto = !config.disableAutoPageView;

  function recordPageView(input: unknown, moved = false): void {
    // Nothing is recorded while disabled; enable() records the page the visitor is on then.
    if (!ready()) return;
    const p: PageViewInput | undefined =
      typeof input === 'string'
        ? { pageId: input }
        : input && typeof input === 'object'
          ? {
              pageId: own(input, 'pageId') as string,
              pageTags: own(input, 'pageTags') as string[] | undefined,
              pageAttributes: own(input, 'pageAttributes') as Attributes | undefined,
            }
          : undefined;
    if (!p || typeof p.pageId !== 'string' || !p.pageId) {
      say('error', 'page-view', { got: input });
      return;
    }
    const a = assembly();
    const session = sessions.get();
    // A new load in a session the cookie kept: the same page again (a reload) is resumed,
    // with no page view, and another page follows it, as in the predecessor.
    const page = a.view() ?? session.page;
    const pageId = group(p.pageId);
    if (page?.pageId === pageId && !moved && !p.pageTags && !p.pageAttributes)
      return a.resume(page);
    const route = !!a.view();
    changed(false, route);
    const { details, ...kept } = nextPage(
      pageId,
      session.pageViews++,
      clock.now(),
      page,
      referrer(),
    );
    session.page = kept;
    sessions.persist();
    a.setView(kept, p.pageTags, p.pageAttributes);
    a.push(session, PAGE_VIEW, details);
    changed(true, route);
  }

  return {
    here,
    recordPageView,
    /** Whether pages record automatically (not config.disableAutoPageView). */
    auto,
    allowed: () => allowed,
    /** The location changed (History API, popstate, enable()): check it again. */
    moved(): void {
      allowed = allowedNow();
      assembly().invalidate();
    },
    /** A page view of where the visitor is now, unless it is the view events are of. */
    viewHere(force = false): void {
      const raw = rawHere();
      const at = group(raw);
      const moved = raw !== lastRaw;
      if (auto && (force || moved || assembly().view()?.pageId !== at)) {
        lastRaw = raw;
        recordPageView(at, moved);
      }
    },
  };
};

export type Views = ReturnType<typeof createViews>;
