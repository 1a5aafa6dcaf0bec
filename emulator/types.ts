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
  /** App monitor ids this principal may `rum:PutRumEvents` to; `undefined` means all. */
  appMonitors?: string[];
}

export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  appMonitors?: AppMonitorConfig[];
  credentials?: StaticCredential[];
  /** Append-only JSON Lines file of accepted events (one `StoredEvent` a line); default off. */
  dataFile?: string | false;
  /** The server clock in epoch milliseconds; default `Date.now`. Drives signature expiry. */
  now?: () => number;
  /** Receives one line per request; default: discard. */
  log?: (line: string) => void;
  /** Serve the files under this directory for GET requests that match no other route. */
  staticDir?: string;
}

/** Make the next `count` matching PutRumEvents calls fail, before any other check. */
export interface Fault {
  status: number;
  errorType: string;
  /** How many calls fail; default 1. */
  count?: number;
  message?: string;
  /** Only calls to this app monitor; default any. */
  appMonitorId?: string;
}

/** One accepted RUM event, with the batch it came in. */
export interface StoredEvent {
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

/** One HTTP request the emulator answered (inspection routes excluded). */
export interface RequestRecord {
  method: string;
  path: string;
  /** Server clock (epoch ms) when the request arrived. */
  at: number;
  status: number;
  errorType?: string;
  message?: string;
  appMonitorId?: string;
  eventCount?: number;
  signed: boolean;
  presigned: boolean;
  contentEncoding?: string;
  origin?: string;
}

export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:4700` (no trailing slash): the client's `endpoint`. */
  url: string;
  port: number;
  close(): Promise<void>;
  events(filter?: { appMonitorId?: string; type?: string }): StoredEvent[];
  requests(): RequestRecord[];
  /** Forget stored events, recorded requests and pending faults (the data file is kept). */
  reset(): void;
  addFault(f: Fault): void;
  addAppMonitor(a: AppMonitorConfig): void;
  addCredential(c: StaticCredential): void;
}
