import { resolveConfig } from '../../../src/boot/config';
import { createProblems } from '../../../src/boot/problems';
import * as diagnostics from '../../../src/lazy/diagnostics';
import type { DiagnosticsModule } from '../../../src/lazy/load';
import { createLogger } from '../../../src/tools/logger';
import { APP_ID } from '../fakes';

// The problem registry of one client, with the diagnostics chunk replaced by a fake whose
// loading the test controls.
const setup = (fail = false) => {
  const out: [string, string][] = [];
  const spy = (level: string) =>
    jest.spyOn(console, level as 'warn').mockImplementation((m) => void out.push([level, m]));
  ['warn', 'error', 'info', 'debug'].forEach(spy);
  let loads = 0;
  const chunk = {
    describeProblem: (kind: string, data: Record<string, unknown>) =>
      kind === 'ignore'
        ? undefined
        : {
            code: kind == 'refused' ? 'refused-403' : kind,
            message: `words for ${kind} ${JSON.stringify(data)}`,
          },
    describeMessage: (key: string, data: Record<string, unknown>) =>
      `said ${key} ${String(data.got)}.`,
    checkConfig: () => [],
  } as unknown as DiagnosticsModule;
  const load = () => {
    loads++;
    return fail
      ? Promise.reject(new Error('cwr-diag.js could not be loaded'))
      : Promise.resolve(chunk);
  };
  const problems = createProblems(
    createLogger(() => false),
    load,
    () => ({
      appMonitorId: 'a',
      region: 'us-west-2',
      endpoint: 'https://x/',
    }),
  );
  return { problems, out, loads: () => loads };
};
const settle = () => new Promise((r) => setTimeout(r, 0));
afterEach(() => jest.restoreAllMocks());

describe('the problem registry', () => {
  it('says a problem once, in the chunk’s words, and counts its repeats', async () => {
    const { problems, out } = setup();
    problems.problem('event-limit', { limit: 5 });
    problems.problem('event-limit', { limit: 5 });
    await settle();
    problems.problem('event-limit', { limit: 5 });
    expect(out).toEqual([['warn', '[cwr] words for event-limit {"limit":5}']]);
    expect(problems.shown()).toEqual([
      { code: 'event-limit', message: 'words for event-limit {"limit":5}', count: 3 },
    ]);
  });

  it('counts keys the words give one code under that code, and drops what is not a problem', async () => {
    const { problems, out } = setup();
    problems.problem('refused:A');
    await settle();
    problems.problem('refused:B');
    problems.problem('ignore:x');
    await settle();
    expect(out).toHaveLength(1);
    expect(problems.shown()).toEqual([expect.objectContaining({ code: 'refused-403', count: 2 })]);
  });

  it('shows a problem already in words at once', () => {
    const { problems, out } = setup();
    problems.show('config', 'config is odd.', 'error');
    expect(out).toEqual([['error', '[cwr] config is odd.']]);
    expect(problems.shown()).toEqual([{ code: 'config', message: 'config is odd.', count: 1 }]);
  });

  it('says messages in order, and sayOnce only once per key', async () => {
    const { problems, out } = setup();
    problems.say('error', 'first', { got: 1 });
    problems.sayOnce('warn', 'second', { got: 2 });
    problems.sayOnce('warn', 'second', { got: 3 });
    problems.say('error', 'first', { got: 4 });
    await settle();
    expect(out).toEqual([
      ['error', '[cwr] said first 1.'],
      ['warn', '[cwr] said second 2.'],
      ['error', '[cwr] said first 4.'],
    ]);
    expect(problems.shown()).toEqual([]);
  });

  it('without the diagnostics chunk: says which file is missing, once, and still names each message', async () => {
    const { problems, out } = setup(true);
    expect(problems.chunkMissing()).toBe(false);
    problems.say('error', 'event-type');
    problems.problem('event-limit');
    await settle();
    expect(out).toEqual([
      ['error', '[cwr] cwr-diag.js could not be loaded'],
      ['error', '[cwr] event-type (see docs/troubleshooting.md)'],
      ['warn', '[cwr] event-limit (see docs/troubleshooting.md)'],
    ]);
    expect(problems.chunkMissing()).toBe(true);
  });

  it('turns config warnings into problems by kind (unknown and bad options)', async () => {
    const { problems } = setup();
    problems.configProblem('config.sessionSampleRat', { word: 'sessionSampleRat', known: [] });
    problems.configProblem('config.retries', { got: -1, fallback: 2 });
    problems.configProblem('config is not an object.');
    await settle();
    expect(problems.shown().map((p) => p.code)).toEqual(['config', 'unknown-option', 'bad-option']);
  });
});

describe('the problem registry, in the words of the diagnostics chunk', () => {
  it('names the exact connect-src values when the CSP blocks the client’s requests, once', async () => {
    const warns = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const config = resolveConfig(
      'us-west-2',
      {
        signing: true,
        identityPoolId: 'us-east-1:abcd',
        guestRoleArn: 'arn:aws:iam::123456789012:role/R',
      },
      () => undefined,
    );
    const problems = createProblems(
      createLogger(() => false),
      () => Promise.resolve(diagnostics),
      () => ({ ...config, appMonitorId: APP_ID, region: 'us-west-2' }),
    );
    // As the core reports what boot/lifecycle.ts hears of.
    const blocked = (uri: string, directive = 'connect-src') =>
      problems.problem('csp:' + new URL(uri).origin, { uri, directive });
    blocked('https://example.org/other'); // not ours
    await settle();
    expect(problems.shown()).toEqual([]);
    blocked('https://dataplane.rum.us-west-2.amazonaws.com/appmonitors/x/');
    blocked('https://cognito-identity.us-east-1.amazonaws.com/');
    await settle();
    const csp = warns.mock.calls.filter((c) => /Content-Security-Policy blocked/.test(c[0]));
    expect(csp).toHaveLength(1);
    expect(csp[0][0]).toContain(
      'Add to the policy: connect-src https://dataplane.rum.us-west-2.amazonaws.com https://cognito-identity.us-east-1.amazonaws.com https://sts.us-west-2.amazonaws.com',
    );
    expect(problems.shown().map((p) => [p.code, p.count])).toEqual([['csp-blocked', 2]]);
  });
});
