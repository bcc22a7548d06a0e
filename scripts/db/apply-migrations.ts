// What `prisma migrate deploy` does, without the native engine: applies pending migrations from
// prisma/migrations and records them in `_prisma_migrations` (the engine writes that table, so the
// rows are the CLI's). Safe to run at every start: applied migrations are skipped.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { resolveMigrationsDir } from '../../lib/db/migration-files';
import { runIfMain } from './run-cli';
import { NO_FILTER, readMigrationsList, withSchemaEngine } from './schema-engine';

export type ApplyMigrationsOptions = {
  databaseUrl: string;
  /** Defaults to prisma/migrations under the working directory. */
  migrationsDir?: string;
};

/** Applies pending migrations; returns the names of the ones applied by this call. */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<string[]> {
  const migrationsList = await readMigrationsList(options.migrationsDir ?? resolveMigrationsDir());
  // Our own pool, ended below: the adapter would otherwise leave idle connections that keep the
  // process alive for ~10 s after the work is done.
  const pool = new pg.Pool({ connectionString: options.databaseUrl });
  try {
    const { appliedMigrationNames } = await withSchemaEngine(new PrismaPg(pool), (engine) =>
      engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
    );
    return appliedMigrationNames;
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set.');
  const applied = await applyMigrations({ databaseUrl });
  console.log(
    applied.length === 0
      ? 'No pending migrations.'
      : `Applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join('\n')}`,
  );
}

runIfMain(import.meta.url, main);
