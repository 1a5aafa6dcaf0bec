import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type {
  AppMonitorConfig,
  CredentialInfo,
  IdentityPoolConfig,
  IdentityRecord,
  RoleConfig,
  StaticCredential,
} from './types';

/** The fake AWS account every emulated resource belongs to. */
export const ACCOUNT_ID = '000000000000';

/** `arn:aws:iam::{account}:role/{path/}{name}`; group 1 is the account, group 2 the name. */
export const ROLE_ARN_PATTERN =
  /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;

/**
 * What a minted session stands for: the role (so PutRumEvents can follow its current policy) and
 * who minted it for whom (so the request log can say who signed).
 */
interface SessionInfo {
  roleArn: string;
  minter?: KeyMinter;
}

/** Which service minted a key, and for which Cognito identity. */
export interface KeyMinter {
  kind: 'cognito' | 'sts';
  identityPoolId?: string;
  identityId?: string;
}

/**
 * What the emulated account contains: app monitors, the access keys allowed to call it, and the
 * Cognito identity pools, identities and IAM roles that mint temporary keys. Cognito and STS
 * mint credentials here; PutRumEvents then accepts them.
 */
export class Registry {
  private readonly monitors = new Map<string, AppMonitorConfig>();
  private readonly keys = new Map<string, StaticCredential>();
  private readonly sessions = new Map<string, SessionInfo>();
  private readonly pools = new Map<string, IdentityPoolConfig>();
  private readonly roleMap = new Map<string, RoleConfig>();
  private readonly identityMap = new Map<string, IdentityRecord>();

  constructor(
    monitors: AppMonitorConfig[] = [],
    credentials: StaticCredential[] = [],
    pools: IdentityPoolConfig[] = [],
    roles: RoleConfig[] = [],
  ) {
    monitors.forEach((m) => this.addAppMonitor(m));
    credentials.forEach((c) => this.addCredential(c));
    pools.forEach((p) => this.addIdentityPool(p));
    roles.forEach((r) => this.addRole(r));
  }

  addAppMonitor(monitor: AppMonitorConfig): void {
    this.monitors.set(monitor.id.toLowerCase(), { ...monitor });
  }

  addCredential(credential: StaticCredential): void {
    this.keys.set(credential.accessKeyId, { ...credential });
    this.sessions.delete(credential.accessKeyId);
  }

  addIdentityPool(pool: IdentityPoolConfig): void {
    this.pools.set(pool.id, { ...pool });
  }

  addRole(role: RoleConfig): void {
    this.roleMap.set(role.arn, {
      ...role,
      ...(role.trust ? { trust: { ...role.trust } } : {}),
      ...(role.appMonitors ? { appMonitors: [...role.appMonitors] } : {}),
    });
  }

  /** The app monitor with this id, whatever its region. */
  appMonitor(id: string): AppMonitorConfig | undefined {
    return this.monitors.get(id.toLowerCase());
  }

  /**
   * The key with this id. A key minted for a role carries the role's current `appMonitors`, as
   * IAM evaluates a session's permissions at each request.
   */
  credential(accessKeyId: string): StaticCredential | undefined {
    const credential = this.keys.get(accessKeyId);
    const session = this.sessions.get(accessKeyId);
    if (!credential || !session) return credential;
    const allowed = this.roleMap.get(session.roleArn)?.appMonitors ?? [];
    return {
      ...credential,
      appMonitors: allowed.includes('*') ? undefined : [...allowed],
    };
  }

  /**
   * What the emulator knows about an access key: minted by Cognito or STS (with the pool,
   * identity and role), configured, or unknown.
   */
  describeKey(accessKeyId: string): CredentialInfo {
    const session = this.sessions.get(accessKeyId);
    if (session) {
      const minter = session.minter;
      return {
        kind: minter?.kind ?? 'sts',
        ...(minter?.identityPoolId ? { identityPoolId: minter.identityPoolId } : {}),
        ...(minter?.identityId ? { identityId: minter.identityId } : {}),
        roleArn: session.roleArn,
      };
    }
    return { kind: this.keys.has(accessKeyId) ? 'static' : 'unknown' };
  }

  appMonitors(): AppMonitorConfig[] {
    return [...this.monitors.values()];
  }

  credentials(): StaticCredential[] {
    return [...this.keys.keys()].map((id) => this.credential(id) as StaticCredential);
  }

  identityPool(id: string): IdentityPoolConfig | undefined {
    return this.pools.get(id);
  }

  identityPools(): IdentityPoolConfig[] {
    return [...this.pools.values()];
  }

  role(arn: string): RoleConfig | undefined {
    return this.roleMap.get(arn);
  }

  roles(): RoleConfig[] {
    return [...this.roleMap.values()];
  }

  /** A new unauthenticated identity in `pool`, in the pool's region (GetId). */
  createIdentity(pool: IdentityPoolConfig): IdentityRecord {
    const region = pool.id.split(':')[0];
    const identity = { identityId: `${region}:${randomUUID()}`, poolId: pool.id };
    this.identityMap.set(identity.identityId, identity);
    return { ...identity };
  }

  identity(identityId: string): IdentityRecord | undefined {
    const identity = this.identityMap.get(identityId);
    return identity && { ...identity };
  }

  identities(): IdentityRecord[] {
    return [...this.identityMap.values()].map((i) => ({ ...i }));
  }

  /**
   * Temporary credentials for a session of `role` (what STS AssumeRole* and Cognito's
   * GetCredentialsForIdentity return), registered so PutRumEvents accepts them until
   * `expiration` (epoch ms). `minter` says which service minted it, for whom.
   */
  mintSession(
    role: RoleConfig,
    sessionName: string,
    expiration: number,
    minter?: KeyMinter,
  ): MintedSession {
    const accessKeyId = `ASIA${randomKeyChars(16)}`;
    const secretAccessKey = randomBytes(30).toString('base64');
    const sessionToken = `IQoJb3JpZ2luX2VtdWxhdG9y${randomBytes(96).toString('base64')}`;
    const arn = assumedRoleArn(role.arn, sessionName);
    this.keys.set(accessKeyId, {
      accessKeyId,
      secretAccessKey,
      sessionToken,
      expiration,
      principalArn: arn,
    });
    this.sessions.set(accessKeyId, { roleArn: role.arn, ...(minter ? { minter } : {}) });
    return {
      accessKeyId,
      secretAccessKey,
      sessionToken,
      expiration,
      assumedRoleArn: arn,
      assumedRoleId: `${roleId(role.arn)}:${sessionName}`,
    };
  }
}

export interface MintedSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch ms. */
  expiration: number;
  /** `arn:aws:sts::{account}:assumed-role/{RoleName}/{session}` */
  assumedRoleArn: string;
  /** `AROA…:{session}` */
  assumedRoleId: string;
}

export function appMonitorArn(monitor: AppMonitorConfig): string {
  return `arn:aws:rum:${monitor.region}:${ACCOUNT_ID}:appmonitor/${monitor.name ?? monitor.id}`;
}

/** The principal ARN an access key stands for, as AWS prints it in AccessDenied messages. */
export function principalArn(credential: StaticCredential): string {
  if (credential.principalArn) return credential.principalArn;
  return credential.sessionToken
    ? `arn:aws:sts::${ACCOUNT_ID}:assumed-role/RUM-Emulator-Role/${credential.accessKeyId}`
    : `arn:aws:iam::${ACCOUNT_ID}:user/${credential.accessKeyId}`;
}

/** The role's name: the last segment of its ARN. */
export function roleName(arn: string): string {
  return ROLE_ARN_PATTERN.exec(arn)?.[2] ?? arn.slice(arn.lastIndexOf('/') + 1);
}

export function assumedRoleArn(roleArn: string, sessionName: string): string {
  const account = ROLE_ARN_PATTERN.exec(roleArn)?.[1] ?? ACCOUNT_ID;
  return `arn:aws:sts::${account}:assumed-role/${roleName(roleArn)}/${sessionName}`;
}

/** A stable `AROA…` id for a role, as IAM gives every role one. */
export function roleId(arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  return `AROA${keyChars(digest, 17)}`;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomKeyChars(count: number): string {
  return keyChars(randomBytes(count), count);
}

function keyChars(bytes: Buffer, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += KEY_ALPHABET[bytes[i % bytes.length] % 32];
  return out;
}

/** The web identity provider Cognito tokens come from, as IAM trust policies name it. */
export const COGNITO_PROVIDER = 'cognito-identity.amazonaws.com';

/**
 * Why `role`'s trust policy refuses a Cognito web identity from `poolId` with these `amr`
 * values, or undefined when it allows it. Mirrors the trust relationship the troubleshooting
 * guide asks for: principal `cognito-identity.amazonaws.com`, `StringEquals` on
 * `cognito-identity.amazonaws.com:aud`, `ForAnyValue:StringLike` on `…:amr`.
 */
export function trustRefusal(role: RoleConfig, poolId: string, amr: string[]): string | undefined {
  const trust = role.trust;
  if (!trust) return `role ${role.arn} trusts no web identity (no trust configured)`;
  if (trust.identityPoolId !== undefined && trust.identityPoolId !== poolId) {
    return `role ${role.arn} trusts ${COGNITO_PROVIDER}:aud = ${trust.identityPoolId}, not ${poolId}`;
  }
  const wanted = trust.amr ?? 'unauthenticated';
  const pattern = stringLike(wanted);
  if (!amr.some((value) => pattern.test(value))) {
    return `role ${role.arn} trusts ${COGNITO_PROVIDER}:amr like '${wanted}', the token has [${amr.join(', ')}]`;
  }
  return undefined;
}

/** IAM `StringLike`: `*` matches any run of characters, `?` any one; the rest is literal. */
function stringLike(pattern: string): RegExp {
  const source = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}
