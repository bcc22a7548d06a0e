import { describeCertificate } from '../crypto/app-certificates';
import type { SimulatorServices } from '../services';
import { WorldValidationError } from '../world/load-world';
import type { Application, Tenant, World } from '../world/schema';
import { ControlError, notFound } from './control-api';

/** Runs a world change; an invalid result is refused with 400 and the validator's problems. */
export function refusingInvalidWorld<T>(change: () => T): T {
  try {
    return change();
  } catch (error) {
    if (error instanceof WorldValidationError)
      throw new ControlError(400, 'invalid_world_change', 'The change would make the world invalid.', error.problems);
    throw error;
  }
}

export function changeWorld(services: SimulatorServices, change: (draft: World) => void): World {
  return refusingInvalidWorld(() => services.world.update(change));
}

/** Tenant by GUID or verified domain, or 404. */
export function tenantOrNotFound(services: SimulatorServices, segment: string): Tenant {
  const tenant = services.world.resolveTenant(segment);
  if (!tenant) throw notFound(`Tenant ${segment}`);
  return tenant;
}

/** The same tenant inside a draft world (drafts are copies). */
export function draftTenant(draft: World, tenantId: string): Tenant {
  const tenant = draft.tenants.find((candidate) => candidate.id === tenantId);
  if (!tenant) throw notFound(`Tenant ${tenantId}`);
  return tenant;
}

/** A tenant plus the token behaviour injected for it. */
export function describeTenant(services: SimulatorServices, tenant: Tenant) {
  return {
    ...tenant,
    isHomeTenant: tenant.id === services.world.data.application.homeTenantId,
    tokenFaults: services.entra.tokenFaults.get(tenant.id) ?? null,
    replication: services.entra.replication.get(tenant.id) ?? null,
    nextIdToken: services.entra.nextIdToken.get(tenant.id) ?? null,
  };
}

/** The app registration without secret values: Entra too shows only a hint after creation. */
export function describeApplication(application: Application) {
  return {
    ...application,
    clientSecrets: application.clientSecrets.map((secret) => ({
      id: secret.id,
      displayName: secret.displayName,
      hint: secret.value !== undefined ? `${secret.value.slice(0, 3)}…` : '(stored as a hash)',
      expiresAt: secret.expiresAt,
    })),
    certificates: application.certificates.map((certificate) => {
      const key = describeCertificate(certificate.pem);
      return { ...certificate, thumbprintSha1: key?.sha1Hex, thumbprintSha256: key?.sha256Hex };
    }),
  };
}
