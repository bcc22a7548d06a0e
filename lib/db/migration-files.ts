// Where the schema and migrations live, and which migrations exist on disk. Shared by the app
// (migration status) and the scripts (apply, author, drift), so it must not import 'server-only'.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Paths relative to the project root; prisma.config.ts reads them from here too. */
export const SCHEMA_PATH = 'prisma/schema.prisma';
export const MIGRATIONS_PATH = 'prisma/migrations';

export function resolveMigrationsDir(root: string = process.cwd()): string {
  return path.resolve(root, MIGRATIONS_PATH);
}

/**
 * Migration names, in the order Prisma applies them. Same rule as Prisma's own listing: every
 * sub-directory is a migration, sorted with localeCompare. A missing folder means no migrations.
 */
export async function listMigrationNames(migrationsDir: string): Promise<string[]> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the project's migrations folder (or one a script or test passes in), never request input
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
}
