/**
 * Microsoft endpoints per cloud. Canopy never names a Microsoft host anywhere else: every URL it
 * calls comes from one of these presets or from an override setting.
 *
 * Sources: reference sheet §D1 (Defender hosts per cloud), §E6 (Graph national clouds), §B5
 * (token resources). The US Government MDE token resource is not in Microsoft's official table;
 * third-party guides use the API host as the audience, and so do we (overridable).
 */
export type MicrosoftEndpoints = {
  /** Entra ID sign-in host, e.g. https://login.microsoftonline.com (no tenant, no trailing slash). */
  authorityHost: string;
  /** Defender for Endpoint API base; Canopy appends /api/alerts etc. */
  defenderEndpointApiUrl: string;
  /** Token resource (App ID URI) for Defender for Endpoint; the scope is `${resource}/.default`. */
  defenderEndpointResource: string;
  /** Defender XDR API base; Canopy appends /api/incidents etc. */
  defenderXdrApiUrl: string;
  defenderXdrResource: string;
  /** Microsoft Graph base; Canopy appends /v1.0/security/... */
  graphApiUrl: string;
  graphResource: string;
  /** Defender portal, for "open in Defender" links. */
  defenderPortalUrl: string;
};

export const CLOUD_PRESETS = ['commercial', 'gcc', 'gcc-high', 'dod', 'simulator'] as const;
export type CloudPreset = (typeof CLOUD_PRESETS)[number];

const commercial: MicrosoftEndpoints = {
  authorityHost: 'https://login.microsoftonline.com',
  defenderEndpointApiUrl: 'https://api.security.microsoft.com',
  // MDE alert APIs still require tokens for the legacy resource, whatever the API host (§B5).
  defenderEndpointResource: 'https://api.securitycenter.microsoft.com',
  defenderXdrApiUrl: 'https://api.security.microsoft.com',
  defenderXdrResource: 'https://api.security.microsoft.com',
  graphApiUrl: 'https://graph.microsoft.com',
  graphResource: 'https://graph.microsoft.com',
  defenderPortalUrl: 'https://security.microsoft.com',
};

const gcc: MicrosoftEndpoints = {
  ...commercial,
  defenderEndpointApiUrl: 'https://api-gcc.securitycenter.microsoft.us',
  defenderEndpointResource: 'https://api-gcc.securitycenter.microsoft.us',
  defenderXdrApiUrl: 'https://api-gcc.security.microsoft.us',
  defenderXdrResource: 'https://api-gcc.security.microsoft.us',
  // GCC (moderate) uses the commercial Graph and sign-in hosts.
};

const gccHigh: MicrosoftEndpoints = {
  authorityHost: 'https://login.microsoftonline.us',
  defenderEndpointApiUrl: 'https://api-gov.securitycenter.microsoft.us',
  defenderEndpointResource: 'https://api-gov.securitycenter.microsoft.us',
  defenderXdrApiUrl: 'https://api-gov.security.microsoft.us',
  defenderXdrResource: 'https://api-gov.security.microsoft.us',
  graphApiUrl: 'https://graph.microsoft.us',
  graphResource: 'https://graph.microsoft.us',
  defenderPortalUrl: 'https://security.microsoft.us',
};

const dod: MicrosoftEndpoints = {
  ...gccHigh,
  graphApiUrl: 'https://dod-graph.microsoft.us',
  graphResource: 'https://dod-graph.microsoft.us',
  defenderPortalUrl: 'https://security.apps.mil',
};

/**
 * The simulator serves Entra at its origin and each API under its own path prefix. Token
 * resources keep their commercial identifiers: they are audiences, never fetched.
 */
function simulatorEndpoints(simulatorUrl: string): MicrosoftEndpoints {
  const origin = simulatorUrl.replace(/\/+$/, '');
  return {
    ...commercial,
    authorityHost: origin,
    defenderEndpointApiUrl: `${origin}/mde`,
    defenderXdrApiUrl: `${origin}/xdr`,
    graphApiUrl: `${origin}/graph`,
    defenderPortalUrl: `${origin}/portal`,
  };
}

export function presetEndpoints(preset: CloudPreset, simulatorUrl: string): MicrosoftEndpoints {
  switch (preset) {
    case 'commercial':
      return commercial;
    case 'gcc':
      return gcc;
    case 'gcc-high':
      return gccHigh;
    case 'dod':
      return dod;
    case 'simulator':
      return simulatorEndpoints(simulatorUrl);
  }
}

/**
 * The `cloud_instance_name` Entra's discovery document reports for tenants of each cloud: a
 * tenant registered in another cloud (a GCC High tenant on the commercial sign-in host) is
 * refused at registration, because the app cannot be consented there.
 */
export const CLOUD_INSTANCE_NAMES: Record<CloudPreset, string> = {
  commercial: 'microsoftonline.com',
  gcc: 'microsoftonline.com',
  'gcc-high': 'microsoftonline.us',
  dod: 'microsoftonline.us',
  simulator: 'microsoftonline.com',
};
