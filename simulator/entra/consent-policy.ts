import { findResourceApiByAppId, type ResourceApi } from '../world/resources';
import type { Application, DirectoryRole, Tenant, User } from '../world/schema';

const CONSENT_ANY: readonly DirectoryRole[] = ['Global Administrator', 'Privileged Role Administrator'];
const CONSENT_EXCEPT_GRAPH_APP_ROLES: readonly DirectoryRole[] = [
  'Application Administrator',
  'Cloud Application Administrator',
];

/**
 * Who may grant tenant-wide consent to the app's application permissions (§A2,
 * grant-admin-consent.md): Global Administrator and Privileged Role Administrator may grant
 * anything; Application and Cloud Application Administrators anything except Microsoft Graph app
 * roles. Admin consent grants all required permissions at once, so when the app requires Graph
 * app roles those two roles cannot consent at all and get "Need admin approval". Everyone else
 * (including Security Administrator) gets that page too.
 */
export function canGrantTenantWideConsent(user: User, application: Application): boolean {
  if (user.directoryRoles.some((role) => CONSENT_ANY.includes(role))) return true;
  if (!user.directoryRoles.some((role) => CONSENT_EXCEPT_GRAPH_APP_ROLES.includes(role))) return false;
  return !requiredApis(application).some((api) => api.isMicrosoftGraph);
}

/** Why a user who may not consent is refused (shown on the "Need admin approval" page). */
export function consentRefusalReason(user: User): string {
  if (user.directoryRoles.some((role) => CONSENT_EXCEPT_GRAPH_APP_ROLES.includes(role))) {
    return 'The app requires Microsoft Graph application permissions, which only a Privileged Role Administrator or Global Administrator can grant.';
  }
  return 'Only an administrator (Global Administrator, Privileged Role Administrator, Application Administrator or Cloud Application Administrator) can grant the application permissions this app requires.';
}

export function requiredApis(application: Application): ResourceApi[] {
  return application.requiredResourceAccess
    .map((access) => findResourceApiByAppId(access.resourceAppId))
    .filter((api): api is ResourceApi => api !== undefined);
}

/** A required API whose service principal the tenant lacks (the product is not there): AADSTS650052. */
export function firstMissingService(tenant: Tenant, application: Application): ResourceApi | undefined {
  return requiredApis(application).find((api) => api.product !== undefined && !tenant.products[api.product]);
}
