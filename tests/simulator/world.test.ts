import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_WORLD_FILE,
  WorldValidationError,
  loadWorldFile,
  parseWorld,
  startSimulator,
} from '../../simulator/index';
import { createWorldModel } from '../../simulator/world/world-model';

// Raw JSON edited freely to build invalid worlds; typing it would defeat the purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let defaultWorld: Record<string, any>;
let scratch: string;
beforeAll(async () => {
  defaultWorld = JSON.parse(await readFile(DEFAULT_WORLD_FILE, 'utf8'));
  scratch = await mkdtemp(path.join(tmpdir(), 'canopy-sim-world-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A deep copy of the default world, changed by `edit`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function variant(edit: (world: Record<string, any>) => void) {
  const world = structuredClone(defaultWorld);
  edit(world);
  return world;
}

function validationMessage(data: unknown): string {
  try {
    parseWorld(data, 'test-world.json');
  } catch (error) {
    expect(error).toBeInstanceOf(WorldValidationError);
    return (error as Error).message;
  }
  throw new Error('expected the world to be rejected');
}

describe('default world', () => {
  it('loads and holds the partner tenant, its three members and two guests, the customers and the app', async () => {
    const world = await loadWorldFile();
    const partner = world.tenants.find((tenant) => tenant.id === world.application.homeTenantId)!;
    expect(partner.displayName).toBe('Contoso Security Partners');
    expect(partner.verifiedDomains).toEqual(['contososecurity.onmicrosoft.com']);
    expect(partner.users.map((user) => [user.displayName, user.appRoleAssignments])).toEqual([
      ['Avery Admin', ['Canopy.Admin']],
      ['Sam Analyst', ['Canopy.Analyst']],
      ['Riley NoRole', []],
      ['Gale Guest', ['Canopy.Analyst']],
      ['Glen Guest', []],
    ]);
    expect(partner.servicePrincipal).not.toBeNull();
    // The first customer (e2e tests' "foreign user") stays Fabrikam with Dana first.
    const customer = world.tenants[1]!;
    expect(customer.id).toBe('b9af6492-1a90-486c-a88f-91ca1828be3b');
    expect(customer.users[0]!.directoryRoles).toEqual(['Global Administrator']);
    expect(world.application.redirectUris).toEqual([
      'http://localhost:3000/api/auth/callback/entra',
      'http://localhost:3000/consent/callback',
    ]);
    expect(world.application.appRoles.map((role) => role.value)).toEqual(['Canopy.Admin', 'Canopy.Analyst']);
  });

  it('has customer tenants in every consent state the README promises', async () => {
    const world = await loadWorldFile();
    const byName = (name: string) => world.tenants.find((tenant) => tenant.displayName === name)!;
    const all = world.application.requiredResourceAccess.flatMap((access) =>
      access.appRoles.map((role) => `${access.displayName}/${role}`),
    );
    expect(all).toEqual([
      'WindowsDefenderATP/Alert.Read.All',
      'WindowsDefenderATP/Alert.ReadWrite.All',
      'Microsoft Threat Protection/Incident.Read.All',
      'Microsoft Graph/SecurityAlert.Read.All',
      'Microsoft Graph/SecurityIncident.Read.All',
    ]);
    expect(byName('Fabrikam').servicePrincipal).toBeNull();
    expect(byName('Northwind Traders').servicePrincipal?.grantedAppRoles).toEqual(all);
    expect(byName('Tailspin Toys').products).toEqual({ defenderForEndpoint: false, defenderXdr: true });
    expect(byName('Woodgrove Bank').users.map((user) => user.directoryRoles)).toEqual([
      ['Application Administrator'],
      ['Cloud Application Administrator'],
      [],
    ]);
    expect(byName('Adatum').servicePrincipal?.grantedAppRoles).toEqual([]);
    expect(
      byName('Adatum').users.every((user) => !user.directoryRoles.some((role) => role.endsWith('Administrator'))),
    ).toBe(true);
    expect(byName('Litware')).toMatchObject({
      defender: { alertCount: 1000 },
      servicePrincipal: { grantedAppRoles: all },
    });
    expect(byName('Relecloud').servicePrincipal?.grantedAppRoles).toEqual(['WindowsDefenderATP/Alert.Read.All']);
    for (const tenant of world.tenants) {
      if (tenant.displayName !== 'Tailspin Toys')
        expect(tenant.products, tenant.displayName).toEqual({ defenderForEndpoint: true, defenderXdr: true });
    }
  });

  it('registers the dev certificate whose private key is committed next to the world', async () => {
    const world = await loadWorldFile();
    const worldsDir = path.dirname(DEFAULT_WORLD_FILE);
    const [certificate] = world.application.certificates;
    expect(certificate!.pem).toBe(await readFile(path.join(worldsDir, 'dev-app-certificate.pem'), 'utf8'));
    const key = createPrivateKey(await readFile(path.join(worldsDir, 'dev-app-certificate.key.pem'), 'utf8'));
    expect(new X509Certificate(certificate!.pem).checkPrivateKey(key)).toBe(true);
  });

  it('gives the home tenant a service principal when a world leaves it out, and customers none', () => {
    const withoutPrincipals = variant((w) => {
      for (const tenant of w.tenants) delete tenant.servicePrincipal;
    });
    const [home, ...customers] = parseWorld(withoutPrincipals).tenants;
    expect(home!.servicePrincipal?.objectId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    // Derived, so stable across loads (tokens' oid does not change on restart).
    expect(parseWorld(withoutPrincipals).tenants[0]!.servicePrincipal).toEqual(home!.servicePrincipal);
    expect(customers.map((tenant) => tenant.servicePrincipal)).toEqual(customers.map(() => null));
  });
});

describe('world validation names the bad field', () => {
  it('reports a malformed user object id by its path', () => {
    const message = validationMessage(variant((w) => (w.tenants[0].users[1].id = 'not-a-guid')));
    expect(message).toContain('test-world.json');
    expect(message).toContain('tenants[0].users[1].id: must be a GUID');
  });

  it('reports an app role assignment the app does not define', () => {
    const message = validationMessage(variant((w) => (w.tenants[0].users[0].appRoleAssignments = ['Canopy.Owner'])));
    expect(message).toContain(
      'tenants[0].users[0].appRoleAssignments[0]: "Canopy.Owner" is not an app role of the application',
    );
  });

  it('reports a missing client id and a misspelt field', () => {
    const message = validationMessage(
      variant((w) => {
        delete w.application.clientId;
        w.tenants[1].verifiedDomain = ['x.onmicrosoft.com'];
      }),
    );
    expect(message).toContain('application.clientId:');
    expect(message).toMatch(/tenants\[1\].*verifiedDomain/);
  });

  it('reports a home tenant that is not in the world', () => {
    const message = validationMessage(
      variant((w) => (w.application.homeTenantId = '00000000-0000-4000-8000-000000000000')),
    );
    expect(message).toContain('application.homeTenantId: is not the id of a tenant in this world');
  });

  it("reports a UPN outside the tenant's verified domains and a duplicate UPN", () => {
    const outside = validationMessage(
      variant((w) => (w.tenants[0].users[2].userPrincipalName = 'riley@fabrikam.onmicrosoft.com')),
    );
    expect(outside).toContain(
      'tenants[0].users[2].userPrincipalName: domain fabrikam.onmicrosoft.com is not a verified domain',
    );
    const duplicate = validationMessage(
      variant((w) => (w.tenants[0].users[2].userPrincipalName = w.tenants[0].users[0].userPrincipalName)),
    );
    expect(duplicate).toContain('tenants[0].users[2].userPrincipalName: duplicate userPrincipalName');
  });

  it('reports a guest whose UPN is not the #EXT# one of its home name, and a guest whose home is its own tenant', () => {
    const guestAt = 3;
    expect(defaultWorld.tenants[0].users[guestAt].guest).toBeDefined();
    const message = validationMessage(
      variant((w) => {
        w.tenants[0].users[guestAt].userPrincipalName = 'gale@contososecurity.onmicrosoft.com';
        w.tenants[0].users[guestAt + 1].guest.homeTenantId = w.tenants[0].id;
      }),
    );
    expect(message).toContain(
      `tenants[0].users[${guestAt}].userPrincipalName: a guest's UPN is <home name with @ as _>#EXT#@<verified domain>, here gale.guest_fourthcoffee.com#EXT#@…`,
    );
    expect(message).toContain(`tenants[0].users[${guestAt + 1}].guest.homeTenantId: is this tenant's own id`);
  });

  it('reports a client secret with both or neither of value and hash, and a bad expiry', () => {
    const both = validationMessage(variant((w) => (w.application.clientSecrets[0].hash = `sha256:${'0'.repeat(64)}`)));
    expect(both).toContain('application.clientSecrets[0]: needs exactly one of value or hash');
    const date = validationMessage(variant((w) => (w.application.clientSecrets[0].expiresAt = 'next year')));
    expect(date).toContain('application.clientSecrets[0].expiresAt: must be an ISO 8601 date-time');
  });

  it('reports an unknown directory role and a non-URL redirect URI', () => {
    const message = validationMessage(
      variant((w) => {
        w.tenants[1].users[0].directoryRoles = ['Global Admin'];
        w.application.redirectUris = ['localhost:3000/callback'];
      }),
    );
    expect(message).toContain('tenants[1].users[0].directoryRoles[0]:');
    expect(message).toContain('application.redirectUris[0]: must be an absolute http(s) URL');
  });

  it('names the file when it is not JSON, and startSimulator refuses to start', async () => {
    const file = path.join(scratch, 'broken.json');
    await writeFile(file, '{ tenants: [');
    await expect(loadWorldFile(file)).rejects.toThrow(/broken\.json is invalid:\n {2}- not valid JSON/);
    const invalid = path.join(scratch, 'invalid.json');
    await writeFile(invalid, JSON.stringify(variant((w) => (w.tenants[0].id = 'x'))));
    await expect(startSimulator({ worldFile: invalid, port: 0, dataDir: scratch, log: false })).rejects.toThrow(
      'tenants[0].id: must be a GUID',
    );
  });
});

describe('validation of consent, products and credentials', () => {
  it('reports granted app roles that are not <API>/<role> of a known API', () => {
    const message = validationMessage(
      variant(
        (w) =>
          (w.tenants[2].servicePrincipal.grantedAppRoles = [
            'WindowsDefenderATP/Alert.Read',
            'Alert.Read.All',
            'Microsoft Graph/SecurityAlert.Read.All',
          ]),
      ),
    );
    expect(message).toContain(
      'tenants[2].servicePrincipal.grantedAppRoles[0]: "WindowsDefenderATP/Alert.Read" is not "<API>/<app role>"',
    );
    expect(message).toContain('tenants[2].servicePrincipal.grantedAppRoles[1]:');
    expect(message).not.toContain('grantedAppRoles[2]');
  });

  it('reports required permissions of unknown APIs, wrong names, resources or roles', () => {
    const message = validationMessage(
      variant((w) => {
        w.application.requiredResourceAccess[0].displayName = 'Defender';
        w.application.requiredResourceAccess[1].resource = 'https://api.securitycenter.microsoft.com';
        w.application.requiredResourceAccess[2].appRoles = ['SecurityAlerts.Read.All'];
        w.application.requiredResourceAccess.push({
          resource: 'https://example.com',
          resourceAppId: '11111111-2222-4333-8444-555555555555',
          displayName: 'X',
          appRoles: ['A'],
        });
      }),
    );
    expect(message).toContain('application.requiredResourceAccess[0].displayName: must be "WindowsDefenderATP"');
    expect(message).toContain(
      'application.requiredResourceAccess[1].resource: must be one of https://api.security.microsoft.com',
    );
    expect(message).toContain(
      'application.requiredResourceAccess[2].appRoles[0]: "SecurityAlerts.Read.All" is not an app role of Microsoft Graph',
    );
    expect(message).toContain('application.requiredResourceAccess[3].resourceAppId: is not an API the simulator knows');
  });

  it('reports a certificate that is not a PEM certificate, a bad products flag and bad Defender hints', () => {
    const message = validationMessage(
      variant((w) => {
        w.application.certificates[0].pem = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
        w.tenants[3].products.defenderForEndpoint = 'no';
        w.tenants[6].defender.alertCount = -1;
      }),
    );
    expect(message).toContain('application.certificates[0].pem: must be one PEM X.509 certificate with an RSA key');
    expect(message).toContain('tenants[3].products.defenderForEndpoint:');
    expect(message).toContain('tenants[6].defender.alertCount:');
  });
});

describe('world model changes', () => {
  it('applies a valid change, refuses an invalid one without changing anything, and resets to the loaded world', async () => {
    const model = createWorldModel(await loadWorldFile(), {
      extraRedirectUris: ['http://localhost:4000/consent/callback'],
    });
    const fabrikam = model.resolveTenant('fabrikam.onmicrosoft.com')!;
    expect(model.isApplicationInTenant(model.data.application, fabrikam)).toBe(false);

    model.update((draft) => {
      draft.tenants[1]!.servicePrincipal = {
        objectId: '0a0a0a0a-0000-4000-8000-000000000001',
        grantedAppRoles: ['WindowsDefenderATP/Alert.Read.All'],
        createdAt: '2030-01-01T00:00:00Z',
      };
    });
    const consented = model.resolveTenant(fabrikam.id)!;
    expect(consented.servicePrincipal?.grantedAppRoles).toEqual(['WindowsDefenderATP/Alert.Read.All']);
    expect(model.isApplicationInTenant(model.data.application, consented)).toBe(true);

    expect(() =>
      model.update((draft) => (draft.tenants[1]!.verifiedDomains = ['contososecurity.onmicrosoft.com'])),
    ).toThrow(WorldValidationError);
    expect(model.resolveTenant('fabrikam.onmicrosoft.com')?.id).toBe(fabrikam.id);

    model.reset();
    expect(model.resolveTenant(fabrikam.id)?.servicePrincipal).toBeNull();
    expect(model.data.application.redirectUris).toContain('http://localhost:4000/consent/callback');
    expect(model.isRedirectUriRegistered(model.data.application, 'http://localhost:3000/consent/callback/extra')).toBe(
      false,
    );
    expect(
      model.isRedirectUriRegistered(model.data.application, 'http://localhost:3000/consent/callback/extra', {
        allowExtraPathSegments: true,
      }),
    ).toBe(true);
    expect(
      model.isRedirectUriRegistered(model.data.application, 'http://localhost:3000/consent/callbackx', {
        allowExtraPathSegments: true,
      }),
    ).toBe(false);
  });
});
