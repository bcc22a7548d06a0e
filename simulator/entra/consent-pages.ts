import { renderAccountPickerPage } from '../pages/account-picker-page';
import { renderConsentPage } from '../pages/consent-page';
import type { ResourceApi } from '../world/resources';
import type { Application, Tenant, User } from '../world/schema';
import type { WorldModel } from '../world/world-model';
import { requiredApis } from './consent-policy';

/**
 * The consent flow's account picker: the tenant's users (or, for `organizations`, everyone's), each
 * labelled with tenant and directory roles so a tester can pick an admin or a plain user.
 */
export function renderConsentAccountPicker(
  world: WorldModel,
  options: {
    tenant: Tenant | undefined;
    pathTenant: string;
    application: Application;
    pendingId: string;
    login?: string;
    error?: { headline: string; detail?: string };
  },
): string {
  const tenants = options.tenant ? [options.tenant] : world.data.tenants;
  return renderAccountPickerPage({
    tenantId: options.tenant?.id ?? options.pathTenant,
    tenantName: options.tenant?.displayName ?? 'your organization',
    appName: options.application.displayName,
    action: `/${options.pathTenant}/consent/login`,
    pendingId: options.pendingId,
    accounts: tenants.flatMap((tenant) =>
      tenant.users.map((user) => ({
        id: user.id,
        displayName: user.displayName,
        userPrincipalName: user.userPrincipalName,
        roleLabel: `${tenant.displayName} · ${user.directoryRoles.join(', ') || 'no admin role'}`,
      })),
    ),
    login: options.login,
    error: options.error,
  });
}

function permissionGroups(application: Application) {
  const apis = new Map<string, ResourceApi>(requiredApis(application).map((api) => [api.appId, api]));
  return application.requiredResourceAccess.map((access) => {
    const api = apis.get(access.resourceAppId);
    return {
      apiName: access.displayName,
      roles: access.appRoles.map((value) => {
        const known = api?.appRoles.find((role) => role.value === value);
        return { value, displayName: known?.displayName ?? value, description: known?.description ?? '' };
      }),
    };
  });
}

export function renderPermissionsPage(options: {
  tenant: Tenant;
  user: User;
  application: Application;
  pendingId: string;
  askOrgWide: boolean;
  homeDomain: string;
}): string {
  return renderConsentPage({
    action: `/${options.tenant.id}/consent/set`,
    pendingId: options.pendingId,
    appName: options.application.displayName,
    publisherDomain: options.homeDomain,
    userPrincipalName: options.user.userPrincipalName,
    tenantName: options.tenant.displayName,
    groups: permissionGroups(options.application),
    askOrgWide: options.askOrgWide,
  });
}
