// Prisma 7 configuration, read by the Prisma CLI (`prisma generate`, and `prisma migrate deploy`
// on machines that can download Prisma's native engine).
import { defineConfig } from 'prisma/config';
import { MIGRATIONS_PATH, SCHEMA_PATH } from './lib/db/migration-files';

export default defineConfig({
  schema: SCHEMA_PATH,
  migrations: { path: MIGRATIONS_PATH },
  datasource: {
    // Prisma 7 does not load .env and `env()` throws when the variable is unset, which would break
    // `prisma generate` (it needs no database). The default is never connected to by generate.
    url: process.env.DATABASE_URL ?? 'postgresql://canopy@localhost:5433/canopy',
  },
});
