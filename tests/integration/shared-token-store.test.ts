// App tokens shared by several Canopy processes through PostgreSQL (lib/microsoft/shared-token-store.ts):
// each process is a child (canopy-driver.ts, trusting the simulator's CA as the server does) with
// its own memory, all on one real PostgreSQL, against the simulator over https. The simulator's
// request log counts the token requests Microsoft would have seen.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/lib/db/client';
import { openSealed } from '@/lib/security/seal';
import type { CanopyDriver } from './support/canopy-driver-client';
import { startIntegrationWorld, TENANTS, type IntegrationWorld } from './support/integration-world';

// Child processes start in seconds on a loaded machine, more than vitest's 5 s default.
vi.setConfig({ testTimeout: 120_000 });

const { northwind: NORTHWIND, litware: LITWARE } = TENANTS;
const MDE = 'https://api.securitycenter.microsoft.com';
const SECRET = 's'.repeat(40);
const ROTATED = 'r'.repeat(40);

let world: IntegrationWorld;
let db: Db;
let simulator: IntegrationWorld['simulator'];

type Acquired = { fromCache: boolean; expiresOn: string };

beforeAll(async () => {
  world = await startIntegrationWorld({ name: 'token-store', simulator: true });
  ({ db, simulator } = world);
}, 120_000);

afterAll(() => world?.stop());

/** A new Canopy process (empty memory) sealing with `secret`. */
const startProcess = (secret: string) => world.startDriver({ CANOPY_TOKEN_STORE_SECRET: secret });

const acquire = (driver: CanopyDriver, tenantId: string, options: { skipCache?: boolean } = {}) =>
  driver.call<Acquired>('acquireToken', { tenantId, resource: MDE, ...options });

/** Token requests the simulator answered for a tenant after request `afterId`. */
const tokenRequests = (tenantId: string, afterId: number) =>
  simulator.services.requestLog
    .list({ tenantId, after: afterId })
    .filter((entry) => entry.path.endsWith('/oauth2/v2.0/token') && entry.status === 200);
const lastRequestId = () => simulator.services.requestLog.list({}).at(-1)?.id ?? 0;

const storedRow = (tenantId: string) =>
  db.appToken.findUniqueOrThrow({ where: { entraTenantId_resource: { entraTenantId: tenantId, resource: MDE } } });

describe('app tokens shared by several processes', () => {
  it('four processes asking at once for one tenant and resource make one token request; the others wait and take it', async () => {
    const processes = await Promise.all([1, 2, 3, 4].map(() => startProcess(SECRET)));
    const before = lastRequestId();

    const results = await Promise.all(processes.map((driver) => acquire(driver, NORTHWIND)));

    expect(tokenRequests(NORTHWIND, before)).toHaveLength(1);
    expect(results.filter((result) => !result.fromCache)).toHaveLength(1);
    expect(new Set(results.map((result) => result.expiresOn)).size).toBe(1);

    // A fifth process, started later, reads it from the store.
    const later = await startProcess(SECRET);
    expect(await acquire(later, NORTHWIND)).toMatchObject({ fromCache: true });
    expect(tokenRequests(NORTHWIND, before)).toHaveLength(1);
  });

  it('the database holds the token sealed, bound to its tenant and resource: no token text', async () => {
    const row = await storedRow(NORTHWIND);
    const token = openSealed(row.sealedToken, { secret: SECRET, purpose: 'appToken', context: `${NORTHWIND} ${MDE}` });
    expect(decodeJwt(token)).toMatchObject({ tid: NORTHWIND, aud: MDE });

    const [header, payload] = token.split('.');
    const dump = JSON.stringify(await db.$queryRaw`SELECT row_to_json(t)::text AS row FROM app_token t`);
    expect(dump).not.toContain(payload);
    expect(dump).not.toContain(header);
    // Copied onto another tenant's row, it does not open.
    expect(() =>
      openSealed(row.sealedToken, { secret: SECRET, purpose: 'appToken', context: `${LITWARE} ${MDE}` }),
    ).toThrow();
  });

  it('a rotated secret costs one new token, which replaces the row; processes with the new secret then share it', async () => {
    const before = lastRequestId();
    const old = await storedRow(NORTHWIND);

    const rotated = await startProcess(ROTATED);
    expect(await acquire(rotated, NORTHWIND)).toMatchObject({ fromCache: false });
    expect(tokenRequests(NORTHWIND, before)).toHaveLength(1);
    const replaced = await storedRow(NORTHWIND);
    expect(replaced.acquiredAt.getTime()).toBeGreaterThan(old.acquiredAt.getTime());
    expect(() =>
      openSealed(replaced.sealedToken, { secret: SECRET, purpose: 'appToken', context: `${NORTHWIND} ${MDE}` }),
    ).toThrow();

    const next = await startProcess(ROTATED);
    expect(await acquire(next, NORTHWIND)).toMatchObject({ fromCache: true });
    expect(tokenRequests(NORTHWIND, before)).toHaveLength(1);
  });

  it('a check that skips the cache asks Microsoft, and shares the fresh token', async () => {
    const [checker, reader] = await Promise.all([startProcess(ROTATED), startProcess(ROTATED)]);
    const before = lastRequestId();
    const old = await storedRow(NORTHWIND);

    expect(await acquire(checker, NORTHWIND, { skipCache: true })).toMatchObject({ fromCache: false });
    expect(tokenRequests(NORTHWIND, before)).toHaveLength(1);
    const fresh = await storedRow(NORTHWIND);
    expect(fresh.acquiredAt.getTime()).toBeGreaterThan(old.acquiredAt.getTime());

    expect(await acquire(reader, NORTHWIND)).toMatchObject({
      fromCache: true,
      expiresOn: fresh.expiresOn.toISOString(),
    });
    expect(tokenRequests(NORTHWIND, before)).toHaveLength(1);
  });
});
