import { z } from 'zod';
import { recordConsentEvent } from '../entra/consent-events';
import { startReplicationWindow } from '../entra/replication';
import { deleteServicePrincipal, grantAdminConsent, setGrantedAppRoles } from '../world/service-principals';
import { ControlError, ok, parseInput, type ControlRoutes } from './control-api';
import { refusingInvalidWorld, tenantOrNotFound } from './world-changes';

const grantsBody = z.strictObject({ grantedAppRoles: z.array(z.string()) });
const grantsPatch = z.strictObject({ add: z.array(z.string()).default([]), remove: z.array(z.string()).default([]) });

/**
 * What a customer admin does to the partner app in their tenant: consent, grant or revoke app
 * roles, delete the enterprise app. Roles are `"<API>/<role>"`, e.g. "WindowsDefenderATP/Alert.Read.All".
 */
export function registerConsentControls(routes: ControlRoutes): void {
  routes
    .post('/tenants/:tenant/consent', ({ services, params }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      const principal = grantAdminConsent(services.world, tenant.id, services.clock());
      startReplicationWindow(services.entra, tenant.id, services.clock());
      recordConsentEvent(services, {
        flow: 'control-api',
        tenantId: tenant.id,
        tenantName: tenant.displayName,
        userId: null,
        userPrincipalName: null,
        outcome: 'granted',
        grantedAppRoles: principal.grantedAppRoles,
      });
      return ok({ servicePrincipal: principal });
    })
    .put('/tenants/:tenant/grants', ({ services, params, body }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      const { grantedAppRoles } = parseInput(grantsBody, body);
      const principal = refusingInvalidWorld(() =>
        setGrantedAppRoles(services.world, tenant.id, [...new Set(grantedAppRoles)], services.clock()),
      );
      return ok({ servicePrincipal: principal });
    })
    .patch('/tenants/:tenant/grants', ({ services, params, body }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      if (!tenant.servicePrincipal)
        throw new ControlError(
          409,
          'conflict',
          `The app has no service principal in ${tenant.displayName}: consent or PUT grants first.`,
        );
      const { add, remove } = parseInput(grantsPatch, body);
      const next = [...new Set([...tenant.servicePrincipal.grantedAppRoles, ...add])].filter(
        (role) => !remove.includes(role),
      );
      const principal = refusingInvalidWorld(() =>
        setGrantedAppRoles(services.world, tenant.id, next, services.clock()),
      );
      return ok({ servicePrincipal: principal });
    })
    .delete('/tenants/:tenant/grants', ({ services, params }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      if (!tenant.servicePrincipal)
        throw new ControlError(409, 'conflict', `The app has no service principal in ${tenant.displayName}.`);
      return ok({ servicePrincipal: setGrantedAppRoles(services.world, tenant.id, [], services.clock()) });
    })
    .delete('/tenants/:tenant/service-principal', ({ services, params }) => {
      const tenant = tenantOrNotFound(services, params.tenant!);
      if (!tenant.servicePrincipal)
        throw new ControlError(409, 'conflict', `The app has no service principal in ${tenant.displayName}.`);
      deleteServicePrincipal(services.world, tenant.id);
      return ok({ deleted: true });
    })
    .get('/consent-events', ({ services, query }) => {
      const wanted = query.get('tenant');
      const tenantId = wanted ? (services.world.resolveTenant(wanted)?.id ?? wanted.toLowerCase()) : undefined;
      return ok({
        events: services.entra.consentEvents.filter((event) => tenantId === undefined || event.tenantId === tenantId),
      });
    })
    .delete('/consent-events', ({ services }) => {
      services.entra.consentEvents.length = 0;
      return ok({ cleared: true });
    });
}
