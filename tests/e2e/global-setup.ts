import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStack } from '../../scripts/lib/start-stack';

/**
 * One stack for the run, on ports apart from the demo's: a fresh embedded PostgreSQL in a temp
 * folder, the simulator with its default world, and `next start`. Specs read E2E_* variables.
 */
export default async function globalSetup() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'canopy-e2e-'));
  const stack = await startStack({
    server: 'start',
    mode: 'test',
    canopyPort: Number(process.env.E2E_CANOPY_PORT ?? 3100),
    simulatorPort: Number(process.env.E2E_SIMULATOR_PORT ?? 8543),
    dataDir,
    echo: process.env.E2E_VERBOSE ? undefined : null,
  });
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
  process.env.E2E_SIMULATOR_URL = stack.simulatorUrl;
  process.env.E2E_SIMULATOR_CA = stack.caCertPath;
  process.env.E2E_SIMULATOR_CONTROL_TOKEN_FILE = stack.controlTokenFile;

  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
