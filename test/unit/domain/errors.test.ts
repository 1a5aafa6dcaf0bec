import { errorDetails } from '../../../src/domain/errors';
import { schemaValidator } from './schema';

const jsErrorErrors = schemaValidator('js-error-event.json');

describe('errorDetails', () => {
  it('reads an Error: name, message and stack (1000 characters by default)', () => {
    const e = new Error('boom');
    e.stack = 'Error: boom\n' + '    at f (https://example.com/app.js:1:2)\n'.repeat(100);
    const d = errorDetails(e);
    expect(d).toEqual({
      version: '1.0.0',
      type: 'Error',
      message: 'boom',
      stack: e.stack!.slice(0, 1000),
    });
    expect(d.stack).toMatch(/^Error: boom\n/);
    expect(jsErrorErrors(d)).toEqual([]);
  });

  it('keeps the subclass name and trims the stack to stackTraceLength', () => {
    const e = new TypeError('x is not a function');
    expect(e.stack!.length).toBeGreaterThan(40);
    const d = errorDetails(e, 40);
    expect(d.type).toBe('TypeError');
    expect(d.message).toBe('x is not a function');
    expect(d.stack).toBe(e.stack!.slice(0, 40));
    expect(jsErrorErrors(d)).toEqual([]);
  });

  it('leaves the stack out with stackTraceLength 0', () => {
    const d = errorDetails(new RangeError('r'), 0);
    expect(d).toEqual({ version: '1.0.0', type: 'RangeError', message: 'r' });
  });

  it('reads an ErrorEvent: its error, and where it happened', () => {
    const error = new SyntaxError('Unexpected token');
    const ev = new ErrorEvent('error', {
      message: 'Uncaught SyntaxError: Unexpected token',
      filename: 'https://example.com/app.js',
      lineno: 12,
      colno: 34,
      error,
    });
    const d = errorDetails(ev);
    expect(d).toEqual({
      version: '1.0.0',
      type: 'SyntaxError',
      message: 'Unexpected token',
      filename: 'https://example.com/app.js',
      lineno: 12,
      colno: 34,
      stack: error.stack!.slice(0, 1000),
    });
    expect(jsErrorErrors(d)).toEqual([]);
  });

  it('reads a cross-origin ErrorEvent that carries only a message: the event names the type', () => {
    const d = errorDetails(new ErrorEvent('error', { message: 'Script error.' }));
    expect(d).toEqual({
      version: '1.0.0',
      type: 'error',
      message: 'Script error.',
      filename: '',
      lineno: 0,
      colno: 0,
    });
    expect(jsErrorErrors(d)).toEqual([]);
  });

  // The values the predecessor (aws-rum-web 3.x) sends, seen black-box in Chromium.
  it.each([
    ['a string', 'something failed', 'something failed', 'something failed'],
    ['a number', 42, '42', '42'],
    ['a boolean', true, 'true', 'true'],
    ['a symbol', Symbol('s'), 'Symbol(s)', 'Symbol(s)'],
    ['undefined', undefined, 'error', 'undefined'],
    ['null', null, 'error', 'undefined'],
    ['a plain object', { code: 42 }, 'error', 'undefined'],
    ['an empty object', {}, 'error', 'undefined'],
    ['an array', [1], 'error', 'undefined'],
    ['an error-like object', { name: 'HttpError', message: 'm' }, 'HttpError', 'm'],
    [
      'an Error without a message',
      Object.assign(new Error(''), { stack: undefined }),
      'Error',
      'undefined',
    ],
  ])('reads %s (recordError, a thrown value)', (_what, input, type, message) => {
    const d = errorDetails(input);
    expect(d).toEqual({ version: '1.0.0', type, message });
    expect(jsErrorErrors(d)).toEqual([]);
  });

  it.each([
    ['a string', 'str', 'unhandledrejection', 'str'],
    ['a number', 42, 'unhandledrejection', '42'],
    ['undefined', undefined, 'unhandledrejection', 'undefined'],
    ['null', null, 'unhandledrejection', 'undefined'],
    ['an object', { a: 1 }, 'unhandledrejection', 'undefined'],
    [
      'an Error whose name is empty',
      Object.assign(new Error('x'), { name: '', stack: undefined }),
      'unhandledrejection',
      'x',
    ],
  ])('reads a rejection reason that is %s', (_what, input, type, message) => {
    const d = errorDetails(input, 1000, 'unhandledrejection');
    expect(d).toEqual({ version: '1.0.0', type, message });
    expect(jsErrorErrors(d)).toEqual([]);
  });

  it('turns a name or message that is not a string into one (the schema wants strings)', () => {
    const d = errorDetails({ name: 7, message: { status: 500 } });
    expect(d).toEqual({ version: '1.0.0', type: '7', message: '[object Object]' });
    expect(jsErrorErrors(d)).toEqual([]);
  });

  it('reads an ErrorEvent whose error is not an Error: the event says the rest', () => {
    const ev = new ErrorEvent('error', { message: 'Uncaught [object Object]', error: { a: 1 } });
    expect(errorDetails(ev)).toMatchObject({ type: 'error', message: 'Uncaught [object Object]' });
    const thrown = new ErrorEvent('error', { message: 'Uncaught x', error: 'x', lineno: 1 });
    expect(errorDetails(thrown)).toMatchObject({ type: 'x', message: 'x', lineno: 1 });
  });

  it('produces details the schema refuses nothing of, whatever the input', () => {
    const inputs: unknown[] = [
      new Error(''),
      Object.assign(new Error('no stack'), { stack: undefined }),
      new DOMException('aborted', 'AbortError'),
      new ErrorEvent('error'),
      { message: 'm', stack: 5 },
      [1, 2],
      () => 1,
      BigInt(7),
    ];
    for (const input of inputs) expect(jsErrorErrors(errorDetails(input))).toEqual([]);
  });
});
