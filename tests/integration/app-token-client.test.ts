import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startIntegrationWorld, type EnvOverrides, type IntegrationWorld } from './support/integration-world';

const MDE = 'https://api.securitycenter.microsoft.com';
const GRAPH = 'https://graph.microsoft.com';

// Each test starts a Node process (tsx): seconds on a loaded machine, more than vitest's 5 s default.
vi.setConfig({ testTimeout: 60_000 });

let world: IntegrationWorld;

beforeAll(async () => {
  world = await startIntegrationWorld({ name: 'msal', database: false, simulator: true });
});

afterAll(() => world?.stop());

const tenant = (name: string) => {
  const found = world.simulator.world.tenants.find((t) => t.displayName.startsWith(name));
  if (!found) throw new Error(`no tenant ${name} in the default world`);
  return found.id;
};

/** The app registration's certificate instead of its secret (the world's default). */
async function certificateEnv(): Promise<EnvOverrides> {
  const certificate = new X509Certificate(await readFile('simulator/worlds/dev-app-certificate.pem'));
  return {
    ENTRA_CLIENT_SECRET: undefined,
    ENTRA_CERTIFICATE_KEY_FILE: path.resolve('simulator/worlds/dev-app-certificate.key.pem'),
    ENTRA_CERTIFICATE_THUMBPRINT: certificate.fingerprint256,
  };
}

/** What support/acquire-app-token.ts prints: claims and cache flags, or the error's name and code. */
type Acquired = { ok: boolean; claims: { roles: string[] | null }; lifetimeSeconds: number };

async function acquire(credential: 'secret' | 'certificate', tenantId: string, resource: string) {
  const env = credential === 'certificate' ? await certificateEnv() : {};
  return world.runScript<Acquired>('acquire-app-token.ts', [tenantId, resource], env);
}

describe("Canopy's app-token client against the simulator (https, private CA, non-Microsoft authority)", () => {
  it('gets a token for a consented tenant with the client secret, then serves it from the cache', async () => {
    const result = await acquire('secret', tenant('Northwind'), MDE);
    expect(result).toMatchObject({
      ok: true,
      claims: { tid: tenant('Northwind'), aud: MDE, appidacr: '1' },
      fromCache: [false, true],
    });
    expect(result.claims.roles).toEqual(expect.arrayContaining(['Alert.Read.All']));
    expect(result.lifetimeSeconds).toBeGreaterThan(3000);
  });

  it('gets a token with the certificate credential (appidacr 2) for another resource', async () => {
    const result = await acquire('certificate', tenant('Litware'), GRAPH);
    expect(result).toMatchObject({ ok: true, claims: { tid: tenant('Litware'), aud: GRAPH, appidacr: '2' } });
    expect(result.claims.roles).toEqual(expect.arrayContaining(['SecurityAlert.Read.All']));
  });

  it('surfaces AADSTS700016 for a tenant that never consented', async () => {
    expect(await acquire('secret', tenant('Fabrikam'), MDE)).toEqual({
      ok: false,
      name: 'ServerError',
      errorCode: 'unauthorized_client',
      errorNo: 700016,
    });
  });
});
