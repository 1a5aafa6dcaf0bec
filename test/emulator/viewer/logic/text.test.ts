import { diagnosticFindings } from '../../../../emulator/viewer/logic/diagnostics';
import { deepEqual, plural } from '../../../../emulator/viewer/logic/text';
import { report } from '../fixtures';

describe('plural', () => {
  it('uses the singular for exactly one, the plural for anything else', () => {
    expect(plural(1, 'session')).toBe('1 session');
    expect(plural(0, 'session')).toBe('0 sessions');
    expect(plural(2, 'session')).toBe('2 sessions');
    expect(plural(1, 'page view')).toBe('1 page view');
    expect(plural(12, 'page view')).toBe('12 page views');
    expect(plural(1, 'reply', 'replies')).toBe('1 reply');
    expect(plural(3, 'reply', 'replies')).toBe('3 replies');
    expect(plural(1.5, 'second')).toBe('1.5 seconds');
  });

  it('counts the dropped events of a diagnostics report right', () => {
    const texts = (dropped: number) =>
      diagnosticFindings(
        report('s', { session: { droppedOverLimit: dropped, eventLimit: 200 } }).report,
      )
        .map((f) => f.text)
        .join('\n');
    expect(texts(1)).toContain("1 event dropped over the session's limit of 200.");
    expect(texts(7)).toContain("7 events dropped over the session's limit of 200.");
  });
});

describe('deepEqual', () => {
  it('compares JSON-like values field by field', () => {
    expect(deepEqual({ a: [1, { b: 'x' }], c: null }, { c: null, a: [1, { b: 'x' }] })).toBe(true);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual(NaN, NaN)).toBe(true);
    expect(deepEqual('1', 1)).toBe(false);
  });
});
