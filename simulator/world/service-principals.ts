import { randomGuid } from '../ids';
import { findResourceApiByAppId, grantedRoleKey } from './resources';
import type { Application, ServicePrincipal, World } from './schema';
import type { WorldModel } from './world-model';

/** Every app role the application's registration asks for, as `"<API>/<role>"` (what /.default consents). */
export function requiredRoleKeys(application: Application): string[] {
  return application.requiredResourceAccess.flatMap((access) => {
    const api = findResourceApiByAppId(access.resourceAppId);
    return api ? access.appRoles.map((role) => grantedRoleKey(api, role)) : [];
  });
}

function tenantIn(draft: World, tenantId: string) {
  const tenant = draft.tenants.find((candidate) => candidate.id === tenantId);
  if (!tenant) throw new Error(`No tenant ${tenantId} in the world`);
  return tenant;
}

/**
 * Tenant-wide admin consent: creates the app's service principal when missing and grants every
 * required app role (adding to what was granted before, as Entra does).
 */
export function grantAdminConsent(world: WorldModel, tenantId: string, now: number): ServicePrincipal {
  const required = requiredRoleKeys(world.data.application);
  world.update((draft) => {
    const tenant = tenantIn(draft, tenantId);
    const existing = tenant.servicePrincipal;
    tenant.servicePrincipal = existing
      ? { ...existing, grantedAppRoles: [...new Set([...existing.grantedAppRoles, ...required])] }
      : { objectId: randomGuid(), grantedAppRoles: required, createdAt: new Date(now).toISOString() };
  });
  return world.resolveTenant(tenantId)!.servicePrincipal!;
}

/** Sets the granted roles exactly (creating the principal if needed); [] = consent revoked, SP kept. */
export function setGrantedAppRoles(
  world: WorldModel,
  tenantId: string,
  grantedAppRoles: string[],
  now: number,
): ServicePrincipal {
  world.update((draft) => {
    const tenant = tenantIn(draft, tenantId);
    tenant.servicePrincipal = tenant.servicePrincipal
      ? { ...tenant.servicePrincipal, grantedAppRoles }
      : { objectId: randomGuid(), grantedAppRoles, createdAt: new Date(now).toISOString() };
  });
  return world.resolveTenant(tenantId)!.servicePrincipal!;
}

/** The customer deleted the enterprise app: token requests fail with 700016 from now on. */
export function deleteServicePrincipal(world: WorldModel, tenantId: string): void {
  world.update((draft) => {
    tenantIn(draft, tenantId).servicePrincipal = null;
  });
}
