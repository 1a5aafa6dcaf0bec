import type { BadValue, Unknown } from '../domain/types';
import { cognitoEndpoint, stsEndpoint } from '../domain/rules';
import { describeMessage } from './messages';
import { describeOption } from './options';
import type { Problem } from './checks';

/** What the client knows when it explains a refusal. */
export interface ExplainContext {
  appMonitorId: string;
  /** The region argument: the app monitor's region, and the region requests are signed for. */
  region: string;
  /** config.endpoint, as resolved. */
  endpoint: string;
  identityPoolId?: string;
  guestRoleArn?: string;
  /** Where the refused credentials came from (setAwsCredentials, the cwr_c cache, Cognito …). */
  credentialSource?: string;
  cognitoEndpoint?: string;
  stsEndpoint?: string;
}

/** The origins a page's CSP must allow for this config, in connect-src. */
export const connectOrigins = (ctx: ExplainContext): string[] => {
  const pool = ctx.identityPoolId;
  const urls = [
    ctx.endpoint,
    pool && (ctx.cognitoEndpoint ?? cognitoEndpoint(pool)),
    pool && ctx.guestRoleArn && (ctx.stsEndpoint ?? stsEndpoint(ctx.region)),
  ];
  return [...new Set(urls.filter((u): u is string => !!u).map((u) => new URL(u).origin))];
};

/**
 * A `securitypolicyviolation` report, if it is about the client (its endpoints, or its chunks
 * beside cwr.js): what to add to which directive. Undefined for anyone else's URL.
 */
const cspBlocked = (d: ProblemData, ctx: ExplainContext): string | undefined => {
  const uri = d.uri as string;
  const blocked = new URL(uri);
  const chunk = /\/cwr(-\w+)?\.js$/.test(blocked.pathname);
  const origins = chunk ? [blocked.origin] : connectOrigins(ctx);
  if (!chunk && !origins.includes(blocked.origin)) return undefined;
  return `the page's Content-Security-Policy blocked ${uri} (${d.directive}), so ${chunk ? 'part of the client did not load' : 'events cannot be sent'}. Add to the policy: ${d.directive} ${origins.join(' ')} (npx cloudwatch-rum-web snippet prints the complete directives).`;
};

/** A refusal from a service: HTTP status, error code and message. */
export interface Refusal {
  status?: number;
  errorType?: string;
  message?: string;
}

const json = (o: unknown): string => JSON.stringify(o, null, 2);

/** The IAM permission policy that lets a role send events to one app monitor. */
export const putRumEventsPolicy = (resourceArn: string): string =>
  json({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'rum:PutRumEvents', Resource: resourceArn }],
  });

/** The trust relationship that lets guests of one identity pool assume a role. */
export const cognitoTrustPolicy = (identityPoolId: string): string =>
  json({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': identityPoolId },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
        },
      },
    ],
  });

const ACCOUNT_OF_ROLE = /^arn:aws[\w-]*:iam::(\d{12}):role\//;
/** `arn:aws:sts::123456789012:assumed-role/Name/session` → `Name`. */
const roleOfPrincipal = (arn: string | undefined): string | undefined =>
  arn ? /:assumed-role\/([^/]+)\//.exec(arn)?.[1] : undefined;

/**
 * Why PutRumEvents refused a batch, as a problem code and a message saying what to change,
 * with the values filled in where the answer or the config carries them. Each cause follows
 * the CloudWatch RUM troubleshooting guide.
 */
export const explainPutRumEventsError = (r: Refusal, ctx: ExplainContext): Problem => {
  const msg = r.message ?? '';
  switch (r.errorType) {
    case 'MissingAuthenticationTokenException':
      return {
        code: 'unsigned',
        message:
          'PutRumEvents refused an unsigned request (403 MissingAuthenticationTokenException): this app monitor needs SigV4-signed requests. Remove `signing: false` from the config (signing is on by default) and give the client credentials (config.identityPoolId, or setAwsCredentials). `signing: false` is only for an endpoint that signs for you (a proxy) or an app monitor with a resource-based policy that allows unsigned requests.',
      };
    case 'InvalidSignatureException': {
      // "Credential should be scoped to a valid region, not 'us-east-1'. [This endpoint serves 'us-west-2'.]"
      const scoped = /valid region, not '([\w-]+)'/.exec(msg)?.[1];
      if (scoped) {
        const serves = /serves '([\w-]+)'/.exec(msg)?.[1];
        return {
          code: 'region-mismatch',
          message: `PutRumEvents refused the signature (403 InvalidSignatureException): the requests are signed for ${scoped} (the region argument)${serves ? `, but the endpoint ${ctx.endpoint} serves ${serves}` : `, which is not the region of the endpoint ${ctx.endpoint}`}. Data must go to the region the app monitor was created in: set the region argument${serves ? ` to '${serves}'` : ''} and config.endpoint (if set) to that region's https://dataplane.rum.<region>.amazonaws.com.`,
        };
      }
      if (/expired|clock|time/i.test(msg)) {
        return {
          code: 'clock-skew',
          message: `PutRumEvents refused the signature as outside its time window (${msg}): this device's clock is off. The client corrects its signing clock from the service's Date header and retries.`,
        };
      }
      return {
        code: 'bad-signature',
        message: `PutRumEvents refused the signature (403 InvalidSignatureException: ${msg}). Check the secret key of the credentials (${ctx.credentialSource ?? 'unknown source'}), and that the region argument (${ctx.region}) is the app monitor's region.`,
      };
    }
    case 'UnrecognizedClientException':
      return {
        code: 'unknown-credentials',
        message: `PutRumEvents does not know the access key (403 UnrecognizedClientException: ${msg}). The credentials from ${ctx.credentialSource ?? 'the app'} are wrong or were deleted; temporary credentials also need their session token.`,
      };
    case 'ExpiredTokenException':
      return {
        code: 'expired-credentials',
        message: `PutRumEvents refused expired credentials (from ${ctx.credentialSource ?? 'the app'}). With setAwsCredentials, give the client a provider function so it can renew them, or call it again before they expire.`,
      };
    case 'AccessDeniedException': {
      // "User: arn:aws:sts::…:assumed-role/Role/session is not authorized to perform:
      //  rum:PutRumEvents on resource: arn:aws:rum:…:appmonitor/Name …"
      const principal = /User: (\S+)/.exec(msg)?.[1];
      const resource =
        /on resource: (arn:\S+?:appmonitor\/[^\s,]+)/.exec(msg)?.[1] ??
        `arn:aws:rum:${ctx.region}:${ACCOUNT_OF_ROLE.exec(ctx.guestRoleArn ?? '')?.[1] ?? '<account id>'}:appmonitor/<app monitor name>`;
      const role = roleOfPrincipal(principal);
      return {
        code: 'role-not-allowed',
        message: `PutRumEvents refused (403 AccessDeniedException): ${role ? `the IAM role ${role}` : principal ? principal : 'these credentials'} may not send events to app monitor ${ctx.appMonitorId}. This happens when an app monitor re-uses the identity pool and role of another one: roles are not given the new app monitor automatically. Add this permission to ${role ? `the role ${role}` : "the credentials' role"}:\n${putRumEventsPolicy(resource)}`,
      };
    }
    case 'ResourceNotFoundException':
      return {
        code: 'app-monitor-not-found',
        message: `PutRumEvents answered 404: no app monitor ${ctx.appMonitorId} in the endpoint's region (${ctx.endpoint}). Check the app monitor id and the region argument (${ctx.region}) against the RUM console.`,
      };
    case 'ValidationException':
      return {
        code: 'invalid-batch',
        message: `PutRumEvents refused a batch as invalid (400 ValidationException: ${msg}); the events in it were dropped. Please report this with the message: events the client builds should always be valid.`,
      };
    case 'ThrottlingException':
      return {
        code: 'throttled',
        message: 'PutRumEvents is throttling this app monitor (429); batches are retried later.',
      };
    default:
      return r.status
        ? {
            code: `http-${r.status}`,
            message: `PutRumEvents failed with HTTP ${r.status}${r.errorType ? ' ' + r.errorType : ''}${msg ? `: ${msg}` : ''}.`,
          }
        : {
            code: 'network',
            message: `PutRumEvents could not reach ${ctx.endpoint} (${msg || 'network error'}): the device is offline, the endpoint is wrong, or the page's Content-Security-Policy lacks it in connect-src.`,
          };
  }
};

/** A Cognito or STS refusal, as cwr-auth.js throws it (see VendingError). */
export interface VendingRefusal {
  service: string;
  operation: string;
  code: string;
  message: string;
}

/**
 * Why no credentials came from the identity pool, with what to change: the trust relationship
 * filled in with the pool id, the classic-flow switch, guest access, the pool id itself.
 */
export const explainVendingError = (e: VendingRefusal, ctx: ExplainContext): Problem => {
  const pool = ctx.identityPoolId ?? '<identity pool id>';
  const role = ctx.guestRoleArn;
  const what = `${e.service} ${e.operation} failed with ${e.code}${e.message ? ` ("${e.message}")` : ''}`;
  if (e.code === 'InvalidIdentityToken' || /classic|basic/i.test(e.message)) {
    return {
      code: 'classic-flow-disabled',
      message: `${what}: config.guestRoleArn selects Cognito's basic (classic) flow, which identity pool ${pool} does not allow. Either remove guestRoleArn from the config (the client then uses the enhanced flow, with the pool's unauthenticated role), or allow the basic flow on the pool:\naws cognito-identity update-identity-pool --identity-pool-id ${pool} --identity-pool-name <its name> --allow-unauthenticated-identities --allow-classic-flow`,
    };
  }
  if (e.service === 'STS' && e.code === 'AccessDenied') {
    return {
      code: 'sts-trust-denied',
      message: `${what}: the role ${role ?? '(config.guestRoleArn)'} does not trust guests of identity pool ${pool}. Set this trust relationship on the role:\n${cognitoTrustPolicy(pool)}`,
    };
  }
  if (e.code === 'InvalidIdentityPoolConfigurationException') {
    return {
      code: 'pool-role-config',
      message: `${what}: identity pool ${pool} has no usable unauthenticated role. Give the pool an unauthenticated role whose trust relationship is:\n${cognitoTrustPolicy(pool)}`,
    };
  }
  if (e.code === 'NotAuthorizedException') {
    return {
      code: 'guest-access-disabled',
      message: `${what}: identity pool ${pool} does not allow unauthenticated (guest) identities. Turn on guest access for the pool (aws cognito-identity update-identity-pool … --allow-unauthenticated-identities), or give the client credentials with setAwsCredentials.`,
    };
  }
  if (e.code === 'ResourceNotFoundException') {
    return {
      code: 'identity-pool-not-found',
      message: `${what}: there is no identity pool ${pool}. Check config.identityPoolId; its prefix is the pool's region (${pool.split(':')[0]}).`,
    };
  }
  if (e.code === 'NetworkError') {
    return {
      code: 'vending-network',
      message: `${what}: ${e.service} could not be reached. The device may be offline, or the page's Content-Security-Policy lacks the ${e.service} endpoint in connect-src. The client tries again later.`,
    };
  }
  return {
    code: 'vending-failed',
    message: `${what}, so there are no credentials to sign with.`,
  };
};

/** What the client passes along with a problem's key; each key reads its own fields. */
export type ProblemData = Record<string, unknown>;

/**
 * Why the document at the snippet's config URL was not used: `got` ([clientConfig]) when that is
 * not an object; `error`, an HTTP status or what fetch or JSON threw (with the `csp` directive
 * that blocked it, if the page reported one); neither when cwr-config.js did not load.
 */
const remoteConfigWhy = (d: ProblemData): string => {
  const e = d.error as Error | number | undefined;
  const got = d.got as unknown[] | undefined;
  const x = got?.[0];
  return got
    ? x === undefined
      ? 'it has no "clientConfig" object ({ "clientConfig": { "sessionSampleRate": 1, … } })'
      : `its "clientConfig" is ${x === null ? 'null' : Array.isArray(x) ? 'an array' : 'a ' + typeof x}, not an object`
    : typeof e == 'number'
      ? `it answered HTTP ${e}`
      : !e
        ? 'cwr-config.js could not be loaded (host the cwr-*.js files beside cwr.js, or use cwr-all.js)'
        : e.name == 'SyntaxError'
          ? `it is not JSON (${e.message})`
          : d.csp
            ? `the page's Content-Security-Policy blocked it: add ${new URL(d.url as string).origin} to ${d.csp}`
            : `it could not be fetched (${e}): the server is unreachable, or does not allow this origin (CORS)`;
};

const DESCRIBE: Record<string, (d: ProblemData, ctx: ExplainContext) => string> = {
  'unknown-option': (d) => describeOption(d.name as string, d as unknown as Unknown),
  'bad-option': (d) => describeOption(d.name as string, d as unknown as BadValue),
  'not-sampled': (d) =>
    `this session is not recorded: config.sessionSampleRate is ${d.rate} and this session was sampled out (decided once per session${d.cookies ? ', kept in the cwr_s cookie' : ''}). To see events while testing, set sessionSampleRate: 1.`,
  'event-limit': (d) =>
    `session event limit reached (${d.limit} events); later events of this session are not recorded (diagnose() counts them). Raise config.sessionEventLimit, or set it to 0 for no limit.`,
  'no-credentials': (d) =>
    `no AWS credentials, so no events are sent (tried: ${d.tried}). Give the client credentials with config.identityPoolId (Cognito), cwr('setAwsCredentials', credentials), or send through a proxy with signing: false. The events are kept.`,
  'foreign-credentials': (d, ctx) =>
    `localStorage ${d.key} holds credentials cached ${d.owner ? `for app monitor ${d.owner}` : 'by another client (e.g. aws-rum-web)'}, not for this one (${ctx.appMonitorId}); they are not used here, so the pages of each app monitor replace the other's and fetch new credentials. When several app monitors share this domain, set cookieAttributes: { unique: true } in each one's config: each then keeps its own cookies and cache.`,
  'app-monitor-id': (d) =>
    `the app monitor id ${JSON.stringify(d.id)} is not a UUID, so CloudWatch RUM refuses it (a proxy may route it: it is sent as given). Copy it from the CloudWatch console.`,
  'remote-config': (d) =>
    `the config at ${d.url} was not used: ${remoteConfigWhy(d)}; the client runs with the snippet's config alone.`,
  'xray-header-cors': (d) =>
    `a ${d.method} to ${d.url} failed with no response after the client added the ${d.header} header: that is how a CORS refusal of the header looks. Either let ${d.origin} accept it (Access-Control-Allow-Headers: ${d.header}), or leave that URL out of the http telemetry's addXRayTraceIdHeader (a RegExp list of the URLs that do accept it).`,
};

const keptOrDropped = (d: ProblemData): string =>
  d.halt
    ? ` Dispatching is stopped for this page; ${d.count} events are kept.`
    : d.retry
      ? ` ${d.count} events are kept and retried later.`
      : ` ${d.count} events were dropped.`;

/**
 * A problem the client found, in words, by its key: `refused` (PutRumEvents said no),
 * `vending` (Cognito or STS said no) or one of DESCRIBE's.
 */
export const describeProblem = (
  key: string,
  d: ProblemData,
  ctx: ExplainContext,
): Problem | undefined => {
  if (key === 'csp') {
    const message = cspBlocked(d, ctx);
    return message ? { code: 'csp-blocked', message } : undefined;
  }
  const p =
    key === 'refused'
      ? explainPutRumEventsError(d as Refusal, ctx)
      : key === 'vending'
        ? explainVendingError(d as unknown as VendingRefusal, ctx)
        : { code: key, message: DESCRIBE[key]?.(d, ctx) ?? describeMessage(key, d) };
  if (key === 'refused' || key === 'vending') {
    // What became of the events; on a line of its own after a policy or command.
    const status = key === 'refused' ? keptOrDropped(d) : ' The events are kept.';
    p.message += p.message.includes('\n') ? '\n' + status.trim() : status;
  }
  return p;
};
