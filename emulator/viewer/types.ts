// The shapes the viewer reads from the emulator's inspection API (`/_emulator/...`). Kept here,
// apart from the emulator's own types, because the viewer is a browser bundle: it treats every
// value as untrusted input and checks it before use.

/** One accepted RUM event with the batch it came in (`GET /_emulator/events`). */
export interface StoredEvent {
  seq: number;
  appMonitorId: string;
  batchId: string;
  userDetails: { userId: string; sessionId: string };
  appMonitorDetails?: { id?: string; name?: string; version?: string };
  /** Server clock (epoch ms) when the batch was accepted. */
  receivedAt: number;
  signed: boolean;
  presigned: boolean;
  accessKeyId?: string;
  event: {
    id: string;
    /** Epoch seconds, as sent. */
    timestamp: number;
    type: string;
    metadata: Record<string, unknown>;
    details: Record<string, unknown>;
  };
}

export interface VitalValues {
  lcp?: number;
  fcp?: number;
  cls?: number;
  inp?: number;
  ttfb?: number;
  fid?: number;
}

/** `GET /_emulator/sessions`. */
export interface SessionSummary {
  sessionId: string;
  userId: string;
  appMonitorId: string;
  /** Epoch ms of the first and last event (from event timestamps). */
  firstAt: number;
  lastAt: number;
  events: number;
  errors: number;
  http: number;
  pageViews: number;
  pages: string[];
  browser?: string;
  os?: string;
  device?: string;
  vitals: VitalValues;
}

/** Who signed a PutRumEvents request. */
export interface CredentialInfo {
  kind: 'cognito' | 'sts' | 'static' | 'unknown' | string;
  identityPoolId?: string;
  identityId?: string;
  roleArn?: string;
}

/** `GET /_emulator/requests`. */
export interface RequestRecord {
  seq: number;
  method: string;
  path: string;
  operation?: string;
  at: number;
  status: number;
  errorType?: string;
  message?: string;
  appMonitorId?: string;
  eventCount?: number;
  bodyBytes?: number;
  signed: boolean;
  presigned: boolean;
  verdict?: 'accepted' | 'refused';
  accessKeyId?: string;
  credential?: CredentialInfo;
  sessionIds?: string[];
  identityPoolId?: string;
  identityId?: string;
  roleArn?: string;
  dropped?: 'before' | 'after';
}

export interface DiagnosticsProblem {
  code: string;
  message: string;
  count?: number;
}

/** What `cwr('diagnose')` returns; every field optional, as posted by a client. */
export interface DiagnosticsReport {
  enabled?: boolean;
  session?: {
    sessionId?: string;
    sampled?: boolean;
    eventsRecorded?: number;
    eventLimit?: number;
    droppedOverLimit?: number;
  };
  credentials?: {
    available?: boolean;
    source?: string;
    expiration?: string;
    tried?: string[];
    signing?: boolean;
  };
  pending?: number;
  lastDispatch?: {
    ok?: boolean;
    status?: number;
    at?: number;
    events?: number;
    halted?: boolean;
    errorType?: string;
    message?: string;
  } | null;
  problems?: DiagnosticsProblem[];
  [key: string]: unknown;
}

/** `GET /_emulator/diagnostics`: the latest report per session. */
export interface DiagnosticsEntry {
  appMonitorId: string;
  sessionId: string;
  at: number;
  report: DiagnosticsReport;
}
