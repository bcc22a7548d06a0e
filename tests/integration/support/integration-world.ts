// The setup the integration tests share: an embedded PostgreSQL in a temp folder (migrated, or
// empty for the migration tests), the simulator over https, and Canopy's own code in child
// processes whose configuration points at both and whose NODE_EXTRA_CA_CERTS trusts the
// simulator's CA, as Canopy's server does.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { vi } from 'vitest';
import { createDb, type Db } from '@/lib/db/client';
import type { Actor, RegisterTenantResult } from '@/lib/tenants/register-tenant';
import { applyMigrations } from '@/scripts/db/apply-migrations';
import { startEmbeddedPostgres, type RunningPostgres } from '@/scripts/db/embedded-postgres';
import { isWorkerReady, workerArgs } from '@/scripts/lib/canopy-script';
import type { RequestLogEntry } from '@/simulator/control/request-log';
import type { StartSimulatorOptions } from '@/simulator/index';
import defaultWorld from '@/simulator/worlds/default.json';
import { startTestSimulator, type TestSimulator } from '../../simulator/support/simulator';
import { startCanopyDriver, type CanopyDriver } from './canopy-driver-client';

const require = createRequire(import.meta.url);

const worldTenantId = (displayName: string) => {
  const tenant = defaultWorld.tenants.find((t) => t.displayName === displayName);
  if (!tenant) throw new Error(`no tenant ${displayName} in the default world`);
  return tenant.id;
};

/** Entra tenant IDs of the simulator's default world (simulator/worlds/default.json). */
export const TENANTS = {
  partner: worldTenantId('Contoso Security Partners'),
  fabrikam: worldTenantId('Fabrikam'),
  northwind: worldTenantId('Northwind Traders'),
  tailspin: worldTenantId('Tailspin Toys'),
  woodgrove: worldTenantId('Woodgrove Bank'),
  adatum: worldTenantId('Adatum'),
  litware: worldTenantId('Litware'),
  relecloud: worldTenantId('Relecloud'),
};

/** Every data source a tenant can be registered for. */
export const ALL_DATA = ['MDE_ALERTS', 'XDR_INCIDENTS', 'GRAPH_SECURITY'];

/** Polls (no fixed sleep) until `condition` holds, and returns what it gave. */
export async function until<T>(
  what: string,
  condition: () => T | Promise<T>,
  timeoutMs = 90_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Environment values; `undefined` removes a default. */
export type EnvOverrides = Record<string, string | undefined>;

export type IntegrationWorldOptions = {
  /** Names the temp folder. */
  name: string;
  /** 'migrated' (default), 'empty' (for the migration tests themselves) or none. */
  database?: 'migrated' | 'empty' | false;
  /** Start the simulator; `clock` lets a test move its time. */
  simulator?: boolean | Pick<StartSimulatorOptions, 'clock'>;
  /** Configuration of every Canopy child process, over the defaults. */
  env?: EnvOverrides;
  /** Start one Canopy driver (`world.driver`) with that configuration. */
  driver?: boolean;
  /**
   * Canopy's lib code runs in the test's own process too: the configuration is stubbed into its
   * environment (vi.stubEnv) before the test imports any, and its database client closed at stop.
   */
  inProcess?: boolean;
};

/** A background worker (`npm run worker`'s command) and everything it printed so far. */
export type RunningWorker = { process: ChildProcess; lines: string[] };

export type IntegrationWorld = Awaited<ReturnType<typeof startIntegrationWorld>>;

export async function startIntegrationWorld(options: IntegrationWorldOptions) {
  const tempDir = await mkdtemp(path.join(tmpdir(), `canopy-${options.name}-test-`));
  let postgres: RunningPostgres | undefined;
  let db: Db | undefined;
  let simulator: TestSimulator | undefined;
  const drivers: CanopyDriver[] = [];
  const workers: RunningWorker[] = [];
  let stubbed = false;

  async function stop() {
    await Promise.all([
      ...drivers.map((driver) => driver.stop()),
      ...workers.map(async ({ process: worker }) => {
        if (worker.exitCode !== null || worker.signalCode !== null) return;
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.kill('SIGTERM');
        await exited;
      }),
    ]);
    if (stubbed) {
      const { getDb } = await import('@/lib/db/client');
      await getDb().$disconnect();
      vi.unstubAllEnvs();
    }
    await db?.$disconnect();
    await simulator?.close();
    await postgres?.stop();
    await rm(tempDir, { recursive: true, force: true });
  }

  const databaseOption = options.database ?? 'migrated';
  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`this integration world has no ${what}`);
    return value;
  };

  /** Canopy's configuration for a child process: this world's database and simulator. */
  function canopyEnv(overrides: EnvOverrides = {}): NodeJS.ProcessEnv {
    const app = simulator?.app;
    const env: EnvOverrides = {
      PATH: process.env.PATH,
      // Not UTC, as a worker elsewhere may be: a database time taken for local time is hours off.
      TZ: 'America/New_York',
      CANOPY_AUTH_SECRET: 'x'.repeat(40),
      DATABASE_URL: postgres?.databaseUrl,
      // Without the simulator: a well-formed app registration that nothing is asked about.
      ENTRA_CLIENT_ID: app?.clientId ?? 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      ENTRA_TENANT_ID: app?.homeTenantId ?? '11111111-2222-4333-8444-555555555555',
      ...(simulator && {
        NODE_EXTRA_CA_CERTS: simulator.caCertPath,
        MICROSOFT_CLOUD: 'simulator',
        SIMULATOR_URL: simulator.origin,
        ENTRA_CLIENT_SECRET: simulator.secret,
        // The simulator's Defender data spans the 30 days before its start hour: 31 days reach it all.
        CANOPY_ALERT_BACKFILL_DAYS: '31',
      }),
      ...options.env,
      ...overrides,
    };
    // Exactly these variables, none of the test runner's: NODE_ENV is Canopy's to default.
    const defined = Object.entries(env).filter(([, value]) => value !== undefined);
    return Object.fromEntries(defined) as unknown as NodeJS.ProcessEnv;
  }

  try {
    if (databaseOption) {
      postgres = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'postgres') });
      if (databaseOption === 'migrated') await applyMigrations({ databaseUrl: postgres.databaseUrl });
      db = createDb(postgres.databaseUrl);
    }
    if (options.simulator) {
      const { clock } = options.simulator === true ? {} : options.simulator;
      simulator = await startTestSimulator({ dataDir: path.join(tempDir, 'simulator'), log: false, clock });
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const world = {
    tempDir,
    get databaseUrl() {
      return required(postgres, 'database').databaseUrl;
    },
    get db() {
      return required(db, 'database');
    },
    get simulator() {
      return required(simulator, 'simulator');
    },
    /** The driver `options.driver` started. */
    get driver() {
      return required(drivers[0], 'driver');
    },
    canopyEnv,
    /** A new Canopy driver (its own process and memory), stopped with the world. */
    async startDriver(overrides: EnvOverrides = {}): Promise<CanopyDriver> {
      const driver = await startCanopyDriver(canopyEnv(overrides));
      drivers.push(driver);
      return driver;
    },
    /** A new background worker, once it says it is ready; stopped with the world. */
    startWorker(overrides: EnvOverrides = {}): Promise<RunningWorker> {
      const worker: RunningWorker = {
        process: spawn(process.execPath, workerArgs(), { env: canopyEnv(overrides) }),
        lines: [],
      };
      workers.push(worker);
      return new Promise((resolve, reject) => {
        for (const stream of [worker.process.stdout!, worker.process.stderr!]) {
          createInterface({ input: stream }).on('line', (line) => {
            worker.lines.push(line);
            if (isWorkerReady(line)) resolve(worker);
          });
        }
        worker.process.once('exit', (code) =>
          reject(new Error(`worker exited (${code}):\n${worker.lines.join('\n')}`)),
        );
      });
    },
    /**
     * Runs a script of this folder in a fresh Node process with `canopyEnv(overrides)`; returns
     * its last line of output, parsed as JSON. Asynchronous: the simulator runs in the test's
     * process and must keep answering meanwhile.
     */
    async runScript<T>(
      script: string,
      args: string[],
      overrides: EnvOverrides = {},
      { timeoutMs = 120_000 }: { timeoutMs?: number } = {},
    ): Promise<T> {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [require.resolve('tsx/cli'), '--conditions=react-server', `tests/integration/support/${script}`, ...args],
        { env: canopyEnv(overrides), encoding: 'utf8', timeout: timeoutMs },
      );
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new Error(`no result from ${script}:\n${stdout}\n${stderr}`);
      }
    },
    /** A simulator control API call (`/_control…`); refuses an answer that is not a success. */
    async control(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', pathname: string, json?: object) {
      const answer = await required(simulator, 'simulator').control(method, pathname, json);
      if (answer.status >= 300) throw new Error(`${method} ${pathname}: ${answer.status} ${answer.text}`);
      return answer;
    },
    /**
     * A customer tenant registered through the driver by `actor` (its name looked up), for
     * `dataSources` (default all); returns Canopy's id.
     */
    async registerTenant(
      entraTenantId: string,
      { actor, dataSources = ALL_DATA }: { actor: Actor; dataSources?: string[] },
    ): Promise<string> {
      const result = await world.driver.call<RegisterTenantResult>('register', {
        input: { tenant: entraTenantId, displayName: '', adminEmails: '', notes: '', dataSources },
        actor,
      });
      if (!result.ok) throw new Error(result.error);
      return result.tenant.id;
    },
    /** A tenant registered, then its tokens checked as "Check now" does: Connected, or Missing permissions. */
    async connectTenant(entraTenantId: string, options: { actor: Actor; dataSources?: string[] }): Promise<string> {
      const tenantId = await world.registerTenant(entraTenantId, options);
      await world.driver.call('check', { tenantId, purpose: 'health' });
      return tenantId;
    },
    /**
     * What the simulator received (in process, oldest first): optionally one tenant's, and only the
     * requests after the one with id `after` (see `lastRequestId`).
     */
    requestLog(filter: { tenantId?: string; after?: number } = {}): RequestLogEntry[] {
      return required(simulator, 'simulator').services.requestLog.list(filter);
    },
    /** The id of the simulator's latest request: `requestLog({ after })` lists what came since. */
    lastRequestId(): number {
      return required(simulator, 'simulator').services.requestLog.list().at(-1)?.id ?? 0;
    },
    /** A staff user as sign-in records one (once), named after a member of the partner tenant. */
    createStaffUser(name: string) {
      const partner = defaultWorld.tenants.find((t) => t.id === TENANTS.partner)!;
      const user = partner.users.find((u) => u.displayName === name);
      if (!user) throw new Error(`no partner user ${name} in the default world`);
      return required(db, 'database').staffUser.upsert({
        where: { entraObjectId: user.id },
        create: { entraObjectId: user.id, name },
        update: {},
        select: { id: true, name: true },
      });
    },
    stop,
  };
  if (options.inProcess) {
    for (const [name, value] of Object.entries(canopyEnv())) if (name !== 'PATH') vi.stubEnv(name, value);
    stubbed = true;
  }
  try {
    if (options.driver) await world.startDriver();
  } catch (error) {
    await stop();
    throw error;
  }
  return world;
}
