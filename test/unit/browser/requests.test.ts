import fc from 'fast-check';
import { absolute } from '../../../src/browser/requests';

// The shortcut must give exactly what the URL parser gives, for any input.
const chars = fc.constantFrom(
  ...'abcXYZ019-._~!$&\'()*+,;=:@%/?#[]{}|\\^` "<>é\t'.split(''),
  '..',
  '/.',
  '//',
  '%2e',
  ':443',
  ':80',
  ':0',
);
const tail = fc.array(chars, { maxLength: 20 }).map((a) => a.join(''));
const input = fc.oneof(
  tail.map((t) => '/' + t),
  tail.map((t) => 'https://api.example.com' + t),
  tail.map((t) => 'http://127.0.0.1:8080' + t),
  tail.map((t) => 'HTTPS://Api.Example.com/' + t),
  tail.map((t) => 'https://example.com:443/' + t),
  tail.map((t) => 'http://example.com:80/' + t),
  fc
    .tuple(
      fc.constantFrom(
        '0x7f.1',
        '1.2.3',
        '123',
        '127.0.0.1',
        '010.0.0.1',
        'a.b1',
        'xn--bcher-kva.ch',
        'a..b',
        'x-.y',
      ),
      fc.constantFrom('', ':8080', ':65536', ':099'),
      tail,
    )
    .map(([host, port, t]) => `http://${host}${port}/${t}`),
  tail,
);

describe('absolute', () => {
  it('equals new URL(u, document.baseURI).href for any input', () => {
    fc.assert(
      fc.property(input, (u) => {
        let expected: string;
        try {
          expected = new URL(u, document.baseURI).href;
        } catch {
          expected = u;
        }
        expect(absolute(u)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('follows a <base> element', () => {
    const base = document.createElement('base');
    base.href = 'https://cdn.example.net/app/';
    document.head.appendChild(base);
    try {
      expect(absolute('/x?y=1')).toBe('https://cdn.example.net/x?y=1');
      expect(absolute('x')).toBe('https://cdn.example.net/app/x');
    } finally {
      base.remove();
    }
    expect(absolute('/x')).toBe(new URL('/x', document.baseURI).href);
  });
});
