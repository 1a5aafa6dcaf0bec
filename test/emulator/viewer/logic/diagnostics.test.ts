import { diagnosticFindings } from '../../../../emulator/viewer/logic/diagnostics';
import { report } from '../fixtures';

describe('diagnosticFindings', () => {
  it('lists reported problems first, then what the report shows is wrong', () => {
    const f = diagnosticFindings(
      report('s', {
        problems: [{ code: 'no-credentials', message: 'No pool', count: 3 }],
        session: { sampled: false, droppedOverLimit: 4, eventLimit: 200 },
        credentials: { available: false, tried: ['cwr_c cache', 'Cognito'] },
        lastDispatch: { ok: false, status: 403, errorType: 'AccessDeniedException', halted: true },
      }).report,
    );
    expect(f.map((x) => x.level)).toEqual([
      'problem',
      'warning',
      'warning',
      'problem',
      'problem',
      'problem',
    ]);
    expect(f[0].text).toBe('no-credentials: No pool (×3)');
    expect(f.map((x) => x.text).join('\n')).toContain('HTTP 403');
  });

  it('does not blame missing credentials on a disabled client, nor before any were tried', () => {
    const off = report('s', { enabled: false, credentials: { available: false, tried: [] } });
    expect(diagnosticFindings(off.report)).toEqual([
      { level: 'warning', text: 'The client is disabled.' },
    ]);
    const early = report('s', { credentials: { available: false, tried: [] } });
    expect(diagnosticFindings(early.report)).toEqual([
      { level: 'warning', text: 'No AWS credentials yet to sign requests.' },
    ]);
  });

  it('finds nothing in a healthy or missing report', () => {
    expect(diagnosticFindings(report('s').report)).toEqual([]);
    expect(diagnosticFindings(undefined)).toEqual([]);
  });
});
