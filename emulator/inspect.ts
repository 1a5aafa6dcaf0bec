import { appMonitorProblem, credentialProblem, identityPoolProblem, roleProblem } from './checks';
import { faultProblem } from './faults';
import {
  jsonArrayChunks,
  jsonReply,
  jsonStreamReply,
  queryValue,
  type RawRequest,
  type Reply,
} from './http';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './limits';
import type { Registry } from './registry';
import type { Store } from './store';
import type {
  AppMonitorConfig,
  EmulatorInfo,
  EventFilter,
  Fault,
  IdentityPoolConfig,
  RoleConfig,
  StaticCredential,
} from './types';

/** Routes for tests and people to look inside the emulator; all JSON, under `/_emulator/`. */
export const INSPECT_PREFIX = '/_emulator/';

/** The emulator's own routes (`/_emulator` and under it): answered, never logged as requests. */
export function isInspectPath(path: string): boolean {
  return path.startsWith(INSPECT_PREFIX) || path === INSPECT_PREFIX.slice(0, -1);
}

/** The emulator's clock, as the control routes see it. */
/** Longest clock offset `POST /_emulator/clock` takes either way: ten years. */
export const MAX_CLOCK_OFFSET_MS = 10 * 365.25 * 24 * 60 * 60 * 1000;

/** Why `ms` cannot be a clock offset, or undefined. */
export function clockOffsetProblem(ms: unknown): string | undefined {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > MAX_CLOCK_OFFSET_MS) {
    return (
      `"offsetMs" must be a number of milliseconds from -${MAX_CLOCK_OFFSET_MS} to ` +
      `${MAX_CLOCK_OFFSET_MS} (ten years either way) to add to the real time (negative puts ` +
      `it back, 0 resets it); got ${JSON.stringify(ms) ?? String(ms)}.`
    );
  }
  return undefined;
}

/** Longest `appMonitorId` and `sessionId` a diagnostics post may name. */
const MAX_ID_LENGTH = 256;

export interface InspectClock {
  /** The emulator's current time (epoch ms), offset included. */
  now(): number;
  offset(): number;
  setOffset(ms: number): void;
}

/** What the inspection routes read and change. */
export interface InspectContext {
  store: Store;
  registry: Registry;
  clock: InspectClock;
  /** What `GET /_emulator/info` answers (the demo site's URL can change while running). */
  info: () => EmulatorInfo;
}

export function inspect(
  request: RawRequest,
  { store, registry, clock, info }: InspectContext,
): Reply {
  const route = `${request.method} ${request.path.slice(INSPECT_PREFIX.length).replace(/\/$/, '')}`;
  if (request.method === 'POST' && nestedDeeperThan(request.body, MAX_JSON_DEPTH)) {
    return badRequest(
      `The body is nested deeper than ${MAX_JSON_DEPTH} levels of objects and arrays; the ` +
        `emulator takes at most ${MAX_JSON_DEPTH}.`,
    );
  }
  switch (route) {
    case 'GET health':
      return jsonReply(200, { ok: true });
    case 'GET info':
      // For the viewer, which reads it on each sync: `{ "demoUrl": "http://…" | null }`.
      return jsonReply(200, info());
    case 'GET events': {
      const paging = readPaging(request);
      if (typeof paging === 'string') return badRequest(paging);
      // Streamed: every event held can be more JSON than one string can hold.
      const events = store.events({ ...eventFilter(request), ...paging });
      return jsonStreamReply(
        jsonArrayChunks(events, '{"events":', `,"last":${store.lastSeq().events}}`),
      );
    }
    case 'GET requests': {
      const paging = readPaging(request);
      if (typeof paging === 'string') return badRequest(paging);
      const sessionId = queryValue(request.query, 'session') || undefined;
      return jsonReply(200, {
        requests: store.requests({ ...paging, sessionId }),
        last: store.lastSeq().requests,
      });
    }
    case 'GET sessions':
      return jsonReply(200, { sessions: store.sessions() });
    case 'GET export':
      return jsonStreamReply(jsonArrayChunks(store.events(eventFilter(request))), {
        'content-disposition': 'attachment; filename="rum-events.json"',
      });
    case 'POST clear':
      store.clear();
      return jsonReply(200, { cleared: true });
    case 'GET diagnostics':
      return jsonReply(200, {
        diagnostics: store.diagnostics({
          sessionId: queryValue(request.query, 'session') || undefined,
        }),
      });
    case 'POST diagnostics': {
      const body = readJson(request) as Record<string, unknown> | undefined;
      const problem = diagnosticsProblem(body);
      if (problem) return badRequest(problem);
      store.addDiagnostics({
        appMonitorId: (body?.appMonitorId as string | undefined) ?? '',
        sessionId: (body?.sessionId as string | undefined) ?? '',
        at: clock.now(),
        report: body?.report,
      });
      return { status: 204 };
    }
    case 'GET stats':
      return jsonReply(
        200,
        store.stats({ appMonitorId: queryValue(request.query, 'appMonitorId') || undefined }),
      );
    case 'GET faults':
      return jsonReply(200, { faults: store.pendingFaults() });
    case 'GET clock':
      return jsonReply(200, { offsetMs: clock.offset(), now: clock.now() });
    case 'POST clock': {
      const body = readJson(request) as { offsetMs?: unknown } | undefined;
      const offsetMs = body?.offsetMs;
      const problem = clockOffsetProblem(offsetMs);
      if (problem) return badRequest(`The clock needs a valid "offsetMs": ${problem}`);
      clock.setOffset(offsetMs as number);
      return jsonReply(200, { ok: true, offsetMs, now: clock.now() });
    }
    case 'GET app-monitors':
      return jsonReply(200, { appMonitors: registry.appMonitors() });
    case 'GET identity-pools':
      return jsonReply(200, { identityPools: registry.identityPools() });
    case 'GET roles':
      return jsonReply(200, { roles: registry.roles() });
    case 'GET identities':
      return jsonReply(200, { identities: registry.identities() });
    case 'POST identity-pools': {
      const pool = readJson(request);
      const problem = identityPoolProblem(pool);
      if (problem) return badRequest(problem);
      registry.addIdentityPool(pool as IdentityPoolConfig);
      return jsonReply(200, { ok: true });
    }
    case 'POST roles': {
      const role = readJson(request);
      const problem = roleProblem(role);
      if (problem) return badRequest(problem);
      registry.addRole(role as RoleConfig);
      return jsonReply(200, { ok: true });
    }
    case 'POST reset':
      store.reset();
      return jsonReply(200, { ok: true });
    case 'POST faults': {
      const fault = readJson(request);
      const problem = faultProblem(fault);
      if (problem) return badRequest(problem);
      store.addFault(fault as Fault);
      return jsonReply(200, { ok: true });
    }
    case 'POST app-monitors': {
      const monitor = readJson(request);
      const problem = appMonitorProblem(monitor);
      if (problem) return badRequest(problem);
      registry.addAppMonitor(monitor as AppMonitorConfig);
      return jsonReply(200, { ok: true });
    }
    case 'POST credentials': {
      const credential = readJson(request);
      const problem = credentialProblem(credential);
      if (problem) return badRequest(problem);
      registry.addCredential(credential as StaticCredential);
      return jsonReply(200, { ok: true });
    }
    default:
      return jsonReply(404, {
        message:
          `No inspection route ${request.method} ${request.path}. Try GET /_emulator/ (the ` +
          'viewer), GET /_emulator/sessions, GET /_emulator/events, GET /_emulator/requests, ' +
          'GET /_emulator/stream, GET /_emulator/export, GET /_emulator/diagnostics, ' +
          'GET /_emulator/stats, GET /_emulator/health, GET /_emulator/info, POST /_emulator/clear, ' +
          'POST /_emulator/reset, POST /_emulator/faults, POST /_emulator/clock.',
      });
  }
}

/** `appMonitorId`, `session` and `type` from the query. */
function eventFilter(request: RawRequest): EventFilter {
  return {
    appMonitorId: queryValue(request.query, 'appMonitorId') || undefined,
    sessionId: queryValue(request.query, 'session') || undefined,
    type: queryValue(request.query, 'type') || undefined,
  };
}

/** `since` and `limit` from the query, or what is wrong with them. */
function readPaging(request: RawRequest): { since?: number; limit?: number } | string {
  const paging: { since?: number; limit?: number } = {};
  for (const name of ['since', 'limit'] as const) {
    const text = queryValue(request.query, name);
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) {
      return `"${name}" must be a whole number, 0 or more; got '${text}'.`;
    }
    paging[name] = value;
  }
  return paging;
}

/** What is wrong with a `POST /_emulator/diagnostics` body, or undefined. */
function diagnosticsProblem(body: Record<string, unknown> | undefined): string | undefined {
  const shape =
    'Post { "appMonitorId": "…", "sessionId": "…", "report": <what cwr(\'diagnose\') returns> } as JSON.';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return shape;
  for (const name of ['appMonitorId', 'sessionId']) {
    const value = body[name];
    if (value !== undefined && (typeof value !== 'string' || value.length > MAX_ID_LENGTH))
      return `"${name}" must be a string of at most ${MAX_ID_LENGTH} characters. ${shape}`;
  }
  if (typeof body.report !== 'object' || body.report === null) {
    return `"report" must be an object. ${shape}`;
  }
  return undefined;
}

function readJson(request: RawRequest): unknown {
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function badRequest(message: string): Reply {
  return jsonReply(400, { message });
}
