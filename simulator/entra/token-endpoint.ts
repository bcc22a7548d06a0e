import { readFormParams } from "../http/read-body";
import { sendJson } from "../http/respond";
import type { RequestContext } from "../router";
import { redeemAuthorizationCode, type GrantContext, type GrantResult } from "./authorization-code-grant";
import { authenticateClient } from "./client-auth";
import { EntraErrors, errorBody, errorContextFor, type AadstsError } from "./errors";
import { resolveTenantSegment } from "./tenant-segment";

type GrantHandler = (form: URLSearchParams, context: GrantContext) => Promise<GrantResult>;

/**
 * Grant types by `grant_type`. `client_credentials` (app-only tokens in customer tenants) joins
 * in the next part; `refresh_token` when refresh tokens are issued.
 */
const GRANT_HANDLERS = new Map<string, GrantHandler>([["authorization_code", redeemAuthorizationCode]]);

/** POST `/{tenant}/oauth2/v2.0/token`. Unknown parameters (MSAL telemetry etc.) are ignored. */
export async function handleToken(ctx: RequestContext): Promise<void> {
  const { services, req, res, url } = ctx;
  const errors = errorContextFor(req, url, ctx.origin, services.clock);
  const fail = (failure: AadstsError) =>
    sendJson(res, failure.status, errorBody(failure, errors), { "x-ms-request-id": errors.traceId });

  if (req.method !== "POST") return fail(EntraErrors.postOnly(req.method ?? "?"));
  const resolved = resolveTenantSegment(services.world, ctx.params.tenant!);
  if (resolved.kind !== "tenant") return fail(EntraErrors.invalidTenantRequest(ctx.params.tenant!));
  const tenant = resolved.tenant;

  const form = await readFormParams(req);
  const grantType = form.get("grant_type");
  if (!grantType) return fail(EntraErrors.missingParameter("grant_type"));

  const client = authenticateClient(req, form, { world: services.world, tenant, clock: services.clock });
  if (!client.ok) return fail(client.failure);

  const handler = GRANT_HANDLERS.get(grantType);
  if (!handler) return fail(EntraErrors.unsupportedGrantType(grantType));
  const result = await handler(form, { services, tenant, application: client.application, origin: ctx.origin });
  if (!result.ok) return fail(result.failure);
  sendJson(res, 200, result.body, { "x-ms-request-id": errors.traceId });
}
