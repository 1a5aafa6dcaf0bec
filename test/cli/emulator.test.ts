/**
 * `cloudwatch-rum-web emulator`: its flags turned into the emulator's options, the emulator it
 * starts and what it prints (cli/emulator.ts called directly), main()'s dispatch, and the bin as
 * a process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFlags } from '../../cli/common';
import { DEMO, flags, optionsFrom, run, startFrom } from '../../cli/emulator';
import { commands, main } from '../../cli/main';
import { testIo } from './io';

const ROOT = resolve(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'cloudwatch-rum-web.js');

/** The emulator's options for these arguments. */
const parse = (argv: string[]) => ({ options: optionsFrom(parseFlags(argv, flags), testIo()) });
/** Starts the emulator as the command does, printing into `io`. */
const startEmulatorFromArgs = (argv: string[], io = testIo()) =>
  startFrom(parseFlags(argv, flags), io);

describe('cloudwatch-rum-web CLI', () => {
  test('defaults: port 4700, one demo app monitor that needs signing, one demo key, a demo pool and role', () => {
    const { options } = parse([]);
    expect(options).toEqual({
      port: 4700,
      host: '127.0.0.1',
      appMonitors: [{ id: DEMO.appMonitorId, region: 'us-west-2' }],
      credentials: [
        {
          accessKeyId: 'AKIDEMULATOR00000001',
          secretAccessKey: 'emulator-secret-do-not-use-in-prod',
        },
      ],
      dataFile: resolve('.rum-emulator', 'events.jsonl'),
      identityPools: [
        {
          id: 'us-west-2:00000000-0000-0000-0000-0000000000aa',
          unauthRoleArn: 'arn:aws:iam::000000000000:role/RUM-Emulator-Unauth',
        },
      ],
      roles: [
        {
          arn: 'arn:aws:iam::000000000000:role/RUM-Emulator-Unauth',
          trust: { identityPoolId: 'us-west-2:00000000-0000-0000-0000-0000000000aa' },
          appMonitors: [DEMO.appMonitorId],
        },
      ],
    });
  });

  test('--identity-pool with flags and --role; the first role naming a pool is its unauth role', () => {
    const poolA = 'us-west-2:00000000-0000-0000-0000-00000000000a';
    const poolB = 'eu-west-1:00000000-0000-0000-0000-00000000000b';
    const roleA = 'arn:aws:iam::000000000000:role/A';
    const roleB = 'arn:aws:iam::000000000000:role/rum/B';
    const { options } = parse([
      '--identity-pool',
      `${poolA}:classic-off`,
      '--identity-pool',
      'us-east-1:00000000-0000-0000-0000-00000000000c:classic-off-cognito:no-unauth',
      '--role',
      `${roleA}:${poolA}:${DEMO.appMonitorId},shop-web`,
      '--role',
      `${roleB}:${poolB}:*`,
    ]);
    expect(options!.identityPools).toEqual([
      { id: poolA, allowClassicFlow: false, unauthRoleArn: roleA },
      {
        id: 'us-east-1:00000000-0000-0000-0000-00000000000c',
        allowClassicFlow: false,
        classicFlowFailure: 'cognito',
        allowUnauthenticated: false,
      },
      { id: poolB, unauthRoleArn: roleB }, // named only by --role
    ]);
    expect(options!.roles).toEqual([
      {
        arn: roleA,
        trust: { identityPoolId: poolA },
        appMonitors: [DEMO.appMonitorId, 'shop-web'],
      },
      { arn: roleB, trust: { identityPoolId: poolB }, appMonitors: ['*'] },
    ]);
  });

  test('repeatable --app-monitor and --credentials, --no-data-file, --static', () => {
    const { options } = parse([
      '--port=0',
      '--app-monitor',
      'aaaaaaaa-0000-0000-0000-000000000001:eu-west-1',
      '--app-monitor',
      'bbbbbbbb-0000-0000-0000-000000000002:ap-southeast-2:unsigned',
      '--credentials',
      'AKID1:sec:ret',
      '--no-data-file',
      '--static',
      'test',
    ]);
    expect(options).toMatchObject({
      port: 0,
      appMonitors: [
        { id: 'aaaaaaaa-0000-0000-0000-000000000001', region: 'eu-west-1' },
        {
          id: 'bbbbbbbb-0000-0000-0000-000000000002',
          region: 'ap-southeast-2',
          allowUnsigned: true,
        },
      ],
      credentials: [{ accessKeyId: 'AKID1', secretAccessKey: 'sec:ret' }],
      dataFile: false,
      staticDir: resolve('test'),
    });
  });

  test('--data (or --data-file) names the data file', () => {
    expect(parse(['--data', 'tmp/rum.jsonl']).options).toMatchObject({
      dataFile: resolve('tmp', 'rum.jsonl'),
    });
    expect(parse(['--data-file=tmp/rum.jsonl']).options).toMatchObject({
      dataFile: resolve('tmp', 'rum.jsonl'),
    });
  });

  test('--allow-origin (repeatable) opens the control routes to those origins', async () => {
    expect(parse([]).options).not.toHaveProperty('allowOrigins');
    const { options } = parse([
      '--allow-origin',
      'https://staging.example.com',
      '--allow-origin=http://10.0.0.5:8080/',
    ]);
    expect(options?.allowOrigins).toEqual(['https://staging.example.com', 'http://10.0.0.5:8080']);
    expect(parse(['--allow-origin', '*']).options?.allowOrigins).toEqual(['*']);
    for (const bad of ['staging.example.com', 'https://x.example/path', 'ftp://x.example']) {
      expect(() => parse(['--allow-origin', bad])).toThrow(/--allow-origin/);
    }

    const started = await startEmulatorFromArgs(
      ['--port', '0', '--no-data-file', '--allow-origin', 'https://staging.example.com'],
      testIo(),
    );
    try {
      const url = started!.emulator.url;
      const from = (origin: string) =>
        fetch(`${url}/_emulator/events`, { headers: { origin } }).then((r) => r.status);
      expect(await from('https://staging.example.com')).toBe(200);
      expect(await from('https://evil.example')).toBe(403);
    } finally {
      await started?.emulator.close();
    }
  });

  test('the help says where the viewer is and what the data file keeps', async () => {
    const io = testIo();
    expect(await main(['emulator', '--help'], io)).toBe(0);
    const help = io.lines.join('\n');
    expect(help).toMatch(/--data PATH/);
    expect(help).toMatch(/_emulator\//);
  });

  test.each([
    [['--data', 'a.jsonl', '--no-data-file'], /either --data or --no-data-file/],
    [['--data-file', 'a.jsonl', '--no-data-file'], /either --data or --no-data-file/],
    [['--data', 'a.jsonl', '--data-file', 'b.jsonl'], /same flag; give one/],
    [['--port', 'abc'], /--port must be a whole number/],
    [['--app-monitor', 'only-an-id'], /--app-monitor must look like ID:REGION/],
    [['--app-monitor', 'id:Oregon'], /not a region name/],
    [['--app-monitor', 'id:us-west-2:public'], /ID:REGION:unsigned/],
    [['--credentials', 'AKIDONLY'], /ACCESS_KEY_ID:SECRET/],
    [['--static', 'no/such/dir'], /is not a directory/],
    [['--identity-pool', 'us-west-2_AbCdEf'], /--identity-pool must look like REGION:GUID/],
    [['--identity-pool', 'us-west-2:0000-aa:classic'], /unknown flag 'classic'/],
    [['--role', 'arn:aws:iam::000000000000:role/A'], /--role must look like ARN:POOL_ID/],
    [['--role', 'arn:aws:iam::000000000000:user/A:us-west-2:00aa:x'], /is not a role ARN/],
    [['--role', 'arn:aws:iam::000000000000:role/A:pool:nope:x'], /is not an identity pool id/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('rejects %j', async (argv, message) => {
    const io = testIo();
    expect(await main(['emulator', ...argv], io)).toBe(2);
    expect(io.errors.join('\n')).toMatch(message);
  });

  test('unknown or missing subcommand: usage and exit code 2', async () => {
    const io = testIo();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.errors[0]).toMatch(
      /Unknown command 'frobnicate'[\s\S]*Usage: cloudwatch-rum-web <command>/,
    );
    expect(await main([], io)).toBe(2);
    expect(await main(['--help'], io)).toBe(0);
    expect(Object.keys(commands)).toContain('emulator');
  });

  test('starts an emulator and prints the URL, monitors, keys and a config hint', async () => {
    const io = testIo();
    const started = await startEmulatorFromArgs(['--port', '0', '--no-data-file'], io);
    try {
      const url = started!.emulator.url;
      const text = io.lines.join('\n');
      expect(text).toContain(`CloudWatch RUM emulator listening on ${url}`);
      expect(text).toContain(`${DEMO.appMonitorId}  us-west-2  SigV4 signing required`);
      expect(text).toContain('AKIDEMULATOR00000001');
      expect(text).toContain(`endpoint: '${url}'`);
      expect(text).toContain(`identityPoolId: '${DEMO.identityPoolId}'`);
      expect(text).toContain(`guestRoleArn: '${DEMO.guestRoleArn}'`);
      expect(text).toContain(`cognitoEndpoint: '${url}'`);
      expect(text).toContain(`stsEndpoint: '${url}'`);
      expect(text).toContain(`Viewer:  ${url}/_emulator/`);
      // The npm example goes on with the instance it made, not with the snippet's cwr().
      expect(text).toContain(`const rum = new AwsRum('${DEMO.appMonitorId}'`);
      expect(text).toContain(
        `  rum.setAwsCredentials({ accessKeyId: 'AKIDEMULATOR00000001', secretAccessKey: '${DEMO.secretAccessKey}' });`,
      );
      const health = await fetch(`${url}/_emulator/health`);
      expect(await health.json()).toEqual({ ok: true });
      await fetch(`${url}/appmonitors/${DEMO.appMonitorId}/`, { method: 'POST', body: '{}' });
      expect(io.lines.at(-1)).toMatch(
        /^\[\d\d:\d\d:\d\d\] PutRumEvents 403 MissingAuthenticationTokenException/,
      );

      // The demo pool vends credentials out of the box (enhanced flow).
      const cognito = async (operation: string, body: object) => {
        const res = await fetch(`${url}/`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': `AWSCognitoIdentityService.${operation}`,
          },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(200);
        return (await res.json()) as Record<string, unknown>;
      };
      const { IdentityId } = await cognito('GetId', { IdentityPoolId: DEMO.identityPoolId });
      const { Credentials } = await cognito('GetCredentialsForIdentity', { IdentityId });
      expect(Credentials).toMatchObject({ AccessKeyId: expect.stringMatching(/^ASIA/) });
      expect(io.lines.at(-1)).toMatch(/GetCredentialsForIdentity 200 .*issued=ASIA/);
    } finally {
      await started?.emulator.close();
    }
  });

  test('run(values, io) resolves to the emulator it started, with a close(); --help to 0', async () => {
    const io = testIo();
    const started = await run({ port: '0', 'no-data-file': true }, io);
    if (typeof started === 'number') throw new Error(`run returned ${started}`);
    expect(io.lines[0]).toMatch(
      /^CloudWatch RUM emulator listening on http:\/\/127\.0\.0\.1:\d+\n/,
    );
    expect(started.options).toMatchObject({ port: 0, dataFile: false });
    expect(started.stopMessage).toBe('\nStopping the emulator.');
    const health = `${started.emulator.url}/_emulator/health`;
    expect((await fetch(health)).status).toBe(200);
    await started.close();
    await expect(fetch(health)).rejects.toThrow();
    const help = testIo();
    expect(await run({ help: true }, help)).toBe(0);
    expect(help.stdout()).toMatch(/^Usage: cloudwatch-rum-web emulator \[options\]/);
  });

  test('says so, exit 2, when the port is taken', async () => {
    const first = await startEmulatorFromArgs(['--port', '0', '--no-data-file']);
    try {
      const io = testIo();
      expect(
        await main(['emulator', '--port', String(first.emulator.port), '--no-data-file'], io),
      ).toBe(2);
      expect(io.stderr()).toBe(
        `Port ${first.emulator.port} is already in use on 127.0.0.1; choose another with --port.`,
      );
    } finally {
      await first.close();
    }
  });

  test('the bin runs and reports a clear error for a bad command', () => {
    const result = spawnSync(process.execPath, [BIN, 'nope'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown command 'nope'/);
  });

  // Needs the compiled emulator (npm run build); `npm test` builds before running jest.
  const built = existsSync(join(ROOT, 'packages', 'emulator', 'dist', 'emulator', 'index.js'));
  (built ? test : test.skip)('the built bin serves until SIGINT', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--no-data-file'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) resolveUrl(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited early (${code}): ${output}`)));
      });
      expect(await (await fetch(`${url}/_emulator/health`)).json()).toEqual({ ok: true });
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
