import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator } from '../../simulator';

const require = createRequire(import.meta.url);
const MDE = 'https://api.securitycenter.microsoft.com';
const GRAPH = 'https://graph.microsoft.com';

// Each test starts a Node process (tsx): seconds on a loaded machine, more than vitest's 5 s default.
vi.setConfig({ testTimeout: 60_000 });

let simulator: Awaited<ReturnType<typeof startSimulator>>;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'canopy-msal-'));
  simulator = await startSimulator({ port: 0, dataDir, log: false });
});

afterAll(async () => {
  await simulator?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const tenant = (name: string) => {
  const found = simulator.world.tenants.find((t) => t.displayName.startsWith(name));
  if (!found) throw new Error(`no tenant ${name} in the default world`);
  return found.id;
};

/** Canopy's configuration for the simulator, with either credential of the app registration. */
async function canopyEnv(credential: 'secret' | 'certificate') {
  const app = simulator.world.application;
  const base = {
    PATH: process.env.PATH,
    NODE_EXTRA_CA_CERTS: simulator.caCertPath,
    CANOPY_AUTH_SECRET: 'x'.repeat(40),
    MICROSOFT_CLOUD: 'simulator',
    SIMULATOR_URL: simulator.origin,
    ENTRA_CLIENT_ID: app.clientId,
    ENTRA_TENANT_ID: app.homeTenantId,
  };
  if (credential === 'secret') return { ...base, ENTRA_CLIENT_SECRET: app.clientSecrets.find((s) => s.value)!.value };
  const certificate = new X509Certificate(await readFile('simulator/worlds/dev-app-certificate.pem'));
  return {
    ...base,
    ENTRA_CERTIFICATE_KEY_FILE: path.resolve('simulator/worlds/dev-app-certificate.key.pem'),
    ENTRA_CERTIFICATE_THUMBPRINT: certificate.fingerprint256,
  };
}

async function acquire(credential: 'secret' | 'certificate', tenantId: string, resource: string) {
  // Asynchronous: the simulator runs in this process and must keep answering meanwhile.
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [
      require.resolve('tsx/cli'),
      '--conditions=react-server',
      'tests/integration/support/acquire-app-token.ts',
      tenantId,
      resource,
    ],
    { env: (await canopyEnv(credential)) as unknown as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 },
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`no result from the child:\n${stdout}\n${stderr}`);
  }
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
