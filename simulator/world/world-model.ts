import type { Application, Tenant, User, World } from "./schema";
import { isGuid } from "../ids";

export type UserInTenant = { tenant: Tenant; user: User };

/**
 * Read access to the simulated directory. Later parts (consent, service principals, revocation)
 * add mutations here so every area module sees one consistent world.
 */
export type WorldModel = {
  readonly data: World;
  /** Tenant by GUID or verified domain (case-insensitive); undefined when unknown. */
  resolveTenant(segment: string): Tenant | undefined;
  findUserByUpn(upn: string): UserInTenant | undefined;
  findUserById(tenant: Tenant, objectId: string): User | undefined;
  findApplication(clientId: string): Application | undefined;
  /** Whether the app has a service principal in the tenant. For now: its home tenant only. */
  isApplicationInTenant(application: Application, tenant: Tenant): boolean;
  isRedirectUriRegistered(application: Application, uri: string): boolean;
  /** App role values of the application held by the user (only roles the app defines). */
  appRolesOf(application: Application, user: User): string[];
};

export function createWorldModel(world: World, options: { extraRedirectUris?: readonly string[] } = {}): WorldModel {
  const data: World = {
    ...world,
    application: {
      ...world.application,
      redirectUris: [...new Set([...world.application.redirectUris, ...(options.extraRedirectUris ?? [])])],
    },
  };
  const tenantsByKey = new Map<string, Tenant>();
  for (const tenant of data.tenants) {
    tenantsByKey.set(tenant.id, tenant);
    for (const domain of tenant.verifiedDomains) tenantsByKey.set(domain, tenant);
  }

  return {
    data,
    resolveTenant(segment) {
      const key = segment.toLowerCase();
      if (!isGuid(key) && !key.includes(".")) return undefined;
      return tenantsByKey.get(key);
    },
    findUserByUpn(upn) {
      const wanted = upn.trim().toLowerCase();
      for (const tenant of data.tenants) {
        const user = tenant.users.find((candidate) => candidate.userPrincipalName === wanted);
        if (user) return { tenant, user };
      }
      return undefined;
    },
    findUserById(tenant, objectId) {
      return tenant.users.find((user) => user.id === objectId.toLowerCase());
    },
    findApplication(clientId) {
      return data.application.clientId === clientId.toLowerCase() ? data.application : undefined;
    },
    isApplicationInTenant(application, tenant) {
      return application.homeTenantId === tenant.id;
    },
    isRedirectUriRegistered(application, uri) {
      // Entra compares redirect URIs exactly (scheme, host, port, path); only the host is case-insensitive.
      return application.redirectUris.some((registered) => sameRedirectUri(registered, uri));
    },
    appRolesOf(application, user) {
      const defined = new Set(application.appRoles.map((role) => role.value));
      return user.appRoleAssignments.filter((value) => defined.has(value));
    },
  };
}

function sameRedirectUri(registered: string, candidate: string): boolean {
  if (registered === candidate) return true;
  try {
    const a = new URL(registered);
    const b = new URL(candidate);
    return a.protocol === b.protocol && a.host.toLowerCase() === b.host.toLowerCase() && a.pathname === b.pathname && a.search === b.search && !b.hash;
  } catch {
    return false;
  }
}
