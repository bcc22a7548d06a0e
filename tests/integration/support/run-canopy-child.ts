import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import type { startSimulator } from '../../../simulator';

const require = createRequire(import.meta.url);

/**
 * Runs a script of this folder in a fresh Node process with Canopy's configuration for the
 * simulator and the database, trusting the simulator's CA through NODE_EXTRA_CA_CERTS as
 * Canopy's server does. Asynchronous, since the simulator runs in the test's process and must
 * keep answering. Returns the script's last line of output, parsed as JSON.
 */
export async function runCanopyChild<T>(
  script: string,
  args: string[],
  context: { simulator: Awaited<ReturnType<typeof startSimulator>>; databaseUrl: string },
): Promise<T> {
  const { simulator, databaseUrl } = context;
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [require.resolve('tsx/cli'), '--conditions=react-server', `tests/integration/support/${script}`, ...args],
    {
      env: {
        PATH: process.env.PATH,
        NODE_EXTRA_CA_CERTS: simulator.caCertPath,
        DATABASE_URL: databaseUrl,
        CANOPY_AUTH_SECRET: 'x'.repeat(40),
        MICROSOFT_CLOUD: 'simulator',
        SIMULATOR_URL: simulator.origin,
        ENTRA_CLIENT_ID: simulator.world.application.clientId,
        ENTRA_TENANT_ID: simulator.world.application.homeTenantId,
      } as unknown as NodeJS.ProcessEnv,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`no result from ${script}:\n${stdout}\n${stderr}`);
  }
}
