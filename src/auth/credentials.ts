import type { Credentials } from '../domain/types';
import { logger } from '../tools/logger';
import { own } from '../tools/own';

/** Temporary AWS credentials, as the signer needs them. `expiration` is a Date. */
export type { Credentials };

export type CredentialProvider = () => Promise<Credentials | undefined>;

/** What an app may pass to `setAwsCredentials`: an object, its JSON string, or a provider. */
export type CredentialsInput =
  | Credentials
  | {
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
      expiration?: Date | string | number;
    }
  | string
  | (() => Promise<unknown> | unknown);

/** Credentials this close to expiry are not used any more. */
export const EXPIRY_MARGIN_MS = 30_000;
/** Credentials this close to expiry are replaced at the next chance, while still usable. */
export const REFRESH_MARGIN_MS = 120_000;

/**
 * Normalises credentials from any accepted form; undefined (with a console message naming
 * the field) when they are unusable.
 */
export const toCredentials = (input: unknown, source: string): Credentials | undefined => {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      logger.error(
        `${source}: credentials must be an object or its JSON string; the string is not JSON.`,
      );
      return undefined;
    }
  }
  // Accept the AWS SDK's field names and Cognito's (SecretKey) as well.
  const field = (...names: string[]) => names.map((n) => own(value, n)).find((v) => v != null);
  const accessKeyId = field('accessKeyId', 'AccessKeyId');
  const secretAccessKey = field('secretAccessKey', 'SecretAccessKey', 'SecretKey');
  if (
    typeof accessKeyId !== 'string' ||
    typeof secretAccessKey !== 'string' ||
    !accessKeyId ||
    !secretAccessKey
  ) {
    logger.error(
      `${source}: credentials need a non-empty string ${typeof accessKeyId !== 'string' || !accessKeyId ? 'accessKeyId' : 'secretAccessKey'}; they were ignored.`,
    );
    return undefined;
  }
  const token = field('sessionToken', 'SessionToken');
  const rawExpiry = field('expiration', 'Expiration');
  let expiration: Date | undefined;
  if (rawExpiry !== undefined && rawExpiry !== null) {
    // Cognito and STS JSON answers give epoch seconds; JavaScript dates are milliseconds.
    // A number below 1e11 (which as milliseconds would be March 1973) is taken as seconds.
    expiration = new Date(
      typeof rawExpiry === 'number' && rawExpiry < 1e11
        ? rawExpiry * 1000
        : (rawExpiry as string | number | Date),
    );
    if (isNaN(expiration.getTime())) {
      logger.warn(
        `${source}: credentials.expiration ${String(rawExpiry)} is not a date; treating the credentials as non-expiring.`,
      );
      expiration = undefined;
    }
  }
  return {
    accessKeyId,
    secretAccessKey,
    sessionToken: typeof token === 'string' ? token : undefined,
    expiration,
  };
};

export const isFresh = (
  c: Credentials | undefined,
  now: number,
  margin = EXPIRY_MARGIN_MS,
): c is Credentials => !!c && (!c.expiration || c.expiration.getTime() - margin > now);
