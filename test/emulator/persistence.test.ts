import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { APP_MONITORS, KEY, OPEN_MONITOR_ID, post, wireEvent, type WireEvent } from './helpers';
import { sessionBatch, sid, vital } from './viewer-helpers';

/** Control POSTs take JSON, and say so. */
const JSON_BODY = { 'content-type': 'application/json' };

// The data file: what arrives is appended as JSON lines and taken back at the next start, so a
// restarted emulator shows the same sessions; a damaged file costs a warning, never the start.

const page = (pageId: string): WireEvent =>
  wireEvent('com.amazon.rum.page_view_event', { version: '1.0.0', pageId, interaction: 0 });

describe('the data file', () => {
  let dir: string;
  let file: string;
  let emu: Emulator | undefined;
  const lines: string[] = [];
  const start = async (options: EmulatorOptions = {}) => {
    lines.length = 0;
    emu = await startEmulator({
      appMonitors: APP_MONITORS,
      credentials: [KEY],
      dataFile: file,
      log: (line) => lines.push(line),
      ...options,
    });
    return emu;
  };
  const restart = async (options: EmulatorOptions = {}) => {
    await emu?.close();
    return start(options);
  };
  const send = (sessionId: string, events: WireEvent[]) =>
    post(
      `${emu!.url}/appmonitors/${OPEN_MONITOR_ID}/`,
      JSON.stringify(sessionBatch(sessionId, events)),
    );
  const warnings = () => lines.filter((l) => l.startsWith('emulator warning:'));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rum-data-'));
    file = join(dir, 'state', 'data.jsonl');
  });
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  test('a restart with the same file keeps events, sessions, requests, diagnostics and numbering', async () => {
    await start();
    await send(sid(1), [page('/'), vital('largest_contentful_paint_event', 2000)]);
    await send(sid(2), [page('/x')]);
    await post(`${emu!.url}/appmonitors/${APP_MONITORS[0].id}/`, '{}'); // refused: unsigned
    await fetch(`${emu!.url}/_emulator/diagnostics`, {
      method: 'POST',
      headers: JSON_BODY,
      body: JSON.stringify({
        appMonitorId: OPEN_MONITOR_ID,
        sessionId: sid(1),
        report: { ok: true },
      }),
    });
    const before = {
      events: emu!.events(),
      requests: emu!.requests(),
      sessions: emu!.sessions(),
      diagnostics: emu!.diagnostics(),
      stats: emu!.stats(),
    };
    expect(before.events).toHaveLength(3);
    expect(before.requests).toHaveLength(3);

    await restart();
    expect(emu!.events()).toEqual(before.events);
    expect(emu!.requests()).toEqual(before.requests);
    expect(emu!.sessions()).toEqual(before.sessions);
    expect(emu!.diagnostics()).toEqual(before.diagnostics);
    expect(emu!.stats()).toMatchObject({ requests: 3, accepted: 2, events: 3, unique: 3 });
    expect(warnings()).toEqual([]);
    const res = await fetch(`${emu!.url}/_emulator/events`);
    expect(((await res.json()) as { last: number }).last).toBe(3);

    // Numbering continues after the restart, and the file keeps growing from where it was.
    await send(sid(1), [page('/y')]);
    expect(emu!.events().map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(emu!.requests().map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    await restart();
    expect(emu!.events().map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(emu!.sessions().find((s) => s.sessionId === sid(1))).toMatchObject({
      events: 3,
      pages: ['/', '/y'],
      vitals: { lcp: 2000 },
    });
  });

  test('a cut-short last line is skipped with one warning, and the file is mended', async () => {
    await start();
    await send(sid(1), [page('/'), page('/a')]);
    await emu!.close();
    emu = undefined;
    appendFileSync(file, '{"kind":"event","seq":3,"appMonitorId":"00000000-00'); // killed mid-write

    await start();
    expect(emu!.events().map((e) => e.seq)).toEqual([1, 2]);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/skipped 1 unreadable line\(s\) \(line 4: not JSON/);

    await send(sid(1), [page('/b')]);
    expect(emu!.events().map((e) => e.seq)).toEqual([1, 2, 3]);
    await restart();
    expect(warnings()).toEqual([]);
    expect(emu!.events().map((e) => e.event.details.pageId)).toEqual(['/', '/a', '/b']);
    for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
      expect(() => JSON.parse(line)).not.toThrow();
    }
  });

  test('garbage in the middle, unknown kinds and broken records are skipped with one warning', async () => {
    await start();
    await send(sid(1), [page('/')]);
    await emu!.close();
    emu = undefined;
    appendFileSync(
      file,
      [
        'not json at all',
        '[1,2]',
        '{"kind":"what"}',
        '{"kind":"event","appMonitorId":"x"}',
        '{"kind":"request","method":"POST"}',
        '',
      ].join('\n'),
    );
    await start();
    expect(emu!.events()).toHaveLength(1);
    expect(emu!.requests()).toHaveLength(1);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/skipped 5 unreadable line\(s\) \(line 3: not JSON/);
  });

  test('a file of bare stored events (written before request records were kept) loads', async () => {
    await start();
    await send(sid(1), [page('/'), page('/a')]);
    const legacy = emu!
      .events()
      .map(({ seq: _seq, ...event }) => JSON.stringify(event))
      .join('\n');
    await emu!.close();
    emu = undefined;
    writeFileSync(file, legacy + '\n');

    await start();
    expect(emu!.events().map((e) => [e.seq, e.event.details.pageId])).toEqual([
      [1, '/'],
      [2, '/a'],
    ]);
    expect(emu!.sessions()).toEqual([expect.objectContaining({ sessionId: sid(1), pageViews: 2 })]);
    expect(warnings()).toEqual([]);
  });

  test('memory is bounded: past the maximum, the oldest tenth goes; a restart loads the newest', async () => {
    await start({ maxEvents: 10, maxRequests: 4 });
    for (let i = 0; i < 6; i++) await send(sid(1), [page(`/${i}a`), page(`/${i}b`)]);
    // 12 events: past 10, the oldest go until 9 are left; then 11 and 12 come.
    expect(emu!.events().map((e) => e.seq)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(emu!.requests().map((r) => r.seq)).toEqual([3, 4, 5, 6]);
    expect(emu!.sessions()[0]).toMatchObject({ events: 9 });

    await restart({ maxEvents: 5, maxRequests: 2 });
    expect(emu!.events().map((e) => e.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(emu!.requests().map((r) => r.seq)).toEqual([5, 6]);
    await send(sid(1), [page('/z')]);
    expect(emu!.events().at(-1)!.seq).toBe(13);

    await expect(startEmulator({ maxEvents: 0 })).rejects.toThrow(/maxEvents/);
  });

  test('a data file that cannot be read or written costs a warning, not the emulator', async () => {
    mkdirSync(file, { recursive: true }); // a directory where the file should be
    await start();
    expect(warnings()).toEqual([expect.stringMatching(/could not be read/)]);
    expect((await send(sid(1), [page('/')])).status).toBe(200);
    expect((await send(sid(1), [page('/a')])).status).toBe(200);
    expect(emu!.events()).toHaveLength(2);
    expect(warnings()).toEqual([
      expect.stringMatching(/could not be read/),
      expect.stringMatching(/could not be written.*kept in memory/), // once, not per write
    ]);
  });
});
