/** @jest-environment jsdom */
/**
 * The viewer in jsdom against a fake of the emulator's inspection API: live updates patch the page
 * instead of rebuilding it, paging, filtering, clearing, the stream and polling.
 */
import { T0, ev, putRequest } from './fixtures';
import { $, $$, seedTwoSessions, until, useViewer } from './viewer-page';

const page = useViewer();
const { server, open, sync } = page;

describe('live updates', () => {
  it('fetches only what is new, and adds rows without rebuilding the others', async () => {
    seedTwoSessions(server);
    open();
    await sync();
    const before = $$('[data-testid=timeline-row]');
    server.calls = [];
    server.addEvents(
      ev(
        'new-session-2222',
        'js_error_event',
        { type: 'Error', message: 'later' },
        { at: T0 + 70_000 },
      ),
      ev(
        'new-session-2222',
        'dom_event',
        { event: 'click', elementId: 'buy' },
        { at: T0 + 60_500 },
      ),
    );
    server.addRequests(putRequest(0, { sessionIds: ['new-session-2222'] }));
    await sync();
    expect(server.calls).toContain('GET /_emulator/events?since=12&limit=5000');
    expect(server.calls).toContain('GET /_emulator/requests?since=4&limit=5000');
    const after = $$('[data-testid=timeline-row]');
    expect(after).toHaveLength(11);
    // The old rows are the same elements; the new ones went where their time puts them.
    expect(before.every((row) => after.includes(row))).toBe(true);
    expect(after[2].textContent).toContain('click on #buy');
    expect(after[10].textContent).toContain('Error: later');
    expect($$('[data-testid=error-row]')).toHaveLength(2);
    expect($$('[data-testid=request-row]')).toHaveLength(3);
    expect($('[data-testid=event-count]').textContent).toBe('14');
    expect($('[data-session-id=new-session-2222]').textContent).toContain('2 errors');
  });

  it('keeps an expanded row open while new events arrive', async () => {
    seedTwoSessions(server);
    open();
    await sync();
    const row = $$('[data-testid=timeline-row]')[0];
    $('.line', row).click();
    server.addEvents(ev('new-session-2222', 'dom_event', {}, { at: T0 + 90_000 }));
    await sync();
    expect(row.isConnected).toBe(true);
    expect(row.querySelectorAll('pre')).toHaveLength(2);
  });

  it('renders thousands of events a page at a time', async () => {
    const many = Array.from({ length: 2450 }, (_, i) =>
      ev(
        'big',
        'performance_resource_event',
        { targetUrl: `/img/${i}.png`, fileType: 'image' },
        { at: T0 + i * 1000 },
      ),
    );
    server.addEvents(...many);
    open({ pageSize: 200 });
    await sync();
    expect($$('[data-testid=timeline-row]')).toHaveLength(200);
    const more = $('#sec-timeline button.more');
    expect(more.textContent).toBe('Show 200 more');
    expect($('#sec-timeline .list-footer').textContent).toContain('200 of 2450 events shown');
    more.click();
    expect($$('[data-testid=timeline-row]')).toHaveLength(400);
    // Later events go past the rendered page: no new rows, only the count moves.
    server.addEvents(ev('big', 'dom_event', {}, { at: T0 + 5_000_000 }));
    await sync();
    expect($$('[data-testid=timeline-row]')).toHaveLength(400);
    expect($('#sec-timeline .list-footer').textContent).toContain('400 of 2451 events shown');
    // An earlier one goes in at its place, and the page keeps its size.
    server.addEvents(ev('big', 'dom_event', { event: 'early' }, { at: T0 - 1000 }));
    await sync();
    const rows = $$('[data-testid=timeline-row]');
    expect(rows).toHaveLength(400);
    expect(rows[0].textContent).toContain('early');
    expect($('[data-testid=event-count]').textContent).toBe('2452');
  });

  it('filters the timeline by type and text, and shows newest first on demand', async () => {
    seedTwoSessions(server);
    open();
    await sync();
    const select = $('#sec-timeline select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toContain('http_event (2)');
    select.value = 'com.amazon.rum.http_event';
    select.dispatchEvent(new Event('change'));
    expect($$('[data-testid=timeline-row]')).toHaveLength(2);
    select.value = '';
    select.dispatchEvent(new Event('change'));
    const newest = $('#sec-timeline input[type=checkbox]') as HTMLInputElement;
    newest.checked = true;
    newest.dispatchEvent(new Event('change'));
    expect($('.type', $$('[data-testid=timeline-row]')[0]).textContent).toBe(
      'interaction_to_next_paint_event',
    );
    jest.useFakeTimers();
    try {
      const search = $('#sec-timeline input[type=search]') as HTMLInputElement;
      search.value = 'failed to fetch';
      search.dispatchEvent(new Event('input'));
      jest.advanceTimersByTime(200);
    } finally {
      jest.useRealTimers();
    }
    expect($$('[data-testid=timeline-row]')).toHaveLength(1);
  });

  it('starts over when the emulator holds fewer events than before (cleared elsewhere)', async () => {
    seedTwoSessions(server);
    open();
    await sync();
    server.clear();
    server.addEvents(ev('third-3333', 'session_start_event'));
    await sync({ events: 1, requests: 0 });
    expect($$('[data-testid=session-row]').map((r) => r.dataset.sessionId)).toEqual(['third-3333']);
    expect($('[data-testid=event-count]').textContent).toBe('1');
    expect($$('[data-testid=request-row]')).toHaveLength(0);
    // Without a hint (polling), a lower `last` tells the same.
    server.clear();
    server.addEvents(ev('fourth-4444', 'session_start_event'));
    await sync();
    expect($$('[data-testid=session-row]').map((r) => r.dataset.sessionId)).toEqual([
      'fourth-4444',
    ]);
  });

  it('clears the emulator after asking', async () => {
    seedTwoSessions(server);
    const answers = [false, true];
    open({ confirm: () => answers.shift() as boolean });
    await sync();
    // Asked, and answered no: the click's handler asks before anything async, and stops there.
    $('[data-testid=clear-button]').click();
    expect(answers).toEqual([true]);
    expect(server.calls).not.toContain('POST /_emulator/clear');
    expect($$('[data-testid=session-row]')).toHaveLength(2);
    $('[data-testid=clear-button]').click();
    await until(
      () =>
        server.calls.includes('POST /_emulator/clear') &&
        $$('[data-testid=session-row]').length === 0,
      'the clear and the empty list',
    );
    expect($$('[data-testid=session-row]')).toHaveLength(0);
    expect($('[data-testid=event-count]').textContent).toBe('0');
    expect($('.session-head').textContent).toContain('No session selected');
  });

  it('derives the sessions from the events when the emulator has no sessions route', async () => {
    seedTwoSessions(server);
    server.sessionsRoute = false;
    open();
    await sync();
    expect($$('[data-testid=session-row]').map((r) => r.dataset.sessionId)).toEqual([
      'new-session-2222',
      'old-session-1111',
    ]);
  });

  it('follows the Server-Sent Events stream', async () => {
    const sources: FakeEventSource[] = [];
    class FakeEventSource {
      listeners = new Map<string, ((e: MessageEvent) => void)[]>();
      closed = false;
      constructor(readonly url: string) {
        sources.push(this);
      }
      addEventListener(type: string, fn: (e: MessageEvent) => void) {
        this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
      }
      emit(type: string, data?: unknown) {
        for (const fn of this.listeners.get(type) ?? [])
          fn({ data: JSON.stringify(data) } as MessageEvent);
      }
      close() {
        this.closed = true;
      }
    }
    seedTwoSessions(server);
    open({ EventSource: FakeEventSource as unknown as typeof EventSource });
    page.viewer.start();
    expect(sources).toHaveLength(1);
    expect(sources[0].url).toBe('/_emulator/stream');
    sources[0].emit('open');
    expect($('.live').className).toContain('live-live');
    // The first sync, started with the stream.
    await until(() => $$('[data-testid=session-row]').length === 2, 'the first sync');
    server.calls = [];
    server.addEvents(ev('new-session-2222', 'dom_event', {}, { at: T0 + 99_000 }));
    sources[0].emit('change', { events: 13, requests: 4 });
    await until(() => $$('[data-testid=timeline-row]').length === 10, 'the new row');
    expect(server.calls).toContain('GET /_emulator/events?since=12&limit=5000');
    // Requests did not change: not fetched again.
    expect(server.calls.some((c) => c.includes('/requests'))).toBe(false);
    // The stream fails: poll instead.
    sources[0].emit('error');
    expect(sources[0].closed).toBe(true);
    expect($('.live').className).toContain('live-polling');
  });

  it('polls every few seconds without a stream', async () => {
    seedTwoSessions(server);
    open({ pollMs: 10 });
    page.viewer.start();
    const count = () => $('[data-testid=event-count]').textContent;
    await until(() => count() === '12', 'the first sync');
    // Nothing but the timer syncs from here.
    server.addEvents(ev('new-session-2222', 'dom_event', {}, { at: T0 + 99_000 }));
    await until(() => count() === '13', 'a poll');
    expect($('.live').className).toContain('live-polling');
  });

  it('says when the emulator cannot be reached, and recovers', async () => {
    seedTwoSessions(server);
    const fetchOk = server.fetch;
    let down = true;
    open({
      fetch: (url, init) => (down ? Promise.reject(new Error('refused')) : fetchOk(url, init)),
    });
    await sync();
    expect($('.live').className).toContain('live-offline');
    down = false;
    await sync();
    expect($('.live').className).not.toContain('live-offline');
    expect($$('[data-testid=session-row]')).toHaveLength(2);
  });
});
