import { faultProblem } from './faults';
import { jsonReply, queryValue, type RawRequest, type Reply } from './http';
import type { Registry } from './registry';
import type { Store } from './store';
import type {
  AppMonitorConfig,
  Fault,
  IdentityPoolConfig,
  RoleConfig,
  StaticCredential,
} from './types';

/** Routes for tests and people to look inside the emulator; all JSON, under `/_emulator/`. */
export const INSPECT_PREFIX = '/_emulator/';

export function isInspectPath(path: string): boolean {
  return path.startsWith(INSPECT_PREFIX);
}

/** The emulator's clock, as the control routes see it. */
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
}

export function inspect(request: RawRequest, { store, registry, clock }: InspectContext): Reply {
  const route = `${request.method} ${request.path.slice(INSPECT_PREFIX.length).replace(/\/$/, '')}`;
  switch (route) {
    case 'GET health':
      return jsonReply(200, { ok: true });
    case 'GET events':
      return jsonReply(200, {
        events: store.events({
          appMonitorId: queryValue(request.query, 'appMonitorId') || undefined,
          type: queryValue(request.query, 'type') || undefined,
        }),
      });
    case 'GET requests':
      return jsonReply(200, { requests: store.requests() });
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
      if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs)) {
        return badRequest(
          'The clock needs a numeric "offsetMs": milliseconds to add to the real time ' +
            '(negative puts it back, 0 resets it).',
        );
      }
      clock.setOffset(offsetMs);
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
      const pool = readJson(request) as Partial<IdentityPoolConfig> | undefined;
      if (!pool || typeof pool.id !== 'string') {
        return badRequest('An identity pool needs a string "id" (REGION:GUID).');
      }
      registry.addIdentityPool(pool as IdentityPoolConfig);
      return jsonReply(200, { ok: true });
    }
    case 'POST roles': {
      const role = readJson(request) as Partial<RoleConfig> | undefined;
      if (!role || typeof role.arn !== 'string') {
        return badRequest('A role needs a string "arn".');
      }
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
      const monitor = readJson(request) as Partial<AppMonitorConfig> | undefined;
      if (!monitor || typeof monitor.id !== 'string' || typeof monitor.region !== 'string') {
        return badRequest('An app monitor needs a string "id" and "region".');
      }
      registry.addAppMonitor(monitor as AppMonitorConfig);
      return jsonReply(200, { ok: true });
    }
    case 'POST credentials': {
      const credential = readJson(request) as Partial<StaticCredential> | undefined;
      if (
        !credential ||
        typeof credential.accessKeyId !== 'string' ||
        typeof credential.secretAccessKey !== 'string'
      ) {
        return badRequest('A credential needs a string "accessKeyId" and "secretAccessKey".');
      }
      registry.addCredential(credential as StaticCredential);
      return jsonReply(200, { ok: true });
    }
    default:
      return jsonReply(404, {
        message:
          `No inspection route ${request.method} ${request.path}. Try GET /_emulator/events, ` +
          'GET /_emulator/requests, GET /_emulator/stats, GET /_emulator/health, ' +
          'POST /_emulator/reset, POST /_emulator/faults, POST /_emulator/clock.',
      });
  }
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
