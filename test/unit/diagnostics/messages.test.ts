import * as fs from 'fs';
import * as path from 'path';
import { describeMessage } from '../../../src/diagnostics/messages';

const SRC = path.join(__dirname, '../../../src');
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });

describe('the words of the console messages (cwr-diag.js)', () => {
  // Every say('level', 'key', …) / sayOnce(…), every tell('key', …) and note('key', …) in the
  // client names a message with words.
  const used = new Set<string>();
  for (const f of files(SRC)) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(
      /\bsay(?:Once)?\(\s*'(?:info|warn|error|debug)',\s*'([a-z-]+)'|\b(?:tell|note)\(\s*'([a-z-]+)'/g,
    ))
      used.add(m[1] ?? m[2]);
    // whyNotStart's refusals: [level, key, data].
    for (const m of text.matchAll(/\['(?:info|error)', '([a-z-]+)', \{/g)) used.add(m[1]);
  }

  it('finds the messages the client says', () => {
    expect(used.size).toBeGreaterThan(25);
    for (const key of [
      'attribute',
      'metadata',
      'command',
      'bad-region',
      'outbox-failed',
      'session',
    ])
      expect(used).toContain(key);
  });

  it.each([...used])('has words for %s', (key) => {
    const words = describeMessage(key, { got: 'X', type: 'T', id: 'I', name: 'N', what: 'W' });
    expect(words).not.toBe(key);
    expect(words).toMatch(/[.]$/);
  });

  it('names the value it was given', () => {
    expect(describeMessage('event-type', { got: 'bad type!' })).toContain('"bad type!"');
    expect(describeMessage('plugin-twice', { id: 'mine' })).toContain('"mine"');
    expect(describeMessage('uuid', { what: 'pinUserId' })).toBe('pinUserId needs a UUID; ignored.');
    expect(describeMessage('url-normalizer', { url: '/a', gave: 7 })).toBe(
      'config.urlNormalizer returned number, not a URL, for /a; the URL is kept as it is (said once).',
    );
  });

  it('has the words of the problems said in its words (describeProblem falls back to them)', () => {
    expect(describeMessage('config-threw', { error: new Error('boom') })).toBe(
      'config could not be read (boom); using the defaults.',
    );
    expect(describeMessage('errors-ignore', { error: 'Error: x' })).toContain(
      'errors.ignore threw',
    );
  });

  it('says the key itself for a key it does not know (never throws)', () => {
    expect(describeMessage('no-such-message', {})).toBe('no-such-message');
  });
});
