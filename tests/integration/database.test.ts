// The database tooling against a real PostgreSQL (embedded, in a temp folder): migrations as
// `prisma migrate deploy` applies them, the app's migration status, the Prisma client, and the
// drift check. The tests run in order and share one database: status before and after applying.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db/client';
import { listMigrationNames, resolveMigrationsDir, SCHEMA_PATH } from '@/lib/db/migration-files';
import { getMigrationStatus } from '@/lib/db/migration-status';
import { applyMigrations } from '@/scripts/db/apply-migrations';
import { checkDrift } from '@/scripts/db/check-drift';
import { startIntegrationWorld, type IntegrationWorld } from './support/integration-world';

// Authoring and drift checks start PGlite (WASM PostgreSQL) twice: seconds, not milliseconds.
const SLOW = { timeout: 120_000 };

let world: IntegrationWorld | undefined;
let folders: string[];

beforeAll(async () => {
  world = await startIntegrationWorld({ name: 'db', database: 'empty' });
  folders = await listMigrationNames(resolveMigrationsDir());
}, 60_000);

afterAll(() => world?.stop());

function running(): { databaseUrl: string; db: Db } {
  if (!world) throw new Error('beforeAll did not start PostgreSQL');
  return { databaseUrl: world.databaseUrl, db: world.db };
}

async function migrationRows(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count
         FROM _prisma_migrations ORDER BY migration_name`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe('database migrations', () => {
  it('has committed migrations to test with', () => {
    expect(folders.length).toBeGreaterThan(0);
    expect(folders.some((name) => /^\d{14}_init$/.test(name))).toBe(true);
  });

  it('reports every migration pending on a fresh database (no _prisma_migrations table)', async () => {
    expect(await getMigrationStatus(running().db)).toEqual({
      applied: [],
      pending: folders,
      failed: [],
    });
  });

  it('applies the migrations and records them as the Prisma CLI does', async () => {
    const { databaseUrl } = running();
    expect(await applyMigrations({ databaseUrl })).toEqual(folders);

    const rows = await migrationRows(databaseUrl);
    expect(rows.map((row) => row.migration_name)).toEqual(folders);
    for (const row of rows) {
      const sql = await readFile(path.join(resolveMigrationsDir(), row.migration_name, 'migration.sql'), 'utf8');
      // The CLI's checksum: SHA-256 of the migration file, which `migrate deploy` later compares.
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('applies nothing the second time', async () => {
    const { databaseUrl } = running();
    const before = await migrationRows(databaseUrl);
    expect(await applyMigrations({ databaseUrl })).toEqual([]);
    expect(await migrationRows(databaseUrl)).toEqual(before);
  });

  it('reports every migration applied', async () => {
    expect(await getMigrationStatus(running().db)).toEqual({
      applied: folders,
      pending: [],
      failed: [],
    });
  });

  it('stores and reads a staff user and session through the Prisma client', async () => {
    const { db } = running();
    const expiresAt = new Date(Date.now() + 3_600_000);
    const user = await db.staffUser.create({
      data: {
        entraObjectId: '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
        name: 'Avery Admin',
        email: 'avery@partner.example',
        sessions: { create: { role: 'ADMIN', expiresAt } },
      },
      select: { id: true },
    });

    const read = await db.staffUser.findUniqueOrThrow({
      where: { entraObjectId: '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f' },
      select: {
        id: true,
        name: true,
        isGuest: true,
        sessions: { select: { role: true, expiresAt: true, endedAt: true } },
      },
    });
    expect(read).toEqual({
      id: user.id,
      name: 'Avery Admin',
      isGuest: false,
      sessions: [{ role: 'ADMIN', expiresAt, endedAt: null }],
    });
  });
});

describe('drift check', () => {
  it('finds no drift between schema.prisma and the committed migrations', SLOW, async () => {
    expect(await checkDrift()).toEqual({ drift: false });
  });

  it('reports drift, with the missing SQL, for a schema with an extra column', SLOW, async () => {
    const schema = await readFile(SCHEMA_PATH, 'utf8');
    const changed = schema.replace(
      /model StaffSession \{\n/,
      (model) => `${model}  userAgent String? @map("user_agent")\n`,
    );
    expect(changed).not.toBe(schema);
    const schemaPath = path.join(world!.tempDir, 'schema.prisma');
    await writeFile(schemaPath, changed);

    const report = await checkDrift({ schemaPath });
    expect(report.drift).toBe(true);
    expect(report.drift && report.script).toMatch(/ALTER TABLE "staff_session" ADD COLUMN\s+"user_agent" TEXT/);
  });
});
