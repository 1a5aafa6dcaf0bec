// The shapes the viewer reads from the emulator's inspection API (`/_emulator/...`).

import type {
  CredentialInfo,
  EmulatorInfo,
  RequestRecord as EmulatorRequestRecord,
  SessionSummary,
  StoredEvent,
} from '../types';

// The wire shapes are the emulator's own (type-only imports: nothing of the Node code is
// bundled); each value is still checked before use.
export type { CredentialInfo, EmulatorInfo, SessionSummary, StoredEvent };
export type VitalValues = SessionSummary['vitals'];
/** `GET /_emulator/requests`: every record has its sequence number. */
export type RequestRecord = EmulatorRequestRecord & { seq: number };

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
