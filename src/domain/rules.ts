/**
 * The service's rules, one copy each. The client, `doctor`, the CLI and the emulator all read
 * them here; nothing in this file touches a global, so any of them may import it.
 */

/** The prefix of every built-in event type (`com.amazon.rum.page_view_event`, …). */
export const RUM_PREFIX = 'com.amazon.rum.';

/** The `version` of the event schemas the client writes (metadata and built-in details). */
export const SCHEMA_VERSION = '1.0.0';

/** An AWS region name: `us-east-1`, `us-gov-west-1`, `ap-southeast-10`. */
export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID string: what the service takes as a session, user, event or app monitor id. */
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_RE.test(v);

/** Custom event types: the rule the service applies. */
export const CUSTOM_TYPE_RE = /^[a-zA-Z0-9_.-]{1,256}$/;

/** What the service accepts per custom event (details + metadata, in bytes of JSON). */
export const MAX_EVENT_BYTES = 6 * 1024;

/** The service's limits on metadata (meta-data.json): every string value at most 256 chars. */
export const MAX_ATTRIBUTE_CHARS = 256;
export const MAX_CUSTOM_ATTRIBUTES = 10;
/** A custom attribute's key: not one of the service's own (`aws:…`, `pageTags`). */
export const CUSTOM_KEY_RE = /^(?!pageTags)(?!aws:)[a-zA-Z0-9_:]{1,128}$/;

/** The RUM data plane of a region. */
export const dataplaneEndpoint = (region: string): string =>
  `https://dataplane.rum.${region}.amazonaws.com/`;

/** Cognito Identity's public endpoint for an identity pool (`<region>:<uuid>`). */
export const cognitoEndpoint = (identityPoolId: string): string =>
  `https://cognito-identity.${identityPoolId.split(':')[0]}.amazonaws.com/`;

/** STS's regional public endpoint. */
export const stsEndpoint = (region: string): string => `https://sts.${region}.amazonaws.com/`;

/**
 * An AWS JSON error's type without its decorations: the `x-amzn-ErrorType` header may carry a
 * namespace suffix (`Name:http://…`) and `__type` a prefix (`ns#Name`).
 */
export const errorTypeName = (raw: string): string => raw.split(':')[0].split('#').pop() as string;
