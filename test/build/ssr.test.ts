/**
 * Server-side rendering: importing the npm module in Node (no window, no document) must not
 * throw, and constructing AwsRum there is a harmless no-op with one clear message.
 */
import { execFileSync } from 'child_process';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');

const runInNode = (code: string): { out: string[]; threw?: string } =>
  JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: ROOT,
      encoding: 'utf8',
    }),
  );

const SCRIPT = (importLine: string) => `
${importLine}
const out = [];
for (const level of ['log', 'info', 'warn', 'error', 'debug'])
  console[level] = (...a) => out.push(level + ': ' + a.join(' '));
let threw;
try {
  const rum = new AwsRum('0f2b8c1e-7a4d-4c3b-9e1f-5a6b7c8d9e0f', '1.0.0', 'us-west-2', { allowCookies: true });
  rum.recordEvent('ssr.event', { a: 1 });
  rum.recordPageView('/ssr');
  rum.addSessionAttributes({ a: 'b' });
  await rum.dispatch();
  rum.diagnose();
} catch (e) {
  threw = String(e);
}
process.stdout.write(JSON.stringify({ out, threw }));
`;

describe('server-side rendering (Node, no window)', () => {
  it.each([
    ['ESM', "import { AwsRum } from './dist/index.mjs';"],
    [
      'CommonJS',
      "import { createRequire } from 'module'; const { AwsRum } = createRequire(import.meta.url)('./dist/index.cjs');",
    ],
  ])(
    '%s: importing and constructing never throw, and one message says why nothing happens',
    (_n, imp) => {
      const { out, threw } = runInNode(SCRIPT(imp));
      expect(threw).toBeUndefined();
      expect(out).toEqual([
        expect.stringMatching(
          /^warn: \[cwr\] not running in a browser \(server-side rendering\?\)/,
        ),
      ]);
    },
  );
});
