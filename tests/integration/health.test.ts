import { afterEach, describe, expect, it, vi } from 'vitest';
import { findFreePort } from '../../scripts/db/local-postgres-address';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('checkHealth', () => {
  it('reports an unreachable database as unavailable without revealing the connection URL', async () => {
    const port = await findFreePort(); // nothing listens there
    for (const [name, value] of Object.entries({
      ENTRA_CLIENT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      ENTRA_TENANT_ID: '11111111-2222-4333-8444-555555555555',
      ENTRA_CLIENT_SECRET: 'dev-secret',
      CANOPY_AUTH_SECRET: 'x'.repeat(40),
      DATABASE_URL: `postgresql://canopy:hunter2@127.0.0.1:${port}/canopy`,
    })) {
      vi.stubEnv(name, value);
    }
    const { checkHealth } = await import('@/lib/health/check-health');
    const report = await checkHealth();
    expect(report).toEqual({
      status: 'unavailable',
      checks: {
        configuration: { ok: true, cloud: 'commercial', mode: 'development' },
        database: { ok: false, error: 'unreachable' },
        migrations: { ok: false },
      },
    });
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });
});
