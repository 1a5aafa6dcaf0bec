import { setup } from './event-steps';

let errors: jest.SpyInstance;
beforeEach(() => {
  document.cookie = 'cwr_s=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  history.replaceState(null, '', '/');
  document.title = 'Home';
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('views: page views and the pages that record', () => {
  it('links each page view to the one before, and stamps events with the view', () => {
    const { views, take } = setup();
    views.recordPageView('/a');
    views.recordPageView({ pageId: '/b', pageTags: ['t', 3], pageAttributes: { section: 's' } });
    const sent = take();
    expect(sent.map((e) => e.details)).toEqual([
      expect.objectContaining({ pageId: '/a', interaction: 0 }),
      expect.objectContaining({ pageId: '/b', interaction: 1, parentPageInteractionId: '/a-0' }),
    ]);
    expect(sent[1].metadata).toMatchObject({ pageId: '/b', pageTags: ['t'], section: 's' });
  });

  it('resumes the page a reload comes back to, with no page view', () => {
    const first = setup({ allowCookies: true, cookieAttributes: { secure: false } } as never);
    first.views.recordPageView('/a');
    const again = setup({ allowCookies: true, cookieAttributes: { secure: false } } as never);
    again.views.recordPageView('/a');
    again.assembly.push(again.sessions.get(), 'after.reload', {});
    const sent = again.take();
    expect(sent.map((e) => e.type)).toEqual(['after.reload']);
    expect(sent[0].metadata).toMatchObject({ pageId: '/a', interaction: 0 });
  });

  it('refuses a page view without a page id', async () => {
    const { views, cache } = setup();
    views.recordPageView({ pageTags: [] });
    views.recordPageView(42);
    expect(cache.size).toBe(0);
    await settle();
    expect(errors).toHaveBeenCalledTimes(2);
    expect(String(errors.mock.calls[0][0])).toMatch(/recordPageView needs a page id string/);
  });

  it('checks pagesToExclude when the location changes, not for every event', () => {
    const { views, assembly, sessions, cache } = setup({ pagesToExclude: [/private/] });
    assembly.push(sessions.get(), 'home', {});
    history.pushState(null, '', '/private');
    assembly.push(sessions.get(), 'not.yet.checked', {});
    views.moved();
    assembly.push(sessions.get(), 'private', {});
    views.viewHere(true);
    history.pushState(null, '', '/public');
    views.moved();
    views.viewHere();
    expect(cache.takeAll().map((q) => q.event.type)).toEqual([
      'home',
      'not.yet.checked',
      'com.amazon.rum.page_view_event',
    ]);
  });

  it('with disableAutoPageView records only the views asked for, with their tags and attributes', () => {
    const { views, assembly, sessions, take } = setup({ disableAutoPageView: true });
    expect(views.auto).toBe(false);
    history.pushState(null, '', '/x');
    views.moved();
    views.viewHere(true);
    views.recordPageView({ pageId: '/manual', pageTags: ['t'], pageAttributes: { plan: 'pro' } });
    assembly.push(sessions.get(), 'e', {});
    const sent = take();
    expect(sent.map((e) => e.type)).toEqual(['com.amazon.rum.page_view_event', 'e']);
    expect(sent[1].metadata).toMatchObject({ pageId: '/manual', pageTags: ['t'], plan: 'pro' });
  });

  it("lets a page view's pageAttributes replace the title and the domain", () => {
    const { views, assembly, sessions, take } = setup({ disableAutoPageView: true });
    views.recordPageView({
      pageId: '/p',
      pageAttributes: { title: 'Page title', domain: 'p.example' },
    });
    assembly.push(sessions.get(), 'e', {});
    expect(take().at(-1)!.metadata).toMatchObject({
      pageId: '/p',
      title: 'Page title',
      domain: 'p.example',
    });
  });

  it('names pages per pageIdFormat, and links a view to an excluded page it followed', () => {
    const { views, take } = setup({ pageIdFormat: 'PATH_AND_HASH', pagesToExclude: [/\/private/] });
    const go = (url: string) => {
      history.pushState(null, '', url);
      views.moved();
      views.viewHere(true);
    };
    views.viewHere(true);
    go('/a#x');
    go('/a#x'); // the same page: no new view
    expect(views.here()).toBe('/a#x');
    go('/private');
    go('/b');
    const pages = take().map((e) => e.details);
    expect(pages.map((v) => v.pageId)).toEqual(['/', '/a#x', '/b']);
    expect(pages[2]).toMatchObject({ interaction: 3, parentPageInteractionId: '/private-2' });
  });

  it('groups page ids with urlNormalizer; moving between two URLs of one group is a view of its own', () => {
    history.replaceState(null, '', '/orders/1');
    const { views, take } = setup({ urlNormalizer: true });
    views.viewHere();
    history.pushState(null, '', '/orders/2');
    views.moved();
    views.viewHere(true);
    // A change the page id does not see (the query, with PATH) is still no view.
    history.pushState(null, '', '/orders/2?tab=items');
    views.moved();
    views.viewHere(true);
    views.recordPageView('/users/3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    const pages = take().map((e) => e.details);
    expect(pages.map((v) => v.pageId)).toEqual(['/orders/:id', '/orders/:id', '/users/:uuid']);
    expect(pages[1]).toMatchObject({ interaction: 1, parentPageInteractionId: '/orders/:id-0' });
  });

  it('names a page by its path and query with PATH_AND_SEARCH', () => {
    history.replaceState(null, '', '/search?q=shoes');
    const { views, take } = setup({ pageIdFormat: 'PATH_AND_SEARCH' });
    views.viewHere();
    history.pushState(null, '', '/search?q=hats');
    views.moved();
    views.viewHere(true);
    expect(take().map((e) => e.details.pageId)).toEqual(['/search?q=shoes', '/search?q=hats']);
  });
});
