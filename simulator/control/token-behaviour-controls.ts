import { z } from 'zod';
import type { TokenEndpointFaults } from '../entra/state';
import { GUID_PATTERN } from '../ids';
import { ok, parseInput, type ControlRoutes } from './control-api';
import { tenantOrNotFound } from './world-changes';

const faultsBody = z.strictObject({
  latencyMs: z.number().int().min(0).max(120_000).default(0),
  errorRate: z.number().min(0).max(1).default(0),
  errorStatus: z.union([z.literal(500), z.literal(503)]).default(503),
  timeout: z.boolean().default(false),
  throttle: z
    .strictObject({
      retryAfterSeconds: z.number().int().min(0).max(3600),
      /** How many requests get 429; omitted = until cleared. */
      count: z.number().int().min(1).optional(),
    })
    .nullable()
    .default(null),
});

const replicationBody = z.strictObject({ seconds: z.number().int().min(0).max(3600) });

const nextIdTokenBody = z.strictObject({
  tid: z
    .string()
    .regex(GUID_PATTERN, 'must be a tenant GUID')
    .transform((value) => value.toLowerCase()),
});

/**
 * Per-tenant behaviour of the token endpoint (v1 and v2): faults, consent replication delay, and
 * a `tid` for the next ID token that is not the tenant's own.
 */
export function registerTokenBehaviourControls(routes: ControlRoutes): void {
  routes
    .put('/tenants/:tenant/token-faults', ({ services, params, body }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      const input = parseInput(faultsBody, body ?? {});
      const faults: TokenEndpointFaults = {
        latencyMs: input.latencyMs,
        errorRate: input.errorRate,
        errorStatus: input.errorStatus,
        timeout: input.timeout,
        throttle: input.throttle
          ? { retryAfterSeconds: input.throttle.retryAfterSeconds, remaining: input.throttle.count ?? null }
          : null,
      };
      services.entra.tokenFaults.set(tenant.id, faults);
      return ok({ tenantId: tenant.id, tokenFaults: faults });
    })
    .delete('/tenants/:tenant/token-faults', ({ services, params }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      services.entra.tokenFaults.delete(tenant.id);
      return ok({ tenantId: tenant.id, tokenFaults: null });
    })
    .put('/tenants/:tenant/replication-delay', ({ services, params, body }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      const { seconds } = parseInput(replicationBody, body);
      // Applies from the next consent (portal or control API), like a slow directory replica.
      services.entra.replication.set(tenant.id, { delaySeconds: seconds, pendingUntil: null });
      return ok({ tenantId: tenant.id, replication: services.entra.replication.get(tenant.id) });
    })
    .delete('/tenants/:tenant/replication-delay', ({ services, params }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      services.entra.replication.delete(tenant.id);
      return ok({ tenantId: tenant.id, replication: null });
    })
    .put('/tenants/:tenant/next-id-token', ({ services, params, body }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      // As a misconfigured or malicious identity provider would: correctly signed, `iss` still the
      // tenant's own, so only the relying party's own `tid` check can notice.
      const override = parseInput(nextIdTokenBody, body);
      services.entra.nextIdToken.set(tenant.id, override);
      return ok({ tenantId: tenant.id, nextIdToken: override });
    })
    .delete('/tenants/:tenant/next-id-token', ({ services, params }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      services.entra.nextIdToken.delete(tenant.id);
      return ok({ tenantId: tenant.id, nextIdToken: null });
    });
}
