import type { MicrosoftEndpoints } from '@/lib/config/presets';
import type { DataSource } from '@/lib/generated/prisma/enums';

/**
 * What each kind of Defender data needs (reference §B5): a token for one resource whose `roles`
 * hold every listed permission. A ReadWrite permission includes its Read permission.
 */
export type ResourceRequirement = {
  dataSource: DataSource;
  /** The API as Microsoft's permission picker names it. */
  api: string;
  resource: string;
  roles: string[];
};

export function requiredPermissions(
  dataSources: readonly DataSource[],
  endpoints: Pick<MicrosoftEndpoints, 'defenderEndpointResource' | 'defenderXdrResource' | 'graphResource'>,
): ResourceRequirement[] {
  const all: Record<DataSource, Omit<ResourceRequirement, 'dataSource'>> = {
    MDE_ALERTS: { api: 'WindowsDefenderATP', resource: endpoints.defenderEndpointResource, roles: ['Alert.Read.All'] },
    XDR_INCIDENTS: {
      api: 'Microsoft Threat Protection',
      resource: endpoints.defenderXdrResource,
      roles: ['Incident.Read.All'],
    },
    GRAPH_SECURITY: {
      api: 'Microsoft Graph',
      resource: endpoints.graphResource,
      roles: ['SecurityAlert.Read.All', 'SecurityIncident.Read.All'],
    },
  };
  return dataSources.map((dataSource) => ({ dataSource, ...all[dataSource] }));
}

/** The required roles a token's `roles` claim lacks (a ReadWrite role satisfies its Read role). */
export function missingRoles(required: readonly string[], granted: readonly string[]): string[] {
  const have = new Set(granted);
  return required.filter((role) => !have.has(role) && !have.has(role.replace('.Read.', '.ReadWrite.')));
}

/** Graph app roles need a Global or Privileged Role Administrator to consent (reference §A2). */
export function needsPrivilegedAdmin(dataSources: readonly DataSource[]): boolean {
  return dataSources.includes('GRAPH_SECURITY');
}
