import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { inspect } from '../../emulator/inspect';
import { Registry } from '../../emulator/registry';
import { Store } from '../../emulator/store';
import {
  APP_MONITORS,
  KEY,
  MONITOR_ID,
  OPEN_MONITOR_ID,
  POOL_ID,
  ROLE_ARN,
  VENDING_OPTIONS,
  batch,
  pageView,
  sessionStart,
  signedHeaders,
  wireEvent,
} from './helpers';

// What a hostile web page (or a careless script) can throw at the emulator, which listens on
// loopback where any page the developer visits can reach it: compression bombs, nesting that
// breaks recursion, bodies too large to hold, control calls from other origins, control inputs
// that would break later requests, and many calls at once. Every one must be refused with the
// error a client can read, memory must stay bounded, and nothing acknowledged may be lost.

const ROOT = resolve(__dirname, '..', '..');
const EVIL = 'https://evil.example';
const JSON_TYPE = { 'content-type': 'application/json' };
const MiB = 1024 * 1024;
/** Peak resident memory the emulator process may reach under each attack (see docs/emulator.md). */
const PEAK_RSS_BOUND_MB = 300;

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request on a fresh connection, any method and headers (Origin and Host included). */
function raw(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<RawAnswer> {
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolvePromise({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const errorTypeOf = (answer: RawAnswer) => answer.headers['x-amzn-errortype'];
const json = (answer: RawAnswer) => JSON.parse(answer.body) as Record<string, unknown>;

/** A signed PutRumEvents request (body as given, headers as the signer made them). */
async function signedPut(
  emu: { url: string; port: number },
  body: string | Buffer,
  headers: Record<string, string> = JSON_TYPE,
) {
  const signed = await signedHeaders(emu as Emulator, {
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers,
  });
  return { url: signed.url, headers: signed.headers as Record<string, string> };
}

/**
 * A gzip body about `mib` MiB long once inflated, a few hundred times smaller as sent: gzip
 * members, one after another, each a compressed MiB of spaces (valid JSON whitespace).
 */
function gzipBomb(mib: number): Buffer {
  const member = gzipSync(Buffer.alloc(MiB, 0x20), { level: 9 });
  return Buffer.concat(Array.from({ length: mib }, () => member));
}

/** A JSON value nested `depth` arrays deep, as text. */
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

// ---- the emulator in a process of its own, to measure its memory ----------------------------

/**
 * The emulator's sources compiled (transpiled only) into a temporary directory, once, laid out as
 * in the repository: emulator/, and the service rules it imports (src/domain/rules.ts).
 */
function compileEmulator(into: string): string {
  const transpile = (from: string, to: string) =>
    writeFileSync(
      to,
      ts.transpileModule(readFileSync(from, 'utf8'), {
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2020,
          esModuleInterop: true,
          resolveJsonModule: true,
        },
      }).outputText,
    );
  const source = join(ROOT, 'emulator');
  const out = join(into, 'emulator');
  mkdirSync(join(out, 'schemas'), { recursive: true });
  for (const name of readdirSync(source)) {
    if (name.endsWith('.ts'))
      transpile(join(source, name), join(out, name.replace(/\.ts$/, '.js')));
  }
  for (const name of readdirSync(join(source, 'schemas'))) {
    if (name.endsWith('.json'))
      copyFileSync(join(source, 'schemas', name), join(out, 'schemas', name));
  }
  mkdirSync(join(into, 'src', 'domain'), { recursive: true });
  transpile(join(ROOT, 'src', 'domain', 'rules.ts'), join(into, 'src', 'domain', 'rules.js'));
  return join(out, 'index.js');
}

/** Runs in the child: start the emulator, say where it listens, answer memory questions. */
const CHILD = `
const { startEmulator } = require(process.argv[1]);
startEmulator(JSON.parse(process.argv[2])).then((emu) => {
  process.send({ url: emu.url, port: emu.port });
  process.on('message', (message) => {
    if (message === 'peak') process.send({ peakKb: process.resourceUsage().maxRSS });
  });
  process.on('disconnect', () => emu.close().then(() => process.exit(0)));
});
`;

/** `ABUSE_REPORT=1 npx jest test/emulator/abuse.test.ts` prints each peak measured. */
async function peakOf(emu: ChildEmulator, what: string): Promise<number> {
  const peak = await emu.peakRssMb();
  if (process.env.ABUSE_REPORT) process.stdout.write(`peak RSS ${what}: ${peak.toFixed(0)} MB\n`);
  return peak;
}

interface ChildEmulator {
  url: string;
  port: number;
  /** The process's peak resident memory so far, in MB (maxRSS, i.e. VmHWM on Linux). */
  peakRssMb(): Promise<number>;
  stop(): Promise<void>;
}

function startChild(entry: string, options: EmulatorOptions): Promise<ChildEmulator> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', CHILD, entry, JSON.stringify({ ...options, dataFile: false })],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    },
  );
  const next = <T>(): Promise<T> =>
    new Promise((resolvePromise, reject) => {
      child.once('message', (message) => resolvePromise(message as T));
      child.once('exit', (code) => reject(new Error(`the emulator process exited (${code})`)));
    });
  return next<{ url: string; port: number }>().then(({ url, port }) => ({
    url,
    port,
    peakRssMb: async () => {
      const answer = next<{ peakKb: number }>();
      child.send('peak');
      return (await answer).peakKb / 1024;
    },
    stop: () =>
      new Promise<void>((resolvePromise) => {
        if (child.exitCode !== null) return resolvePromise();
        child.once('exit', () => resolvePromise());
        child.disconnect();
      }),
  }));
}

describe('memory stays bounded (the emulator in its own process)', () => {
  let build: string;
  let entry: string;
  let child: ChildEmulator | undefined;
  beforeAll(() => {
    build = mkdtempSync(join(tmpdir(), 'rum-abuse-build-'));
    entry = compileEmulator(build);
  });
  afterAll(() => rmSync(build, { recursive: true, force: true }));
  afterEach(async () => {
    await child?.stop();
    child = undefined;
  }, 60_000);

  const start = async () => {
    child = await startChild(entry, { appMonitors: APP_MONITORS, credentials: [KEY] });
    return child;
  };

  test('an unsigned gzip bomb is refused without being inflated', async () => {
    const emu = await start();
    const bomb = gzipBomb(900); // ~0.9 MB sent, 900 MiB inflated
    const answer = await raw(
      'POST',
      `${emu.url}/appmonitors/${MONITOR_ID}/`,
      { ...JSON_TYPE, 'content-encoding': 'gzip' },
      bomb,
    );
    expect([answer.status, errorTypeOf(answer)]).toEqual([
      403,
      'MissingAuthenticationTokenException',
    ]);
    const health = await raw('GET', `${emu.url}/_emulator/health`);
    expect(health.status).toBe(200);
    expect(await peakOf(emu, 'unsigned gzip bomb')).toBeLessThan(PEAK_RSS_BOUND_MB);
  }, 60_000);

  test('a signed gzip bomb is inflated only up to the cap, then refused as too large', async () => {
    const emu = await start();
    const bomb = gzipBomb(900);
    const { url, headers } = await signedPut(emu, bomb, {
      ...JSON_TYPE,
      'content-encoding': 'gzip',
    });
    const answer = await raw('POST', url, headers, bomb);
    expect([answer.status, errorTypeOf(answer)]).toEqual([413, 'RequestEntityTooLargeException']);
    expect(json(answer).__type).toBe('RequestEntityTooLargeException');
    expect(String(json(answer).message)).toMatch(/inflate|decompress/i);
    expect((await raw('GET', `${emu.url}/_emulator/health`)).status).toBe(200);
    expect(await peakOf(emu, 'signed gzip bomb')).toBeLessThan(PEAK_RSS_BOUND_MB);
  }, 60_000);

  test('five 15 MB diagnostics posts are each refused as too large; memory stays bounded', async () => {
    const emu = await start();
    const report = { blob: 'x'.repeat(15 * MiB) };
    const body = JSON.stringify({ appMonitorId: MONITOR_ID, sessionId: randomUUID(), report });
    for (let i = 0; i < 5; i++) {
      const answer = await raw('POST', `${emu.url}/_emulator/diagnostics`, JSON_TYPE, body);
      expect(answer.status).toBe(413);
      expect(String(json(answer).message)).toMatch(/1048576 bytes/);
    }
    expect((await raw('GET', `${emu.url}/_emulator/diagnostics`)).status).toBe(200);
    expect(await peakOf(emu, 'five 15 MB diagnostics posts')).toBeLessThan(PEAK_RSS_BOUND_MB);
  }, 60_000);
});

// ---- everything else, in this process -------------------------------------------------------

describe('abuse, in process', () => {
  let emu: Emulator;
  let dir: string;
  let file: string;
  const lines: string[] = [];
  const start = async (options: EmulatorOptions = {}) => {
    emu = await startEmulator({
      appMonitors: APP_MONITORS,
      credentials: [KEY],
      ...VENDING_OPTIONS,
      dataFile: file,
      log: (line) => lines.push(line),
      ...options,
    });
    return emu;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rum-abuse-'));
    file = join(dir, 'data.jsonl');
    lines.length = 0;
  });
  afterEach(async () => {
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const putUrl = () => `${emu.url}/appmonitors/${MONITOR_ID}/`;
  const control = (path: string, body: unknown, headers: Record<string, string> = JSON_TYPE) =>
    raw('POST', `${emu.url}/_emulator/${path}`, headers, JSON.stringify(body));

  describe('nesting', () => {
    test('a 200,000-deep diagnostics report is refused, and every route still answers', async () => {
      await start();
      const body =
        `{"appMonitorId":"${OPEN_MONITOR_ID}","sessionId":"${randomUUID()}",` +
        `"report":{"deep":${deepArray(200_000)}}}`;
      const answer = await raw('POST', `${emu.url}/_emulator/diagnostics`, JSON_TYPE, body);
      expect(answer.status).toBe(400);
      expect(String(json(answer).message)).toMatch(/nested deeper than 100/);
      for (const path of ['diagnostics', 'events', 'export', 'sessions']) {
        expect((await raw('GET', `${emu.url}/_emulator/${path}`)).status).toBe(200);
      }
      expect(emu.diagnostics()).toEqual([]);
    });

    test('a 200,000-deep value in a signed event metadata is ValidationException, nothing lost', async () => {
      await start();
      const good = batch([sessionStart(), pageView()]);
      let signed = await signedPut(emu, JSON.stringify(good));
      expect((await raw('POST', signed.url, signed.headers, JSON.stringify(good))).status).toBe(
        200,
      );

      const deep = pageView();
      deep.metadata = `{"version":"1.0.0","domain":"example.com","deep":${deepArray(200_000)}}`;
      const bad = JSON.stringify(batch([deep]));
      signed = await signedPut(emu, bad);
      const answer = await raw('POST', signed.url, signed.headers, bad);
      expect([answer.status, errorTypeOf(answer)]).toEqual([400, 'ValidationException']);
      expect(String(json(answer).message)).toMatch(/RumEvents\[0\].*metadata.*nested deeper/);

      // rrweb's `data` is free-form: nesting there passed the schema, was acknowledged, and
      // then could not be written to the data file or read back.
      const replay = wireEvent('com.amazon.rum.rrweb_event', {
        version: '1.0.0',
        eventCount: 1,
        events: [{ type: 2, timestamp: 1, data: {} }],
      });
      replay.details = replay.details.replace('"data":{}', `"data":${deepArray(200_000)}`);
      const replayBody = JSON.stringify(batch([replay]));
      signed = await signedPut(emu, replayBody);
      const replayAnswer = await raw('POST', signed.url, signed.headers, replayBody);
      expect([replayAnswer.status, errorTypeOf(replayAnswer)]).toEqual([
        400,
        'ValidationException',
      ]);
      expect(String(json(replayAnswer).message)).toMatch(/RumEvents\[0\].*details.*nested deeper/);

      // The same nesting around the batch itself (outside any JSON string).
      const wrapped = JSON.stringify(good).replace(/}$/, `,"Extra":${deepArray(200_000)}}`);
      signed = await signedPut(emu, wrapped);
      const outer = await raw('POST', signed.url, signed.headers, wrapped);
      expect([outer.status, errorTypeOf(outer)]).toEqual([400, 'ValidationException']);

      for (const path of ['events', 'export', 'sessions', 'requests']) {
        expect((await raw('GET', `${emu.url}/_emulator/${path}`)).status).toBe(200);
      }
      await emu.close();
      await start();
      expect(emu.events().map((e) => e.event.id)).toEqual(good.RumEvents.map((e) => e.id));
    });

    test('a data file line nested too deep is skipped at start, not loaded', async () => {
      const event = {
        kind: 'event',
        seq: 1,
        appMonitorId: MONITOR_ID,
        batchId: randomUUID(),
        userDetails: { userId: randomUUID(), sessionId: randomUUID() },
        appMonitorDetails: { id: MONITOR_ID, version: '1' },
        receivedAt: 1,
        signed: false,
        presigned: false,
        event: { id: randomUUID(), timestamp: 1, type: 'x', metadata: {}, details: {} },
      };
      const poisoned = JSON.stringify({ ...event, seq: 2 }).replace(
        '"details":{}',
        `"details":{"deep":${deepArray(200_000)}}`,
      );
      writeFileSync(file, JSON.stringify(event) + '\n' + poisoned + '\n');
      await start();
      expect(emu.events().map((e) => e.seq)).toEqual([1]);
      expect(lines.join('\n')).toMatch(/skipped 1 unreadable line.*nested deeper than 100/);
      expect((await raw('GET', `${emu.url}/_emulator/export`)).status).toBe(200);
    });
  });

  describe('bodies too large', () => {
    test('a PutRumEvents body over 1 MiB is 413 RequestEntityTooLargeException, read and recorded', async () => {
      await start();
      for (const size of [2 * MiB, 25 * MiB]) {
        const body = JSON.stringify({ ...batch(), Padding: 'x'.repeat(size) });
        const answer = await raw('POST', putUrl(), JSON_TYPE, body);
        expect([answer.status, errorTypeOf(answer)]).toEqual([
          413,
          'RequestEntityTooLargeException',
        ]);
        expect(json(answer)).toEqual({
          __type: 'RequestEntityTooLargeException',
          message: expect.stringMatching(/1048576 bytes/),
        });
      }
      // fetch (undici) reads the answer too, rather than a reset.
      const res = await fetch(putUrl(), {
        method: 'POST',
        headers: JSON_TYPE,
        body: 'x'.repeat(9 * MiB),
      });
      expect([res.status, res.headers.get('x-amzn-errortype')]).toEqual([
        413,
        'RequestEntityTooLargeException',
      ]);
      const records = emu.requests();
      expect(records).toHaveLength(3);
      for (const record of records) {
        expect(record).toMatchObject({
          operation: 'PutRumEvents',
          appMonitorId: MONITOR_ID,
          status: 413,
          errorType: 'RequestEntityTooLargeException',
          verdict: 'refused',
        });
        expect(record.bodyBytes).toBeGreaterThan(MiB);
      }
      expect(emu.stats().requests).toBe(3);
      expect((await raw('GET', `${emu.url}/_emulator/health`)).status).toBe(200);
    }, 30_000); // (36 MiB through loopback: over 5 s on a loaded machine)

    test('a control body over 1 MiB is 413 with a message', async () => {
      await start();
      const answer = await control('faults', {
        status: 500,
        errorType: 'X',
        message: 'x'.repeat(2 * MiB),
      });
      expect(answer.status).toBe(413);
      expect(String(json(answer).message)).toMatch(/1048576 bytes/);
      expect(emu.requests()).toEqual([]);
    });
  });

  describe('hostile origins', () => {
    test('control and inspection routes refuse other origins; pages on loopback are served', async () => {
      await start();
      const sent = JSON.stringify(batch());
      const signed = await signedPut(emu, sent);
      await raw('POST', signed.url, signed.headers, sent);
      const held = emu.events().length;
      expect(held).toBe(2);

      // A simple POST (text/plain needs no preflight) from a page elsewhere.
      for (const [path, body] of [
        ['clear', '{}'],
        ['reset', '{}'],
        ['credentials', JSON.stringify({ accessKeyId: 'AKIDEVIL', secretAccessKey: 'x' })],
        ['app-monitors', JSON.stringify({ id: randomUUID(), region: 'us-west-2' })],
        ['diagnostics', JSON.stringify({ sessionId: 's', report: {} })],
      ]) {
        for (const type of ['text/plain', 'application/json']) {
          const answer = await raw(
            'POST',
            `${emu.url}/_emulator/${path}`,
            { origin: EVIL, 'content-type': type },
            body,
          );
          expect([path, answer.status]).toEqual([path, 403]);
          expect(answer.headers['access-control-allow-origin']).toBeUndefined();
        }
      }
      expect(emu.events()).toHaveLength(held);
      expect(emu.diagnostics()).toEqual([]);
      const monitors = json(await raw('GET', `${emu.url}/_emulator/app-monitors`));
      expect(monitors.appMonitors).toHaveLength(APP_MONITORS.length);

      // Reading is refused too, and the answer carries no CORS grant.
      for (const path of [
        'events',
        'export',
        'requests',
        'sessions',
        'diagnostics',
        'stream',
        '',
      ]) {
        const answer = await raw('GET', `${emu.url}/_emulator/${path}`, { origin: EVIL });
        expect([path, answer.status]).toEqual([path, 403]);
        expect(answer.headers['access-control-allow-origin']).toBeUndefined();
        expect(answer.body).not.toContain(MONITOR_ID);
      }
      for (const origin of [
        'null',
        'http://localhost.evil.example',
        'http://127.0.0.1.evil.example',
      ]) {
        const answer = await raw('GET', `${emu.url}/_emulator/events`, { origin });
        expect([origin, answer.status]).toEqual([origin, 403]);
      }
      // The preflight for a JSON POST is refused, private network or not.
      const preflight = await raw('OPTIONS', `${emu.url}/_emulator/clear`, {
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
        'access-control-request-private-network': 'true',
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-private-network']).toBeUndefined();

      // Loopback pages (any port), and callers with no Origin at all (curl, node), are served.
      for (const origin of [
        'http://localhost:5173',
        'https://localhost',
        'http://127.0.0.1:8080',
        'http://127.12.0.3:3000',
        'http://[::1]:4000',
        emu.url,
      ]) {
        const answer = await raw('GET', `${emu.url}/_emulator/events`, { origin });
        expect([origin, answer.status]).toEqual([origin, 200]);
        expect(answer.headers['access-control-allow-origin']).toBe(origin);
        const ok = await raw('OPTIONS', `${emu.url}/_emulator/diagnostics`, {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-private-network': 'true',
        });
        expect([ok.status, ok.headers['access-control-allow-private-network']]).toEqual([
          204,
          'true',
        ]);
      }
      expect((await raw('GET', `${emu.url}/_emulator/events`)).status).toBe(200);
      expect(lines.join('\n')).toMatch(
        /refused GET \/_emulator\/events from origin https:\/\/evil\.example/,
      );
    });

    test('a name that resolves to loopback (DNS rebinding) cannot reach the control routes', async () => {
      await start();
      const answer = await raw('GET', `${emu.url}/_emulator/events`, {
        host: `rebind.evil.example:${emu.port}`,
      });
      expect(answer.status).toBe(403);
      const same = await raw(
        'POST',
        `${emu.url}/_emulator/clear`,
        {
          host: `rebind.evil.example:${emu.port}`,
          origin: `http://rebind.evil.example:${emu.port}`,
          ...JSON_TYPE,
        },
        '{}',
      );
      expect(same.status).toBe(403);
      expect(
        (await raw('GET', `${emu.url}/_emulator/events`, { host: `localhost:${emu.port}` })).status,
      ).toBe(200);
    });

    test('control POSTs need a JSON content type, even from loopback', async () => {
      await start();
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
      ]) {
        const answer = await raw(
          'POST',
          `${emu.url}/_emulator/faults`,
          { origin: 'http://localhost:3000', 'content-type': type },
          JSON.stringify({ status: 500, errorType: 'X' }),
        );
        expect([type, answer.status]).toEqual([type, 415]);
        expect(String(json(answer).message)).toMatch(/application\/json/);
      }
      const none = await raw('POST', `${emu.url}/_emulator/clear`, {}, '');
      expect(none.status).toBe(415);
      expect(json(await raw('GET', `${emu.url}/_emulator/faults`)).faults).toEqual([]);
      const ok = await control(
        'faults',
        { status: 500, errorType: 'X' },
        {
          'content-type': 'application/json; charset=utf-8',
          origin: 'http://localhost:3000',
        },
      );
      expect(ok.status).toBe(200);
    });

    test('PutRumEvents, Cognito and STS stay open to any origin; private network only for loopback', async () => {
      await start();
      const body = JSON.stringify(batch());
      const signed = await signedPut(emu, body);
      const put = await raw('POST', signed.url, { ...signed.headers, origin: EVIL }, body);
      expect([put.status, put.headers['access-control-allow-origin']]).toEqual([200, EVIL]);

      const getId = await raw(
        'POST',
        `${emu.url}/`,
        {
          origin: EVIL,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityService.GetId',
        },
        JSON.stringify({ IdentityPoolId: POOL_ID }),
      );
      expect([getId.status, getId.headers['access-control-allow-origin']]).toEqual([200, EVIL]);

      const sts = await raw(
        'POST',
        `${emu.url}/`,
        { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' },
        new URLSearchParams({
          Action: 'AssumeRoleWithWebIdentity',
          Version: '2011-06-15',
          RoleArn: ROLE_ARN,
          RoleSessionName: 'cwr',
          WebIdentityToken: 'not-a-token',
        }).toString(),
      );
      expect(sts.status).toBe(400);
      expect(sts.headers['access-control-allow-origin']).toBe(EVIL);

      const ask = (origin: string) =>
        raw('OPTIONS', putUrl(), {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
          'access-control-request-private-network': 'true',
        });
      const fromEvil = await ask(EVIL);
      expect([fromEvil.status, fromEvil.headers['access-control-allow-origin']]).toEqual([
        204,
        EVIL,
      ]);
      expect(fromEvil.headers['access-control-allow-private-network']).toBeUndefined();
      const fromLoopback = await ask('http://localhost:5173');
      expect(fromLoopback.headers['access-control-allow-private-network']).toBe('true');
    });

    test('allowOrigins opens the control routes (and private network) to the origins named', async () => {
      await start({ allowOrigins: ['https://staging.example.com'] });
      const answer = await raw('GET', `${emu.url}/_emulator/events`, {
        origin: 'https://staging.example.com',
      });
      expect([answer.status, answer.headers['access-control-allow-origin']]).toEqual([
        200,
        'https://staging.example.com',
      ]);
      const preflight = await raw('OPTIONS', putUrl(), {
        origin: 'https://staging.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-private-network': 'true',
      });
      expect(preflight.headers['access-control-allow-private-network']).toBe('true');
      expect((await raw('GET', `${emu.url}/_emulator/events`, { origin: EVIL })).status).toBe(403);
      await emu.close();

      await start({ allowOrigins: ['*'] });
      expect((await raw('GET', `${emu.url}/_emulator/events`, { origin: EVIL })).status).toBe(200);
      await expect(startEmulator({ allowOrigins: ['evil.example'] })).rejects.toThrow(
        /allowOrigins.*'evil\.example'/,
      );
    });
  });

  describe('bad control input', () => {
    test('each bad value is a 400 naming the field, and later requests still work', async () => {
      await start();
      const cases: Array<[string, unknown, RegExp]> = [
        ['clock', { offsetMs: 1e16 }, /offsetMs/],
        ['clock', { offsetMs: '5' }, /offsetMs/],
        ['faults', { status: 500, errorType: 'Bad\r\nX-Injected: yes' }, /errorType/],
        ['faults', { status: 500, errorType: 'x'.repeat(300) }, /errorType/],
        ['faults', { status: 100, errorType: 'Continue' }, /status/],
        ['faults', { status: 101, errorType: 'Upgrade' }, /status/],
        ['faults', { status: 199.5, errorType: 'X' }, /status/],
        ['faults', { delayMs: 1e12 }, /delayMs/],
        ['faults', { delayMs: 60_001 }, /delayMs/],
        ['faults', { status: 503, errorType: 'X', retryAfter: 1e12 }, /retryAfter/],
        ['faults', { status: 500, errorType: 'X', count: 1e300 }, /count/],
        ['faults', { status: 500, errorType: 'X', message: 'x'.repeat(5000) }, /message/],
        ['faults', { status: 500, errorType: 'X', operation: 'DeleteEverything' }, /operation/],
        [
          'credentials',
          { accessKeyId: 'AKIDX', secretAccessKey: 's', appMonitors: 'x' },
          /appMonitors/,
        ],
        [
          'credentials',
          { accessKeyId: 'AKIDX', secretAccessKey: 's', expiration: 'soon' },
          /expiration/,
        ],
        [
          'credentials',
          { accessKeyId: 'AKIDX', secretAccessKey: 's', sessionToken: 5 },
          /sessionToken/,
        ],
        ['credentials', { accessKeyId: '', secretAccessKey: 's' }, /accessKeyId/],
        ['credentials', { appMonitors: 'x' }, /accessKeyId/],
        ['app-monitors', { appMonitors: 'x' }, /"id"/],
        ['app-monitors', { id: 'x', region: 'us-west-2', allowUnsigned: 'yes' }, /allowUnsigned/],
        ['app-monitors', { id: 'x', region: 'us-west-2', name: {} }, /name/],
        ['roles', { arn: ROLE_ARN, appMonitors: 'x' }, /appMonitors/],
        ['roles', { arn: 'not-an-arn' }, /arn/],
        ['roles', { arn: ROLE_ARN, trust: 'x' }, /trust/],
        ['roles', { arn: ROLE_ARN, trust: { amr: 5 } }, /amr/],
        ['roles', { arn: ROLE_ARN, maxSessionDurationSeconds: 1e12 }, /maxSessionDurationSeconds/],
        ['identity-pools', { id: POOL_ID, unauthRoleArn: 5 }, /unauthRoleArn/],
        ['identity-pools', { id: POOL_ID, allowClassicFlow: 'no' }, /allowClassicFlow/],
        ['identity-pools', { id: POOL_ID, classicFlowFailure: 'boom' }, /classicFlowFailure/],
        ['identity-pools', { id: 'no-region' }, /"id"/],
        [
          'diagnostics',
          { sessionId: 's', appMonitorId: 'x'.repeat(300), report: {} },
          /appMonitorId/,
        ],
      ];
      for (const [path, body, field] of cases) {
        const answer = await control(path, body);
        expect([path, JSON.stringify(body).slice(0, 80), answer.status]).toEqual([
          path,
          JSON.stringify(body).slice(0, 80),
          400,
        ]);
        expect(String(json(answer).message)).toMatch(field);
      }
      expect(() => emu.addFault({ delayMs: 1e12 })).toThrow(/delayMs/);
      expect(() => emu.setClockOffset(1e16)).toThrow(/offset/);
      expect(() =>
        emu.addCredential({ accessKeyId: 'A', secretAccessKey: 's', appMonitors: 'x' as never }),
      ).toThrow(/appMonitors/);

      // Nothing of it stuck: every route answers as before.
      for (const path of ['health', 'faults', 'clock', 'app-monitors', 'roles', 'identity-pools']) {
        expect((await raw('GET', `${emu.url}/_emulator/${path}`)).status).toBe(200);
      }
      expect(json(await raw('GET', `${emu.url}/_emulator/faults`)).faults).toEqual([]);
      expect(json(await raw('GET', `${emu.url}/_emulator/clock`)).offsetMs).toBe(0);
      const body = JSON.stringify(batch());
      const signed = await signedPut(emu, body);
      expect((await raw('POST', signed.url, signed.headers, body)).status).toBe(200);
    });
  });

  describe('stored bytes', () => {
    test('events past maxEventBytes leave memory oldest first; the data file keeps them all', async () => {
      await start({ maxEventBytes: 100_000 });
      const sent: string[] = [];
      for (let i = 0; i < 20; i++) {
        const events = [1, 2, 3, 4].map(() =>
          wireEvent('shop.checkout', { blob: 'x'.repeat(5000) }),
        );
        sent.push(...events.map((e) => e.id));
        const body = JSON.stringify(batch(events));
        const signed = await signedPut(emu, body);
        expect((await raw('POST', signed.url, signed.headers, body)).status).toBe(200);
      }
      const heldBytes = () =>
        emu.events().reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)), 0);
      expect(heldBytes()).toBeLessThanOrEqual(100_000);
      const held = emu.events().map((e) => e.event.id);
      expect(held.length).toBeGreaterThan(0);
      expect(held).toEqual(sent.slice(sent.length - held.length));

      const inFile = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { kind: string; event?: { id: string } })
        .filter((line) => line.kind === 'event')
        .map((line) => line.event?.id);
      expect(inFile).toEqual(sent);

      await emu.close();
      await start({ maxEventBytes: 100_000 });
      expect(heldBytes()).toBeLessThanOrEqual(100_000);
      expect(emu.events().map((e) => e.event.id)).toEqual(
        sent.slice(sent.length - emu.events().length),
      );
      expect(emu.stats().events).toBe(emu.events().length);
    });

    test('diagnostics and request records are bounded by bytes too', async () => {
      await start({ maxDiagnosticsBytes: 1_000_000, maxRequestBytes: 50_000 });
      const sessions: string[] = [];
      for (let i = 0; i < 20; i++) {
        const sessionId = randomUUID();
        sessions.push(sessionId);
        const answer = await control('diagnostics', {
          appMonitorId: OPEN_MONITOR_ID,
          sessionId,
          report: { notes: 'n'.repeat(200_000) },
        });
        expect(answer.status).toBe(204);
      }
      const kept = emu.diagnostics();
      const keptBytes = kept.reduce((n, d) => n + Buffer.byteLength(JSON.stringify(d)), 0);
      expect(keptBytes).toBeLessThanOrEqual(1_000_000);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.map((d) => d.sessionId)).toEqual(sessions.slice(-kept.length).reverse());

      for (let i = 0; i < 300; i++) await raw('POST', putUrl(), JSON_TYPE, '{}');
      const records = emu.requests();
      const recordBytes = records.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
      expect(recordBytes).toBeLessThanOrEqual(50_000);
      expect(records[records.length - 1].seq).toBe(300);
    });
  });

  describe('streaming', () => {
    test('the streamed answers parse as before over HTTP', async () => {
      await start();
      const body = JSON.stringify(batch());
      const signed = await signedPut(emu, body);
      await raw('POST', signed.url, signed.headers, body);
      const events = await raw('GET', `${emu.url}/_emulator/events`);
      expect(events.headers['content-type']).toBe('application/json');
      expect(events.headers['transfer-encoding']).toBe('chunked');
      expect(json(events)).toEqual({ events: emu.events(), last: 2 });
      const exported = await raw(
        'GET',
        `${emu.url}/_emulator/export?type=com.amazon.rum.page_view_event`,
      );
      expect(exported.headers['content-disposition']).toMatch(/attachment/);
      expect(JSON.parse(exported.body)).toEqual(
        emu.events({ type: 'com.amazon.rum.page_view_event' }),
      );
      const empty = await raw('GET', `${emu.url}/_emulator/export?session=nobody`);
      expect(JSON.parse(empty.body)).toEqual([]);
    });
  });

  describe('concurrency', () => {
    test('50 signed PutRumEvents at once, with reads between: every acknowledged event survives a restart', async () => {
      await start();
      const batches = Array.from({ length: 50 }, () => batch([sessionStart(), pageView()]));
      const puts = batches.map(async (b) => {
        const body = JSON.stringify(b);
        const signed = await signedPut(emu, body);
        const answer = await raw('POST', signed.url, signed.headers, body);
        return answer.status === 200 ? b.RumEvents.map((e) => e.id) : [];
      });
      const reads = Array.from({ length: 20 }, (_, i) =>
        raw('GET', `${emu.url}/_emulator/${['events', 'export', 'sessions', 'requests'][i % 4]}`),
      );
      const [acknowledged, answers] = await Promise.all([Promise.all(puts), Promise.all(reads)]);
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      const ids = acknowledged.flat();
      expect(ids).toHaveLength(100);

      await emu.close();
      await start();
      const stored = new Set(emu.events().map((e) => e.event.id));
      expect(ids.filter((id) => !stored.has(id))).toEqual([]);
      expect(emu.stats()).toMatchObject({ requests: 50, accepted: 50, events: 100, unique: 100 });
    });
  });
});

const MARK = '"type":"big"';

describe('streaming, straight from the store', () => {
  test('GET /_emulator/events and /export stream more JSON than one string can hold', async () => {
    // 9,200 events sharing one 60 KB details object: 552 MB of JSON, more than a V8 string.
    const store = new Store({ maxEvents: 200_000, maxEventBytes: 2 ** 40 });
    const details = { blob: 'd'.repeat(60_000) };
    const sessionId = randomUUID();
    const all = Array.from({ length: 9_200 }, (_, i) => ({
      appMonitorId: MONITOR_ID,
      batchId: randomUUID(),
      userDetails: { userId: sessionId, sessionId },
      appMonitorDetails: { id: MONITOR_ID, version: '1' },
      receivedAt: i,
      signed: false,
      presigned: false,
      event: { id: String(i), timestamp: i, type: 'big', metadata: {}, details },
    }));
    // Added 100 at a time, as batches arrive: addEvents serializes its whole argument at once
    // (to size it), and 552 MB of lines alive together cost seconds of garbage collection.
    for (let i = 0; i < all.length; i += 100) store.addEvents(all.slice(i, i + 100));
    expect(store.events()).toHaveLength(9_200);
    const context = {
      store,
      registry: new Registry(),
      clock: { now: () => 0, offset: () => 0, setOffset: () => undefined },
      info: () => ({ demoUrl: null }),
    };
    for (const path of ['/_emulator/events', '/_emulator/export']) {
      const reply = inspect(
        { method: 'GET', path, query: {}, headers: {}, body: Buffer.alloc(0), at: 0 },
        context,
      );
      expect(reply.status).toBe(200);
      let length = 0;
      let first = '';
      let tail = '';
      let events = 0;
      for await (const chunk of reply.chunks ?? [String(reply.body)]) {
        if (!first) first = chunk.slice(0, 20);
        tail = (tail + chunk).slice(-20);
        length += chunk.length;
        for (let at = chunk.indexOf(MARK); at >= 0; at = chunk.indexOf(MARK, at + 1)) events++;
      }
      expect(length).toBeGreaterThan(2 ** 29);
      expect(events).toBe(9_200);
      expect(first).toMatch(path.endsWith('export') ? /^\[\{/ : /^\{"events":\[\{/);
      expect(tail).toMatch(path.endsWith('export') ? /\}\]$/ : /"last":9200\}$/);
    }
  }, 60_000);
});
