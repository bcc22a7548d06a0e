/**
 * Starts everything Canopy needs on one machine, in order: PostgreSQL (embedded unless
 * DATABASE_URL is set), migrations, the Microsoft simulator, then Canopy's own processes wired to
 * the simulator. Used by `npm run demo` and by the end-to-end tests, so both run the same stack.
 * The services run under a service set (./service-set.ts): logs, run record, guard, stop order.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isRequestLogLine } from '../../simulator/http/request-log';
import { DEFAULT_WORLD_FILE, loadWorldFile } from '../../simulator/world/load-world';
import type { World } from '../../simulator/world/schema';
import { applyMigrations } from '../db/apply-migrations';
import { embeddedServerUrl, findFreePort } from '../db/local-postgres-address';
import { isWorkerReady, nextServerArgs, workerArgs } from './canopy-script';
import { readOrCreateLocalSecret } from './local-secret';
import { assertPortsFree, type ServicePort } from './ports';
import { openServiceSet, type ServiceSet, type ServiceSpec } from './service-set';
import { waitForHealth } from './wait-for-health';

const require = createRequire(import.meta.url);

export type StackOptions = {
  /** `dev` runs `next dev` (demo); `start` serves the production build (tests). */
  server: 'dev' | 'start';
  /** CANOPY_ENV for the Canopy process. */
  mode: 'development' | 'test';
  canopyPort: number;
  simulatorPort: number;
  /** Holds the embedded PostgreSQL cluster, the simulator's CA and keys, local secrets and the logs. */
  dataDir: string;
  worldFile?: string;
  /** Use this database instead of starting an embedded one. */
  databaseUrl?: string;
  /** Simulated Defender traffic: new alerts (and as many changes) per tenant per minute; 0 = off. */
  liveRate?: number;
  /** Where the services' output is shown; null: only in the log files under `<dataDir>/logs`. Default: stdout. */
  echo?: ((line: string) => void) | null;
  /** Show only what a person needs: start-up progress, then the services' output without request lines. */
  quiet?: boolean;
  /**
   * Also serve the same build on this port with the app's certificate credential instead of the
   * secret (the tests' second sign-in path). Shares the database and the simulator.
   */
  certificateCanopyPort?: number;
  /**
   * Where Canopy sends invitation emails (the e2e tests' mail catcher). Without it, SMTP_URL and
   * SMTP_FROM from the environment apply, and with neither the emails wait in the outbox (the
   * demo). The certificate server never sends: it shows the outbox, for the tests.
   */
  smtp?: { url: string; from: string };
  /** Aborting stops the stack; while it is starting, startStack then rejects with the signal's reason. */
  signal?: AbortSignal;
};

export type Stack = {
  canopyUrl: string;
  /** The server using the certificate credential, when asked for. */
  certificateCanopyUrl: string | null;
  simulatorUrl: string;
  databaseUrl: string;
  caCertPath: string;
  /** File holding the simulator's control API token (tests use it to change the simulated world). */
  controlTokenFile: string;
  /** The environment of Canopy's own processes, for a script that runs Canopy's lib code against this stack. */
  canopyEnv: NodeJS.ProcessEnv;
  world: World;
  stop(): Promise<void>;
};

/** The settings that choose the ports, named when one is taken: the demo's, or the e2e tests' in test mode. */
const PORT_SETTINGS = {
  development: { canopy: 'CANOPY_PORT', simulator: 'SIMULATOR_PORT' },
  test: { canopy: 'E2E_CANOPY_PORT', simulator: 'E2E_SIMULATOR_PORT' },
};

/** `next dev` and `next start` log each request as " GET /path 200 in 12ms". */
const NEXT_REQUEST_LINE = /^\s*(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \S+ \d{3} in /;

export async function startStack(options: StackOptions): Promise<Stack> {
  const dataDir = path.resolve(options.dataDir);
  const settings = PORT_SETTINGS[options.mode];
  const canopyPort: ServicePort = { port: options.canopyPort, host: 'localhost', setting: settings.canopy };
  const simulatorPort: ServicePort = { port: options.simulatorPort, host: '127.0.0.1', setting: settings.simulator };
  const services = await openServiceSet({ dataDir, echo: options.echo, quiet: options.quiet, signal: options.signal });
  try {
    // Before anything starts: a taken port should fail in a second, not after the database.
    await assertPortsFree([canopyPort, simulatorPort]);
    const worldFile = options.worldFile ?? DEFAULT_WORLD_FILE;
    const world = await loadWorldFile(worldFile);

    const databaseUrl = options.databaseUrl ?? (await startPostgres(services, dataDir));
    await applyMigrations({ databaseUrl });
    options.signal?.throwIfAborted();

    const canopyUrl = `http://localhost:${options.canopyPort}`;
    const certificateUrl = options.certificateCanopyPort ? `http://localhost:${options.certificateCanopyPort}` : null;
    const simulator = await startSimulator(services, {
      port: simulatorPort,
      dataDir: path.join(dataDir, 'simulator'),
      worldFile,
      redirectUris: [canopyUrl, ...(certificateUrl ? [certificateUrl] : [])].flatMap((url) => [
        `${url}/api/auth/callback/entra`,
        `${url}/consent/callback`,
      ]),
      liveRate: options.liveRate ?? 0,
    });

    // Canopy's own processes, all with this environment: the web server and the background worker.
    const canopyEnv: NodeJS.ProcessEnv = {
      ...process.env,
      // What Next itself uses: a test runner's NODE_ENV=test would make `next dev` write a wrong
      // types path into tsconfig.json.
      NODE_ENV: options.server === 'dev' ? 'development' : 'production',
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
      // Customers read it on invitations: the simulated partner tenant's name, unless set.
      CANOPY_PARTNER_NAME:
        process.env.CANOPY_PARTNER_NAME ||
        world.tenants.find((tenant) => tenant.id === world.application.homeTenantId)?.displayName,
      // Trust the simulator's local CA in Canopy's Node processes (read only at process start).
      NODE_EXTRA_CA_CERTS: simulator.caCertPath,
      ...(options.smtp ? { SMTP_URL: options.smtp.url, SMTP_FROM: options.smtp.from } : {}),
    };
    const canopyServices: ServiceSpec[] = [
      {
        name: 'canopy',
        command: process.execPath,
        args: nextServerArgs(options.server, ['--port', String(options.canopyPort), '--hostname', 'localhost']),
        env: canopyEnv,
        readyWhen: (line) => /Ready in|started server on/i.test(line),
        port: canopyPort,
        isRequestLine: (line) => NEXT_REQUEST_LINE.test(line),
      },
      { name: 'worker', command: process.execPath, args: workerArgs(), env: canopyEnv, readyWhen: isWorkerReady },
    ];
    if (options.certificateCanopyPort && certificateUrl) {
      canopyServices.push({
        name: 'canopy-certificate',
        command: process.execPath,
        args: nextServerArgs(options.server, [
          '--port',
          String(options.certificateCanopyPort),
          '--hostname',
          'localhost',
        ]),
        env: {
          ...canopyEnv,
          CANOPY_PUBLIC_URL: certificateUrl,
          SMTP_URL: '',
          SMTP_FROM: '',
          ...(await certificateCredentialEnv()),
        },
        readyWhen: (line) => /Ready in|started server on/i.test(line),
        isRequestLine: (line) => NEXT_REQUEST_LINE.test(line),
      });
    }
    await Promise.all(canopyServices.map((spec) => services.start(spec)));
    if (options.server === 'dev') services.say('Canopy (next dev) is compiling its first pages…');
    for (const url of [canopyUrl, ...(certificateUrl ? [certificateUrl] : [])])
      await waitForHealth(url, { signal: options.signal });
    services.started();

    return {
      canopyUrl,
      certificateCanopyUrl: certificateUrl,
      simulatorUrl: simulator.origin,
      databaseUrl,
      caCertPath: simulator.caCertPath,
      controlTokenFile: simulator.controlTokenFile,
      canopyEnv,
      world,
      stop: () => services.stop(),
    };
  } catch (error) {
    await services.stop();
    throw error;
  }
}

/** The embedded PostgreSQL, as a process of its own; resolves with its server URL and database. */
async function startPostgres(services: ServiceSet, dataDir: string): Promise<string> {
  const port = await findFreePort();
  await services.start({
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
  });
  services.say(`PostgreSQL is ready on 127.0.0.1:${port}.`);
  return `${embeddedServerUrl(port)}/canopy`;
}

/**
 * Canopy's settings for the simulated app's development certificate (simulator/worlds/: a
 * simulator-only key, committed on purpose), with its SHA-256 thumbprint.
 */
async function certificateCredentialEnv(): Promise<Record<string, string>> {
  const certificate = new X509Certificate(await readFile(path.resolve('simulator/worlds/dev-app-certificate.pem')));
  return {
    ENTRA_CLIENT_SECRET: '',
    ENTRA_CERTIFICATE_KEY_FILE: path.resolve('simulator/worlds/dev-app-certificate.key.pem'),
    ENTRA_CERTIFICATE_THUMBPRINT: certificate.fingerprint256,
  };
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

async function startSimulator(
  services: ServiceSet,
  options: { port: ServicePort; dataDir: string; worldFile: string; redirectUris: string[]; liveRate: number },
): Promise<{ origin: string; caCertPath: string; controlTokenFile: string }> {
  // Kept across restarts, so a demo's control token stays valid.
  const controlTokenFile = path.join(options.dataDir, 'control-token');
  const line = await services.start({
    name: 'simulator',
    command: process.execPath,
    args: [
      require.resolve('tsx/cli'),
      path.resolve('simulator/main.ts'),
      '--port',
      String(options.port.port),
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
    port: options.port,
    isRequestLine: isRequestLogLine,
  });
  const ready = parseSimulatorReadyLine(line);
  services.say(`The simulator is ready at ${ready.origin}.`);
  return { ...ready, controlTokenFile };
}

/** "Canopy simulator ready at https://127.0.0.1:8443 | CA: /path/ca.pem | …" */
function parseSimulatorReadyLine(line: string): { origin: string; caCertPath: string } {
  const origin = /ready at (https:\/\/\S+)/.exec(line)?.[1];
  const caCertPath = /\| CA: (\S+) \|/.exec(line)?.[1];
  if (!origin || !caCertPath) throw new Error(`Unexpected simulator ready line: ${line}`);
  return { origin, caCertPath };
}
