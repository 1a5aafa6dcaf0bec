import { createCredentialChain } from '../../../src/auth/chain';
import { createCredentialCache } from '../../../src/auth/credential-cache';
import {
  type Credentials,
  EXPIRY_MARGIN_MS,
  isFresh,
  REFRESH_MARGIN_MS,
  toCredentials,
} from '../../../src/auth/credentials';
import { memoryStore } from '../../../src/browser/storage';
import { APP_ID, fakeClock, flushPromises } from '../fakes';

const HOUR = 3600_000;
const creds = (id: string, expiresAt?: number): Credentials => ({
  accessKeyId: id,
  secretAccessKey: 'secret-' + id,
  sessionToken: 'token-' + id,
  expiration: expiresAt === undefined ? undefined : new Date(expiresAt),
});

/** A provider whose answers the test hands out one at a time. */
const onDemand = () => {
  const waiting: ((c: Credentials | undefined) => void)[] = [];
  const get = jest.fn(
    () => new Promise<Credentials | undefined>((resolve) => void waiting.push(resolve)),
  );
  return { get, resolve: (c: Credentials | undefined) => waiting.shift()!(c) };
};

const POOL = 'us-west-2:00000000-0000-4000-8000-000000000000';
const OTHER_APP = '99999999-8888-4777-8666-555555555555';
/** The cache owner of an app monitor without an identity pool (credentials from the app). */
const APP_ONLY = { appMonitorId: APP_ID };
/** The cache owner of an app monitor with an identity pool (credentials from Cognito). */
const WITH_POOL = { appMonitorId: APP_ID, identityPoolId: POOL };

type Provider = { name: string; get: () => Promise<Credentials | undefined> };

const setupFor = (
  owner: { appMonitorId: string; identityPoolId?: string },
  providers: Provider[],
) => {
  const clock = fakeClock();
  const store = memoryStore();
  const cache = createCredentialCache(store, 'cwr_c', owner);
  const chain = createCredentialChain(clock, cache, providers);
  return { clock, store, cache, chain };
};
const setup = (...providers: Provider[]) => setupFor(APP_ONLY, providers);

let errors: jest.SpyInstance;
let warns: jest.SpyInstance;
beforeEach(() => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  warns = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('the credential chain', () => {
  describe('order', () => {
    it('prefers credentials the app set over everything else', async () => {
      const cognito = jest.fn(async () => creds('COGNITO'));
      const { chain, cache, clock } = setup({ name: 'cognito', get: cognito });
      cache.write(creds('CACHED', clock.now() + HOUR));
      chain.setAppCredentials(creds('APP'));
      expect((await chain.get())?.accessKeyId).toBe('APP');
      expect(cognito).not.toHaveBeenCalled();
    });

    it('asks an app provider before the cache, and does not cache its answer', async () => {
      const cognito = jest.fn(async () => creds('COGNITO'));
      const { chain, cache, clock } = setup({ name: 'cognito', get: cognito });
      cache.write(creds('CACHED', clock.now() + HOUR));
      const app = jest.fn(async () => creds('APP_FN', clock.now() + HOUR));
      chain.setAppCredentials(app);
      expect((await chain.get())?.accessKeyId).toBe('APP_FN');
      expect(app).toHaveBeenCalledTimes(1);
      expect(cognito).not.toHaveBeenCalled();
      expect(cache.read()?.accessKeyId).toBe('CACHED');
    });

    it('uses fresh cwr_c credentials (untagged, no identity pool) before asking further providers', async () => {
      const cognito = jest.fn(async () => creds('COGNITO'));
      const { chain, store, clock } = setup({ name: 'cognito', get: cognito });
      const expiration = new Date(clock.now() + HOUR).toISOString();
      store.set('cwr_c', JSON.stringify({ ...creds('CACHED'), expiration }));
      const c = await chain.get();
      expect(c).toEqual({ ...creds('CACHED'), expiration: new Date(expiration) });
      expect(cognito).not.toHaveBeenCalled();
    });

    it('asks further providers in order and caches the first fresh answer', async () => {
      const first = jest.fn(async () => undefined);
      const second = jest.fn(async () => creds('SECOND', Date.now() + HOUR));
      const third = jest.fn(async () => creds('THIRD'));
      const { chain, cache } = setup(
        { name: 'first', get: first },
        { name: 'second', get: second },
        { name: 'third', get: third },
      );
      expect((await chain.get())?.accessKeyId).toBe('SECOND');
      expect(first).toHaveBeenCalledTimes(1);
      expect(third).not.toHaveBeenCalled();
      expect(cache.read()).toEqual(await chain.get());
    });

    it('falls through an app provider that has nothing fresh', async () => {
      const cognito = jest.fn(async () => creds('COGNITO'));
      const { chain, clock } = setup({ name: 'cognito', get: cognito });
      chain.setAppCredentials(async () => creds('OLD', clock.now() + 1000));
      expect((await chain.get())?.accessKeyId).toBe('COGNITO');
    });

    it('says which sources it tried when none has credentials', async () => {
      const { chain, clock } = setup(
        { name: 'cognito', get: async () => undefined },
        { name: 'expired', get: async () => creds('X', Date.now() - 1) },
      );
      chain.setAppCredentials(creds('APP', clock.now() + 1000));
      expect(await chain.get()).toBeUndefined();
      expect(chain.lastMiss).toEqual([
        'setAwsCredentials (expired)',
        'cwr_c cache',
        'cognito',
        'expired (expired)',
      ]);
    });
  });

  describe('the cache owner', () => {
    it("ignores another app monitor's cached credentials and asks Cognito", async () => {
      const cognito = jest.fn(async () => creds('COGNITO', Date.now() + HOUR));
      const { chain, store, clock } = setupFor(WITH_POOL, [{ name: 'cognito', get: cognito }]);
      const expiration = new Date(clock.now() + HOUR).toISOString();
      store.set(
        'cwr_c',
        JSON.stringify({
          ...creds('OTHER'),
          expiration,
          appMonitorId: OTHER_APP,
          identityPoolId: POOL,
        }),
      );
      expect(chain.peek()).toBeUndefined();
      expect((await chain.get())?.accessKeyId).toBe('COGNITO');
      expect(cognito).toHaveBeenCalledTimes(1);
      // The entry is now ours.
      expect(JSON.parse(store.get('cwr_c')!)).toMatchObject({
        accessKeyId: 'COGNITO',
        ...WITH_POOL,
      });
    });

    it('ignores untagged cached credentials when an identity pool is configured', async () => {
      const cognito = jest.fn(async () => creds('COGNITO', Date.now() + HOUR));
      const { chain, store, clock } = setupFor(WITH_POOL, [{ name: 'cognito', get: cognito }]);
      const expiration = new Date(clock.now() + HOUR).toISOString();
      store.set('cwr_c', JSON.stringify({ ...creds('UNTAGGED'), expiration }));
      expect(chain.peek()).toBeUndefined();
      expect((await chain.get())?.accessKeyId).toBe('COGNITO');
      expect(cognito).toHaveBeenCalledTimes(1);
    });

    it("reuses its own pool's cached credentials on the next page", async () => {
      const first = setupFor(WITH_POOL, [
        { name: 'cognito', get: async () => creds('COGNITO', Date.now() + HOUR) },
      ]);
      await first.chain.get();
      const cognito = jest.fn(async () => creds('AGAIN', Date.now() + HOUR));
      const next = createCredentialChain(
        first.clock,
        createCredentialCache(first.store, 'cwr_c', WITH_POOL),
        [{ name: 'cognito', get: cognito }],
      );
      expect((await next.get())?.accessKeyId).toBe('COGNITO');
      expect(cognito).not.toHaveBeenCalled();
    });
  });

  describe('expiry', () => {
    it(`treats credentials expiring within ${EXPIRY_MARGIN_MS} ms as stale`, () => {
      const now = 1_000_000;
      expect(EXPIRY_MARGIN_MS).toBe(30_000);
      expect(isFresh(creds('A'), now)).toBe(true);
      expect(isFresh(creds('A', now + EXPIRY_MARGIN_MS + 1), now)).toBe(true);
      expect(isFresh(creds('A', now + EXPIRY_MARGIN_MS), now)).toBe(false);
      expect(isFresh(creds('A', now + 20_000), now)).toBe(false);
      expect(isFresh(undefined, now)).toBe(false);
    });

    it(`takes another margin, such as REFRESH_MARGIN_MS (${REFRESH_MARGIN_MS} ms)`, () => {
      const now = 1_000_000;
      expect(REFRESH_MARGIN_MS).toBe(120_000);
      expect(isFresh(creds('A', now + 90_000), now)).toBe(true);
      expect(isFresh(creds('A', now + 90_000), now, REFRESH_MARGIN_MS)).toBe(false);
      expect(isFresh(creds('A', now + REFRESH_MARGIN_MS), now, REFRESH_MARGIN_MS)).toBe(false);
      expect(isFresh(creds('A', now + REFRESH_MARGIN_MS + 1), now, REFRESH_MARGIN_MS)).toBe(true);
      expect(isFresh(creds('A'), now, REFRESH_MARGIN_MS)).toBe(true);
    });

    it('skips cached credentials that expire within the expiry margin', async () => {
      const cognito = jest.fn(async () => creds('COGNITO', Date.now() + HOUR));
      const { chain, cache, clock } = setup({ name: 'cognito', get: cognito });
      cache.write(creds('CACHED', clock.now() + 20_000));
      expect((await chain.get())?.accessKeyId).toBe('COGNITO');
      expect(cache.read()?.accessKeyId).toBe('COGNITO');
    });

    it('keeps credentials in memory until they near expiry, then looks again', async () => {
      let n = 0;
      const { chain, clock } = setup({
        name: 'cognito',
        get: async () => creds(`C${++n}`, clock.now() + HOUR),
      });
      expect((await chain.get())?.accessKeyId).toBe('C1');
      expect((await chain.get())?.accessKeyId).toBe('C1');
      await clock.advance(HOUR - REFRESH_MARGIN_MS - 1000);
      expect((await chain.get())?.accessKeyId).toBe('C1');
      expect(n).toBe(1);
      await clock.advance(1000); // 120 s before expiry: renewed while still usable
      expect((await chain.get())?.accessKeyId).toBe('C2');
      expect(n).toBe(2);
    });
  });

  describe('renewal within the refresh margin', () => {
    it('looks again for credentials expiring in 90 s and keeps the new ones', async () => {
      let n = 0;
      const cognito = jest.fn(async () => creds(`C${++n}`, clock.now() + HOUR));
      const { chain, cache, clock } = setup({ name: 'cognito', get: cognito });
      expect((await chain.get())?.accessKeyId).toBe('C1');
      await clock.advance(HOUR - 90_000);
      expect((await chain.get())?.accessKeyId).toBe('C2');
      expect(cache.read()?.accessKeyId).toBe('C2');
      expect((await chain.get())?.accessKeyId).toBe('C2');
      expect(cognito).toHaveBeenCalledTimes(2);
    });

    it('still returns credentials expiring in 90 s when the provider fails, until the expiry margin', async () => {
      let fail = false;
      const cognito = jest.fn(async () => {
        if (fail) throw new Error('Cognito down');
        return creds('C1', clock.now() + HOUR);
      });
      const { chain, clock } = setup({ name: 'cognito', get: cognito });
      expect((await chain.get())?.accessKeyId).toBe('C1');
      fail = true;
      await clock.advance(HOUR - 90_000);
      expect((await chain.get())?.accessKeyId).toBe('C1');
      expect(cognito).toHaveBeenCalledTimes(2);
      expect(chain.lastMiss).toEqual(['cwr_c cache', 'cognito (failed: Cognito down)']);
      expect(chain.lastErrors).toEqual([new Error('Cognito down')]);
      // Within 5 s of the failure, the provider is not asked again.
      expect((await chain.get())?.accessKeyId).toBe('C1');
      expect(cognito).toHaveBeenCalledTimes(2);
      // Then it is, and there are still the old credentials to fall back on.
      await clock.advance(5_000);
      expect((await chain.get())?.accessKeyId).toBe('C1');
      expect(cognito).toHaveBeenCalledTimes(3);
      expect(chain.peek()?.accessKeyId).toBe('C1');
      await clock.advance(60_000); // 30 s before expiry: no longer usable
      expect(await chain.get()).toBeUndefined();
      expect(chain.peek()).toBeUndefined();
      expect(cognito).toHaveBeenCalledTimes(4);
    });

    it('prefers new credentials to cached ones expiring in 90 s', async () => {
      const cognito = jest.fn(async () => creds('COGNITO', Date.now() + HOUR));
      const { chain, cache, clock } = setup({ name: 'cognito', get: cognito });
      cache.write(creds('CACHED', clock.now() + 90_000));
      expect((await chain.get())?.accessKeyId).toBe('COGNITO');
      expect(cache.read()?.accessKeyId).toBe('COGNITO');
    });

    it('falls back on cached credentials expiring in 90 s when the provider has nothing', async () => {
      const cognito = jest.fn(async () => undefined);
      const { chain, cache, clock } = setup({ name: 'cognito', get: cognito });
      cache.write(creds('CACHED', clock.now() + 90_000));
      expect((await chain.get())?.accessKeyId).toBe('CACHED');
      expect(cognito).toHaveBeenCalledTimes(1);
      expect(chain.lastMiss).toEqual(['cwr_c cache', 'cognito']);
    });

    it('does not fall back on cached credentials within the expiry margin', async () => {
      const { chain, cache, clock } = setup({
        name: 'cognito',
        get: () => Promise.reject(new Error('Cognito down')),
      });
      cache.write(creds('CACHED', clock.now() + 20_000));
      expect(await chain.get()).toBeUndefined();
    });

    it("renews an app provider's answer within the refresh margin as well", async () => {
      let n = 0;
      const { chain, clock } = setup();
      const app = jest.fn(async () => creds(`APP${++n}`, clock.now() + HOUR));
      chain.setAppCredentials(app);
      expect((await chain.get())?.accessKeyId).toBe('APP1');
      await clock.advance(HOUR - 90_000);
      expect((await chain.get())?.accessKeyId).toBe('APP2');
      expect(app).toHaveBeenCalledTimes(2);
    });

    it("uses the app's static credentials until the expiry margin, without looking for others", async () => {
      const cognito = jest.fn(async () => creds('COGNITO', Date.now() + HOUR));
      const { chain, clock } = setup({ name: 'cognito', get: cognito });
      chain.setAppCredentials(creds('APP', clock.now() + 90_000));
      expect((await chain.get())?.accessKeyId).toBe('APP');
      await clock.advance(59_000); // 31 s left
      expect((await chain.get())?.accessKeyId).toBe('APP');
      expect(cognito).not.toHaveBeenCalled();
      await clock.advance(1000); // 30 s left: expired for the client
      expect((await chain.get())?.accessKeyId).toBe('COGNITO');
      expect(chain.lastMiss).toEqual(['setAwsCredentials (expired)', 'cwr_c cache']);
    });
  });

  it('shares one provider call among concurrent lookups', async () => {
    const p = onDemand();
    const { chain } = setup({ name: 'cognito', get: p.get });
    const a = chain.get();
    const b = chain.get();
    await flushPromises();
    const c = chain.get();
    expect(p.get).toHaveBeenCalledTimes(1);
    p.resolve(creds('ONE'));
    const got = await Promise.all([a, b, c]);
    expect(got.map((x) => x?.accessKeyId)).toEqual(['ONE', 'ONE', 'ONE']);
    expect(p.get).toHaveBeenCalledTimes(1);
  });

  it('forgets credentials in memory and in the cache on invalidate()', async () => {
    let n = 0;
    const { chain, cache } = setup({ name: 'cognito', get: async () => creds(`C${++n}`) });
    expect((await chain.get())?.accessKeyId).toBe('C1');
    expect(cache.read()?.accessKeyId).toBe('C1');
    chain.invalidate();
    expect(cache.read()).toBeUndefined();
    expect(chain.peek()).toBeUndefined();
    expect((await chain.get())?.accessKeyId).toBe('C2');
  });

  it("keeps the app's static credentials on invalidate(): only the app can replace them", async () => {
    const cognito = jest.fn(async () => creds('COGNITO'));
    const { chain, cache, clock } = setup({ name: 'cognito', get: cognito });
    cache.write(creds('CACHED', clock.now() + HOUR));
    chain.setAppCredentials(creds('APP'));
    chain.invalidate();
    expect(cache.read()).toBeUndefined();
    expect(chain.peek()?.accessKeyId).toBe('APP');
    expect((await chain.get())?.accessKeyId).toBe('APP');
    expect(cognito).not.toHaveBeenCalled();
    chain.setAppCredentials(creds('APP2'));
    expect((await chain.get())?.accessKeyId).toBe('APP2');
  });

  it("keeps the app's provider on invalidate() and asks it again", async () => {
    let n = 0;
    const { chain } = setup();
    const app = jest.fn(async () => creds(`APP${++n}`));
    chain.setAppCredentials(app);
    expect((await chain.get())?.accessKeyId).toBe('APP1');
    chain.invalidate();
    expect((await chain.get())?.accessKeyId).toBe('APP2');
    expect(app).toHaveBeenCalledTimes(2);
  });

  describe('peek()', () => {
    it('answers synchronously from memory, the app or the cache, never a provider', async () => {
      const cognito = jest.fn(async () => creds('COGNITO'));
      const { chain, cache, clock } = setup({ name: 'cognito', get: cognito });
      expect(chain.peek()).toBeUndefined();
      cache.write(creds('CACHED', clock.now() + HOUR));
      expect(chain.peek()?.accessKeyId).toBe('CACHED');
      chain.setAppCredentials(creds('APP'));
      expect(chain.peek()?.accessKeyId).toBe('APP');
      expect(cognito).not.toHaveBeenCalled();
    });

    it('skips stale cached credentials', () => {
      const { chain, cache, clock } = setup();
      cache.write(creds('CACHED', clock.now() + 10_000));
      expect(chain.peek()).toBeUndefined();
    });

    it('offers cached credentials within the refresh margin (still usable for a flush)', () => {
      const { chain, cache, clock } = setup();
      cache.write(creds('CACHED', clock.now() + 90_000));
      expect(chain.peek()?.accessKeyId).toBe('CACHED');
    });

    it('does not call an app provider (it may be async)', () => {
      const { chain } = setup();
      const app = jest.fn(async () => creds('APP_FN'));
      chain.setAppCredentials(app);
      expect(chain.peek()).toBeUndefined();
      expect(app).not.toHaveBeenCalled();
    });
  });

  describe('setAppCredentials while a lookup is in flight', () => {
    it('keeps the app credentials when the earlier lookup resolves later', async () => {
      const p = onDemand();
      const { chain } = setup({ name: 'cognito', get: p.get });
      const early = chain.get();
      await flushPromises();
      expect(p.get).toHaveBeenCalledTimes(1);
      chain.setAppCredentials(creds('APP'));
      p.resolve(creds('COGNITO'));
      expect((await early)?.accessKeyId).toBe('APP');
      expect((await chain.get())?.accessKeyId).toBe('APP');
      expect(chain.peek()?.accessKeyId).toBe('APP');
      expect(p.get).toHaveBeenCalledTimes(1);
    });

    it('uses the newer app provider, not the one replaced mid-call', async () => {
      const old = onDemand();
      const { chain } = setup();
      chain.setAppCredentials(old.get);
      const early = chain.get();
      await flushPromises();
      chain.setAppCredentials(async () => creds('NEW'));
      old.resolve(creds('OLD'));
      expect((await early)?.accessKeyId).toBe('NEW');
      expect((await chain.get())?.accessKeyId).toBe('NEW');
    });

    it('does not bring back credentials invalidated mid-call', async () => {
      const app = onDemand();
      const { chain } = setup();
      chain.setAppCredentials(app.get);
      const early = chain.get();
      await flushPromises();
      chain.invalidate();
      app.resolve(creds('REFUSED'));
      // The lookup starts over (the app provider is still set) and gets a new answer.
      await flushPromises();
      expect(app.get).toHaveBeenCalledTimes(2);
      app.resolve(creds('RENEWED'));
      expect((await early)?.accessKeyId).toBe('RENEWED');
    });
  });

  it('treats a provider that throws as a miss, goes on to the next, and tries it again later', async () => {
    let fail = true;
    const cognito = jest.fn(async () => {
      if (fail) throw new Error('network down');
      return creds('COGNITO');
    });
    const { chain, clock } = setup(
      { name: 'cognito', get: cognito },
      { name: 'next', get: async () => undefined },
    );
    expect(await chain.get()).toBeUndefined();
    expect(chain.lastMiss).toEqual(['cwr_c cache', 'cognito (failed: network down)', 'next']);
    expect(chain.lastErrors).toEqual([new Error('network down')]);
    fail = false;
    await clock.advance(5_000);
    expect((await chain.get())?.accessKeyId).toBe('COGNITO');
    expect(cognito).toHaveBeenCalledTimes(2);
    // Each lookup starts its own record.
    expect(chain.lastMiss).toEqual(['cwr_c cache']);
    expect(chain.lastErrors).toEqual([]);
  });

  it('asks a failing provider again after 5 s, then 10 s, 20 s … up to 5 minutes, and at once after invalidate()', async () => {
    const cognito = jest.fn(async () => {
      throw new Error('refused');
    });
    const { chain, clock } = setup({ name: 'cognito', get: cognito });
    const callsAfter = async (ms: number) => {
      await clock.advance(ms);
      await chain.get();
      return cognito.mock.calls.length;
    };
    expect(await callsAfter(0)).toBe(1);
    expect(chain.lastMiss).toEqual(['cwr_c cache', 'cognito (failed: refused)']);
    expect(await callsAfter(4_000)).toBe(1);
    expect(chain.lastMiss).toEqual(['cwr_c cache', 'cognito (failed; asked again in 1 s)']);
    expect(await callsAfter(1_000)).toBe(2);
    expect(await callsAfter(9_000)).toBe(2);
    expect(await callsAfter(1_000)).toBe(3);
    for (let i = 0; i < 10; i++) await callsAfter(300_000);
    expect(await callsAfter(299_000)).toBe(13);
    expect(await callsAfter(1_000)).toBe(14);
    chain.invalidate();
    expect(await callsAfter(0)).toBe(15);
  });

  it('names the source of the credentials in use', async () => {
    const { chain, cache } = setup({
      name: 'Cognito',
      get: async () => creds('COGNITO'),
    });
    expect(chain.source()).toBeUndefined();
    await chain.get();
    expect(chain.source()).toBe('Cognito');
    chain.setAppCredentials(creds('APP'));
    expect(chain.source()).toBe('setAwsCredentials');
    const other = setup();
    other.cache.write(creds('CACHED'));
    await other.chain.get();
    expect(other.chain.source()).toBe('cwr_c cache');
    expect(cache.read()?.accessKeyId).toBe('COGNITO');
  });

  it('names a thrown non-Error value as it is and keeps it in lastErrors', async () => {
    const { chain } = setup({
      name: 'cognito',
      get: () => Promise.reject('refused'),
    });
    expect(await chain.get()).toBeUndefined();
    expect(chain.lastMiss).toEqual(['cwr_c cache', 'cognito (failed: refused)']);
    expect(chain.lastErrors).toEqual(['refused']);
  });

  it('records what an app provider threw, then still asks the cache and the providers', async () => {
    const { chain } = setup({ name: 'cognito', get: async () => creds('COGNITO') });
    const oops = new TypeError('app provider broke');
    chain.setAppCredentials(async () => {
      throw oops;
    });
    expect((await chain.get())?.accessKeyId).toBe('COGNITO');
    expect(chain.lastErrors).toEqual([oops]);
    expect(chain.lastMiss).toEqual([
      'setAwsCredentials provider (failed: app provider broke)',
      'cwr_c cache',
    ]);
  });

  it('accepts a JSON string from the app', async () => {
    const { chain } = setup();
    chain.setAppCredentials(JSON.stringify({ accessKeyId: 'J', secretAccessKey: 's' }));
    expect((await chain.get())?.accessKeyId).toBe('J');
  });

  it('ignores unusable app credentials and falls back to the cache', async () => {
    const { chain, cache } = setup();
    cache.write(creds('CACHED'));
    chain.setAppCredentials({ accessKeyId: 'A' });
    expect((await chain.get())?.accessKeyId).toBe('CACHED');
    expect(errors).toHaveBeenCalledTimes(1);
  });
});

describe('the cwr_c cache', () => {
  const entry = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      ...creds('A'),
      expiration: new Date(Date.UTC(2030, 0, 1)).toISOString(),
      ...extra,
    });

  it('round-trips credentials with an ISO expiration under the key it is given', () => {
    const store = memoryStore();
    const cache = createCredentialCache(store, 'cwr_c_app1', APP_ONLY);
    const c = creds('A', Date.UTC(2030, 0, 1));
    cache.write(c);
    expect(JSON.parse(store.get('cwr_c_app1')!).expiration).toBe('2030-01-01T00:00:00.000Z');
    expect(store.get('cwr_c')).toBeNull();
    expect(cache.read()).toEqual(c);
    cache.clear();
    expect(cache.read()).toBeUndefined();
    expect(store.get('cwr_c_app1')).toBeNull();
  });

  it('tags what it writes with its app monitor and identity pool', () => {
    const store = memoryStore();
    createCredentialCache(store, 'cwr_c', WITH_POOL).write(creds('A', Date.UTC(2030, 0, 1)));
    expect(JSON.parse(store.get('cwr_c')!)).toEqual({
      accessKeyId: 'A',
      secretAccessKey: 'secret-A',
      sessionToken: 'token-A',
      expiration: '2030-01-01T00:00:00.000Z',
      appMonitorId: APP_ID,
      identityPoolId: POOL,
    });
    createCredentialCache(store, 'cwr_c', APP_ONLY).write(creds('B'));
    expect(JSON.parse(store.get('cwr_c')!)).toEqual({
      accessKeyId: 'B',
      secretAccessKey: 'secret-B',
      sessionToken: 'token-B',
      appMonitorId: APP_ID,
    });
  });

  it.each([
    ['another app monitor', WITH_POOL, { appMonitorId: OTHER_APP, identityPoolId: POOL }],
    ['another identity pool', WITH_POOL, { appMonitorId: APP_ID, identityPoolId: POOL + 'x' }],
    ['the app monitor without a pool', WITH_POOL, { appMonitorId: APP_ID }],
    ['the app monitor with a pool', APP_ONLY, { appMonitorId: APP_ID, identityPoolId: POOL }],
    ['another app monitor without a pool', APP_ONLY, { appMonitorId: OTHER_APP }],
    ['an identity pool alone', WITH_POOL, { identityPoolId: POOL }],
  ])('ignores, and leaves in place, an entry tagged for %s', (_what, owner, tag) => {
    const store = memoryStore({ cwr_c: entry(tag) });
    expect(createCredentialCache(store, 'cwr_c', owner).read()).toBeUndefined();
    expect(store.get('cwr_c')).toBe(entry(tag));
  });

  it('reads an entry tagged for the same owner', () => {
    for (const owner of [WITH_POOL, APP_ONLY]) {
      const store = memoryStore({ cwr_c: entry(owner) });
      expect(createCredentialCache(store, 'cwr_c', owner).read()).toEqual(
        creds('A', Date.UTC(2030, 0, 1)),
      );
    }
  });

  it('uses an untagged entry only when no identity pool is configured', () => {
    const store = memoryStore({ cwr_c: entry() });
    expect(createCredentialCache(store, 'cwr_c', WITH_POOL).read()).toBeUndefined();
    expect(store.get('cwr_c')).toBe(entry());
    expect(createCredentialCache(store, 'cwr_c', APP_ONLY).read()?.accessKeyId).toBe('A');
  });

  it.each([
    ['not json'],
    ['{"accessKeyId":1,"secretAccessKey":"s"}'],
    ['{"accessKeyId":"A"}'],
    ['{"accessKeyId":"A","secretAccessKey":null}'],
    ['{}'],
    ['[]'],
    ['42'],
    ['"text"'],
  ])('reads %p as nothing and removes it', (raw) => {
    const store = memoryStore({ cwr_c: raw });
    expect(createCredentialCache(store, 'cwr_c', APP_ONLY).read()).toBeUndefined();
    expect(store.get('cwr_c')).toBeNull();
  });

  it('reads an absent entry (or a stored null) as nothing', () => {
    expect(createCredentialCache(memoryStore(), 'cwr_c', APP_ONLY).read()).toBeUndefined();
    expect(
      createCredentialCache(memoryStore({ cwr_c: 'null' }), 'cwr_c', APP_ONLY).read(),
    ).toBeUndefined();
  });

  it('does not use an entry whose expiration is not a date', () => {
    for (const owner of [APP_ONLY, WITH_POOL]) {
      const store = memoryStore({ cwr_c: entry({ ...owner, expiration: 'soon' }) });
      expect(createCredentialCache(store, 'cwr_c', owner).read()).toBeUndefined();
    }
  });

  it('drops a session token that is not a string', () => {
    const store = memoryStore({ cwr_c: entry({ sessionToken: 5 }) });
    expect(createCredentialCache(store, 'cwr_c', APP_ONLY).read()).toEqual({
      ...creds('A', Date.UTC(2030, 0, 1)),
      sessionToken: undefined,
    });
  });
});

describe('toCredentials', () => {
  const SOURCE = 'setAwsCredentials';

  it('accepts the AWS SDK field names', () => {
    const expiration = new Date(Date.UTC(2030, 0, 1));
    expect(
      toCredentials(
        { accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T', expiration },
        SOURCE,
      ),
    ).toEqual({ accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T', expiration });
  });

  it('accepts an expiration as an ISO string or epoch milliseconds', () => {
    const at = Date.UTC(2030, 0, 1);
    const base = { accessKeyId: 'A', secretAccessKey: 'S' };
    expect(
      toCredentials({ ...base, expiration: '2030-01-01T00:00:00Z' }, SOURCE)?.expiration,
    ).toEqual(new Date(at));
    expect(toCredentials({ ...base, expiration: at }, SOURCE)?.expiration).toEqual(new Date(at));
  });

  it('accepts the capitalised names of STS and Cognito (SecretKey)', () => {
    expect(
      toCredentials(
        {
          AccessKeyId: 'A',
          SecretKey: 'S',
          SessionToken: 'T',
          Expiration: '2030-01-01T00:00:00Z',
        },
        SOURCE,
      ),
    ).toEqual({
      accessKeyId: 'A',
      secretAccessKey: 'S',
      sessionToken: 'T',
      expiration: new Date(Date.UTC(2030, 0, 1)),
    });
    expect(toCredentials({ AccessKeyId: 'A', SecretAccessKey: 'S' }, SOURCE)).toMatchObject({
      accessKeyId: 'A',
      secretAccessKey: 'S',
    });
  });

  it('reads a numeric Expiration in epoch seconds, as Cognito answers it', () => {
    const seconds = Math.floor(Date.UTC(2030, 0, 1) / 1000);
    const c = toCredentials(
      { AccessKeyId: 'A', SecretKey: 'S', SessionToken: 'T', Expiration: seconds },
      SOURCE,
    );
    expect(c?.expiration?.getTime()).toBe(seconds * 1000);
    expect(isFresh(c, Date.now())).toBe(true);
  });

  it('accepts a JSON string', () => {
    expect(
      toCredentials('{"accessKeyId":"A","secretAccessKey":"S","sessionToken":"T"}', SOURCE),
    ).toEqual({ accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T', expiration: undefined });
    expect(errors).not.toHaveBeenCalled();
  });

  it.each([
    ['null', null, 'accessKeyId'],
    ['a number', 42, 'accessKeyId'],
    ['an empty object', {}, 'accessKeyId'],
    ['no secret', { accessKeyId: 'A' }, 'secretAccessKey'],
    ['a numeric key id', { accessKeyId: 1, secretAccessKey: 'S' }, 'accessKeyId'],
    ['an empty key id', { accessKeyId: '', secretAccessKey: 'S' }, 'accessKeyId'],
    ['JSON of junk', '{"foo":1}', 'accessKeyId'],
  ])('rejects %s with one console error naming the field', (_what, input, field) => {
    expect(toCredentials(input, SOURCE)).toBeUndefined();
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][0]).toMatch(
      new RegExp(`^\\[cwr\\] setAwsCredentials: credentials need a non-empty string ${field};`),
    );
  });

  it('rejects a string that is not JSON with one console error saying so', () => {
    expect(toCredentials('AKID:secret', SOURCE)).toBeUndefined();
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][0]).toContain('setAwsCredentials: credentials must be an object');
    expect(errors.mock.calls[0][0]).toContain('not JSON');
  });

  it('warns about an unreadable expiration and keeps the credentials as non-expiring', () => {
    const c = toCredentials({ accessKeyId: 'A', secretAccessKey: 'S', expiration: 'soon' }, SOURCE);
    expect(c).toMatchObject({ accessKeyId: 'A', expiration: undefined });
    expect(warns).toHaveBeenCalledTimes(1);
    expect(warns.mock.calls[0][0]).toContain('credentials.expiration soon is not a date');
    expect(errors).not.toHaveBeenCalled();
  });

  it('drops a session token that is not a string', () => {
    expect(
      toCredentials({ accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 5 }, SOURCE)
        ?.sessionToken,
    ).toBeUndefined();
  });
});
