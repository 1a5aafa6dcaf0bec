/** Fakes shared by the transport's specs (the global ones are in ../fakes.ts). */
import { webcrypto } from 'crypto';
import type { CredentialChain } from '../../../src/auth/chain';
import type { Credentials } from '../../../src/auth/credentials';
import type { QueuedEvent } from '../../../src/domain/event-cache';
import type { Ticket } from '../../../src/transport/http-request';
import type { DispatchSettings } from '../../../src/transport/settings';
import type { SigV4 } from '../../../src/transport/sigv4';
import { APP_ID } from '../fakes';

export const CREDS: Credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

/** A credential chain that has `creds` (none when undefined) and counts invalidations. */
export const fakeChain = (creds: Credentials | undefined = CREDS) => {
  const chain = {
    creds: creds as Credentials | undefined,
    invalidated: 0,
    get: async () => chain.creds,
    peek: () => chain.creds,
    setAppCredentials: () => undefined,
    invalidate: () => void chain.invalidated++,
    lastMiss: [],
    lastErrors: [],
    source: () => 'test',
  };
  return chain satisfies CredentialChain;
};

/** A signer that records the signing date of each request. */
export const fakeSigner = () => {
  const dates: Date[] = [];
  const signer: SigV4 = {
    sign: async (req, _creds, _region, date) => {
      dates.push(date);
      return { ...req.headers, authorization: 'AWS4-HMAC-SHA256 test' };
    },
    presign: async (req, _creds, _region, date) => {
      dates.push(date);
      return req.url.href + '?X-Amz-Signature=test';
    },
  };
  return { signer, dates };
};

export const event = (i: number, pad = 0, sessionId = 's'): QueuedEvent => ({
  event: {
    id: `id-${i}`,
    timestamp: 1_700_000_000.5 + i,
    type: 'late',
    details: JSON.stringify({ i, pad: 'x'.repeat(pad) }),
    metadata: JSON.stringify({ version: '1.0.0', domain: 'example.com', pageId: '/' }),
  },
  sessionId,
  userId: 'u',
});

export const events = (n: number, pad = 0) => Array.from({ length: n }, (_, i) => event(i, pad));

export const settings = (o: Partial<DispatchSettings> = {}): DispatchSettings => ({
  endpointUrl: new URL('https://dataplane.rum.us-west-2.amazonaws.com'),
  appMonitorId: APP_ID,
  appVersion: '1.0.0',
  region: 'us-west-2',
  signing: true,
  headers: {},
  batchLimit: 5,
  retries: 2,
  compression: false,
  useBeacon: true,
  dispatchInterval: 5000,
  ...o,
});

export const URL_ = new URL(`https://dataplane.rum.us-west-2.amazonaws.com/appmonitors/${APP_ID}/`);

/** A ticket no page-hide flush takes back; `hidden`: the page hid while its request was on its way. */
export const plainTicket = (batch: QueuedEvent[], o: { hidden?: boolean } = {}): Ticket => ({
  _batch: batch,
  _hidden: o.hidden,
});

/** The ids of the events in request bodies. */
export const ids = (bodies: (string | { RumEvents: { id: string }[] })[]) =>
  bodies.flatMap((b) =>
    (typeof b === 'string' ? (JSON.parse(b) as { RumEvents: { id: string }[] }) : b).RumEvents.map(
      (e) => e.id,
    ),
  );

type SubtleMethod = 'digest' | 'importKey' | 'sign';
/** What a fake subtle method does instead of Node's: any function, called with its arguments. */
type Replacement = (...args: unknown[]) => unknown;

/**
 * The page's WebCrypto, as the signer (sigv4.ts) reads it: jsdom has neither isSecureContext
 * nor crypto.subtle. Installs `isSecureContext` (`secure`, true unless told) and a
 * crypto.subtle whose digest, importKey and sign are jest spies over Node's WebCrypto (or do
 * what `replace` says); `subtle: null` installs none. `undo()` takes it all away again.
 */
export const installSubtle = (
  o: { secure?: boolean; subtle?: null; replace?: Partial<Record<SubtleMethod, Replacement>> } = {},
) => {
  const real = webcrypto.subtle as unknown as Record<SubtleMethod, Replacement>;
  const spy = (name: SubtleMethod) =>
    jest.fn((...args: unknown[]) => (o.replace?.[name] ?? real[name]).apply(real, args));
  const subtle = { digest: spy('digest'), importKey: spy('importKey'), sign: spy('sign') };
  Object.defineProperty(globalThis, 'isSecureContext', {
    value: o.secure ?? true,
    configurable: true,
  });
  if (o.subtle !== null)
    Object.defineProperty(crypto, 'subtle', { value: subtle, configurable: true });
  const calls = () =>
    subtle.digest.mock.calls.length +
    subtle.importKey.mock.calls.length +
    subtle.sign.mock.calls.length;
  const undo = () => {
    delete (globalThis as { isSecureContext?: boolean }).isSecureContext;
    delete (crypto as { subtle?: unknown }).subtle;
  };
  return { subtle, calls, undo };
};
