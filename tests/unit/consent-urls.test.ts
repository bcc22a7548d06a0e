import { describe, expect, it } from 'vitest';
import { presetEndpoints, type CloudPreset } from '@/lib/config/presets';
import { adminConsentUrl, legacyConsentUrl } from '@/lib/consent/consent-urls';
import { missingRoles, needsPrivilegedAdmin, requiredPermissions } from '@/lib/consent/required-permissions';

const CLIENT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const TENANT = '57b6504a-dffe-45bb-a0ef-ec5f14e05f6a';
const STATE = 'k3Jq0vV8m1Yp4T6s9Xw2Zc5Rb7Na0Lh3Gd6Fe9Uo1Iy';

function configFor(cloud: CloudPreset) {
  return {
    publicUrl: 'https://canopy.example.com',
    app: { clientId: CLIENT, partnerTenantId: '11111111-2222-4333-8444-555555555555', credential: null },
    endpoints: presetEndpoints(cloud, 'https://localhost:8443'),
  };
}

describe('adminConsentUrl', () => {
  it('is the tenant-specific v2 admin-consent URL of reference §A2, form-encoded', () => {
    const url = adminConsentUrl(configFor('commercial'), {
      tenantId: TENANT,
      dataSources: ['MDE_ALERTS', 'GRAPH_SECURITY'],
      state: STATE,
    });
    expect(url).toBe(
      `https://login.microsoftonline.com/${TENANT}/v2.0/adminconsent?client_id=${CLIENT}` +
        '&scope=https%3A%2F%2Fapi.securitycenter.microsoft.com%2F.default' +
        '&redirect_uri=https%3A%2F%2Fcanopy.example.com%2Fconsent%2Fcallback' +
        `&state=${STATE}`,
    );
  });

  it.each([
    [['XDR_INCIDENTS', 'MDE_ALERTS'] as const, 'https://api.security.microsoft.com/.default'],
    [['GRAPH_SECURITY'] as const, 'https://graph.microsoft.com/.default'],
    [[] as const, 'https://api.securitycenter.microsoft.com/.default'],
  ])('the first data source picks the /.default scope: %j', (dataSources, scope) => {
    const url = new URL(adminConsentUrl(configFor('commercial'), { tenantId: TENANT, dataSources, state: STATE }));
    expect(url.searchParams.get('scope')).toBe(scope);
  });

  it('carries any state value intact', () => {
    const state = 'a+b/c=d&e f%';
    const url = new URL(adminConsentUrl(configFor('commercial'), { tenantId: TENANT, dataSources: [], state }));
    expect(url.searchParams.getAll('state')).toEqual([state]);
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'scope', 'redirect_uri', 'state']);
  });

  it("uses the cloud's sign-in host and resources (GCC High)", () => {
    const url = new URL(
      adminConsentUrl(configFor('gcc-high'), { tenantId: TENANT, dataSources: ['GRAPH_SECURITY'], state: STATE }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`https://login.microsoftonline.us/${TENANT}/v2.0/adminconsent`);
    expect(url.searchParams.get('scope')).toBe('https://graph.microsoft.us/.default');
    expect(url.searchParams.get('redirect_uri')).toBe('https://canopy.example.com/consent/callback');
  });

  it("uses the simulator's origin as the sign-in host, keeping commercial resources", () => {
    const url = new URL(
      adminConsentUrl(configFor('simulator'), { tenantId: TENANT, dataSources: ['MDE_ALERTS'], state: STATE }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`https://localhost:8443/${TENANT}/v2.0/adminconsent`);
    expect(url.searchParams.get('scope')).toBe('https://api.securitycenter.microsoft.com/.default');
  });
});

describe('legacyConsentUrl', () => {
  it("is exactly the Defender partner pages' link (reference §A1): no redirect_uri, state or resource", () => {
    expect(legacyConsentUrl(configFor('commercial'))).toBe(
      `https://login.microsoftonline.com/common/oauth2/authorize?prompt=consent&client_id=${CLIENT}&response_type=code&sso_reload=true`,
    );
  });

  it("uses the cloud's sign-in host", () => {
    expect(legacyConsentUrl(configFor('dod'))).toMatch(
      /^https:\/\/login\.microsoftonline\.us\/common\/oauth2\/authorize\?/,
    );
  });
});

describe('requiredPermissions', () => {
  it('lists each data source with its API, resource and roles (reference §B5), in the given order', () => {
    expect(
      requiredPermissions(['GRAPH_SECURITY', 'MDE_ALERTS', 'XDR_INCIDENTS'], presetEndpoints('commercial', '')),
    ).toEqual([
      {
        dataSource: 'GRAPH_SECURITY',
        api: 'Microsoft Graph',
        resource: 'https://graph.microsoft.com',
        roles: ['SecurityAlert.Read.All', 'SecurityIncident.Read.All'],
      },
      {
        dataSource: 'MDE_ALERTS',
        api: 'WindowsDefenderATP',
        resource: 'https://api.securitycenter.microsoft.com',
        roles: ['Alert.Read.All'],
      },
      {
        dataSource: 'XDR_INCIDENTS',
        api: 'Microsoft Threat Protection',
        resource: 'https://api.security.microsoft.com',
        roles: ['Incident.Read.All'],
      },
    ]);
  });

  it.each([
    [
      'commercial',
      'https://api.securitycenter.microsoft.com',
      'https://api.security.microsoft.com',
      'https://graph.microsoft.com',
    ],
    [
      'gcc',
      'https://api-gcc.securitycenter.microsoft.us',
      'https://api-gcc.security.microsoft.us',
      'https://graph.microsoft.com',
    ],
    [
      'gcc-high',
      'https://api-gov.securitycenter.microsoft.us',
      'https://api-gov.security.microsoft.us',
      'https://graph.microsoft.us',
    ],
    [
      'dod',
      'https://api-gov.securitycenter.microsoft.us',
      'https://api-gov.security.microsoft.us',
      'https://dod-graph.microsoft.us',
    ],
    [
      'simulator',
      'https://api.securitycenter.microsoft.com',
      'https://api.security.microsoft.com',
      'https://graph.microsoft.com',
    ],
  ] as const)('%s: the resources of the cloud preset', (cloud, mde, xdr, graph) => {
    const resources = requiredPermissions(
      ['MDE_ALERTS', 'XDR_INCIDENTS', 'GRAPH_SECURITY'],
      presetEndpoints(cloud, 'https://localhost:8443'),
    ).map((r) => r.resource);
    expect(resources).toEqual([mde, xdr, graph]);
  });
});

describe('missingRoles', () => {
  it('names the required roles a token lacks', () => {
    expect(missingRoles(['SecurityAlert.Read.All', 'SecurityIncident.Read.All'], ['SecurityAlert.Read.All'])).toEqual([
      'SecurityIncident.Read.All',
    ]);
    expect(missingRoles(['Alert.Read.All'], [])).toEqual(['Alert.Read.All']);
    expect(missingRoles(['Alert.Read.All'], ['Alert.Read.All', 'Machine.Read.All'])).toEqual([]);
  });

  it('a ReadWrite role satisfies its Read role, not the other way round nor another API', () => {
    expect(missingRoles(['Alert.Read.All'], ['Alert.ReadWrite.All'])).toEqual([]);
    expect(
      missingRoles(['SecurityAlert.Read.All', 'SecurityIncident.Read.All'], ['SecurityIncident.ReadWrite.All']),
    ).toEqual(['SecurityAlert.Read.All']);
    expect(missingRoles(['Alert.ReadWrite.All'], ['Alert.Read.All'])).toEqual(['Alert.ReadWrite.All']);
    expect(missingRoles(['Alert.Read.All'], ['SecurityAlert.ReadWrite.All', 'Incident.ReadWrite.All'])).toEqual([
      'Alert.Read.All',
    ]);
  });

  it('role names are compared exactly', () => {
    expect(missingRoles(['Alert.Read.All'], ['alert.read.all', 'Alerts.ReadWrite.All'])).toEqual(['Alert.Read.All']);
  });
});

describe('needsPrivilegedAdmin', () => {
  it('only Graph app roles need a Global or Privileged Role Administrator (reference §A2)', () => {
    expect(needsPrivilegedAdmin(['MDE_ALERTS', 'XDR_INCIDENTS'])).toBe(false);
    expect(needsPrivilegedAdmin(['GRAPH_SECURITY'])).toBe(true);
    expect(needsPrivilegedAdmin(['MDE_ALERTS', 'GRAPH_SECURITY'])).toBe(true);
    expect(needsPrivilegedAdmin([])).toBe(false);
  });
});
