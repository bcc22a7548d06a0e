import { z } from 'zod';
import { isGuid } from '../ids';
import { ControlError, notFound, ok, parseInput, type ControlRoutes } from './control-api';
import { changeWorld, describeTenant, draftTenant, tenantOrNotFound } from './world-changes';

const tenantPatch = z.strictObject({
  displayName: z.string().optional(),
  verifiedDomains: z.array(z.string()).optional(),
  products: z
    .strictObject({ defenderForEndpoint: z.boolean().optional(), defenderXdr: z.boolean().optional() })
    .optional(),
  defender: z.strictObject({ alertCount: z.number().optional(), seed: z.string().optional() }).nullable().optional(),
});

const userPatch = z.strictObject({
  displayName: z.string().optional(),
  userPrincipalName: z.string().optional(),
  mail: z.string().nullable().optional(),
  directoryRoles: z.array(z.string()).optional(),
  appRoleAssignments: z.array(z.string()).optional(),
});

function objectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ControlError(400, 'invalid_request', 'Send a JSON object.');
  return body as Record<string, unknown>;
}

function guidParam(value: string, what: string): string {
  if (!isGuid(value)) throw new ControlError(400, 'invalid_request', `${what} must be a GUID.`);
  return value.toLowerCase();
}

/**
 * Tenants and their users. Bodies use the world file's shapes (see world/schema.ts); every change
 * is validated with the whole world, so duplicates and bad values are refused with field paths.
 */
export function registerTenantControls(routes: ControlRoutes): void {
  routes
    .get('/tenants', ({ services }) =>
      ok({ tenants: services.world.data.tenants.map((tenant) => describeTenant(services, tenant)) }),
    )
    .get('/tenants/:tenant', ({ services, params }) =>
      ok(describeTenant(services, tenantOrNotFound(services, params.tenant!))),
    )
    .put('/tenants/:tenantId', ({ services, params, body }) => {
      const id = guidParam(params.tenantId!, 'The tenant id in the path');
      const tenant = { ...objectBody(body), id };
      const exists = services.world.data.tenants.some((candidate) => candidate.id === id);
      changeWorld(services, (draft) => {
        // Cast: the validator checks the body's shape with the whole world.
        const replacement = tenant as unknown as (typeof draft.tenants)[number];
        if (exists) draft.tenants = draft.tenants.map((candidate) => (candidate.id === id ? replacement : candidate));
        else draft.tenants.push(replacement);
      });
      return ok(describeTenant(services, tenantOrNotFound(services, id)), exists ? 200 : 201);
    })
    .patch('/tenants/:tenant', ({ services, params, body }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      const patch = parseInput(tenantPatch, body);
      changeWorld(services, (draft) => {
        const target = draftTenant(draft, tenant.id);
        if (patch.displayName !== undefined) target.displayName = patch.displayName;
        if (patch.verifiedDomains !== undefined) target.verifiedDomains = patch.verifiedDomains;
        if (patch.products !== undefined) target.products = { ...target.products, ...patch.products };
        if (patch.defender === null) delete target.defender;
        else if (patch.defender !== undefined) target.defender = { ...target.defender, ...patch.defender };
      });
      return ok(describeTenant(services, tenantOrNotFound(services, tenant.id)));
    })
    .delete('/tenants/:tenant', ({ services, params }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      if (tenant.id === services.world.data.application.homeTenantId)
        throw new ControlError(409, 'conflict', "The application's home tenant cannot be deleted.");
      changeWorld(services, (draft) => {
        draft.tenants = draft.tenants.filter((candidate) => candidate.id !== tenant.id);
      });
      services.entra.tokenFaults.delete(tenant.id);
      services.entra.replication.delete(tenant.id);
      services.entra.nextIdToken.delete(tenant.id);
      return ok({ deleted: tenant.id });
    })
    .put('/tenants/:tenant/users/:userId', ({ services, params, body }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      const id = guidParam(params.userId!, 'The user id in the path');
      const user = { ...objectBody(body), id };
      const exists = tenant.users.some((candidate) => candidate.id === id);
      changeWorld(services, (draft) => {
        const target = draftTenant(draft, tenant.id);
        const replacement = user as unknown as (typeof target.users)[number];
        if (exists) target.users = target.users.map((candidate) => (candidate.id === id ? replacement : candidate));
        else target.users.push(replacement);
      });
      return ok(
        tenantOrNotFound(services, tenant.id).users.find((candidate) => candidate.id === id),
        exists ? 200 : 201,
      );
    })
    .patch('/tenants/:tenant/users/:userId', ({ services, params, body }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      const userId = params.userId!.toLowerCase();
      if (!tenant.users.some((candidate) => candidate.id === userId))
        throw notFound(`User ${params.userId} in ${tenant.displayName}`);
      const patch = parseInput(userPatch, body);
      changeWorld(services, (draft) => {
        const target = draftTenant(draft, tenant.id).users.find((candidate) => candidate.id === userId)!;
        const { mail, ...rest } = patch;
        Object.assign(target, Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)));
        if (mail === null) delete target.mail;
        else if (mail !== undefined) target.mail = mail;
      });
      return ok(tenantOrNotFound(services, tenant.id).users.find((candidate) => candidate.id === userId));
    })
    .delete('/tenants/:tenant/users/:userId', ({ services, params }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      const userId = params.userId!.toLowerCase();
      if (!tenant.users.some((candidate) => candidate.id === userId))
        throw notFound(`User ${params.userId} in ${tenant.displayName}`);
      changeWorld(services, (draft) => {
        const target = draftTenant(draft, tenant.id);
        target.users = target.users.filter((candidate) => candidate.id !== userId);
      });
      return ok({ deleted: userId });
    });
}
