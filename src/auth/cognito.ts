import type { KeyValueStore } from '../browser/storage';
import type { Credentials } from './credentials';
import { logger } from '../tools/logger';
import { errorTypeName } from '../domain/rules';
import { VendingError } from './vending-error';

/**
 * Anonymous credentials from an Amazon Cognito identity pool, spoken directly (the official
 * SDK clients would add ~67 KB gzip to the page):
 * - enhanced flow (no guestRoleArn): GetId → GetCredentialsForIdentity;
 * - basic flow (with guestRoleArn): GetId → GetOpenIdToken → STS AssumeRoleWithWebIdentity.
 * The identity id is kept in `cwr_i` (with its pool), so a returning visitor keeps it.
 */
export interface CognitoSettings {
  identityPoolId: string;
  guestRoleArn?: string;
  /** Cognito Identity endpoint, e.g. https://cognito-identity.us-west-2.amazonaws.com/ */
  cognitoEndpoint: string;
  /** STS endpoint, e.g. https://sts.us-west-2.amazonaws.com/ */
  stsEndpoint: string;
  /** localStorage key of the identity id (`cwr_i`, suffixed with cookieAttributes.unique). */
  identityKey: string;
}

type Json = Record<string, unknown>;

export const createCognitoProvider = (
  s: CognitoSettings,
  fetcher: typeof fetch,
  store: KeyValueStore,
) => {
  const cognito = async (operation: string, body: Json): Promise<Json> => {
    let res: Response;
    try {
      res = await fetcher(s.cognitoEndpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityService.${operation}`,
        },
        body: JSON.stringify(body),
        credentials: 'omit',
      });
    } catch (e) {
      throw new VendingError('Cognito', operation, 'NetworkError', String(e));
    }
    const json = (await res.json().catch(() => ({}))) as Json;
    if (!res.ok) {
      const type =
        res.headers.get('x-amzn-ErrorType') ?? String(json.__type ?? 'HTTP' + res.status);
      throw new VendingError(
        'Cognito',
        operation,
        errorTypeName(type),
        String(json.message ?? json.Message ?? ''),
        res.status,
      );
    }
    return json;
  };

  const sts = async (token: string): Promise<Credentials> => {
    const form = new URLSearchParams({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: s.guestRoleArn as string,
      RoleSessionName: 'cwr',
      WebIdentityToken: token,
    });
    let res: Response;
    try {
      res = await fetcher(s.stsEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        credentials: 'omit',
      });
    } catch (e) {
      throw new VendingError('STS', 'AssumeRoleWithWebIdentity', 'NetworkError', String(e));
    }
    const xml = await res.text();
    const tag = (name: string): string | undefined =>
      new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
    if (!res.ok) {
      throw new VendingError(
        'STS',
        'AssumeRoleWithWebIdentity',
        tag('Code') ?? 'HTTP' + res.status,
        decodeXml(tag('Message') ?? ''),
        res.status,
      );
    }
    const accessKeyId = tag('AccessKeyId');
    const secretAccessKey = tag('SecretAccessKey');
    if (!accessKeyId || !secretAccessKey) {
      throw new VendingError(
        'STS',
        'AssumeRoleWithWebIdentity',
        'MalformedResponse',
        'no credentials in the answer',
      );
    }
    const expiration = tag('Expiration');
    return {
      accessKeyId,
      secretAccessKey,
      sessionToken: tag('SessionToken') ? decodeXml(tag('SessionToken') as string) : undefined,
      expiration: expiration ? new Date(expiration) : undefined,
    };
  };

  const cachedIdentity = (): string | undefined => {
    try {
      const v = JSON.parse(store.get(s.identityKey) || 'null');
      if (v?.poolId === s.identityPoolId && IDENTITY_ID.test(v.identityId)) return v.identityId;
      // Another pool's, or not an identity id: not ours to use, and in the way of ours.
      if (v) store.remove(s.identityKey);
    } catch {
      store.remove(s.identityKey);
    }
    return undefined;
  };

  const identity = async (): Promise<string> => {
    const known = cachedIdentity();
    if (known) return known;
    const { IdentityId } = await cognito('GetId', { IdentityPoolId: s.identityPoolId });
    if (typeof IdentityId !== 'string') {
      throw new VendingError(
        'Cognito',
        'GetId',
        'MalformedResponse',
        'no IdentityId in the answer',
      );
    }
    store.set(s.identityKey, JSON.stringify({ identityId: IdentityId, poolId: s.identityPoolId }));
    return IdentityId;
  };

  const once = async (): Promise<Credentials> => {
    const IdentityId = await identity();
    if (s.guestRoleArn) {
      const { Token } = await cognito('GetOpenIdToken', { IdentityId });
      if (typeof Token !== 'string' || !Token) {
        throw new VendingError(
          'Cognito',
          'GetOpenIdToken',
          'MalformedResponse',
          'no Token in the answer',
        );
      }
      return sts(Token);
    }
    const { Credentials: c } = (await cognito('GetCredentialsForIdentity', { IdentityId })) as {
      Credentials?: Json;
    };
    if (!c || typeof c.AccessKeyId !== 'string' || typeof c.SecretKey !== 'string') {
      throw new VendingError(
        'Cognito',
        'GetCredentialsForIdentity',
        'MalformedResponse',
        'no Credentials in the answer',
      );
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretKey,
      sessionToken: c.SessionToken as string | undefined,
      // Cognito answers epoch seconds.
      expiration: typeof c.Expiration === 'number' ? new Date(c.Expiration * 1000) : undefined,
    };
  };

  /** Fresh credentials; a cached identity the pool no longer knows is replaced once. */
  return async (): Promise<Credentials> => {
    // Asked before once(): afterwards the store also holds an identity GetId has just minted.
    const reused = cachedIdentity() !== undefined;
    try {
      return await once();
    } catch (e) {
      // Any refusal of the cached identity (unknown, malformed, from another account) drops
      // it: GetId once more. Throttling and server faults are not the identity's fault.
      if (reused && e instanceof VendingError && refusesIdentity(e)) {
        logger.debug(`the cached Cognito identity was refused (${e.code}); getting a new one.`);
        store.remove(s.identityKey);
        return once();
      }
      throw e;
    }
  };
};

/** An identity id as Cognito mints them: `<region>:<uuid>`. */
const IDENTITY_ID = /^[\w-]{1,50}:[0-9a-f-]{1,60}$/;

const refusesIdentity = (e: VendingError): boolean =>
  e.service === 'Cognito' &&
  e.operation !== 'GetId' &&
  !!e.status &&
  e.status >= 400 &&
  e.status < 500 &&
  e.status !== 429 &&
  !/TooManyRequests|LimitExceeded|Throttl/.test(e.code);

const decodeXml = (s: string): string =>
  s.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] as string,
  );
