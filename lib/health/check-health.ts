import 'server-only';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { getMigrationStatus } from '@/lib/db/migration-status';

export type HealthReport = {
  status: 'ok' | 'unavailable';
  checks: {
    configuration: { ok: boolean; cloud?: string; mode?: string };
    database: { ok: boolean; error?: string };
    migrations: { ok: boolean; applied?: number; pending?: string[]; failed?: string[] };
  };
};

/**
 * For load balancers and operators. Deliberately says nothing secret: no URLs with credentials,
 * no setting values beyond the cloud preset and run mode, no driver error text.
 */
export async function checkHealth(): Promise<HealthReport> {
  let configuration: HealthReport['checks']['configuration'];
  try {
    const config = getConfig();
    configuration = { ok: true, cloud: config.cloud, mode: config.mode };
  } catch {
    configuration = { ok: false };
  }

  let database: HealthReport['checks']['database'] = { ok: false, error: 'unreachable' };
  let migrations: HealthReport['checks']['migrations'] = { ok: false };
  try {
    const db = getDb();
    await db.$queryRaw`SELECT 1`;
    database = { ok: true };
    const status = await getMigrationStatus(db);
    migrations = {
      ok: status.pending.length === 0 && status.failed.length === 0,
      applied: status.applied.length,
      pending: status.pending,
      failed: status.failed,
    };
  } catch {
    // Reported as unreachable above; the driver's message may contain the connection string.
  }

  const ok = configuration.ok && database.ok && migrations.ok;
  return { status: ok ? 'ok' : 'unavailable', checks: { configuration, database, migrations } };
}
