/**
 * Microsoft first-party APIs ("resources") the partner app can ask app roles of. In a real tenant
 * each is a service principal Microsoft provisions; the simulator models their presence with the
 * tenant's `products` flags (no Defender for Endpoint → no WindowsDefenderATP principal).
 */
export type ResourceAppRole = { value: string; displayName: string; description: string };

export type ResourceApi = {
  appId: string;
  /** The name the API permissions picker shows; also the prefix of granted roles in the world. */
  displayName: string;
  /** App ID URIs accepted as `resource` / `scope` prefix; the first is the canonical one. */
  identifierUris: readonly string[];
  /** The tenant product whose absence removes this API's service principal. */
  product?: 'defenderForEndpoint' | 'defenderXdr';
  /** Graph app roles need Privileged Role Administrator or Global Administrator to consent (§A2). */
  isMicrosoftGraph: boolean;
  appRoles: readonly ResourceAppRole[];
};

export const WINDOWS_DEFENDER_ATP: ResourceApi = {
  appId: 'fc780465-2017-40d4-a0c5-307022471b92',
  displayName: 'WindowsDefenderATP',
  identifierUris: [
    'https://api.securitycenter.microsoft.com',
    'https://securitycenter.onmicrosoft.com/windowsatpservice',
  ],
  product: 'defenderForEndpoint',
  isMicrosoftGraph: false,
  appRoles: [
    {
      value: 'Alert.Read.All',
      displayName: 'Read all alerts',
      description: 'Allows the app to read all alerts, without a signed-in user.',
    },
    {
      value: 'Alert.ReadWrite.All',
      displayName: 'Read and write all alerts',
      description: 'Allows the app to create or update any alert, without a signed-in user.',
    },
    {
      value: 'Machine.Read.All',
      displayName: 'Read all machine profiles',
      description:
        'Allows the app to read all machine profiles, including the commands that were sent to each machine.',
    },
    {
      value: 'AdvancedQuery.Read.All',
      displayName: 'Run advanced queries',
      description: 'Allows the app to run advanced queries.',
    },
    {
      value: 'Vulnerability.Read.All',
      displayName: 'Read Threat and Vulnerability Management vulnerability information',
      description: 'Allows the app to read any Threat and Vulnerability Management vulnerability information.',
    },
    {
      value: 'Ti.ReadWrite.All',
      displayName: 'Read and write all IOCs',
      description: 'Allows the app to create, read, update and delete any indicator of compromise.',
    },
  ],
};

export const MICROSOFT_THREAT_PROTECTION: ResourceApi = {
  appId: '8ee8fdad-f234-4243-8f3b-15c294843740',
  displayName: 'Microsoft Threat Protection',
  identifierUris: ['https://api.security.microsoft.com'],
  product: 'defenderXdr',
  isMicrosoftGraph: false,
  appRoles: [
    {
      value: 'Incident.Read.All',
      displayName: 'Read all incidents',
      description: 'Allows the app to read all incidents, including incident alerts, without a signed-in user.',
    },
    {
      value: 'Incident.ReadWrite.All',
      displayName: 'Read and write all incidents',
      description: 'Allows the app to read and update all incidents, without a signed-in user.',
    },
    {
      value: 'AdvancedHunting.Read.All',
      displayName: 'Run advanced queries',
      description: 'Allows the app to run advanced hunting queries, without a signed-in user.',
    },
  ],
};

export const MICROSOFT_GRAPH: ResourceApi = {
  appId: '00000003-0000-0000-c000-000000000000',
  displayName: 'Microsoft Graph',
  identifierUris: ['https://graph.microsoft.com'],
  isMicrosoftGraph: true,
  appRoles: [
    {
      value: 'SecurityAlert.Read.All',
      displayName: 'Read all security alerts',
      description: 'Allows the app to read all security alerts, without a signed-in user.',
    },
    {
      value: 'SecurityAlert.ReadWrite.All',
      displayName: 'Read and write to all security alerts',
      description: 'Allows the app to read and write to all security alerts, without a signed-in user.',
    },
    {
      value: 'SecurityIncident.Read.All',
      displayName: 'Read all security incidents',
      description: 'Allows the app to read all security incidents, without a signed-in user.',
    },
    {
      value: 'SecurityIncident.ReadWrite.All',
      displayName: 'Read and write to all security incidents',
      description: 'Allows the app to read and write to all security incidents, without a signed-in user.',
    },
    {
      value: 'ThreatHunting.Read.All',
      displayName: 'Run hunting queries',
      description: 'Allows the app to run hunting queries, without a signed-in user.',
    },
    {
      value: 'User.Read.All',
      displayName: "Read all users' full profiles",
      description: 'Allows the app to read user profiles without a signed-in user.',
    },
  ],
};

export const RESOURCE_APIS: readonly ResourceApi[] = [
  WINDOWS_DEFENDER_ATP,
  MICROSOFT_THREAT_PROTECTION,
  MICROSOFT_GRAPH,
];

/** `https://graph.microsoft.com/` and `https://graph.microsoft.com` name the same resource. */
function normalizeIdentifier(identifier: string): string {
  return identifier.trim().replace(/\/+$/, '').toLowerCase();
}

/** The API named by an App ID URI or app id (as in `resource=` or a scope's prefix). */
export function findResourceApi(identifier: string): ResourceApi | undefined {
  const wanted = normalizeIdentifier(identifier);
  return RESOURCE_APIS.find(
    (api) => api.appId === wanted || api.identifierUris.some((uri) => normalizeIdentifier(uri) === wanted),
  );
}

export function findResourceApiByAppId(appId: string): ResourceApi | undefined {
  return RESOURCE_APIS.find((api) => api.appId === appId.toLowerCase());
}

export function findResourceApiByDisplayName(displayName: string): ResourceApi | undefined {
  return RESOURCE_APIS.find((api) => api.displayName === displayName);
}

/**
 * Granted app roles are stored as `"<API display name>/<role>"`, e.g.
 * `"WindowsDefenderATP/Alert.Read.All"` or `"Microsoft Graph/SecurityAlert.Read.All"`: readable in
 * a world file and unambiguous (role values never contain a slash).
 */
export function grantedRoleKey(api: ResourceApi, role: string): string {
  return `${api.displayName}/${role}`;
}

export function parseGrantedRoleKey(key: string): { api: ResourceApi; role: string } | undefined {
  const slash = key.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const api = findResourceApiByDisplayName(key.slice(0, slash));
  const role = key.slice(slash + 1);
  return api && api.appRoles.some((candidate) => candidate.value === role) ? { api, role } : undefined;
}
