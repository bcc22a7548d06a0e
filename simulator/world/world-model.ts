import type { Application, Tenant, User, World } from './schema';
import { isGuid } from '../ids';
import { parseWorld } from './load-world';

export type UserInTenant = { tenant: Tenant; user: User };

/**
 * The simulated directory. Reads always see the current world; changes (consent, the control API)
 * go through `update`, which validates the whole changed world like a world file and leaves the
 * world untouched when the result is invalid.
 */
export type WorldModel = {
  /** The current world. Treat as read-only: change it through `update`. */
  readonly data: World;
  /** Tenant by GUID or verified domain (case-insensitive); undefined when unknown. */
  resolveTenant(segment: string): Tenant | undefined;
  findUserByUpn(upn: string): UserInTenant | undefined;
  findUserById(tenant: Tenant, objectId: string): User | undefined;
  /** The tenant's guest who signs in at home with this name (case-insensitive). */
  findGuestByHomeName(tenant: Tenant, name: string): User | undefined;
  findApplication(clientId: string): Application | undefined;
  /** Whether the app has a service principal in the tenant (created by consent; the home tenant's by registration). */
  isApplicationInTenant(application: Application, tenant: Tenant): boolean;
  /**
   * Entra compares redirect URIs exactly; the v1 admin-consent endpoint also accepts "additional
   * path segments" after a registered URI (§A2).
   */
  isRedirectUriRegistered(
    application: Application,
    uri: string,
    options?: { allowExtraPathSegments?: boolean },
  ): boolean;
  /** App role values of the application held by the user (only roles the app defines). */
  appRolesOf(application: Application, user: User): string[];
  /** Applies `change` to a copy, validates it (throws WorldValidationError) and makes it current. */
  update(change: (draft: World) => void): World;
  /** Back to the world as loaded (with the extra redirect URIs). */
  reset(): void;
};

export function createWorldModel(world: World, options: { extraRedirectUris?: readonly string[] } = {}): WorldModel {
  const initial: World = {
    ...world,
    application: {
      ...world.application,
      redirectUris: [...new Set([...world.application.redirectUris, ...(options.extraRedirectUris ?? [])])],
    },
  };
  let data = structuredClone(initial);
  let tenantsByKey = indexTenants(data);

  const replace = (next: World) => {
    data = next;
    tenantsByKey = indexTenants(next);
  };

  return {
    get data() {
      return data;
    },
    resolveTenant(segment) {
      const key = segment.toLowerCase();
      if (!isGuid(key) && !key.includes('.')) return undefined;
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
    findGuestByHomeName(tenant, name) {
      const wanted = name.trim().toLowerCase();
      return tenant.users.find((user) => user.guest?.homeUserPrincipalName === wanted);
    },
    findApplication(clientId) {
      return data.application.clientId === clientId.toLowerCase() ? data.application : undefined;
    },
    isApplicationInTenant(_application, tenant) {
      return tenant.servicePrincipal !== null;
    },
    isRedirectUriRegistered(application, uri, matchOptions = {}) {
      return application.redirectUris.some((registered) =>
        sameRedirectUri(registered, uri, matchOptions.allowExtraPathSegments ?? false),
      );
    },
    appRolesOf(application, user) {
      const defined = new Set(application.appRoles.map((role) => role.value));
      return user.appRoleAssignments.filter((value) => defined.has(value));
    },
    update(change) {
      const draft = structuredClone(data);
      change(draft);
      const next = parseWorld(draft, '(world change)');
      replace(next);
      return next;
    },
    reset() {
      replace(structuredClone(initial));
    },
  };
}

/**
 * The name a user signs in with and that tokens show (`preferred_username`, `unique_name`): a
 * guest's home name rather than the #EXT# UPN of the guest account.
 */
export function signInNameOf(user: User): string {
  return user.guest?.homeUserPrincipalName ?? user.userPrincipalName;
}

function indexTenants(world: World): Map<string, Tenant> {
  const byKey = new Map<string, Tenant>();
  for (const tenant of world.tenants) {
    byKey.set(tenant.id, tenant);
    for (const domain of tenant.verifiedDomains) byKey.set(domain, tenant);
  }
  return byKey;
}

function sameRedirectUri(registered: string, candidate: string, allowExtraPathSegments: boolean): boolean {
  if (registered === candidate) return true;
  try {
    const a = new URL(registered);
    const b = new URL(candidate);
    if (a.protocol !== b.protocol || a.host.toLowerCase() !== b.host.toLowerCase() || a.search !== b.search || b.hash)
      return false;
    if (a.pathname === b.pathname) return true;
    return allowExtraPathSegments && b.pathname.startsWith(`${a.pathname.replace(/\/+$/, '')}/`);
  } catch {
    return false;
  }
}
