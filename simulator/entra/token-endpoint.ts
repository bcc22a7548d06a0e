import { annotateRequest } from '../control/request-log';
import { readFormParams } from '../http/read-body';
import { sendJson } from '../http/respond';
import type { RequestContext } from '../router';
import { redeemAuthorizationCode, type GrantContext, type GrantResult } from './authorization-code-grant';
import { issueClientCredentialsToken } from './client-credentials-grant';
import { authenticateClient } from './client-auth';
import { EntraErrors, errorBody, errorContextFor, type AadstsError } from './errors';
import type { TokenEndpointVersion } from './resource-request';
import { resolveTenantSegment } from './tenant-segment';
import { applyTokenFaults } from './token-faults';

type GrantHandler = (form: URLSearchParams, context: GrantContext) => Promise<GrantResult>;

/**
 * Grant types by endpoint version and `grant_type`. The v1 endpoint serves app-only tokens only
 * (the Defender docs' `resource=` samples); `refresh_token` joins when refresh tokens are issued.
 */
const GRANT_HANDLERS: Record<TokenEndpointVersion, Map<string, GrantHandler>> = {
  v2: new Map<string, GrantHandler>([
    ['authorization_code', redeemAuthorizationCode],
    ['client_credentials', issueClientCredentialsToken],
  ]),
  v1: new Map<string, GrantHandler>([['client_credentials', issueClientCredentialsToken]]),
};

/**
 * POST `/{tenant}/oauth2/v2.0/token` and `/{tenant}/oauth2/token`. `{tenant}` is a GUID or verified
 * domain; tokens always carry the GUID. Unknown parameters (MSAL telemetry etc.) are ignored.
 */
export async function handleToken(ctx: RequestContext, version: TokenEndpointVersion): Promise<void> {
  const { services, req, res, url } = ctx;
  const errors = errorContextFor(req, url, ctx.origin, services.clock);
  const fail = (failure: AadstsError) =>
    sendJson(res, failure.status, errorBody(failure, errors), { 'x-ms-request-id': errors.traceId });

  if (req.method !== 'POST') return fail(EntraErrors.postOnly(req.method ?? '?'));
  const resolved = resolveTenantSegment(services.world, ctx.params.tenant!);
  // `common`/`organizations` name no tenant: an app-only or code request there cannot be placed.
  if (resolved.kind === 'alias') return fail(EntraErrors.noTenantIdentified());
  if (resolved.kind !== 'tenant') return fail(EntraErrors.invalidTenantRequest(ctx.params.tenant!));
  const tenant = resolved.tenant;
  if (await applyTokenFaults(ctx, tenant.id, errors)) return;

  const form = await readFormParams(req);
  annotateRequest(req, { form });
  const grantType = form.get('grant_type');
  if (!grantType) return fail(EntraErrors.missingParameter('grant_type'));

  // A client assertion names this exact URL (tenant segment as sent, no query) as its audience.
  const tokenUrl = `${ctx.origin}${url.pathname}`;
  const client = await authenticateClient(req, form, { services, tenant, tokenUrl });
  if (!client.ok) return fail(client.failure);

  const handler = GRANT_HANDLERS[version].get(grantType);
  if (!handler) return fail(EntraErrors.unsupportedGrantType(grantType));
  const result = await handler(form, {
    services,
    tenant,
    application: client.application,
    credential: client.credential,
    origin: ctx.origin,
    version,
  });
  if (!result.ok) return fail(result.failure);
  sendJson(res, 200, result.body, { 'x-ms-request-id': errors.traceId });
}
