import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator';

// The emulator's root leads to the viewer (unless a static directory has its own index.html),
// and GET /_emulator/info tells the viewer the demo site's URL (`demoUrl`, `setDemoUrl`).

describe('the root URL', () => {
  let emu: Emulator;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rum-root-'));
  });
  afterEach(async () => {
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('GET / and HEAD / redirect to the viewer', async () => {
    emu = await startEmulator();
    const res = await fetch(`${emu.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/_emulator/');
    expect(await res.text()).toContain('/_emulator/');

    const head = await rawRequest(emu.port, 'HEAD', '/');
    expect(head.status).toBe(302);
    expect(head.location).toBe('/_emulator/');
    expect(head.body).toBe('');

    // Followed, it ends at the viewer's page (built or not, the viewer answers for it).
    const followed = await fetch(`${emu.url}/?from=root`);
    expect(new URL(followed.url).pathname).toBe('/_emulator/');
    // A POST to the root is still an unknown operation, not a redirect.
    const post = await fetch(`${emu.url}/`, { method: 'POST', body: '{}', redirect: 'manual' });
    expect(post.status).not.toBe(302);
  });

  test("a static directory's index.html keeps the root", async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>test site</title>');
    emu = await startEmulator({ staticDir: dir });
    const res = await fetch(`${emu.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>test site</title>');
    expect((await rawRequest(emu.port, 'HEAD', '/')).status).toBe(200);
  });

  test('a static directory without index.html still leads to the viewer', async () => {
    writeFileSync(join(dir, 'page.html'), '<!doctype html><title>page</title>');
    emu = await startEmulator({ staticDir: dir });
    const res = await fetch(`${emu.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/_emulator/');
    expect((await fetch(`${emu.url}/page.html`)).status).toBe(200);
    expect((await fetch(`${emu.url}/missing.html`)).status).toBe(404);
  });
});

describe('GET /_emulator/info and the demo URL', () => {
  let emu: Emulator;
  afterEach(async () => {
    await emu?.close();
  });
  const info = async () => {
    const res = await fetch(`${emu.url}/_emulator/info`);
    expect(res.status).toBe(200);
    // Every answer also reports the seed of the fault draws (tested in faults.test.ts).
    const { faultSeed, ...rest } = (await res.json()) as { faultSeed?: number };
    expect(faultSeed).toBe(emu.faultSeed);
    return rest;
  };

  test('no demo site: demoUrl is null', async () => {
    emu = await startEmulator();
    expect(await info()).toEqual({ demoUrl: null });
    // An inspection route: not in the request log.
    expect(emu.requests()).toEqual([]);
  });

  test('the demoUrl option, then setDemoUrl while running', async () => {
    emu = await startEmulator({ demoUrl: 'http://127.0.0.1:4721' });
    expect(await info()).toEqual({ demoUrl: 'http://127.0.0.1:4721' });
    emu.setDemoUrl('https://demo.example:8443/shop/');
    expect(await info()).toEqual({ demoUrl: 'https://demo.example:8443/shop/' });
    emu.setDemoUrl(undefined);
    expect(await info()).toEqual({ demoUrl: null });
  });

  test('only http: and https: URLs', async () => {
    await expect(startEmulator({ demoUrl: 'javascript:alert(1)' })).rejects.toThrow(TypeError);
    emu = await startEmulator();
    for (const bad of ['javascript:alert(1)', '127.0.0.1:4721', '/demo', 'file:///etc/passwd']) {
      expect(() => emu.setDemoUrl(bad)).toThrow(
        /A demo URL must be an absolute http: or https: URL/,
      );
    }
    expect(await info()).toEqual({ demoUrl: null });
  });
});

function rawRequest(
  port: number,
  method: string,
  path: string,
): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolvePromise, reject) => {
    httpRequest({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolvePromise({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    })
      .on('error', reject)
      .end();
  });
}
