// Prisma's schema engine as WebAssembly, for machines that cannot download the native engine the
// Prisma CLI needs. The same engine code the CLI runs, so migration files and the
// `_prisma_migrations` table come out exactly as with `prisma migrate`.
// @prisma/internals and @prisma/migrate are CommonJS: import the default and destructure.
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { MigrateTypes } from '@prisma/internals';
import internals from '@prisma/internals';
import migrate from '@prisma/migrate';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { listMigrationNames, SCHEMA_PATH } from '../../lib/db/migration-files';

const { createSchemaPathInput, loadSchemaContext, toSchemasContainer } = internals;
const { SchemaEngineWasm } = migrate;

export type SchemaEngine = Awaited<ReturnType<typeof SchemaEngineWasm.setup>>;
export type SchemasContainer = MigrateTypes.SchemasContainer;

/** No externally managed tables or enums in this project. */
export const NO_FILTER: MigrateTypes.SchemaFilter = { externalTables: [], externalEnums: [] };

const require = createRequire(import.meta.url);

/**
 * @prisma/internals loads the engine from `path.join(__dirname, '..', 'build',
 * 'schema_engine_bg.wasm')`, a path that is only right inside the bundled `prisma` CLI. From the
 * published package __dirname is `@prisma/internals/dist`, so it looks in
 * `@prisma/internals/build/`, which does not ship. Copy the file from @prisma/schema-engine-wasm
 * (the exact version @prisma/internals depends on) to that spot. Resolving both from the installed
 * packages keeps this right wherever npm hoists them; the copy goes through a temporary name and a
 * rename so that concurrent processes never read a half-written file.
 */
export function ensureSchemaEngineWasm(): void {
  const internalsMain = require.resolve('@prisma/internals');
  const target = path.join(path.dirname(internalsMain), '..', 'build', 'schema_engine_bg.wasm');
  if (existsSync(target)) return;
  const fromInternals = createRequire(internalsMain);
  const wasmPackageDir = path.dirname(fromInternals.resolve('@prisma/schema-engine-wasm'));
  const source = path.join(wasmPackageDir, 'schema_engine_bg.wasm');
  mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  copyFileSync(source, temporary);
  renameSync(temporary, target);
}

/** The Prisma schema as the engine wants it (a schema folder would work the same way). */
export async function loadSchemas(schemaPath: string = SCHEMA_PATH): Promise<SchemasContainer> {
  const schemaContext = await loadSchemaContext({
    schemaPath: createSchemaPathInput({ schemaPathFromArgs: schemaPath, baseDir: process.cwd() }),
    printLoadMessage: false,
  });
  return toSchemasContainer(schemaContext.schemaFiles);
}

/**
 * The migrations folder in the engine's input format. Same content as the CLI's own listing, with
 * folder names from the one listing shared with the app.
 */
export async function readMigrationsList(migrationsDir: string): Promise<MigrateTypes.MigrationList> {
  const lockfileContent = await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8').catch(() => null);
  const names = await listMigrationNames(migrationsDir);
  const migrationDirectories = await Promise.all(
    names.map(async (name): Promise<MigrateTypes.MigrationDirectory> => {
      const content = await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8')
        .then((value) => ({ tag: 'ok' as const, value }))
        .catch((error: Error) => ({ tag: 'error' as const, value: error.message }));
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: lockfileContent },
    migrationDirectories,
    shadowDbInitScript: '',
  };
}

/**
 * Runs `work` with a schema engine connected through `adapterFactory`, then frees the engine.
 * Closing the adapter's underlying driver (pool, PGlite) stays with the caller, who created it.
 */
export async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  ensureSchemaEngineWasm();
  const adapter = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  const engine = await SchemaEngineWasm.setup({ adapter });
  try {
    return await work(engine);
  } finally {
    await engine.stop();
  }
}
