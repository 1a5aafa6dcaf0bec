import {
  describeSigner,
  rejectionReason,
  requestTransport,
  requestVerdict,
} from '../../../../emulator/viewer/logic/requests';
import { putRequest } from '../fixtures';

describe('requests', () => {
  it('names who signed and how', () => {
    const r = putRequest(1);
    expect(describeSigner(r)).toBe(
      'cognito · pool us-west-2:pool-1 · identity us-west-2:identity-1 · role RUM-Unauth · key ASIATEST',
    );
    expect(
      describeSigner(putRequest(2, { credential: { kind: 'static' }, accessKeyId: 'AKID' })),
    ).toBe('static · key AKID');
    expect(
      describeSigner(
        putRequest(3, { credential: undefined, accessKeyId: undefined, signed: false }),
      ),
    ).toBe('unsigned');
    expect(requestTransport(putRequest(4, { presigned: true }))).toBe('beacon (presigned URL)');
    expect(requestTransport(putRequest(5))).toBe('signed headers');
  });

  it('gives the verdict and the reason of a refusal', () => {
    const refused = putRequest(1, {
      verdict: 'refused',
      status: 403,
      errorType: 'AccessDeniedException',
      message: 'not allowed',
    });
    expect(requestVerdict(refused)).toBe('refused');
    expect(rejectionReason(refused)).toBe('AccessDeniedException: not allowed');
    expect(rejectionReason(putRequest(2))).toBe('');
    // Without a verdict (an older emulator), the status decides.
    expect(requestVerdict(putRequest(3, { verdict: undefined, status: 400 }))).toBe('refused');
    expect(rejectionReason(putRequest(3, { verdict: undefined, status: 400 }))).toBe('HTTP 400');
  });
});
