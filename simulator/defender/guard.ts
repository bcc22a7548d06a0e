import { annotateRequest } from '../control/request-log';
import { verifyAccessToken } from '../entra/verify-access-token';
import { randomGuid } from '../ids';
import type { RequestContext } from '../router';
import { MICROSOFT_GRAPH, MICROSOFT_THREAT_PROTECTION, WINDOWS_DEFENDER_ATP } from '../world/resources';
import type { DefenderApi } from './faults/fault-table';
import { sendApiError, type Dialect, type ErrorContext } from './http/errors';
import type { RatePolicy } from './limits/rate-limiter';
import type { DefenderTenant } from './store/tenant-registry';

/** What a route requires of its caller. */
export type ApiSpec = {
  api: DefenderApi;
  /** Any one of these app roles grants access (listed in this order in 403 messages). */
  roles: readonly string[];
  policy: RatePolicy;
};

/** An admitted caller: the tenant its token is for, and how to answer errors to it. */
export type Caller = { tenant: DefenderTenant; appId: string; actor: string; roles: string[]; errors: ErrorContext };

/**
 * Token audiences each API accepts: its App ID URIs (v1 tokens echo the requested resource) and
 * its application id (what a token requested by app id carries). Graph also takes its app id.
 */
const AUDIENCES: Record<DefenderApi, readonly string[]> = {
  mde: [...WINDOWS_DEFENDER_ATP.identifierUris, WINDOWS_DEFENDER_ATP.appId],
  xdr: [...MICROSOFT_THREAT_PROTECTION.identifierUris, MICROSOFT_THREAT_PROTECTION.appId],
  graph: [...MICROSOFT_GRAPH.identifierUris, MICROSOFT_GRAPH.appId],
};

const PRODUCT: Record<DefenderApi, 'defenderForEndpoint' | 'defenderXdr' | undefined> = {
  mde: 'defenderForEndpoint',
  xdr: 'defenderXdr',
  // Graph has data when either product is there; a tenant with neither sees empty lists.
  graph: undefined,
};

const PRODUCT_NAMES = {
  defenderForEndpoint: 'Microsoft Defender for Endpoint',
  defenderXdr: 'Microsoft Defender XDR',
} as const;

const SERVER_ERRORS: Record<number, string> = {
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function dialectOf(api: DefenderApi): Dialect {
  return api === 'graph' ? 'graph' : 'defender';
}

/**
 * Every Defender/Graph request passes here first, in the order a real front door would check:
 * bearer token (401), audience (403), tenant faults, app role (403), product provisioned (403
 * DisabledFeature), rate limit (429). Sends the refusal itself and returns undefined, or returns
 * the caller.
 */
export async function admit(ctx: RequestContext, spec: ApiSpec): Promise<Caller | undefined> {
  const { services, req, res } = ctx;
  const requestId = randomGuid();
  const clientRequestHeader = req.headers['client-request-id'];
  const errors: ErrorContext = {
    res,
    dialect: dialectOf(spec.api),
    clock: services.clock,
    requestId,
    clientRequestId:
      typeof clientRequestHeader === 'string' && clientRequestHeader.length <= 100 ? clientRequestHeader : requestId,
  };
  const graph = spec.api === 'graph';
  const unauthorized = (graphMessage: string) =>
    graph
      ? sendApiError(errors, 401, 'InvalidAuthenticationToken', graphMessage)
      : sendApiError(errors, 401, 'Unauthorized', 'Invalid Authorization payload.');

  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return void unauthorized('Access token is empty.');
  const check = await verifyAccessToken(match[1]!, { keys: services.keys, clock: services.clock });
  if (!check.ok)
    return void unauthorized(
      check.reason === 'expired'
        ? 'Lifetime validation failed, the token is expired.'
        : 'Access token validation failure.',
    );
  const { claims } = check;
  const tenant = services.world.resolveTenant(claims.tid);
  if (!tenant) return void unauthorized('Access token validation failure. Invalid issuer.');
  annotateRequest(req, { tenantId: tenant.id });

  if (!AUDIENCES[spec.api].includes(claims.aud)) {
    return void sendApiError(
      errors,
      403,
      'Forbidden',
      graph
        ? 'Access token validation failure. Invalid audience.'
        : `The access token audience '${claims.aud}' is not valid for this API.`,
    );
  }

  const state = services.defender;
  const fault = state.faults.decide(tenant.id, spec.api);
  if (fault.latencyMs > 0) await delay(fault.latencyMs);
  if (fault.kind === 'timeout') return undefined; // never answered: the client's timeout must fire
  if (fault.kind === 'throttle') return void tooManyRequests(errors, fault.retryAfterSeconds);
  if (fault.kind === 'error') {
    return void sendApiError(
      errors,
      fault.status,
      SERVER_ERRORS[fault.status] ?? 'InternalServerError',
      'The service is temporarily unable to process the request. Retry later.',
    );
  }

  if (!spec.roles.some((role) => claims.roles.includes(role))) {
    const message = graph
      ? `Missing application roles. API required roles: ${spec.roles.join(',')}, application roles: ${claims.roles.join(',')}.`
      : `The application does not have any of the required application permissions (${spec.roles.join(', ')}) to access the resource.`;
    return void sendApiError(errors, 403, 'Forbidden', message);
  }
  const product = PRODUCT[spec.api];
  if (product && !(tenant.products?.[product] ?? true)) {
    return void sendApiError(
      errors,
      403,
      'DisabledFeature',
      `${PRODUCT_NAMES[product]} is not enabled for tenant ${tenant.id}.`,
    );
  }

  const decision = state.limits.take(spec.policy, tenant.id, claims.appid);
  if (!decision.ok) return void tooManyRequests(errors, decision.retryAfterSeconds, decision.window.label);

  const actor =
    typeof claims.app_displayname === 'string' && claims.app_displayname ? claims.app_displayname : claims.appid;
  return { tenant, appId: claims.appid, actor, roles: claims.roles, errors };
}

function tooManyRequests(errors: ErrorContext, retryAfterSeconds: number, limit?: string): void {
  const quota = limit ? `Rate limit exceeded: ${limit}. ` : 'Rate limit exceeded. ';
  sendApiError(errors, 429, 'TooManyRequests', `${quota}Try again in ${retryAfterSeconds} seconds.`, {
    'Retry-After': String(retryAfterSeconds),
  });
}
