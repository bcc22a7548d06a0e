/**
 * Starts everything Canopy needs on one machine, in order: PostgreSQL (embedded unless
 * DATABASE_URL is set), migrations, the Microsoft simulator, then Canopy itself wired to the
 * simulator. Used by `npm run demo` and by the end-to-end tests, so both run the same stack.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { DEFAULT_WORLD_FILE, loadWorldFile } from '../../simulator/world/load-world';
import type { World } from '../../simulator/world/schema';
import { applyMigrations } from '../db/apply-migrations';
import { embeddedServerUrl, findFreePort } from '../db/local-postgres-address';
import { startProcess, type RunningProcess } from './child-process';
import { readOrCreateLocalSecret } from './local-secret';
import { waitForHealth } from './wait-for-health';

const require = createRequire(import.meta.url);

export type StackOptions = {
  /** `dev` runs `next dev` (demo); `start` serves the production build (tests). */
  server: 'dev' | 'start';
  /** CANOPY_ENV for the Canopy process. */
  mode: 'development' | 'test';
  canopyPort: number;
  simulatorPort: number;
  /** Holds the embedded PostgreSQL cluster, the simulator's CA and keys, and local secrets. */
  dataDir: string;
  worldFile?: string;
  /** Use this database instead of starting an embedded one. */
  databaseUrl?: string;
  /** Simulated Defender traffic: new alerts (and as many changes) per tenant per minute; 0 = off. */
  liveRate?: number;
  echo?: ((line: string) => void) | null;
};

export type Stack = {
  canopyUrl: string;
  simulatorUrl: string;
  databaseUrl: string;
  caCertPath: string;
  /** File holding the simulator's control API token (tests use it to change the simulated world). */
  controlTokenFile: string;
  world: World;
  stop(): Promise<void>;
};

export async function startStack(options: StackOptions): Promise<Stack> {
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const dataDir = path.resolve(options.dataDir);
    const worldFile = options.worldFile ?? DEFAULT_WORLD_FILE;
    const world = await loadWorldFile(worldFile);

    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const port = await findFreePort();
      const postgres = startProcess({
        name: 'postgres',
        command: process.execPath,
        args: [
          require.resolve('tsx/cli'),
          path.resolve('scripts/db/postgres-server.ts'),
          '--data-dir',
          path.join(dataDir, 'postgres'),
          '--port',
          String(port),
        ],
        readyWhen: (line) => line.startsWith('PostgreSQL ready'),
        echo: options.echo,
      });
      stoppers.push(postgres.stop);
      await postgres.ready;
      databaseUrl = `${embeddedServerUrl(port)}/canopy`;
    }
    await applyMigrations({ databaseUrl });

    const canopyUrl = `http://localhost:${options.canopyPort}`;
    const simulator = await startSimulatorProcess({
      port: options.simulatorPort,
      dataDir: path.join(dataDir, 'simulator'),
      worldFile,
      redirectUris: [`${canopyUrl}/api/auth/callback/entra`, `${canopyUrl}/consent/callback`],
      liveRate: options.liveRate ?? 0,
      echo: options.echo,
    });
    stoppers.push(simulator.process.stop);

    const canopy = startProcess({
      name: 'canopy',
      command: process.execPath,
      args: [
        require.resolve('next/dist/bin/next'),
        options.server,
        '--port',
        String(options.canopyPort),
        '--hostname',
        'localhost',
      ],
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        CANOPY_ENV: options.mode,
        CANOPY_PUBLIC_URL: canopyUrl,
        CANOPY_AUTH_SECRET: process.env.CANOPY_AUTH_SECRET ?? (await readOrCreateLocalSecret(dataDir, 'auth')),
        DATABASE_URL: databaseUrl,
        MICROSOFT_CLOUD: 'simulator',
        SIMULATOR_URL: simulator.origin,
        ENTRA_CLIENT_ID: world.application.clientId,
        ENTRA_TENANT_ID: world.application.homeTenantId,
        ENTRA_CLIENT_SECRET: demoClientSecret(world),
        // Trust the simulator's local CA in Canopy's Node process (read only at process start).
        NODE_EXTRA_CA_CERTS: simulator.caCertPath,
      },
      readyWhen: (line) => /Ready in|started server on/i.test(line),
      echo: options.echo,
    });
    stoppers.push(canopy.stop);
    await canopy.ready;
    await waitForHealth(canopyUrl);

    return {
      canopyUrl,
      simulatorUrl: simulator.origin,
      databaseUrl,
      caCertPath: simulator.caCertPath,
      controlTokenFile: simulator.controlTokenFile,
      world,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The simulated app registration's documented development secret (worlds may hold only a hash). */
function demoClientSecret(world: World): string {
  const secret = world.application.clientSecrets.find(
    (s) => s.value !== undefined && new Date(s.expiresAt) > new Date(),
  );
  if (!secret?.value)
    throw new Error('The simulator world has no unexpired client secret with a plain value for Canopy to use.');
  return secret.value;
}

async function startSimulatorProcess(options: {
  port: number;
  dataDir: string;
  worldFile: string;
  redirectUris: string[];
  liveRate: number;
  echo?: ((line: string) => void) | null;
}): Promise<{ origin: string; caCertPath: string; controlTokenFile: string; process: RunningProcess }> {
  // Kept across restarts, so a demo's control token stays valid.
  const controlTokenFile = path.join(options.dataDir, 'control-token');
  const child = startProcess({
    name: 'simulator',
    command: process.execPath,
    args: [
      require.resolve('tsx/cli'),
      path.resolve('simulator/main.ts'),
      '--port',
      String(options.port),
      '--data-dir',
      options.dataDir,
      '--world',
      options.worldFile,
      '--control-token-file',
      controlTokenFile,
      ...options.redirectUris.flatMap((uri) => ['--redirect-uri', uri]),
      '--live-rate',
      String(options.liveRate),
    ],
    // The simulator's one ready line (a word match would also hit "already in use").
    readyWhen: (line) => line.startsWith('Canopy simulator ready at '),
    echo: options.echo,
  });
  const line = await child.ready;
  return { ...parseSimulatorReadyLine(line), controlTokenFile, process: child };
}

/** "Canopy simulator ready at https://127.0.0.1:8443 | CA: /path/ca.pem | …" */
function parseSimulatorReadyLine(line: string): { origin: string; caCertPath: string } {
  const origin = /ready at (https:\/\/\S+)/.exec(line)?.[1];
  const caCertPath = /\| CA: (\S+) \|/.exec(line)?.[1];
  if (!origin || !caCertPath) throw new Error(`Unexpected simulator ready line: ${line}`);
  return { origin, caCertPath };
}
