import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startEmulator,
  type Emulator,
  type RequestRecord,
  type SessionSummary,
  type StoredEvent,
} from '../../emulator';
import { APP_MONITORS, KEY, OPEN_MONITOR_ID, post, wireEvent, type WireEvent } from './helpers';
import { openStream, sessionBatch, sid, userOf, vital } from './viewer-helpers';

/** Control POSTs take JSON, and say so. */
const JSON_BODY = { 'content-type': 'application/json' };

// The routes the viewer reads: events and requests with `since`, session summaries, the change
// stream, clear, export and the client's diagnostics.

const OPEN_URL = (emu: Emulator) => `${emu.url}/appmonitors/${OPEN_MONITOR_ID}/`;
const PAGE = 'http://localhost:5173';
const S1 = sid(1);
const S2 = sid(2);
const BUSY = sid(0xb);
const OLDER = sid(0xa);

describe('inspection routes for the viewer', () => {
  let emu: Emulator;
  let dir: string;
  const lines: string[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rum-inspect-'));
    lines.length = 0;
    emu = await startEmulator({
      appMonitors: APP_MONITORS,
      credentials: [KEY],
      dataFile: join(dir, 'data.jsonl'),
      log: (line) => lines.push(line),
    });
  });
  afterEach(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (sessionId: string, events: WireEvent[]) =>
    post(OPEN_URL(emu), JSON.stringify(sessionBatch(sessionId, events)));
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${emu.url}${path}`);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  test('events carry seq; filter by session, type, since and limit; `last` is the highest seq', async () => {
    await send(S1, [wireEvent('com.amazon.rum.session_start_event', { version: '1.0.0' })]);
    await send(S2, [page('/a'), page('/b')]);
    await send(S1, [page('/c')]);

    type Answer = { events: StoredEvent[]; last: number };
    const all = await get<Answer>('/_emulator/events');
    expect(all.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(all.last).toBe(4);

    const s1 = await get<Answer>(`/_emulator/events?session=${S1}`);
    expect(s1.events.map((e) => e.seq)).toEqual([1, 4]);
    expect(s1.last).toBe(4);

    const views = await get<Answer>(
      `/_emulator/events?session=${S2}&type=com.amazon.rum.page_view_event&since=2`,
    );
    expect(views.events.map((e) => e.event.details.pageId)).toEqual(['/b']);

    const page1 = await get<Answer>('/_emulator/events?since=0&limit=2');
    expect(page1.events.map((e) => e.seq)).toEqual([1, 2]);
    const page2 = await get<Answer>(`/_emulator/events?since=2&limit=2`);
    expect(page2.events.map((e) => e.seq)).toEqual([3, 4]);
    expect((await get<Answer>('/_emulator/events?since=4')).events).toEqual([]);

    expect(emu.events({ sessionId: S2, since: 2 }).map((e) => e.seq)).toEqual([3]);

    for (const bad of ['since=-1', 'limit=x', 'since=1.5']) {
      const res = await fetch(`${emu.url}/_emulator/events?${bad}`);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(/whole number/);
    }
  });

  test('sessions: counts, pages, platform, the last value of each vital, newest activity first', async () => {
    const t0 = 1_700_000_000; // epoch seconds
    const meta = {
      version: '1.0.0',
      domain: 'localhost',
      browserName: 'Chromium',
      browserVersion: '139.0.7258.5',
      osName: 'Mac OS',
      osVersion: '10.15.7',
      deviceType: 'desktop',
    };
    const at = (event: WireEvent, seconds: number) => ({ ...event, timestamp: t0 + seconds });
    await send(OLDER, [at(page('/only', meta), 5)]);
    await send(BUSY, [
      at(wireEvent('com.amazon.rum.session_start_event', { version: '1.0.0' }, meta), 10),
      at(page('/home', meta), 10),
      at(vital('largest_contentful_paint_event', 3100, meta), 11),
      at(vital('cumulative_layout_shift_event', 0.02, meta), 12),
      at(
        wireEvent(
          'com.amazon.rum.js_error_event',
          {
            version: '1.0.0',
            type: 'TypeError',
            message: 'x is undefined',
            stack: 'at f (a.js:1:2)',
          },
          { ...meta, pageId: '/home' },
        ),
        13,
      ),
      at(
        wireEvent(
          'com.amazon.rum.http_event',
          {
            version: '1.0.0',
            request: { method: 'GET', url: 'http://localhost/api/fail' },
            response: { status: 500, statusText: 'Internal Server Error' },
          },
          { ...meta, pageId: '/home' },
        ),
        14,
      ),
    ]);
    await send(BUSY, [
      at(page('/cart', meta), 20),
      at(page('/home', meta), 30),
      at(vital('largest_contentful_paint_event', 1900, meta), 31),
      at(
        wireEvent(
          'com.amazon.rum.http_event',
          { version: '1.0.0', request: { method: 'POST', url: '/api/ok' } },
          { ...meta, pageId: '/checkout' },
        ),
        25,
      ),
    ]);

    const { sessions } = await get<{ sessions: SessionSummary[] }>('/_emulator/sessions');
    expect(sessions.map((s) => s.sessionId)).toEqual([BUSY, OLDER]);
    expect(sessions[0]).toEqual({
      sessionId: BUSY,
      userId: userOf(BUSY),
      appMonitorId: OPEN_MONITOR_ID,
      firstAt: (t0 + 10) * 1000,
      lastAt: (t0 + 31) * 1000,
      events: 10,
      errors: 1,
      http: 2,
      pageViews: 3,
      pages: ['/home', '/cart', '/checkout'],
      browser: 'Chromium 139',
      os: 'Mac OS 10.15.7',
      device: 'desktop',
      vitals: { lcp: 1900, cls: 0.02 },
    });
    expect(sessions[1]).toMatchObject({ events: 1, pageViews: 1, pages: ['/only'], vitals: {} });
    expect(emu.sessions()).toEqual(sessions);
  });

  test('requests: seq, since, limit, session; PutRumEvents says accepted or refused, and for which session', async () => {
    await send(S1, [page('/')]);
    // Valid JSON with a session, but an event that fails its schema: refused, still tied to S1.
    await send(S1, [wireEvent('com.amazon.rum.page_view_event', { version: '1.0.0' })]);
    await send(S2, [page('/'), page('/x')]);

    type Answer = { requests: RequestRecord[]; last: number };
    const all = await get<Answer>('/_emulator/requests');
    expect(all.last).toBe(3);
    expect(all.requests).toEqual([
      expect.objectContaining({
        seq: 1,
        operation: 'PutRumEvents',
        verdict: 'accepted',
        sessionIds: [S1],
        eventCount: 1,
        signed: false,
        presigned: false,
      }),
      expect.objectContaining({
        seq: 2,
        verdict: 'refused',
        errorType: 'ValidationException',
        message: expect.stringMatching(/pageId/),
        sessionIds: [S1],
        eventCount: 1,
      }),
      expect.objectContaining({ seq: 3, verdict: 'accepted', sessionIds: [S2], eventCount: 2 }),
    ]);
    expect(all.requests[0]).not.toHaveProperty('credential'); // unsigned: nobody signed it

    expect((await get<Answer>('/_emulator/requests?since=1&limit=1')).requests).toEqual([
      expect.objectContaining({ seq: 2 }),
    ]);
    expect(
      (await get<Answer>(`/_emulator/requests?session=${S1}`)).requests.map((r) => r.seq),
    ).toEqual([1, 2]);
    expect(emu.requests({ since: 2 }).map((r) => r.seq)).toEqual([3]);
  });

  test('the stream sends a change at connect, after a PutRumEvents, and after a clear', async () => {
    const stream = await openStream(`${emu.url}/_emulator/stream`, { origin: PAGE });
    try {
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.headers.get('access-control-allow-origin')).toBe(PAGE);
      expect(await stream.next()).toEqual({ event: 'change', data: { events: 0, requests: 0 } });

      await send(S1, [page('/'), page('/a')]);
      // The batch and its request record may come as one message or two; wait for both.
      expect(await stream.until((d) => d.requests === 1)).toEqual({ events: 2, requests: 1 });

      const res = await fetch(`${emu.url}/_emulator/clear`, { method: 'POST', headers: JSON_BODY });
      expect(await res.json()).toEqual({ cleared: true });
      expect(await stream.until((d) => d.events === 0)).toEqual({ events: 0, requests: 0 });
    } finally {
      stream.close();
    }
  });

  test('clear forgets events, requests, sessions and diagnostics, and empties the data file', async () => {
    await send(S1, [page('/'), page('/a')]);
    await postDiagnostics(emu, { appMonitorId: OPEN_MONITOR_ID, sessionId: S1, report: {} });
    emu.addFault({ status: 503, errorType: 'ServiceUnavailableException', count: 5 });
    expect(statSync(join(dir, 'data.jsonl')).size).toBeGreaterThan(0);

    const res = await fetch(`${emu.url}/_emulator/clear`, { method: 'POST', headers: JSON_BODY });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ cleared: true });

    expect(readFileSync(join(dir, 'data.jsonl'), 'utf8')).toBe('');
    expect(await get('/_emulator/events')).toEqual({ events: [], last: 0 });
    expect(await get('/_emulator/requests')).toEqual({ requests: [], last: 0 });
    expect(await get('/_emulator/sessions')).toEqual({ sessions: [] });
    expect(await get('/_emulator/diagnostics')).toEqual({ diagnostics: [] });
    expect(emu.stats()).toMatchObject({ requests: 0, accepted: 0, events: 0 });
    // Faults stay.
    expect((await get<{ faults: unknown[] }>('/_emulator/faults')).faults).toHaveLength(1);

    // Numbering goes on: a viewer's `since` from before the clear still finds what is new.
    emu.reset(); // (drops the fault)
    await send(S2, [page('/')]);
    expect(emu.events().map((e) => e.seq)).toEqual([3]);
    expect(emu.requests().map((r) => r.seq)).toEqual([2]);
    expect(readFileSync(join(dir, 'data.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  test('export: every event as a JSON array, as a download', async () => {
    await send(S1, [page('/'), page('/a')]);
    await send(S2, [page('/b')]);
    const res = await fetch(`${emu.url}/_emulator/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="rum-events.json"');
    const events = (await res.json()) as StoredEvent[];
    expect(events.map((e) => [e.seq, e.userDetails.sessionId])).toEqual([
      [1, S1],
      [2, S1],
      [3, S2],
    ]);
    expect(events).toEqual(emu.events());
    const one = (await (
      await fetch(`${emu.url}/_emulator/export?session=${S2}`)
    ).json()) as unknown[];
    expect(one).toHaveLength(1);
  });

  test('diagnostics: posted from a loopback page, the latest per session kept', async () => {
    const preflight = await fetch(`${emu.url}/_emulator/diagnostics`, {
      method: 'OPTIONS',
      headers: {
        origin: PAGE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');

    const first = { ok: false, problems: ['no credentials yet'] };
    const res = await postDiagnostics(emu, {
      appMonitorId: OPEN_MONITOR_ID,
      sessionId: S1,
      report: first,
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(PAGE);
    await postDiagnostics(emu, { appMonitorId: OPEN_MONITOR_ID, sessionId: S2, report: {} });
    await postDiagnostics(emu, {
      appMonitorId: OPEN_MONITOR_ID,
      sessionId: S1,
      report: { ok: true, problems: [] },
    });

    const answer = await fetch(`${emu.url}/_emulator/diagnostics`, { headers: { origin: PAGE } });
    expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
    const { diagnostics } = (await answer.json()) as { diagnostics: unknown[] };
    expect(diagnostics).toEqual([
      {
        appMonitorId: OPEN_MONITOR_ID,
        sessionId: S1,
        at: expect.any(Number),
        report: { ok: true, problems: [] },
      },
      { appMonitorId: OPEN_MONITOR_ID, sessionId: S2, at: expect.any(Number), report: {} },
    ]);
    expect(emu.diagnostics()).toEqual(diagnostics);
    expect(
      (await get<{ diagnostics: unknown[] }>(`/_emulator/diagnostics?session=${S2}`)).diagnostics,
    ).toHaveLength(1);

    for (const body of ['not json', '[]', '{"sessionId":1,"report":{}}', '{"sessionId":"s"}']) {
      const bad = await fetch(`${emu.url}/_emulator/diagnostics`, {
        method: 'POST',
        headers: JSON_BODY,
        body,
      });
      expect(bad.status).toBe(400);
      expect((await bad.json()).message).toMatch(/report/);
    }
    // None of this is in the request log.
    expect(emu.requests()).toEqual([]);
  });

  test('unknown inspection routes list the ones there are', async () => {
    const res = await fetch(`${emu.url}/_emulator/nope`);
    expect(res.status).toBe(404);
    expect((await res.json()).message).toMatch(/sessions.*stream.*export.*diagnostics.*clear/);
  });
});

function page(pageId: string, metadata?: Record<string, unknown>): WireEvent {
  return wireEvent(
    'com.amazon.rum.page_view_event',
    { version: '1.0.0', pageId, interaction: 0 },
    metadata ? { ...metadata, pageId } : undefined,
  );
}

function postDiagnostics(emu: Emulator, body: unknown): Promise<Response> {
  return fetch(`${emu.url}/_emulator/diagnostics`, {
    method: 'POST',
    headers: { origin: PAGE, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
