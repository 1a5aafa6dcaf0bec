// The public types of the emulator's API, as package consumers get them
// (`cloudwatch-rum-web-emulator` re-exports them from index.ts; dist/emulator/types.d.ts is
// this file). Over ~300 lines on purpose (issue #17): it is declarations and their documentation
// only, no logic, and one file is the one place a consumer reads the options they pass, the
// records they get back and the `Emulator` they hold, in the order they meet them. Internal
// types (RawRequest, Reply, RequestNote, ...) live with the code that uses them (http.ts).

/** An app monitor the emulator knows about, as if created in the RUM console. */
export interface AppMonitorConfig {
  /** The app monitor id (a UUID), as in `POST /appmonitors/{id}/`. */
  id: string;
  /** Its name; used in AccessDenied messages and ARNs. Defaults to the id. */
  name?: string;
  /** The region the app monitor lives in, e.g. `us-west-2`. */
  region: string;
  /**
   * Accept requests without any SigV4 signature, like an app monitor with a public resource-based
   * policy or one reached through a signing proxy (`signing: false` in the client).
   */
  allowUnsigned?: boolean;
}

/** An AWS access key the emulator accepts, with what it may do. */
export interface StaticCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, requests must carry this exact `X-Amz-Security-Token`. */
  sessionToken?: string;
  /** Epoch milliseconds after which the credential is rejected with `ExpiredTokenException`. */
  expiration?: number;
  /**
   * App monitors this principal may `rum:PutRumEvents` to, by id (or name, as an IAM policy's
   * resource ARN names them); `undefined` means all.
   */
  appMonitors?: string[];
  /**
   * The principal AccessDenied messages name, e.g.
   * `arn:aws:sts::000000000000:assumed-role/RUM-Unauth/cwr`. Default: an IAM user named after
   * the key, or a generic assumed role when the key has a session token.
   */
  principalArn?: string;
}

/** An Amazon Cognito identity pool (federated identities), as the emulator plays it. */
export interface IdentityPoolConfig {
  /** `REGION:GUID`, e.g. `us-west-2:00000000-0000-0000-0000-0000000000aa`; the prefix is its region. */
  id: string;
  /** Basic (classic) flow allowed (`AllowClassicFlow`); default true. */
  allowClassicFlow?: boolean;
  /** Unauthenticated (guest) identities allowed; default true. */
  allowUnauthenticated?: boolean;
  /** The unauthenticated role: what the enhanced flow's GetCredentialsForIdentity assumes. */
  unauthRoleArn?: string;
  /**
   * How a disabled basic flow fails: `'sts'` (default) — GetOpenIdToken answers and STS refuses
   * the token with `InvalidIdentityToken`, as in the troubleshooting guide; `'cognito'` —
   * GetOpenIdToken itself fails with `InvalidParameterException`.
   */
  classicFlowFailure?: 'sts' | 'cognito';
}

/** An IAM role in the emulated account, reduced to what the web identity flows need. */
export interface RoleConfig {
  /** `arn:aws:iam::000000000000:role/Name` (a path before the name is allowed). */
  arn: string;
  /**
   * Its trust policy for `cognito-identity.amazonaws.com` web identities. `undefined`: the role
   * trusts no web identity at all.
   */
  trust?: {
    /** Condition `cognito-identity.amazonaws.com:aud`; `undefined` = any pool (no aud condition). */
    identityPoolId?: string;
    /** Condition `ForAnyValue:StringLike cognito-identity.amazonaws.com:amr` (`*` wildcards allowed); default `'unauthenticated'`. */
    amr?: string;
  };
  /** App monitor ids (or names) this role may `rum:PutRumEvents` to; `['*']` = all; default none. */
  appMonitors?: string[];
  /** Longest `DurationSeconds` AssumeRoleWithWebIdentity accepts (the role's MaxSessionDuration); default 3600. */
  maxSessionDurationSeconds?: number;
}

/** An identity Cognito has handed out (GetId). */
export interface IdentityRecord {
  identityId: string;
  poolId: string;
}

export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  appMonitors?: AppMonitorConfig[];
  credentials?: StaticCredential[];
  /**
   * JSON Lines file the emulator keeps its history in: accepted events, request records and
   * client diagnostics are appended as they come, and loaded back at start (see
   * docs/emulator.md, "The data file"); default off (memory only).
   */
  dataFile?: string | false;
  /** Most events kept (in memory, and loaded from the data file); the oldest go first. Default 100,000. */
  maxEvents?: number;
  /** Most request records kept; the oldest go first. Default 50,000. */
  maxRequests?: number;
  /**
   * Most bytes of events kept in memory, counted as their JSON (a data file line); past it the
   * oldest go until 90% is left, as past `maxEvents` (the data file keeps them). Default
   * 128 MiB.
   */
  maxEventBytes?: number;
  /** Most bytes of request records kept in memory, likewise. Default 32 MiB. */
  maxRequestBytes?: number;
  /**
   * Most bytes of client diagnostics kept in memory; past it the reports of the sessions that
   * posted least recently go. Default 16 MiB.
   */
  maxDiagnosticsBytes?: number;
  /**
   * Origins (`https://staging.example.com`, as a page's `Origin` header has it) whose pages may
   * use the control and inspection routes (`/_emulator/*`) and are granted Private Network
   * Access, besides loopback pages and callers without an Origin; `['*']` opens them to every
   * page (and every Host). Default none. See docs/emulator.md, "Security model".
   */
  allowOrigins?: string[];
  /**
   * The viewer's files (`index.html`, `app.js`, `app.css`) served at `/_emulator/`; default the
   * `viewer` directory beside the compiled emulator (`dist/emulator/viewer` in the emulator package).
   */
  viewerDir?: string;
  /** The server clock in epoch milliseconds; default `Date.now`. Drives signature expiry. */
  now?: () => number;
  /** Receives one line per request; default: discard. */
  log?: (line: string) => void;
  /** Serve the files under this directory for GET requests that match no other route. */
  staticDir?: string;
  /** Cognito identity pools (GetId, GetCredentialsForIdentity, GetOpenIdToken). */
  identityPools?: IdentityPoolConfig[];
  /** IAM roles the pools and AssumeRoleWithWebIdentity use. */
  roles?: RoleConfig[];
  /**
   * Lifetime of the credentials Cognito and STS mint, in seconds; default 3600. STS's
   * `DurationSeconds`, when sent, wins.
   */
  credentialLifetimeSeconds?: number;
  /**
   * The URL of a demo site monitored by a client that sends here (the CLI's `start` command sets
   * it with `setDemoUrl` once its demo server listens): the viewer's empty state links to it.
   * An `http:` or `https:` URL; default none.
   */
  demoUrl?: string;
  /**
   * Seed (a whole number from 0 to 4294967295) of the draws that decide which calls a fault with
   * a `probability` hits: the same seed and the same calls give the same hits. `reset()` starts
   * the draws over from it. Default: a random seed, reported as `faultSeed` (the Emulator's
   * property, `GET /_emulator/info`) so a run can be replayed.
   */
  faultSeed?: number;
}

/**
 * Make the next `count` matching calls misbehave, before any other check: answer with an error
 * (`status` + `errorType`), answer late (`delayMs`), or never answer at all (`drop`). A fault
 * needs at least one of the three; `delayMs` combines with either of the others.
 */
export interface Fault {
  /** HTTP status of the error answer; with `errorType`. Absent (or 0): no error answer. */
  status?: number;
  /** The error type (`x-amzn-ErrorType`, STS `<Code>`); required with a non-zero `status`. */
  errorType?: string;
  /** How many calls it hits; default 1. With `probability`: how many times it may fire. */
  count?: number;
  message?: string;
  /** Only calls to this app monitor; default any. PutRumEvents only. */
  appMonitorId?: string;
  /**
   * The operation that fails: `PutRumEvents` (default), `GetId`, `GetCredentialsForIdentity`,
   * `GetOpenIdToken` or `AssumeRoleWithWebIdentity`. Each answers in its own protocol (STS in XML).
   */
  operation?: string;
  /** Seconds; the error answer carries `Retry-After` with this value. Needs a `status`. */
  retryAfter?: number;
  /**
   * Answer only after this many milliseconds: the error answer, or, with no `status`, the normal
   * answer (the call is processed on arrival; only the answer waits). With `drop`: drop then.
   */
  delayMs?: number;
  /**
   * Close the connection without any HTTP answer. `'before'`: the call is not processed at all
   * (nothing stored), as if the connection broke before the service got it. `'after'`: the call
   * is processed as usual (a valid batch is stored), then the answer is lost.
   */
  drop?: 'before' | 'after';
  /**
   * 0..1: each matching call is hit with this chance, drawn from the emulator's seeded PRNG
   * (`faultSeed`); a call it spares may be hit by the next matching fault. Default 1 (always).
   */
  probability?: number;
}

/** Delivery accounting for PutRumEvents, by event id (`stats()`, `GET /_emulator/stats`). */
export interface DeliveryStats {
  /** PutRumEvents calls seen, whatever their outcome (faulted and dropped ones included). */
  requests: number;
  /** Batches accepted (stored), including those whose answer a `drop: 'after'` fault lost. */
  accepted: number;
  /** Events accepted, repeats included. */
  events: number;
  /** Distinct event ids among them. */
  unique: number;
  /** Accepted events whose id had already been accepted before (`events - unique`). */
  duplicates: number;
  /** The repeated ids, each once, in the order they were first repeated; at most 50. */
  duplicateIds: string[];
}

/** One accepted RUM event, with the batch it came in. */
export interface StoredEvent {
  /** Its place in the store: 1, 2, 3, … in the order events were accepted; kept across restarts. */
  seq: number;
  appMonitorId: string;
  batchId: string;
  userDetails: { userId: string; sessionId: string };
  appMonitorDetails: { id: string; name?: string; version: string };
  alias?: string;
  /** Server clock (epoch ms) when the batch was accepted. */
  receivedAt: number;
  signed: boolean;
  presigned: boolean;
  accessKeyId?: string;
  contentType?: string;
  contentEncoding?: string;
  event: {
    id: string;
    /** As sent: unix epoch seconds. */
    timestamp: number;
    type: string;
    /** `metadata` parsed from its JSON string. */
    metadata: Record<string, unknown>;
    /** `details` parsed from its JSON string. */
    details: Record<string, unknown>;
  };
}

/** Who signed a request, from what the emulator knows about its access key. */
export interface CredentialInfo {
  /**
   * `cognito`: minted by GetCredentialsForIdentity (enhanced flow); `sts`: minted by
   * AssumeRoleWithWebIdentity (basic flow); `static`: configured (`credentials`, `--credentials`,
   * `POST /_emulator/credentials`); `unknown`: a key the emulator never heard of.
   */
  kind: 'cognito' | 'sts' | 'static' | 'unknown';
  identityPoolId?: string;
  identityId?: string;
  roleArn?: string;
}

/** One HTTP request the emulator answered (inspection routes excluded). */
export interface RequestRecord {
  /** Its place in the request log: 1, 2, 3, …; kept across restarts. */
  seq: number;
  method: string;
  path: string;
  /**
   * The AWS operation: `PutRumEvents`, `GetId`, `GetCredentialsForIdentity`, `GetOpenIdToken`,
   * `AssumeRoleWithWebIdentity` (or the name asked for, when the emulator does not serve it).
   * Absent for preflights, static files and requests no operation claimed.
   */
  operation?: string;
  /** Server clock (epoch ms) when the request arrived. */
  at: number;
  status: number;
  errorType?: string;
  message?: string;
  appMonitorId?: string;
  eventCount?: number;
  /** Size of the request body as received (compressed, when it was), in bytes. */
  bodyBytes?: number;
  signed: boolean;
  presigned: boolean;
  contentEncoding?: string;
  origin?: string;
  /** Cognito and STS: the identity pool, identity and role the call was about, when known. */
  identityPoolId?: string;
  identityId?: string;
  roleArn?: string;
  /** Cognito and STS: the access key minted by a successful call. */
  issuedAccessKeyId?: string;
  /** An injected fault's delay before the answer (or the drop), in ms. */
  delayMs?: number;
  /**
   * An injected fault closed the connection without an answer: `'before'` processing (`status`
   * is then 0) or `'after'` it (`status` is what the answer would have been).
   */
  dropped?: 'before' | 'after';
  /** PutRumEvents: whether the batch was stored (`accepted`) or not (`refused`, see `errorType`). */
  verdict?: 'accepted' | 'refused';
  /** PutRumEvents: the access key the request was signed with (whether or not it was valid). */
  accessKeyId?: string;
  /** PutRumEvents, signed: what that key is (who minted it, for whom), as the emulator knows it. */
  credential?: CredentialInfo;
  /** PutRumEvents: the session(s) the batch was for (`UserDetails.sessionId`), when readable. */
  sessionIds?: string[];
}

/** What `GET /_emulator/sessions` says about one session (`UserDetails.sessionId`). */
export interface SessionSummary {
  sessionId: string;
  userId: string;
  appMonitorId: string;
  /** Earliest and latest event timestamps of the session, in epoch ms. */
  firstAt: number;
  lastAt: number;
  /** Events stored for the session. */
  events: number;
  /** `js_error_event`s. */
  errors: number;
  /** `http_event`s. */
  http: number;
  /** `page_view_event`s. */
  pageViews: number;
  /** Distinct page ids, in the order they were first seen. */
  pages: string[];
  /** From the events' metadata, e.g. `Chromium 139`, `Mac OS 10.15.7`, `desktop`. */
  browser?: string;
  os?: string;
  device?: string;
  /** The last value seen in the session for each web vital. */
  vitals: { lcp?: number; fcp?: number; cls?: number; inp?: number; ttfb?: number; fid?: number };
}

/** The latest `cwr('diagnose')` report a page posted for a session (`POST /_emulator/diagnostics`). */
export interface DiagnosticsEntry {
  appMonitorId: string;
  sessionId: string;
  /** Server clock (epoch ms) when it was posted. */
  at: number;
  report: unknown;
}

/** Which events `events()` returns; all optional. */
export interface EventFilter {
  appMonitorId?: string;
  /** `UserDetails.sessionId`. */
  sessionId?: string;
  /** The full event type, e.g. `com.amazon.rum.page_view_event`. */
  type?: string;
  /** Only events with a greater `seq`. */
  since?: number;
  /** At most this many (the oldest first). */
  limit?: number;
}

export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:4700` (no trailing slash): the client's `endpoint`. */
  url: string;
  port: number;
  /** The seed of the fault draws (`faultSeed`, given or random), to replay a run. */
  faultSeed: number;
  close(): Promise<void>;
  events(filter?: EventFilter): StoredEvent[];
  requests(filter?: { since?: number; limit?: number }): RequestRecord[];
  /** One summary per session, the most recently active first. */
  sessions(): SessionSummary[];
  /** The latest diagnostics report posted for each session, the newest first. */
  diagnostics(): DiagnosticsEntry[];
  /**
   * Forget events, request records, delivery stats and diagnostics, and empty the data file
   * (what `POST /_emulator/clear` does; faults, the registry and the clock stay).
   */
  clear(): void;
  /**
   * Forget stored events, recorded requests, delivery stats and pending faults, and start the
   * fault draws over from `faultSeed` (the data file and the clock offset are kept).
   */
  reset(): void;
  /** Throws a TypeError for a fault that does not make sense (see `Fault`). */
  addFault(f: Fault): void;
  /** PutRumEvents delivery accounting, for one app monitor or all. */
  stats(filter?: { appMonitorId?: string }): DeliveryStats;
  /**
   * Shift the emulator's clock (signature time checks, `Date` headers, credential and token
   * expiry, `receivedAt`) by `ms` from the `now` option's clock; 0 puts it back. Not a delta:
   * each call replaces the previous offset.
   */
  setClockOffset(ms: number): void;
  addAppMonitor(a: AppMonitorConfig): void;
  addCredential(c: StaticCredential): void;
  /** Add (or replace, by id) an identity pool. */
  addIdentityPool(p: IdentityPoolConfig): void;
  /** Add (or replace, by ARN) a role; credentials already minted for it follow its new policy. */
  addRole(r: RoleConfig): void;
  /** Every identity GetId has handed out, oldest first. */
  identities(): IdentityRecord[];
  /** Change `credentialLifetimeSeconds` for credentials minted from now on. */
  setCredentialLifetime(seconds: number): void;
  /**
   * Set (or, with `undefined`, forget) the demo site's URL that `GET /_emulator/info` gives the
   * viewer. Throws a TypeError for anything but an `http:` or `https:` URL.
   */
  setDemoUrl(url: string | undefined): void;
}

/** `GET /_emulator/info`: what the viewer needs to know about this emulator beyond its data. */
export interface EmulatorInfo {
  /** The demo site's URL (`demoUrl`, `setDemoUrl`), or null when there is none. */
  demoUrl: string | null;
  /** The seed of the fault draws (`faultSeed`, given or random), to replay a run. */
  faultSeed?: number;
}
