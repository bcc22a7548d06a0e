import type { Tenant } from '../world/schema';
import type { WorldModel } from '../world/world-model';

/** Multi-tenant aliases Entra accepts in metadata and key URLs (`consumers` is out of scope). */
const MULTI_TENANT_ALIASES = new Set(['common', 'organizations']);

export type TenantSegment =
  { kind: 'tenant'; tenant: Tenant } | { kind: 'alias'; alias: string } | { kind: 'unknown'; segment: string };

export function resolveTenantSegment(world: WorldModel, segment: string): TenantSegment {
  const alias = segment.toLowerCase();
  if (MULTI_TENANT_ALIASES.has(alias)) return { kind: 'alias', alias };
  const tenant = world.resolveTenant(segment);
  return tenant ? { kind: 'tenant', tenant } : { kind: 'unknown', segment };
}
