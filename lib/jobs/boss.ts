import 'server-only';
import PgBoss from 'pg-boss';

/**
 * pg-boss on Canopy's own PostgreSQL, in its own schema. Several workers may share one database:
 * pg-boss hands each job to one of them (SKIP LOCKED), so nothing runs twice.
 */
export function createBoss(databaseUrl: string, options: Partial<PgBoss.ConstructorOptions> = {}): PgBoss {
  return new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', application_name: 'canopy-worker', ...options });
}
