/** @jest-environment jsdom */
/**
 * The viewer in jsdom against a fake of the emulator's inspection API: counts, the empty states,
 * switching and filtering sessions, and that event data is shown as text, never parsed as HTML.
 */
import { T0, ev, putRequest } from './fixtures';
import { $, $$, seedTwoSessions, useViewer } from './viewer-page';

const page = useViewer();
const { server, open, sync } = page;

describe('the viewer page', () => {
  it('counts in the singular and the plural', async () => {
    server.addEvents(ev('only-session-1', 'session_start_event'));
    server.addRequests(putRequest(0, { sessionIds: ['only-session-1'], eventCount: 1 }));
    open();
    await sync();
    expect($('[data-testid=stat-events]').textContent).toBe('1 event');
    expect($('[data-testid=stat-sessions]').textContent).toBe('1 session');
    expect($('[data-testid=stat-requests]').textContent).toBe('1 PutRumEvents call');
    const row = $('[data-testid=session-row]');
    expect($('.s-counts', row).textContent).toBe('1 event · 0 HTTP calls · 0 page views');
    expect($('.s-pages', row).textContent).toBe('1 page: /');
    expect($('#sec-overview').textContent).toContain('1 event, ');

    server.addEvents(
      ev('only-session-1', 'page_view_event', { pageId: '/' }),
      ev('second-session-2', 'session_start_event', {}, { at: T0 + 1000 }),
    );
    await sync();
    expect($('[data-testid=stat-events]').textContent).toBe('3 events');
    expect($('[data-testid=stat-sessions]').textContent).toBe('2 sessions');
    const first = $('[data-testid=session-row][data-session-id=only-session-1]');
    expect($('.s-counts', first).textContent).toBe('2 events · 0 HTTP calls · 1 page view');
  });

  it('with nothing stored, points to the demo site when the emulator knows one', async () => {
    server.demoUrl = 'http://127.0.0.1:4721';
    open();
    await sync();
    const empty = $('[data-testid=empty-state]');
    expect(empty.textContent).toContain('Open the demo site at http://127.0.0.1:4721/');
    expect($('a', empty).getAttribute('href')).toBe('http://127.0.0.1:4721/');
  });

  it('with nothing stored and no demo site, says how to point an app here', async () => {
    for (const infoRoute of [true, false]) {
      server.infoRoute = infoRoute;
      open();
      await sync();
      const empty = $('[data-testid=empty-state]');
      expect(empty.textContent).toContain(`to ${location.origin}`);
      expect(empty.textContent).toContain('endpoint');
      expect(empty.textContent).toContain('docs/emulator.md');
      expect(empty.textContent).toContain('Point a real app at it during development');
      expect(empty.querySelector('a')).toBeNull();
      page.close();
    }
  });

  it('links to a demo URL only when it is http or https', async () => {
    server.demoUrl = 'javascript:alert(1)';
    open();
    await sync();
    expect($('[data-testid=empty-state]').querySelector('a')).toBeNull();
  });

  it('switches sessions on click and remembers the choice in the address', async () => {
    seedTwoSessions(server);
    open();
    await sync();
    $('[data-session-id=old-session-1111]').click();
    expect($('[data-session-id=old-session-1111]').classList.contains('selected')).toBe(true);
    expect($('[data-session-id=new-session-2222]').classList.contains('selected')).toBe(false);
    expect($$('[data-testid=timeline-row]')).toHaveLength(3);
    expect($$('[data-testid=error-row]')).toHaveLength(0);
    expect($('[data-testid=vital-card][data-vital=lcp]').dataset.rating).toBe('poor');
    expect(location.hash).toBe('#session=old-session-1111');
    // A new visit opens on that session even though another is newer.
    page.close();
    open();
    await sync();
    expect($('.session-row.selected').dataset.sessionId).toBe('old-session-1111');
  });

  it('filters the sessions list', async () => {
    seedTwoSessions(server);
    open();
    await sync();
    const input = $('aside input[type=search]') as HTMLInputElement;
    input.value = 'old-sess';
    input.dispatchEvent(new Event('input'));
    expect(
      $$('[data-testid=session-row]')
        .filter((r) => !r.hidden)
        .map((r) => r.dataset.sessionId),
    ).toEqual(['old-session-1111']);
  });

  it('shows event data as text, never as markup', async () => {
    server.addEvents(
      ev(
        '<img src=x onerror=alert(1)>',
        'js_error_event',
        {
          type: '<marquee>Bold</marquee>',
          message: '<img src=x onerror="window.__pwned=1">',
          stack: '</pre><script>window.__pwned=1</script>',
        },
        { page: '<svg onload=alert(1)>' },
      ),
      ev('<img src=x onerror=alert(1)>', 'shop.<blink>custom</blink>', {
        html: '<a href="javascript:alert(1)">x</a>',
      }),
    );
    open();
    await sync();
    for (const row of $$('[data-testid=timeline-row]')) $('.line', row).click();
    expect(page.root.querySelector('img, script, marquee, blink, a[href^=javascript]')).toBeNull();
    expect(page.root.querySelectorAll('[onerror], [onload]')).toHaveLength(0);
    expect($('[data-testid=error-row]').textContent).toContain(
      '<img src=x onerror="window.__pwned=1">',
    );
    expect($('[data-testid=session-row]').dataset.sessionId).toBe('<img src=x onerror=alert(1)>');
    expect(page.root.textContent).toContain('shop.<blink>custom</blink>');
  });

  it('tolerates events of the wrong shape', async () => {
    server.addEvents(ev('s1', 'page_view_event', { pageId: '/' }));
    const broken = ev('s1', 'http_event');
    (broken.event as unknown as Record<string, unknown>).details = 'not an object';
    (broken.event as unknown as Record<string, unknown>).metadata = null;
    server.addEvents(broken);
    open();
    await sync();
    expect($$('[data-testid=timeline-row]')).toHaveLength(2);
    expect($$('[data-testid=http-row]')).toHaveLength(1);
  });
});
