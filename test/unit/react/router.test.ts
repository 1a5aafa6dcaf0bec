/**
 * The spec of src/react/router.ts (`cloudwatch-rum-web/react-router`): page views from React
 * Router's location, in a MemoryRouter rendered by React in jsdom, navigated by its links.
 */
import * as React from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { Link, MemoryRouter, Outlet, Route, Routes } from 'react-router';
import { RumErrorBoundary } from '../../../src/react';
import { type RouterPageViewOptions, useRumRouterPageViews } from '../../../src/react/router';

const h = React.createElement;
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLElement;
let root: Root;
beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});
afterEach(() => {
  React.act(() => root.unmount());
  container.remove();
  delete (window as unknown as Record<string, unknown>).cwr;
});

const fakeRum = () => ({ recordPageView: jest.fn(), recordError: jest.fn() });

/** An app: a layout with the hook and links, three routes. */
const app = (rum: ReturnType<typeof fakeRum> | undefined, options?: RouterPageViewOptions) => {
  function Layout() {
    useRumRouterPageViews(rum, options);
    const [n, setN] = React.useState(0);
    return h(
      'div',
      null,
      h(Link, { to: '/', id: 'home' }, 'home'),
      h(Link, { to: '/orders/123', id: 'order' }, 'order'),
      h(Link, { to: '/orders/123?tab=items', id: 'items' }, 'items'),
      h(Link, { to: '/about#team', id: 'about' }, 'about'),
      h(Link, { to: '/broken', id: 'broken' }, 'broken'),
      h('button', { id: 'bump', onClick: () => setN(n + 1) }, String(n)),
      h(RumErrorBoundary, { rum, fallback: h('p', null, 'sorry') }, h(Outlet)),
    );
  }
  return h(
    MemoryRouter,
    { initialEntries: ['/'] },
    h(
      Routes,
      null,
      h(
        Route,
        { path: '/', element: h(Layout) },
        h(Route, { index: true, element: h('p', null, 'home page') }),
        h(Route, { path: 'orders/:id', element: h('p', null, 'an order') }),
        h(Route, { path: 'about', element: h('p', null, 'about us') }),
        h(Route, { path: 'broken', element: h(Broken) }),
      ),
    ),
  );
};

function Broken(): React.ReactElement {
  throw new Error('this route broke');
}

const click = (id: string) =>
  React.act(() => {
    (container.querySelector('#' + id) as HTMLElement).click();
  });

describe('useRumRouterPageViews', () => {
  it('records the page view of a route before the error a boundary below caught rendering it', async () => {
    const calls: string[] = [];
    const rum = {
      recordPageView: (id: string) => calls.push('view ' + id),
      recordError: (e: unknown) => calls.push('error ' + (e as Error).message),
    };
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await React.act(() => root.render(app(rum as unknown as ReturnType<typeof fakeRum>)));
    await click('broken');
    expect(container.textContent).toContain('sorry');
    expect(calls).toEqual(['view /', 'view /broken', 'error this route broke']);
  });

  it("records the location's path at the start and at each route change, not on a re-render", async () => {
    const rum = fakeRum();
    await React.act(() => root.render(app(rum)));
    await click('bump');
    await click('order');
    expect(container.textContent).toContain('an order');
    // Only the search changes: the same page id.
    await click('items');
    await click('about');
    await click('bump');
    await click('home');
    expect(rum.recordPageView.mock.calls).toEqual([['/'], ['/orders/123'], ['/about'], ['/']]);
    expect(rum.recordError).not.toHaveBeenCalled();
  });

  it("uses the app's page id, and the path when that function throws", async () => {
    const rum = fakeRum();
    const pageId: RouterPageViewOptions['pageId'] = (l) => {
      if (l.pathname === '/about') throw new Error('no id');
      return l.pathname + l.search;
    };
    await React.act(() => root.render(app(rum, { pageId })));
    await click('order');
    await click('items');
    await click('about');
    expect(rum.recordPageView.mock.calls).toEqual([
      ['/'],
      ['/orders/123'],
      ['/orders/123?tab=items'],
      ['/about'],
    ]);
  });

  it("records with the snippet's cwr without a client, and does nothing without either", async () => {
    await React.act(() => root.render(app(undefined)));
    await click('order');
    const cwr = jest.fn();
    (window as unknown as Record<string, unknown>).cwr = cwr;
    await click('about');
    expect(cwr.mock.calls).toEqual([['recordPageView', '/about']]);
    expect(container.textContent).toContain('about us');
  });
});
