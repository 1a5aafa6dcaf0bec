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

export function inspect(request: RawRequest, store: Store, registry: Registry): Reply {
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
      const fault = readJson(request) as Partial<Fault> | undefined;
      if (!fault || !Number.isInteger(fault.status) || typeof fault.errorType !== 'string') {
        return badRequest('A fault needs a numeric "status" and a string "errorType".');
      }
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
          'GET /_emulator/requests, GET /_emulator/health, POST /_emulator/reset, POST /_emulator/faults.',
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
