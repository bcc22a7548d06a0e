import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { getConfig } from '@/lib/config';
import { PrismaClient } from '@/lib/generated/prisma/client';

export type Db = PrismaClient;

/** A new client over node-postgres. Callers that create one also `$disconnect()` it. */
export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
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
