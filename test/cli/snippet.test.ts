/**
 * `cloudwatch-rum-web snippet`: through main() in this process, and once as the bin's process.
 */
import { execFileSync, spawnSync } from 'child_process';
import path from 'path';
import { run as snippet } from '../../cli/snippet';
import { runMain, testIo } from './io';

const BIN = path.join(__dirname, '../../bin/cloudwatch-rum-web.js');
const ID = '00000000-0000-0000-0000-000000000000';
const run = (...args: string[]) => runMain(['snippet', ...args]);
const json = async (...args: string[]) => JSON.parse((await run('--json', ...args)).stdout);
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe('cloudwatch-rum-web snippet', () => {
  it('prints the snippet, its hash and the CSP directives', async () => {
    const r = await run(
      '--app-monitor-id',
      ID,
      '--region',
      'us-west-2',
      '--client-url',
      'https://cdn.example.com/rum/cwr.js',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`<script>(function(n,i,v,r,s,c,u,x,z){x=window.AwsRumClient=`);
    expect(r.stdout).toMatch(/CSP hash of that script: 'sha256-[A-Za-z0-9+/]{43}='/);
    expect(r.stdout).toContain("script-src 'sha256-");
    expect(r.stdout).toContain('https://cdn.example.com\n');
    expect(r.stdout).toContain('connect-src https://dataplane.rum.us-west-2.amazonaws.com');
  });

  (hasOpenssl ? it : it.skip)(
    "gives the same hash as the guide's openssl recipe for the printed snippet",
    async () => {
      const out = await json(
        '--app-monitor-id',
        ID,
        '--region',
        'us-west-2',
        '--config-json',
        '{"sessionSampleRate":1,"allowCookies":true,"telemetries":["errors","http"]}',
      );
      const recipe = execFileSync(
        'bash',
        ['-c', 'echo "$SNIPPET" | openssl sha256 -binary | openssl base64'],
        {
          env: { ...process.env, SNIPPET: out.snippet },
          encoding: 'utf8',
        },
      ).trim();
      expect(out.hash).toBe(`'sha256-${recipe}'`);
      expect(out.scriptElement).toBe(`<script>${out.snippet}\n</script>`);
    },
  );

  it('lists the endpoints the config will call in connect-src', async () => {
    const basic = await json(
      '--app-monitor-id',
      ID,
      '--region',
      'eu-west-1',
      '--config-json',
      JSON.stringify({
        identityPoolId: 'eu-west-1:11111111-1111-4111-8111-111111111111',
        guestRoleArn: 'arn:aws:iam::000000000000:role/R',
        endpoint: 'https://rum-proxy.example.com/stage/',
      }),
    );
    expect(basic.directives['connect-src']).toEqual([
      'https://rum-proxy.example.com',
      'https://cognito-identity.eu-west-1.amazonaws.com',
      'https://sts.eu-west-1.amazonaws.com',
    ]);
    const enhanced = await json(
      '--app-monitor-id',
      ID,
      '--region',
      'us-east-1',
      '--config-json',
      JSON.stringify({
        identityPoolId: 'us-east-1:11111111-1111-4111-8111-111111111111',
        cognitoEndpoint: 'https://vpce-1.cognito-identity.us-east-1.vpce.amazonaws.com/',
      }),
    );
    expect(enhanced.directives['connect-src']).toEqual([
      'https://dataplane.rum.us-east-1.amazonaws.com',
      'https://vpce-1.cognito-identity.us-east-1.vpce.amazonaws.com',
    ]);
    const unsigned = await json(
      '--app-monitor-id',
      ID,
      '--region',
      'us-east-1',
      '--config-json',
      '{"signing":false,"identityPoolId":"us-east-1:1"}',
    );
    expect(unsigned.directives['connect-src']).toEqual([
      'https://dataplane.rum.us-east-1.amazonaws.com',
    ]);
  });

  it('takes a path for the client URL, as the demo serves it, and allows it as self', async () => {
    for (const clientUrl of ['/cwr.js', undefined]) {
      const out = await json(
        '--app-monitor-id',
        ID,
        '--region',
        'us-west-2',
        ...(clientUrl ? ['--client-url', clientUrl] : []),
      );
      // The default is the page's own site, where dist/cdn/ is hosted.
      expect(out.snippet).toContain(`'us-west-2','/cwr.js'`);
      expect(out.directives['script-src']).toEqual([out.hash, "'self'"]);
    }
    const cdn = await json(
      '--app-monitor-id',
      ID,
      '--region',
      'us-west-2',
      '--client-url',
      '//cdn.example.com/cwr.js',
    );
    expect(cdn.directives['script-src']).toEqual([cdn.hash, 'https://cdn.example.com']);
  });

  it('with --config-url, passes the URL as the 7th argument and allows its origin to connect', async () => {
    const args = [
      '--app-monitor-id',
      ID,
      '--region',
      'us-west-2',
      '--config-json',
      '{"allowCookies":true}',
    ];
    const remote = await json(...args, '--config-url', 'https://config.example.com/rum/app.json');
    expect(remote.snippet).toMatch(
      /,'\/cwr\.js',\{allowCookies:true\},'https:\/\/config\.example\.com\/rum\/app\.json'\);$/,
    );
    expect(remote.directives['connect-src']).toEqual([
      'https://dataplane.rum.us-west-2.amazonaws.com',
      'https://config.example.com',
    ]);
    // A path on the page's own site is 'self'; without the flag, the snippet has six arguments.
    const local = await json(...args, '--config-url', '/rum-config.json');
    expect(local.snippet).toMatch(/,\{allowCookies:true\},'\/rum-config\.json'\);$/);
    expect(local.directives['connect-src']).toContain("'self'");
    expect((await json(...args)).snippet).toMatch(/,\{allowCookies:true\}\);$/);
    const bad = await run(...args, '--config-url', 'ftp://x/y.json');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^--config-url must be where the config document is served/);
  });

  it.each([
    [['--region', 'us-west-2'], /^snippet needs --app-monitor-id: /],
    [['--app-monitor-id', ID], /^snippet needs --region: /],
    [['--app-monitor-id', ID, '--region', 'west'], /--region must be a region name/],
    [
      ['--app-monitor-id', ID, '--region', 'us-west-2', '--config-json', '{nope'],
      /^--config-json is not valid JSON: /,
    ],
    [
      ['--app-monitor-id', ID, '--region', 'us-west-2', '--config', 'no-such-rum.json'],
      /^--config no-such-rum\.json: there is no such file \(looked in .*no-such-rum\.json\)\.$/,
    ],
    [
      ['--app-monitor-id', ID, '--region', 'us-west-2', '--client-url', 'javascript:alert(1)'],
      /--client-url must be where cwr\.js is served: a path such as \/cwr\.js or an http\(s\) URL/,
    ],
  ])('refuses %p with exit code 2 and a message', async (args, message) => {
    const r = await run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
  });

  it('run(values, io): a region with a two-digit number, --help, and a non-UUID id', async () => {
    const io = testIo();
    const code = await snippet({ 'app-monitor-id': ID, region: 'ap-southeast-10', json: true }, io);
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout());
    expect(out.snippet).toContain(`'${ID}','1.0.0','ap-southeast-10','/cwr.js'`);
    expect(out.directives['connect-src']).toEqual([
      'https://dataplane.rum.ap-southeast-10.amazonaws.com',
    ]);
    const help = testIo();
    expect(await snippet({ help: true }, help)).toBe(0);
    expect(help.stdout()).toMatch(/^Usage: cloudwatch-rum-web snippet --app-monitor-id ID/);
    await expect(
      snippet({ 'app-monitor-id': 'not-a-uuid', region: 'us-west-2' }, testIo()),
    ).rejects.toThrow("--app-monitor-id must be the app monitor's id, a UUID; got 'not-a-uuid'.");
  });

  it('run(values, io) reads --config relative to io.cwd', async () => {
    const io = testIo({ cwd: path.join(__dirname, 'no-such-dir') });
    await expect(
      snippet({ 'app-monitor-id': ID, region: 'us-west-2', config: 'rum.json' }, io),
    ).rejects.toThrow(
      `--config rum.json: there is no such file (looked in ${path.join(__dirname, 'no-such-dir', 'rum.json')}).`,
    );
  });

  it('runs as the bin: a process that prints the snippet, and exits 2 on an unknown flag', () => {
    const ok = spawnSync(
      process.execPath,
      [BIN, 'snippet', '--app-monitor-id', ID, '--region', 'us-west-2', '--json'],
      { encoding: 'utf8' },
    );
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).scriptElement).toMatch(/^<script>\(function\(n,i,v,r,s,c,u,x,z\)/);
    const bad = spawnSync(process.execPath, [BIN, 'snippet', '--bogus'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^Unknown option '--bogus'/);
  });
});
