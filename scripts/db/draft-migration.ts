// What `prisma migrate dev --create-only` computes, against in-memory PGlite databases: replay the
// migrations folder, compare with schema.prisma, and draft the SQL for the difference. The
// native-free engine cannot author migrations over adapter-pg (it fails to read PostgreSQL's
// `char` columns), which is why PGlite serves as both the dev and the shadow database here.
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { SCHEMA_PATH, resolveMigrationsDir } from '../../lib/db/migration-files';
import { loadSchemas, NO_FILTER, readMigrationsList, withSchemaEngine } from './schema-engine';

export type DraftMigrationOptions = {
  migrationName: string;
  /** Defaults to prisma/migrations under the working directory. */
  migrationsDir?: string;
  /** Defaults to prisma/schema.prisma. */
  schemaPath?: string;
};

export type DraftedMigration = {
  /** `<timestamp>_<name>`, as the CLI names migration folders. */
  directoryName: string;
  script: string;
  connectorType: string;
  /** Data-loss warnings and steps that would fail on existing rows. */
  warnings: string[];
};

/** The extensions the migrations create (PGlite loads an extension only when told to). */
const PGLITE_OPTIONS: PGliteOptions = { extensions: { pg_trgm } };

/** The adapter's shadow database is a bare PGlite, on which `CREATE EXTENSION pg_trgm` fails. */
class PGliteWithExtensions extends PrismaPGlite {
  override connectToShadowDb() {
    return new PrismaPGlite(new PGlite({ dataDir: 'memory://shadow', ...PGLITE_OPTIONS })).connect();
  }
}

/** Returns null when schema.prisma and the migrations agree. */
export async function draftNextMigration(options: DraftMigrationOptions): Promise<DraftedMigration | null> {
  const migrationsList = await readMigrationsList(options.migrationsDir ?? resolveMigrationsDir());
  const schema = await loadSchemas(options.schemaPath ?? SCHEMA_PATH);
  const devDatabase = new PGlite(PGLITE_OPTIONS);
  try {
    return await withSchemaEngine(new PGliteWithExtensions(devDatabase), async (engine) => {
      // Same order as `migrate dev`: bring the dev database up to the migrations, then diagnose.
      // The diagnosis is also what replays the migrations on the shadow database (the adapter's
      // connectToShadowDb): the Wasm engine hands only devDiagnostic/diff that factory and caches
      // the result, which evaluateDataLoss and createMigration then read. Called without it they
      // fail with "PostgreSQL shadow DB must be provided through an external factory".
      await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
      const diagnostic = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
      if (diagnostic.action.tag === 'reset') throw new Error(diagnostic.action.reason);
      const evaluation = await engine.evaluateDataLoss({ migrationsList, schema, filters: NO_FILTER });
      if (evaluation.migrationSteps === 0) return null;
      const created = await engine.createMigration({
        migrationName: options.migrationName,
        draft: true,
        migrationsList,
        schema,
        filters: NO_FILTER,
      });
      return {
        directoryName: created.generatedMigrationName,
        script: created.migrationScript ?? '',
        connectorType: created.connectorType,
        // Like `--create-only`, steps that would fail on existing data (say, a required column
        // without default) are drafted anyway for hand editing, and reported with the warnings.
        warnings: [...evaluation.unexecutableSteps, ...evaluation.warnings].map((w) => w.message),
      };
    });
  } finally {
    await devDatabase.close();
  }
}
