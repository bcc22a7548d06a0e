import type { RunningSimulator } from '../../../simulator/index';

/**
 * The environment of a Canopy process (a worker, a benchmark's child) against a benchmark's own
 * simulator and database: the simulator's CA trusted as Canopy's server trusts it, the app's
 * first secret, and a backfill window that covers every generated alert (they span the 30 days
 * before the simulator's start hour). Nothing else from the caller's environment leaks in.
 */
export function benchCanopyEnv(
  simulator: RunningSimulator,
  databaseUrl: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const app = simulator.world.application;
  return {
    PATH: process.env.PATH,
    NODE_EXTRA_CA_CERTS: simulator.caCertPath,
    DATABASE_URL: databaseUrl,
    CANOPY_AUTH_SECRET: 'b'.repeat(40),
    MICROSOFT_CLOUD: 'simulator',
    SIMULATOR_URL: simulator.origin,
    ENTRA_CLIENT_ID: app.clientId,
    ENTRA_TENANT_ID: app.homeTenantId,
    ENTRA_CLIENT_SECRET: app.clientSecrets[0]!.value!,
    CANOPY_ALERT_BACKFILL_DAYS: '31',
    ...extra,
  } as unknown as NodeJS.ProcessEnv;
}
