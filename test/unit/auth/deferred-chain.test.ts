import { createCredentialChain } from '../../../src/auth/chain';
import { deferredChain } from '../../../src/auth/deferred-chain';
import { memoryStore } from '../../../src/browser/storage';
import { createCredentialCache } from '../../../src/auth/credential-cache';
import { fakeClock } from '../fakes';

const realChain = () =>
  createCredentialChain(
    fakeClock(),
    createCredentialCache(memoryStore(), 'cwr_c', { appMonitorId: 'app' }),
  );

describe('deferredChain: the credential chain before the auth chunk is there', () => {
  let errors: jest.SpyInstance;
  beforeEach(() => (errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)));
  afterEach(() => errors.mockRestore());

  it('keeps the app credentials and hands them over (checked then) when the chunk arrives', async () => {
    const load = jest.fn(async () => realChain());
    const chain = deferredChain(load);
    chain.setAppCredentials({ accessKeyId: 'A' });
    chain.setAppCredentials(JSON.stringify({ accessKeyId: 'A', secretAccessKey: 's' }));
    expect(load).not.toHaveBeenCalled(); // nothing loaded for that
    expect(chain.peek()).toBeUndefined();
    expect(await chain.get()).toMatchObject({ accessKeyId: 'A' });
    expect(chain.source()).toBe('setAwsCredentials');
    expect(chain.peek()).toMatchObject({ accessKeyId: 'A' });
    expect(errors).not.toHaveBeenCalled(); // the last word counts
    chain.setAppCredentials({ accessKeyId: 'A' });
    expect(errors).toHaveBeenCalledTimes(1); // once the chain is there, at once
    expect(String(errors.mock.calls[0])).toMatch(/secretAccessKey/);
  });

  it('answers no credentials when the chunk cannot load, says why, and tries again later', async () => {
    let fail = true;
    const chain = deferredChain(async () => {
      if (fail) throw new Error('blocked by CSP');
      return realChain();
    });
    chain.setAppCredentials({ accessKeyId: 'B', secretAccessKey: 's' });
    expect(await chain.get()).toBeUndefined();
    expect(chain.lastMiss.join()).toMatch(/auth chunk.*blocked by CSP/);
    fail = false;
    expect(await chain.get()).toMatchObject({ accessKeyId: 'B' });
  });
});
