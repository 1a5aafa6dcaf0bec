/**
 * `cloudwatch-rum-web doctor`: through main() in this process, and once as the bin's process.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { run as runDoctor } from '../../cli/doctor';
import { runMain, testIo } from './io';

const BIN = path.join(__dirname, '../../bin/cloudwatch-rum-web.js');
const ID = '00000000-0000-0000-0000-000000000000';
const doctor = (...args: string[]) => runMain(['doctor', ...args]);

describe('cloudwatch-rum-web doctor', () => {
  it('says so, exit 0, when the config has nothing wrong', async () => {
    const r = await doctor(
      '--app-monitor-id',
      ID,
      '--region',
      'us-west-2',
      '--config-json',
      '{"identityPoolId":"us-west-2:1111","allowCookies":true}',
    );
    expect(r.stdout.trim()).toBe('No problems found in this config.');
    expect(r.status).toBe(0);
  });

  it('reminds that custom events must be enabled on the app monitor, a note that keeps exit 0', async () => {
    const r = await doctor(
      '--app-monitor-id',
      ID,
      '--region',
      'us-west-2',
      '--config-json',
      JSON.stringify({
        identityPoolId: 'us-west-2:1111',
        allowCookies: true,
        telemetries: [['interaction', { frustration: true }], 'performance'],
      }),
    );
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      'No problems found in this config.',
      expect.stringMatching(
        /^note: telemetries interaction\.frustration records custom events \(cwr\.rage_click, cwr\.dead_click, cwr\.error_click\): the app monitor must have custom events enabled.*CustomEvents: \{ Status: 'ENABLED' \}/,
      ),
    ]);
    expect(r.status).toBe(0);
  });

  it('prints each warning the client would print at start, exit 1', async () => {
    const r = await doctor(
      '--app-monitor-id',
      ID,
      '--region',
      'us-east-1',
      '--config-json',
      JSON.stringify({
        sessionSampleRate: '1',
        sesionEventLimit: 0,
        endpoint: 'https://dataplane.rum.us-west-2.amazonaws.com',
        enableXRay: true,
        telemetries: ['errors', 'bogus'],
      }),
    );
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      'warning: config.sessionSampleRate must be a number from 0 to 1, got "1"; using the default 1.',
      'warning: config.sesionEventLimit is not a known option; it is ignored. Did you mean sessionEventLimit?',
      "warning: config.telemetries[1] 'bogus' is not a known telemetry; it is ignored.",
      expect.stringMatching(
        /^warning: config\.endpoint is in us-west-2 but the region argument is us-east-1/,
      ),
      "warning: config.enableXRay needs the 'http' telemetry: add it to config.telemetries.",
    ]);
  });

  it("finds what the client says of a telemetry's options, with what was meant", async () => {
    const r = await doctor(
      '--app-monitor-id',
      ID,
      '--region',
      'us-west-2',
      '--config-json',
      JSON.stringify({ telemetries: [['http', { recordAllRequest: true }]], telemetrys: [] }),
    );
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      'warning: config.telemetrys is not a known option; it is ignored. Did you mean telemetries?',
      'warning: telemetries http.recordAllRequest is not a known option; it is ignored. Did you mean recordAllRequests?',
    ]);
    expect(r.status).toBe(1);
  });

  it('reads the config from a file, and names the flags it needs without them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-'));
    const file = path.join(dir, 'rum.json');
    fs.writeFileSync(file, JSON.stringify({ endpoint: 'nope' }));
    const ok = await doctor('--app-monitor-id', ID, '--region', 'us-west-2', '--config', file);
    expect(ok.stdout.trim()).toBe(
      'warning: config.endpoint must be an absolute http(s) URL, got "nope"; using the default "https://dataplane.rum.us-west-2.amazonaws.com/".',
    );
    const bare = await doctor('--config', file);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/^doctor needs --app-monitor-id and --region: /);
    const missing = await doctor(
      '--app-monitor-id',
      ID,
      '--region',
      'us-west-2',
      '--config',
      'rum.json',
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(
      `--config rum.json: there is no such file (looked in ${path.resolve('rum.json')}).`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('checks a remote config document, and the config the client would run with', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-remote-'));
    const file = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const check = (remote: string, ...more: string[]) =>
      doctor('--app-monitor-id', ID, '--region', 'us-west-2', '--remote-config', remote, ...more);
    const good = file(
      'good.json',
      '{"clientConfig":{"sessionSampleRate":0.5,"allowCookies":true}}',
    );
    expect((await check(good)).stdout.trim()).toBe('No problems found in this config.');
    // The document's keys are checked like the snippet's; the snippet's own config wins.
    const bad = file('bad.json', '{"clientConfig":{"sessionSampleRate":2,"telemetrie":[]}}');
    const r = await check(bad);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      'warning: config.sessionSampleRate must be a number from 0 to 1, got 2',
    );
    expect(r.stdout).toContain('warning: config.telemetrie is not a known option');
    expect((await check(bad, '--config-json', '{"sessionSampleRate":1}')).stdout).not.toContain(
      'sessionSampleRate',
    );
    for (const [name, text, why] of [
      ['flat.json', '{"sessionSampleRate":1}', 'has no "clientConfig" object'],
      [
        'string.json',
        '{"clientConfig":"x"}',
        'has a "clientConfig" that is a string, not an object',
      ],
      ['text.json', 'clientConfig: {}', 'is not JSON'],
    ]) {
      const out = await check(file(name, text));
      expect(out.status).toBe(1);
      expect(out.stdout).toContain(`error: --remote-config ${path.join(dir, name)} ${why}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports an app monitor id or region that would disable the client', async () => {
    const r = await doctor('--app-monitor-id', 'my monitor!', '--region', 'Oregon');
    expect(r.status).toBe(1);
    // The client stops at the first of the two, and says only that.
    expect(r.stdout.trim()).toBe(
      'error: the app monitor id must be a UUID like 01234567-89ab-cdef-0123-456789abcdef, got "my monitor!"; the client is disabled.',
    );
    // An id that is only not a UUID runs (a proxy may route it), with a warning.
    const named = await doctor('--app-monitor-id', 'my-monitor', '--region', 'us-west-2');
    expect(named.stdout).toContain('warning: the app monitor id "my-monitor" is not a UUID');
    const region = await doctor('--app-monitor-id', ID, '--region', 'Oregon');
    expect(region.stdout.trim()).toBe(
      `error: the region must be an AWS region like 'us-west-2', got "Oregon"; the client is disabled.`,
    );
  });

  it('run(values, io): the findings on io.out, exit 1; --help; the flags it needs', async () => {
    const io = testIo();
    expect(
      await runDoctor(
        { 'app-monitor-id': ID, region: 'us-west-2', 'config-json': '{"sessionSampleRate":0}' },
        io,
      ),
    ).toBe(1);
    expect(io.lines).toEqual([expect.stringMatching(/^warning: .*config\.sessionSampleRate is 0/)]);
    const help = testIo();
    expect(await runDoctor({ help: true }, help)).toBe(0);
    expect(help.stdout()).toMatch(/^Usage: cloudwatch-rum-web doctor --app-monitor-id ID/);
    await expect(runDoctor({ region: 'us-west-2' }, testIo())).rejects.toThrow(
      /^doctor needs --app-monitor-id: /,
    );
  });

  it('run(values, io) reads --config and --remote-config relative to io.cwd', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-cwd-'));
    fs.writeFileSync(path.join(dir, 'rum.json'), '{"allowCookies":"yes"}');
    fs.writeFileSync(path.join(dir, 'remote.json'), '{"clientConfig":{"sessionSampleRate":7}}');
    const io = testIo({ cwd: dir });
    const values = { 'app-monitor-id': ID, region: 'us-west-2', config: 'rum.json' };
    expect(await runDoctor({ ...values, 'remote-config': 'remote.json' }, io)).toBe(1);
    expect(io.stdout()).toContain('config.allowCookies');
    expect(io.stdout()).toContain('config.sessionSampleRate must be a number from 0 to 1, got 7');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs as the bin: a process that says what it found, with its exit code', () => {
    const r = spawnSync(
      process.execPath,
      [BIN, 'doctor', '--app-monitor-id', ID, '--region', 'us-west-2', '--config-json', '{}'],
      { encoding: 'utf8' },
    );
    expect([r.status, r.stdout.trim()]).toEqual([0, 'No problems found in this config.']);
    const bad = spawnSync(process.execPath, [BIN, 'doctor', '--region', 'us-west-2'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^doctor needs --app-monitor-id: /);
  });
});
