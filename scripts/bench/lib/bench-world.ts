/** The simulator world of the scale benchmarks: the default world's partner plus generated customer tenants. */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { DEFAULT_WORLD_FILE } from '../../../simulator/index';
import type { worldSchema } from '../../../simulator/world/schema';

/** The world file as written (before validation fills defaults): what the simulator accepts. */
export type WorldInput = z.input<typeof worldSchema>;

/** Entra id of generated tenant `i` (1-based): stable across runs, recognisable in logs. */
export function benchTenantId(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `0000beef-0000-4000-8000-${hex}`;
}

/** `tenants` customer tenants of `alerts` alerts each, with `grantedAppRoles` when given (else none). */
export async function buildBenchWorld(options: {
  tenants: number;
  alerts: number;
  grantedAppRoles?: string[];
}): Promise<WorldInput> {
  const base = JSON.parse(await readFile(DEFAULT_WORLD_FILE, 'utf8')) as WorldInput;
  const partner = base.tenants.find((tenant) => tenant.id === base.application.homeTenantId);
  if (!partner) throw new Error('The default world has no partner tenant');
  const tenants = Array.from({ length: options.tenants }, (_, i) => ({
    id: benchTenantId(i + 1),
    displayName: `Bench tenant ${i + 1}`,
    verifiedDomains: [`bench${i + 1}.onmicrosoft.com`],
    defender: { alertCount: options.alerts },
    ...(options.grantedAppRoles
      ? {
          servicePrincipal: {
            objectId: benchTenantId(1_000_000 + i + 1),
            grantedAppRoles: options.grantedAppRoles,
            createdAt: '2025-06-01T08:00:00Z',
          },
        }
      : {}),
  }));
  return { ...base, tenants: [partner, ...tenants] };
}
