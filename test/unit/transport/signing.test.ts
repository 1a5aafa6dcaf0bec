/** The signer, loaded once when first asked for, and the time to sign with. */
import { createSigning } from '../../../src/transport/signing';
import { fakeClock } from '../fakes';
import { fakeSigner } from './helpers';

describe('signing', () => {
  it('loads the signer once, when first asked; a failed load is tried again', async () => {
    const { signer } = fakeSigner();
    const load = jest.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(signer);
    const signing = createSigning(load, fakeClock());
    expect(load).not.toHaveBeenCalled();
    expect(signing._signer).toBeUndefined();
    await expect(signing._load()).rejects.toThrow('offline');
    await expect(Promise.all([signing._load(), signing._load()])).resolves.toEqual([
      signer,
      signer,
    ]);
    expect(load).toHaveBeenCalledTimes(2);
    expect(signing._signer).toBe(signer);
  });

  it('signs at our time plus the offset learnt from the service', () => {
    const clock = fakeClock(1_000_000);
    const signing = createSigning(async () => fakeSigner().signer, clock);
    expect(signing._date().getTime()).toBe(1_000_000);
    signing._offset = -30_000;
    expect(signing._date().getTime()).toBe(970_000);
  });
});
