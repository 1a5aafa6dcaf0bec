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

  it('reads a cross-origin ErrorEvent that carries only a message', () => {
    const d = errorDetails(new ErrorEvent('error', { message: 'Script error.' }));
    expect(d).toEqual({ version: '1.0.0', type: 'Error', message: 'Script error.' });
    expect(jsErrorErrors(d)).toEqual([]);
  });

  it('reads a string as the message', () => {
    const d = errorDetails('something failed');
    expect(d).toEqual({ version: '1.0.0', type: 'Error', message: 'something failed' });
    expect(jsErrorErrors(d)).toEqual([]);
  });

  it('reads an error-like object by its fields', () => {
    const d = errorDetails({ name: 'HttpError', message: { status: 500 } });
    expect(d).toEqual({ version: '1.0.0', type: 'HttpError', message: '{"status":500}' });
    expect(jsErrorErrors(d)).toEqual([]);
  });

  it('serialises a plain object, naming its type', () => {
    const d = errorDetails({ code: 42 });
    expect(d).toEqual({ version: '1.0.0', type: 'object', message: '{"code":42}' });
    expect(jsErrorErrors(d)).toEqual([]);
  });

  it('survives an object JSON cannot serialise', () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    const d = errorDetails(o);
    expect(d).toEqual({ version: '1.0.0', type: 'object', message: '[object Object]' });
    expect(jsErrorErrors(d)).toEqual([]);
  });

  it.each([
    ['undefined', undefined, 'Error', 'undefined'],
    ['null', null, 'object', 'null'],
    ['a number', 42, 'number', '42'],
    ['a symbol', Symbol('s'), 'symbol', 'Symbol(s)'],
  ])('reads %s', (_what, input, type, message) => {
    const d = errorDetails(input);
    expect(d).toEqual({ version: '1.0.0', type, message });
    expect(jsErrorErrors(d)).toEqual([]);
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
