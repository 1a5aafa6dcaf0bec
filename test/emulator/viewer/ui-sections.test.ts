/** @jest-environment jsdom */
/**
 * The viewer in jsdom against a fake of the emulator's inspection API: what each section of the
 * selected session shows.
 */
import { T0, ev } from './fixtures';
import { $, $$, seedTwoSessions, useViewer } from './viewer-page';

const page = useViewer();
const { server, open, sync } = page;

describe("the viewer's sections", () => {
  it('lists sessions newest first and shows the most recent one', async () => {
    seedTwoSessions(server);
    open();
    await sync();
    const rows = $$('[data-testid=session-row]');
    expect(rows.map((r) => r.dataset.sessionId)).toEqual(['new-session-2222', 'old-session-1111']);
    expect(rows[0].classList.contains('selected')).toBe(true);
    expect(rows[0].textContent).toContain('1 error');
    expect(rows[0].textContent).toContain('1 refused');
    expect(rows[0].textContent).toContain('1 problem');
    expect(rows[0].textContent).toContain('Chromium 139 · Linux');
    expect($('[data-testid=event-count]').textContent).toBe(String(server.events.length));
    expect($('.session-head').textContent).toContain('new-session-2222');
  });

  it('shows the timeline in time order, and the details of a row on click', async () => {
    seedTwoSessions(server);
    open();
    await sync();
    const rows = $$('[data-testid=timeline-row]');
    expect(rows).toHaveLength(9);
    const types = rows.map((r) => $('.type', r).textContent);
    expect(types.slice(0, 3)).toEqual(['session_start_event', 'page_view_event', 'js_error_event']);
    expect(types.at(-1)).toBe('interaction_to_next_paint_event');
    const error = rows[2];
    expect($('.page', error).textContent).toBe('/cart');
    expect($('.summary', error).textContent).toBe('TypeError: x is undefined');
    expect(error.querySelector('pre')).toBeNull();
    $('.line', error).click();
    const pres = $$('pre', error);
    expect(pres).toHaveLength(2);
    expect(JSON.parse(pres[0].textContent as string)).toMatchObject({ message: 'x is undefined' });
    expect(pres[0].textContent).toContain('\n  "type": "TypeError"');
    expect(JSON.parse(pres[1].textContent as string)).toMatchObject({ pageId: '/cart' });
    $('.line', error).click();
    expect(error.querySelector('pre')).toBeNull();
  });

  it('lists errors with their stacks, and HTTP requests with status, duration and trace', async () => {
    seedTwoSessions(server);
    open();
    await sync();
    const errors = $$('[data-testid=error-row]');
    expect(errors).toHaveLength(1);
    expect(errors[0].textContent).toContain('TypeError');
    expect(errors[0].textContent).toContain('app.js:3:9');
    expect($('pre', errors[0]).textContent).toBe(
      'TypeError: x is undefined\n    at render (app.js:3:9)',
    );
    const http = $$('[data-testid=http-row]');
    expect(http).toHaveLength(2);
    expect(http[0].textContent).toContain('503 Service Unavailable');
    expect(http[0].textContent).toContain('500 ms');
    expect(http[0].textContent).toContain('1-5759e988-bd862e3fe1be46a994272793');
    expect($('.status', http[0]).className).toContain('status-bad');
    expect(http[1].textContent).toContain('POST');
    expect(http[1].textContent).toContain('TypeError: Failed to fetch');
  });

  it('colours the web vitals by their thresholds and charts them across all sessions', async () => {
    seedTwoSessions(server);
    open();
    await sync();
    const rating = (k: string) =>
      $(`[data-testid=vital-card][data-vital=${k}]`).getAttribute('data-rating');
    expect(rating('lcp')).toBe('good');
    expect(rating('cls')).toBe('poor');
    expect(rating('inp')).toBe('needs-improvement');
    expect(rating('fcp')).toBeNull();
    expect($$('[data-testid=vital-card]')).toHaveLength(6);
    expect($('[data-testid=vital-card][data-vital=lcp]').textContent).toContain('2.40 s');
    // Both sessions' LCP values in the distribution, the selected one marked.
    const lcp = $('figure.dist[data-vital=lcp]');
    expect(lcp.textContent).toContain('2 page views');
    expect(lcp.querySelectorAll('path.bar-good, path.bar-poor')).toHaveLength(2);
    expect(lcp.querySelector('line.marker')).not.toBeNull();
    expect($('figure.dist[data-vital=fcp]').querySelector('line.marker')).toBeNull();
  });

  it("shows each vital's worst value in the session and its page, not the latest", async () => {
    const S = 'slow-click-3333';
    server.addEvents(
      ev(S, 'page_view_event', { pageId: '/' }, { at: T0 }),
      ev(S, 'interaction_to_next_paint_event', { value: 432 }, { at: T0 + 1000, page: '/' }),
      ev(S, 'page_view_event', { pageId: '/products' }, { at: T0 + 5000, page: '/products' }),
      ev(
        S,
        'interaction_to_next_paint_event',
        { value: 24 },
        { at: T0 + 6000, page: '/products', metadata: { interaction: 1 } },
      ),
    );
    // The emulator's summary holds the latest value (24 ms); the card does not follow it.
    const sessions = server.sessions.bind(server);
    server.sessions = () => sessions().map((s) => ({ ...s, vitals: { inp: 24 } }));
    open();
    await sync();
    const card = $('[data-testid=vital-card][data-vital=inp]');
    expect(card.dataset.rating).toBe('needs-improvement');
    expect(card.dataset.page).toBe('/');
    expect($('.vital-value', card).textContent).toBe('432 ms');
    expect($('.vital-rating', card).textContent).toBe('needs improvement');
    expect($('.vital-page', card).textContent).toBe('worst, on /');
    expect($('[data-testid=vital-card][data-vital=lcp]').dataset.rating).toBeUndefined();
    // All sessions: p75 (nearest rank) of the two page views' INP, 24 and 432, is 432.
    const p75 = $('[data-testid=vital-p75][data-vital=inp]');
    expect($('.vital-value', p75).textContent).toBe('432 ms');
    expect(p75.dataset.rating).toBe('needs-improvement');
    expect($('.vital-page', p75).textContent).toBe('p75 of 2 page views');
    expect($('figure.dist[data-vital=inp] line.marker title').textContent).toContain('432 ms');
  });

  it('takes the p75 across all sessions over one value per page view', async () => {
    // Four page views' LCP: 1.0 s, 2.0 s, 3.0 s (reported twice: 2.8 s then 3.0 s), 4.5 s.
    server.addEvents(
      ev('a', 'largest_contentful_paint_event', { value: 1000 }),
      ev('b', 'largest_contentful_paint_event', { value: 2000 }),
      ev('c', 'largest_contentful_paint_event', { value: 2800 }, { metadata: { interaction: 0 } }),
      ev('c', 'largest_contentful_paint_event', { value: 3000 }, { metadata: { interaction: 0 } }),
      ev('c', 'largest_contentful_paint_event', { value: 4500 }, { metadata: { interaction: 1 } }),
    );
    open();
    await sync();
    const p75 = $('[data-testid=vital-p75][data-vital=lcp]');
    // Nearest rank: the ⌈0.75 × 4⌉ = 3rd of 1000, 2000, 3000, 4500.
    expect($('.vital-value', p75).textContent).toBe('3.00 s');
    expect(p75.dataset.rating).toBe('needs-improvement');
    expect($('.vital-page', p75).textContent).toBe('p75 of 4 page views');
    expect($('[data-testid=vital-p75][data-vital=fcp]').dataset.rating).toBeUndefined();
    expect($('figure.dist[data-vital=lcp]').textContent).toContain('4 page views');
  });

  it("shows the session's PutRumEvents requests with their verdicts", async () => {
    seedTwoSessions(server);
    open();
    await sync();
    const rows = $$('[data-testid=request-row]');
    expect(rows).toHaveLength(2);
    expect(rows[0].dataset.verdict).toBe('accepted');
    expect(rows[0].textContent).toContain('beacon (presigned URL)');
    expect(rows[0].textContent).toContain('cognito · pool us-west-2:pool-1');
    expect(rows[1].dataset.verdict).toBe('refused');
    expect($('.reason', rows[1]).textContent).toBe(
      'HTTP 403 · AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/Old/x is not authorized',
    );
    expect(rows[1].textContent).toContain('sts · role Old');
    // Every session's PutRumEvents requests (Cognito calls are not PutRumEvents).
    const all = $('#sec-requests input[type=checkbox]') as HTMLInputElement;
    all.checked = true;
    all.dispatchEvent(new Event('change'));
    expect($$('[data-testid=request-row]')).toHaveLength(3);
  });

  it("shows the session's latest diagnostics report with its problems", async () => {
    seedTwoSessions(server);
    open();
    await sync();
    const box = $('[data-testid=diagnostics]');
    expect(box.dataset.state).toBe('problems');
    expect($('.finding-problem', box).textContent).toBe(
      'role-not-allowed: The role may not send events (×2)',
    );
    expect(box.textContent).toContain('available — Cognito');
    $('[data-session-id=old-session-1111]').click();
    expect(box.dataset.state).toBe('missing');
    expect(box.textContent).toContain('No diagnostics report');
  });

  it('has every section of the selected session in the page at once', async () => {
    seedTwoSessions(server);
    open();
    await sync();
    for (const id of [
      'overview',
      'timeline',
      'errors',
      'http',
      'vitals',
      'loads',
      'frustration',
      'urls',
      'requests',
      'diagnostics',
    ])
      expect(document.getElementById(`sec-${id}`)).not.toBeNull();
    expect($('#sec-overview svg').querySelectorAll('path.cat-errors')).toHaveLength(1);
    expect($('#sec-overview').textContent).toContain('9 events');
    $('[data-scope=all]').click();
    expect($('#sec-overview').textContent).toContain('12 events');
  });
});
