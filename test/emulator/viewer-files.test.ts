import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator';

// The viewer's files at /_emulator/, from the directory beside the compiled emulator (here a
// stand-in), with their content types, nothing outside it, and a 404 that says how to build it.

describe('the viewer files', () => {
  let dir: string;
  let emu: Emulator;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rum-viewer-'));
  });
  afterEach(async () => {
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const build = () => {
    const viewer = join(dir, 'viewer');
    mkdirSync(viewer);
    writeFileSync(join(viewer, 'index.html'), '<!doctype html><title>RUM emulator</title>');
    writeFileSync(join(viewer, 'app.js'), 'console.log("viewer")');
    writeFileSync(join(viewer, 'app.css'), 'body { margin: 0 }');
    writeFileSync(join(dir, 'secret.txt'), 'not for the web');
    return viewer;
  };

  test('/_emulator/ is the page; /_emulator/viewer/<file> the rest, with content types', async () => {
    emu = await startEmulator({ viewerDir: build() });
    let res = await fetch(`${emu.url}/_emulator/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>RUM emulator</title>');

    res = await fetch(`${emu.url}/_emulator/viewer/app.js`);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log("viewer")');
    res = await fetch(`${emu.url}/_emulator/viewer/app.css`);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    res = await fetch(`${emu.url}/_emulator/viewer/index.html`);
    expect(res.status).toBe(200);

    res = await fetch(`${emu.url}/_emulator`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/_emulator/');

    res = await fetch(`${emu.url}/_emulator/viewer/nothing.js`);
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/no file \/nothing\.js/);

    // The JSON routes next to it still answer, and none of this is in the request log.
    expect(await (await fetch(`${emu.url}/_emulator/health`)).json()).toEqual({ ok: true });
    expect(emu.requests()).toEqual([]);
  });

  test('nothing outside the viewer directory', async () => {
    emu = await startEmulator({ viewerDir: build() });
    for (const path of [
      '/_emulator/viewer/../secret.txt',
      '/_emulator/viewer/%2e%2e/secret.txt',
      '/_emulator/viewer/..%2fsecret.txt',
      '/_emulator/viewer/%2e%2e%2f%2e%2e%2fpackage.json',
      '/_emulator/viewer/%00index.html',
    ]) {
      const { status, body } = await rawGet(emu.port, path);
      expect([path, status]).toEqual([path, 404]);
      expect(body).not.toContain('not for the web');
    }
  });

  test('not built: a 404 that says how to build it', async () => {
    emu = await startEmulator({ viewerDir: join(dir, 'missing') });
    const res = await fetch(`${emu.url}/_emulator/`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await res.text();
    expect(text).toMatch(/viewer is not built/);
    expect(text).toMatch(/npm run build/);
    expect(text).toContain(join(dir, 'missing', 'index.html'));
    expect((await fetch(`${emu.url}/_emulator/viewer/app.js`)).status).toBe(404);
  });

  test('by default, the viewer directory beside the emulator module', async () => {
    emu = await startEmulator();
    const text = await (await fetch(`${emu.url}/_emulator/viewer/no-such-file.js`)).text();
    // Run from the sources here: emulator/viewer (compiled: packages/emulator/dist/emulator/viewer).
    expect(text).toMatch(/no file|not built/);
    if (/not built/.test(text)) expect(text).toContain(join('emulator', 'viewer', 'index.html'));
  });
});

function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
    })
      .on('error', reject)
      .end();
  });
}
