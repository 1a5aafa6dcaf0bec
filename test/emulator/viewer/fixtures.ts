// Events, requests and reports shaped like the emulator's inspection API returns them, for the
// viewer's tests.
import type {
  DiagnosticsEntry,
  RequestRecord,
  SessionSummary,
  StoredEvent,
} from '../../../emulator/viewer/types';

export const R = 'com.amazon.rum.';
export const MONITOR = '00000000-0000-0000-0000-000000000001';
export const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

let nextSeq = 1;
export const resetSeq = (): void => {
  nextSeq = 1;
};

export function ev(
  sessionId: string,
  type: string,
  details: Record<string, unknown> = {},
  o: { at?: number; page?: string; seq?: number; metadata?: Record<string, unknown> } = {},
): StoredEvent {
  const at = o.at ?? T0;
  return {
    seq: o.seq ?? nextSeq++,
    appMonitorId: MONITOR,
    batchId: 'batch-1',
    userDetails: { userId: 'user-' + sessionId, sessionId },
    appMonitorDetails: { id: MONITOR, version: '1.0.0' },
    receivedAt: at + 1500,
    signed: true,
    presigned: false,
    accessKeyId: 'ASIATEST',
    event: {
      id: `id-${Math.random().toString(16).slice(2)}`,
      timestamp: Math.floor(at / 1000),
      type: type.includes('.') ? type : R + type,
      metadata: {
        version: '1.0.0',
        domain: 'shop.example',
        browserName: 'Chromium',
        browserVersion: '139.0.0.0',
        osName: 'Linux',
        deviceType: 'desktop',
        pageId: o.page ?? '/',
        ...o.metadata,
      },
      details: { version: '1.0.0', ...details },
    },
  };
}

export function putRequest(seq: number, o: Partial<RequestRecord> = {}): RequestRecord {
  return {
    seq,
    method: 'POST',
    path: `/appmonitors/${MONITOR}/`,
    operation: 'PutRumEvents',
    at: T0 + seq * 1000,
    status: 200,
    signed: true,
    presigned: false,
    appMonitorId: MONITOR,
    eventCount: 3,
    verdict: 'accepted',
    accessKeyId: 'ASIATEST',
    credential: {
      kind: 'cognito',
      identityPoolId: 'us-west-2:pool-1',
      identityId: 'us-west-2:identity-1',
      roleArn: 'arn:aws:iam::000000000000:role/RUM-Unauth',
    },
    sessionIds: [],
    ...o,
  };
}

export function summary(
  sessionId: string,
  lastAt: number,
  o: Partial<SessionSummary> = {},
): SessionSummary {
  return {
    sessionId,
    userId: 'user-' + sessionId,
    appMonitorId: MONITOR,
    firstAt: lastAt - 5000,
    lastAt,
    events: 0,
    errors: 0,
    http: 0,
    pageViews: 0,
    pages: ['/'],
    browser: 'Chromium 139',
    os: 'Linux',
    device: 'desktop',
    vitals: {},
    ...o,
  };
}

export function report(
  sessionId: string,
  o: Partial<DiagnosticsEntry['report']> = {},
): DiagnosticsEntry {
  return {
    appMonitorId: MONITOR,
    sessionId,
    at: T0 + 60_000,
    report: {
      enabled: true,
      session: {
        sessionId,
        sampled: true,
        eventsRecorded: 10,
        eventLimit: 200,
        droppedOverLimit: 0,
      },
      credentials: { available: true, source: 'Cognito' },
      pending: 0,
      lastDispatch: { ok: true, status: 200, at: T0, events: 5, halted: false },
      problems: [],
      ...o,
    },
  };
}
