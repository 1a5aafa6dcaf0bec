import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator, type StoredEvent } from '../../emulator';
import { APP_MONITORS, KEY, OPEN_MONITOR_ID, batch, post, signedHeaders } from './helpers';

/** Control POSTs take JSON, and say so. */
const JSON_BODY = { 'content-type': 'application/json' };

const OPEN_PATH = `/appmonitors/${OPEN_MONITOR_ID}/`;

describe('HTTP surface', () => {
  let emu: Emulator;
  let dir: string;
  const lines: string[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rum-emulator-'));
    lines.length = 0;
    emu = await startEmulator({
      appMonitors: APP_MONITORS,
      credentials: [KEY],
      dataFile: join(dir, 'nested', 'events.jsonl'),
      staticDir: join(dir, 'www'),
      log: (line) => lines.push(line),
    });
  });
  afterEach(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('answers CORS preflights by echoing the origin and requested headers', async () => {
    const res = await fetch(`${emu.url}/appmonitors/${OPEN_MONITOR_ID}/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers':
          'authorization,content-type,x-amz-date,x-amz-security-token',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, GET, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'authorization,content-type,x-amz-date,x-amz-security-token',
    );
    expect(res.headers.get('access-control-max-age')).toBeTruthy();
  });

  test('real responses expose the error type, request id and Date to pages', async () => {
    const res = await fetch(`${emu.url}/appmonitors/${APP_MONITORS[0].id}/`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'text/plain' },
      body: JSON.stringify(batch()),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toBe(
      'x-amzn-ErrorType, x-amzn-RequestId, Date, Retry-After',
    );
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(res.headers.get('date') ?? '')).not.toBeNaN();
    expect(emu.requests()[0]).toMatchObject({ origin: 'http://localhost:5173' });
  });

  test('appends one JSON line per accepted event (and per request) to the data file', async () => {
    await post(`${emu.url}${OPEN_PATH}`, JSON.stringify(batch(undefined, OPEN_MONITOR_ID)));
    await post(`${emu.url}${OPEN_PATH}`, '{"not":"a batch"}'); // rejected: nothing written
    const body = JSON.stringify(batch(undefined, OPEN_MONITOR_ID));
    const { url, headers } = await signedHeaders(emu, { body, path: OPEN_PATH });
    await post(url, body, headers);

    const file = readFileSync(join(dir, 'nested', 'events.jsonl'), 'utf8');
    const lines = file
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string });
    expect(lines.map((l) => l.kind)).toEqual([
      'event',
      'event',
      'request',
      'request', // the refused one: recorded, nothing stored
      'event',
      'event',
      'request',
    ]);
    const stored = lines.filter((l) => l.kind === 'event') as unknown as StoredEvent[];
    expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(stored.map((e) => e.signed)).toEqual([false, false, true, true]);
    expect(stored[0].event.metadata).toEqual({ version: '1.0.0', domain: 'example.com' });
  });

  test('inspection routes: events, requests, faults, reset, health', async () => {
    const get = async (path: string) => (await fetch(`${emu.url}${path}`)).json();
    expect(await get('/_emulator/health')).toEqual({ ok: true });

    await post(`${emu.url}${OPEN_PATH}`, JSON.stringify(batch(undefined, OPEN_MONITOR_ID)));
    const { events } = await get(
      `/_emulator/events?appMonitorId=${OPEN_MONITOR_ID}&type=com.amazon.rum.page_view_event`,
    );
    expect(events).toHaveLength(1);
    expect(events[0].event.details.pageId).toBe('/home');

    let res = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      headers: JSON_BODY,
      body: JSON.stringify({ status: 503, errorType: 'ServiceUnavailableException', count: 2 }),
    });
    expect(res.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const failed = await post(`${emu.url}${OPEN_PATH}`, '{}');
      expect([failed.status, failed.errorType]).toEqual([503, 'ServiceUnavailableException']);
    }
    const { requests } = await get('/_emulator/requests');
    expect(requests.map((r: { status: number }) => r.status)).toEqual([200, 503, 503]);

    res = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      headers: JSON_BODY,
      body: '{"status":"x"}',
    });
    expect(res.status).toBe(400);

    res = await fetch(`${emu.url}/_emulator/reset`, { method: 'POST', headers: JSON_BODY });
    expect(res.status).toBe(200);
    expect(emu.events()).toEqual([]);
    expect(emu.requests()).toEqual([]);
  });

  test('app monitors and credentials can be added while running', async () => {
    const id = '99999999-0000-0000-0000-000000000009';
    let res = await post(`${emu.url}/appmonitors/${id}/`, JSON.stringify(batch(undefined, id)));
    expect(res.errorType).toBe('MissingAuthenticationTokenException');
    await fetch(`${emu.url}/_emulator/app-monitors`, {
      method: 'POST',
      headers: JSON_BODY,
      body: JSON.stringify({ id, region: 'eu-west-1', allowUnsigned: true }),
    });
    res = await post(`${emu.url}/appmonitors/${id}/`, JSON.stringify(batch(undefined, id)));
    expect(res.status).toBe(200);
  });

  test('logs one line per request', async () => {
    await post(`${emu.url}${OPEN_PATH}`, JSON.stringify(batch(undefined, OPEN_MONITOR_ID)));
    await post(`${emu.url}/appmonitors/${APP_MONITORS[0].id}/`, '{}');
    await fetch(`${emu.url}/_emulator/health`);
    expect(lines).toEqual([
      `PutRumEvents 200 app=${OPEN_MONITOR_ID} events=2 unsigned`,
      `PutRumEvents 403 MissingAuthenticationTokenException app=${APP_MONITORS[0].id} unsigned - Missing Authentication Token`,
    ]);
  });

  test('unknown routes are 404 UnknownOperationException', async () => {
    const res = await post(`${emu.url}/nothing/here`, '{}');
    expect(res.status).toBe(404);
    expect(res.errorType).toBe('UnknownOperationException');
  });

  test('serves static files with their content types, and nothing outside the directory', async () => {
    mkdirSync(join(dir, 'www', 'js'), { recursive: true });
    writeFileSync(join(dir, 'www', 'index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(join(dir, 'www', 'js', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'do not serve');

    let res = await fetch(`${emu.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>demo</title>');

    res = await fetch(`${emu.url}/js/app.js`);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');

    // fetch() normalizes `..` away, so send the raw paths with node:http.
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/js/..%2f..%2fsecret.txt']) {
      expect(await rawGet(emu.port, path)).toBe(404);
    }
  });
});

function rawGet(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
