import { spawnSync } from 'child_process';
import path from 'path';

const BIN = path.join(__dirname, '../../bin/cloudwatch-rum-web.js');
const ID = '00000000-0000-0000-0000-000000000000';
const doctor = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, 'doctor', ...args], { encoding: 'utf8' });

describe('cloudwatch-rum-web doctor', () => {
  it('says so, exit 0, when the config has nothing wrong', () => {
    const r = doctor(
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

  it('prints each warning the client would print at start, exit 1', () => {
    const r = doctor(
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
      'warning: config.sesionEventLimit is not a known option; it is ignored.',
      expect.stringMatching(
        /^warning: config\.telemetries\[1\] must be one of errors, http, performance, interaction, replay/,
      ),
      expect.stringMatching(
        /^warning: config\.endpoint is in us-west-2 but the region argument is us-east-1/,
      ),
      "warning: config.enableXRay needs the 'http' telemetry: add it to config.telemetries.",
    ]);
  });

  it('reports an app monitor id or region that would disable the client', () => {
    const r = doctor('--app-monitor-id', 'my-monitor', '--region', 'Oregon');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/error: the app monitor id must be a UUID, got "my-monitor"/);
    expect(r.stdout).toMatch(
      /error: the region must be an AWS region like 'us-west-2', got "Oregon"/,
    );
  });
});
