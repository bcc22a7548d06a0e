import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { getConfig } from '@/lib/config';
import { PrismaClient } from '@/lib/generated/prisma/client';

export type Db = PrismaClient;

/** A node-postgres connection inside withPgTransaction's transaction. */
export type PgTransaction = Pick<pg.ClientBase, 'query'>;

const pools = new WeakMap<Db, pg.Pool>();

/** A new client over node-postgres. Callers that create one also `$disconnect()` it (which ends its pool). */
export function createDb(databaseUrl: string): Db {
  // Our own pool, shared with withPgTransaction, so a process holds one set of connections.
  const pool = new pg.Pool({ connectionString: databaseUrl });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/**
 * `db`'s node-postgres pool, for the sync's statements that run once or more per job: through
 * Prisma (its client and query compiler) each cost the worker more CPU than the job's own work.
 */
export function pgPool(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('node-postgres access needs a client made by createDb');
  return pool;
}

/**
 * Runs `work` in a transaction on a connection of `db`'s pool, through node-postgres itself. For
 * bulk writes only (the sync's pages): Prisma serialises a raw query's parameters to JSON and parses
 * them back, which for a page of alerts costs more CPU than building it. Waits for a free connection
 * as long as it takes, as a page of a sync should; ROLLBACK on any error.
 */
export async function withPgTransaction<T>(db: Db, work: (client: PgTransaction) => Promise<T>): Promise<T> {
  const client = await pgPool(db).connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is dropped from the pool, not handed out again.
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

// Kept on globalThis, not in a module variable: `next dev` re-evaluates modules on every edit, and
// each new client would open another connection pool.
const globalForDb = globalThis as typeof globalThis & { canopyDb?: Db };

/** The app's shared client, created on first use. */
export function getDb(): Db {
  if (globalForDb.canopyDb) return globalForDb.canopyDb;
  const { databaseUrl } = getConfig();
  if (!databaseUrl) {
    // Only development gets here (production config requires it): the launchers set it.
    throw new Error(
      'DATABASE_URL is not set: start Canopy with `npm run demo`, which starts an embedded PostgreSQL, or set DATABASE_URL.',
    );
  }
  globalForDb.canopyDb = createDb(databaseUrl);
  return globalForDb.canopyDb;
}
