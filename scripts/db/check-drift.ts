// `npm run db:check`: do schema.prisma and prisma/migrations agree? Replays the migrations on a
// fresh in-memory PGlite and asks the engine what `migrate dev` would still have to generate.
// Exits 1 on drift, printing the SQL a new migration would need (`npm run db:migration -- <name>`).
import { draftNextMigration } from './draft-migration';
import { runIfMain } from './run-cli';

export type DriftReport =
  | { drift: false }
  /** `script` is the SQL a new migration would contain. */
  | { drift: true; script: string };

export async function checkDrift(options: { schemaPath?: string; migrationsDir?: string } = {}): Promise<DriftReport> {
  const draft = await draftNextMigration({ ...options, migrationName: 'drift' });
  return draft === null ? { drift: false } : { drift: true, script: draft.script };
}

async function main(): Promise<number> {
  const report = await checkDrift();
  if (!report.drift) {
    console.log('No drift: prisma/migrations matches schema.prisma.');
    return 0;
  }
  console.error('Drift: schema.prisma has changes without a migration. The missing SQL:\n');
  console.error(report.script);
  console.error('Create it with `npm run db:migration -- <name>`.');
  return 1;
}

runIfMain(import.meta.url, main);
