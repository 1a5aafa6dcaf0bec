import { SCHEMA_VERSION } from './rules';
import type { PageIdFormat } from './types';
import type { SessionPage } from './session';

export interface PageViewDetails {
  version: typeof SCHEMA_VERSION;
  pageId: string;
  interaction: number;
  pageInteractionId: string;
  parentPageInteractionId?: string;
  timeOnParentPage?: number;
  referrer?: string;
  referrerDomain?: string;
}

export interface Page extends SessionPage {
  details: PageViewDetails;
}

/** The page id of a location, per config.pageIdFormat. */
export const pageIdOf = (loc: Location, format: PageIdFormat): string => {
  if (format === 'HASH') return loc.hash || '#';
  if (format === 'PATH_AND_HASH') return loc.pathname + loc.hash;
  if (format === 'PATH_AND_SEARCH') return loc.pathname + loc.search;
  return loc.pathname;
};

/** pagesToInclude / pagesToExclude, tested against the page's full URL. */
export const isPageAllowed = (url: string, include: RegExp[], exclude: RegExp[]): boolean =>
  include.some((r) => r.test(url)) && !exclude.some((r) => r.test(url));

/**
 * The details of a page view following `previous` (undefined for the first in the session;
 * on a new page load, the page the session cookie kept); `referrer` is document.referrer.
 */
export const nextPage = (
  pageId: string,
  interaction: number,
  now: number,
  previous: SessionPage | undefined,
  referrer: string,
): Page => {
  const details: PageViewDetails = {
    version: SCHEMA_VERSION,
    pageId,
    interaction,
    pageInteractionId: `${pageId}-${interaction}`,
  };
  if (previous) {
    details.parentPageInteractionId = `${previous.pageId}-${previous.interaction}`;
    details.timeOnParentPage = now - previous.start;
  }
  // On every page view, as the predecessor does: the document's referrer stays the same
  // across the route changes of a single-page app.
  if (referrer) {
    details.referrer = referrer;
    try {
      details.referrerDomain = new URL(referrer).hostname;
    } catch {
      // not a URL
    }
  }
  return { pageId, interaction, start: now, parentPageId: previous?.pageId, details };
};
