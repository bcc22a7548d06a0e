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
    const { appliedMigrationNames } = await withSchemaEngine(new WholeScriptPrismaPg(pool), (engine) =>
      engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
    );
    return appliedMigrationNames;
  } finally {
    await pool.end();
  }
}

type ScriptRunner = { executeScript(script: string): Promise<void> };
type PgInternals = { client: pg.Pool; onError(error: unknown): never };

/**
 * @prisma/adapter-pg 7.10 runs a migration by splitting its script at every `;`, which cuts
 * dollar-quoted function bodies (the audit log's trigger function) apart. The Prisma CLI's native
 * engine sends the script whole, and so does this: PostgreSQL's simple query protocol runs several
 * statements in one call, as one implicit transaction.
 */
class WholeScriptPrismaPg extends PrismaPg {
  override async connect(): ReturnType<PrismaPg['connect']> {
    const adapter = await super.connect();
    // The adapter's own pool and error mapping (JavaScript fields its type does not declare).
    const internals = adapter as unknown as PgInternals;
    (adapter as unknown as ScriptRunner).executeScript = async (script) => {
      await internals.client.query(script).catch((error: unknown) => internals.onError(error));
    };
    return adapter;
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
