import type { Clock } from '../tools/clock';
import type { SigV4 } from './sigv4';

/**
 * The signer (loaded once, from the auth chunk, when first asked for) and the time to sign
 * with: our clock corrected by what the service said of it (a "Signature expired" answer).
 */
export interface Signing {
  /** The signer, loading it if need be; a failed load is tried again at the next call. */
  _load(): Promise<SigV4>;
  /** The signer once it has loaded: the page-hide flush cannot wait for it. */
  _signer?: SigV4;
  /** Now, as the service's clock has it. */
  _date(): Date;
  /** The service's clock minus ours, learnt from its Date header. */
  _offset: number;
}

export const createSigning = (loadSigner: () => Promise<SigV4>, clock: Clock): Signing => {
  let loading: Promise<SigV4> | undefined;
  const signing: Signing = {
    _load: () =>
      (loading ??= loadSigner()
        .then((m) => (signing._signer = m))
        .catch((e) => {
          loading = undefined; // try again next time
          throw e;
        })),
    _date: () => new Date(clock.now() + signing._offset),
    _offset: 0,
  };
  return signing;
};
