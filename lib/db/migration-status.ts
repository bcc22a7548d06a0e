import 'server-only';
import type { Db } from './client';
import { listMigrationNames, resolveMigrationsDir } from './migration-files';

export type MigrationStatus = {
  /** Recorded as finished and not rolled back. */
  applied: string[];
  /** In the migrations folder and not applied (never started, or rolled back). */
  pending: string[];
  /** Started and never finished: `migrate deploy` stops here until someone resolves it. */
  failed: string[];
};

type MigrationRow = {
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

/**
 * Compares Prisma's `_prisma_migrations` table with prisma/migrations (resolved from the working
 * directory, which is the project root under `next start` and `next dev`). A database without
 * the table has had nothing applied.
 */
export async function getMigrationStatus(
  db: Db,
  migrationsDir: string = resolveMigrationsDir(),
): Promise<MigrationStatus> {
  const [onDisk, rows] = await Promise.all([listMigrationNames(migrationsDir), readMigrationRows(db)]);
  const applied = new Set<string>();
  const failed = new Set<string>();
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue;
    (row.finished_at === null ? failed : applied).add(row.migration_name);
  }
  // A migration that failed and was then applied again has both rows: it counts as applied.
  for (const name of applied) failed.delete(name);
  return {
    applied: [...applied].sort((a, b) => a.localeCompare(b)),
    pending: onDisk.filter((name) => !applied.has(name) && !failed.has(name)),
    failed: [...failed].sort((a, b) => a.localeCompare(b)),
  };
}

async function readMigrationRows(db: Db): Promise<MigrationRow[]> {
  // to_regclass follows search_path, as Prisma does when it creates the table.
  const [table] = await db.$queryRaw<{ present: boolean }[]>`
    SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`;
  if (!table?.present) return [];
  return db.$queryRaw<MigrationRow[]>`
    SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations`;
}
