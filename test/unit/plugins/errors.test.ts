import { describeMessage } from '../../../src/diagnostics/messages';
import { createErrorsPlugin } from '../../../src/plugins/errors';
import type { PluginContext } from '../../../src/plugins/plugin';
import { schemaValidator } from '../domain/schema';
import { collectWarnings } from '../fakes';

const validate = (file: string, details: unknown) => schemaValidator(file)(details).length === 0;

const context = () => {
  const records: { type: string; details: Record<string, unknown> }[] = [];
  const problem = jest.fn();
  const ctx = {
    record: (type: string, details: object) =>
      records.push({ type, details: details as Record<string, unknown> }),
    problem,
  } as unknown as PluginContext;
  return { ctx, records, problem };
};

const fireError = (init: ErrorEventInit) => window.dispatchEvent(new ErrorEvent('error', init));
const fireRejection = (reason: unknown) => {
  const e = new Event('unhandledrejection') as Event & { reason: unknown };
  e.reason = reason;
  window.dispatchEvent(e);
};

let options = collectWarnings();
// jsdom reports an error event nobody handled as a test failure: mark them handled.
const handled = (e: Event) => e.preventDefault();
beforeEach(() => {
  // (Silenced: what the options' checks say goes to options.warn, not the console.)
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  options = collectWarnings();
  window.addEventListener('error', handled);
});
afterEach(() => {
  window.removeEventListener('error', handled);
  jest.restoreAllMocks();
});

describe('the errors telemetry', () => {
  it('records uncaught errors with file, line, column and a stack cut to stackTraceLength', () => {
    const { ctx, records } = context();
    const plugin = createErrorsPlugin({ stackTraceLength: 20 }, options.warn);
    plugin.load(ctx);
    const error = new TypeError('x is not a function');
    fireError({
      error,
      message: error.message,
      filename: 'https://example.com/app.js',
      lineno: 3,
      colno: 7,
    });
    plugin.disable();
    expect(records).toHaveLength(1);
    expect(records[0].type).toBe('com.amazon.rum.js_error_event');
    expect(records[0].details).toMatchObject({
      version: '1.0.0',
      type: 'TypeError',
      message: 'x is not a function',
      filename: 'https://example.com/app.js',
      lineno: 3,
      colno: 7,
    });
    expect((records[0].details.stack as string).length).toBeLessThanOrEqual(20);
    expect(validate('js-error-event.json', records[0].details)).toBe(true);
  });

  it.each([
    // The predecessor's values (aws-rum-web 3.x, seen black-box in Chromium).
    ['an Error', new RangeError('r'), { type: 'RangeError', message: 'r' }],
    ['a string', 'plain reason', { type: 'unhandledrejection', message: 'plain reason' }],
    ['a number', 42, { type: 'unhandledrejection', message: '42' }],
    ['an object', { code: 42 }, { type: 'unhandledrejection', message: 'undefined' }],
    ['an error-like object', { name: 'N', message: 'm' }, { type: 'N', message: 'm' }],
    ['undefined', undefined, { type: 'unhandledrejection', message: 'undefined' }],
    ['null', null, { type: 'unhandledrejection', message: 'undefined' }],
  ])('records an unhandled rejection with %s as its reason', (_n, reason, expected) => {
    const { ctx, records } = context();
    const plugin = createErrorsPlugin({}, options.warn);
    plugin.load(ctx);
    fireRejection(reason);
    plugin.disable();
    expect(records[0].details).toMatchObject(expected);
    expect(validate('js-error-event.json', records[0].details)).toBe(true);
  });

  it('skips what ignore() says, survives an ignore that throws, and never records its own errors', () => {
    const { ctx, records, problem } = context();
    const plugin = createErrorsPlugin(
      { ignore: (e: ErrorEvent) => e.message === 'noise' },
      options.warn,
    );
    plugin.load(ctx);
    fireError({ message: 'noise', error: new Error('noise') });
    fireError({
      message: 'client bug',
      error: new Error('client bug'),
      filename: 'https://cdn.example.com/1.x/cwr.js',
    });
    fireError({ message: 'real', error: new Error('real') });
    plugin.disable();
    expect(records.map((r) => r.details.message)).toEqual(['real']);

    const throwing = createErrorsPlugin(
      {
        ignore: () => {
          throw new Error('bad ignore');
        },
      },
      options.warn,
    );
    throwing.load(ctx);
    fireError({ message: 'kept', error: new Error('kept') });
    throwing.disable();
    expect(records.map((r) => r.details.message)).toEqual(['real', 'kept']);
    // A problem of the client (console and diagnose(), once), in the diagnostics chunk's words.
    expect(problem).toHaveBeenCalledWith('errors-ignore', { error: 'Error: bad ignore' });
    expect(describeMessage('errors-ignore', problem.mock.calls[0][1])).toBe(
      'telemetries errors.ignore threw (Error: bad ignore); the error is recorded.',
    );
  });

  it('stops on disable, resumes on enable without double listeners', () => {
    const { ctx, records } = context();
    const plugin = createErrorsPlugin({}, options.warn);
    plugin.load(ctx);
    plugin.disable();
    fireError({ message: 'off', error: new Error('off') });
    plugin.enable();
    plugin.enable();
    fireError({ message: 'on', error: new Error('on') });
    plugin.disable();
    expect(records.map((r) => r.details.message)).toEqual(['on']);
  });

  it('warns about a bad option and uses the default', () => {
    createErrorsPlugin({ stackTraceLength: -1, bogus: 1 }, options.warn);
    expect(options.messages).toEqual([
      'telemetries errors.stackTraceLength must be a whole number >= 0, got -1; using the default 1000.',
      'telemetries errors.bogus is not a known option; it is ignored.',
    ]);
  });
});
