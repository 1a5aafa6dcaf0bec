/**
 * `cloudwatch-rum-web/react-router`: page views from React Router's location (docs/frameworks.md).
 * An entry of its own, so that `cloudwatch-rum-web/react` loads in an app without react-router.
 * Imports `react` and `react-router` (peer dependencies, not bundled): react-router 6 and later
 * (`react-router-dom` 6 re-exports the same hook from `react-router`).
 */
import { type Location, useLocation } from 'react-router';
import { type RumLike, useRumPageView } from './index';

export type { RumLike } from './index';

export interface RouterPageViewOptions {
  /**
   * The page id of a location (default: its `pathname`). With `urlNormalizer` in the client's
   * config, ids such as /orders/123 are grouped anyway.
   */
  pageId?: (location: Location) => string;
}

/**
 * Records a page view for the router's location: after the first render and whenever the page
 * id changes (a route change; not a re-render, nor a change of only the search or hash unless
 * `pageId` makes it part of the id). Call it once, in a component inside the router that stays
 * mounted (the app's layout). Set `disableAutoPageView: true` in the client's config, so that
 * these are the only page views.
 *
 * @example
 * function Layout() {
 *   useRumRouterPageViews(rum);
 *   return <Outlet />;
 * }
 */
export function useRumRouterPageViews(rum?: RumLike | null, options?: RouterPageViewOptions): void {
  const location = useLocation();
  let pageId = location.pathname;
  try {
    if (options?.pageId) pageId = options.pageId(location);
  } catch {
    // The app's function threw: its path stands in.
  }
  useRumPageView(pageId, rum);
}
