import 'server-only';
import type { Explanation } from '@/lib/consent/aadsts';
import { pgPool, withPgTransaction, type Db } from '@/lib/db/client';
import type { SyncFeed, SyncStatus } from '@/lib/generated/prisma/enums';
import type { AlertRow } from './alert-row';
import { lockTenantWrites, upsertAlerts, type UpsertCounts } from './upsert-alerts';
import { upsertIncidents, type IncidentRow } from './upsert-incidents';

/**
 * A run's hold on its (tenant, source), renewed every LEASE_RENEW_MS while it runs. pg-boss hands a
 * tenant's job to one worker, but a job can still run twice (a queued job taken while the last one
 * runs, a job that outlives its expiry); the lease is what keeps two runs apart. A crashed worker's
 * lease lapses after LEASE_MS.
 */
export const LEASE_MS = 120_000;
export const LEASE_RENEW_MS = 30_000;

/** The lease was taken over (it lapsed): this run must stop writing. */
export class LeaseLost extends Error {
  constructor() {
    super('the sync lease was lost to another run');
    this.name = 'LeaseLost';
  }
}

/** A tenant's feed (the column is `source`, see schema.prisma). */
export type SourceKey = { tenantId: string; source: SyncFeed };

export type ClaimedRun = {
  cursor: Date | null;
  backfillCompletedAt: Date | null;
  recentCalls: Date[];
  consecutiveFailures: number;
};

// SQL compares with the database clock in UTC: `timestamp` columns hold UTC, as Prisma writes them.
const NOW = `(now() AT TIME ZONE 'UTC')`;
const LEASE_END = `${NOW} + interval '${LEASE_MS / 1000} seconds'`;

/**
 * The code of a run that ended after its share of a backfill's pages (CANOPY_SYNC_BACKFILL_PAGES):
 * the backfill goes on in the next job.
 */
export const BACKFILL_CONTINUES_CODE = 'backfill-continues';

/** Whether a feed's last run was a slice of a backfill that goes on in the next job. */
export function continuesBackfill(feed: { status: SyncStatus; lastError: unknown }): boolean {
  return feed.status === 'PARTIAL' && (feed.lastError as { code?: unknown } | null)?.code === BACKFILL_CONTINUES_CODE;
}

/**
 * Takes the lease (creating the row on a first run) and zeroes the counts, which then grow with
 * every page (progress of "sync now"); null while another run holds it. A run that continues a
 * backfill's slices keeps the counts: they add up to the whole backfill's. Through node-postgres
 * (as are the page and the run's end): it runs for every feed of every job.
 */
export async function claimSourceRun(db: Db, key: SourceKey, runId: string): Promise<ClaimedRun | null> {
  const continuesBackfill = `(tenant_source_sync.status = 'PARTIAL'
    AND tenant_source_sync.last_error->>'code' = '${BACKFILL_CONTINUES_CODE}')`;
  // `timestamp` columns hold UTC; read as timestamptz, so node-postgres does not take them for local time.
  const { rows } = await pgPool(db).query<ClaimedRun>(
    `INSERT INTO tenant_source_sync (tenant_id, source, run_id, lease_until, last_run_started_at, recent_calls, updated_at)
     VALUES ($1::uuid, $2::"SyncFeed", $3::uuid, ${LEASE_END}, ${NOW}, '{}', ${NOW})
     ON CONFLICT (tenant_id, source) DO UPDATE SET
       run_id = EXCLUDED.run_id, lease_until = EXCLUDED.lease_until,
       last_run_started_at = EXCLUDED.last_run_started_at, updated_at = EXCLUDED.updated_at,
       fetched = CASE WHEN ${continuesBackfill} THEN tenant_source_sync.fetched ELSE 0 END,
       upserted = CASE WHEN ${continuesBackfill} THEN tenant_source_sync.upserted ELSE 0 END,
       malformed = CASE WHEN ${continuesBackfill} THEN tenant_source_sync.malformed ELSE 0 END
     WHERE tenant_source_sync.run_id IS NULL OR tenant_source_sync.lease_until < ${NOW}
     RETURNING cursor AT TIME ZONE 'UTC' AS cursor,
       backfill_completed_at AT TIME ZONE 'UTC' AS "backfillCompletedAt",
       ARRAY(SELECT call AT TIME ZONE 'UTC' FROM unnest(recent_calls) AS call) AS "recentCalls",
       consecutive_failures AS "consecutiveFailures"`,
    [key.tenantId, key.source, runId],
  );
  return rows[0] ?? null;
}

/** Extends the lease; throws LeaseLost when another run has it now. */
export async function renewLease(db: Db, key: SourceKey, runId: string): Promise<void> {
  const { rowCount: held } = await pgPool(db).query(
    `UPDATE tenant_source_sync SET lease_until = ${LEASE_END}
     WHERE tenant_id = $1::uuid AND source = $2::"SyncFeed" AND run_id = $3::uuid`,
    [key.tenantId, key.source, runId],
  );
  if (held === 0) throw new LeaseLost();
}

/** What one page brought: rows to store, and its items counted (read, malformed). */
export type SavedPage = {
  runId: string;
  alerts: readonly AlertRow[];
  incidents: readonly IncidentRow[];
  fetched: number;
  malformed: number;
  cursor: Date | null;
  recentCalls: readonly Date[];
};

/**
 * Stores one page: its alerts and incidents (under the tenant's write lock, see upsert-alerts.ts),
 * the cursor (never moved back), the running counts and the call times, with the lease checked
 * and renewed in the same transaction, so a run that lost its lease writes nothing. Through
 * node-postgres, not Prisma (see withPgTransaction): a page is the sync's one bulk write.
 */
export async function savePage(db: Db, key: SourceKey, page: SavedPage): Promise<UpsertCounts> {
  return withPgTransaction(db, async (tx) => {
    await lockTenantWrites(tx, key.tenantId);
    const alerts = await upsertAlerts(tx, key.tenantId, page.alerts);
    const incidents = await upsertIncidents(tx, key.tenantId, page.incidents);
    const written = alerts.inserted + alerts.updated + incidents.inserted + incidents.updated;
    const { rowCount: held } = await tx.query(
      `UPDATE tenant_source_sync SET
         lease_until = ${LEASE_END},
         cursor = GREATEST(cursor, $1::timestamp),
         recent_calls = $2::timestamp[],
         fetched = fetched + $3, upserted = upserted + $4, malformed = malformed + $5,
         updated_at = ${NOW}
       WHERE tenant_id = $6::uuid AND source = $7::"SyncFeed" AND run_id = $8::uuid`,
      [
        page.cursor?.toISOString() ?? null,
        page.recentCalls.map((date) => date.toISOString()),
        page.fetched,
        written,
        page.malformed,
        key.tenantId,
        key.source,
        page.runId,
      ],
    );
    if (held === 0) throw new LeaseLost();
    return {
      inserted: alerts.inserted + incidents.inserted,
      updated: alerts.updated + incidents.updated,
    };
  });
}

export type RunOutcome = {
  status: Extract<SyncStatus, 'SUCCEEDED' | 'PARTIAL' | 'FAILED'>;
  error: (Explanation & { code: string; aadsts?: number | null; httpStatus?: number }) | null;
  backfillCompleted: boolean;
  consecutiveFailures: number;
  nextRunAt: Date;
  recentCalls: readonly Date[];
};

/**
 * Records how the run ended and releases the lease (only if this run still holds it). Its counts
 * are already stored, page by page (savePage).
 */
export async function finishSourceRun(db: Db, key: SourceKey, runId: string, outcome: RunOutcome): Promise<void> {
  const now = new Date().toISOString();
  await pgPool(db).query(
    `UPDATE tenant_source_sync SET
       status = $1::"SyncStatus", last_error = $2::jsonb, consecutive_failures = $3,
       next_run_at = $4::timestamp, recent_calls = $5::timestamp[],
       last_run_finished_at = $6::timestamp,
       last_success_at = CASE WHEN $1 = 'FAILED' THEN last_success_at ELSE $6::timestamp END,
       backfill_completed_at = CASE WHEN $7 THEN $6::timestamp ELSE backfill_completed_at END,
       run_id = NULL, lease_until = NULL, updated_at = $6::timestamp
     WHERE tenant_id = $8::uuid AND source = $9::"SyncFeed" AND run_id = $10::uuid`,
    [
      outcome.status,
      outcome.error ? JSON.stringify({ ...outcome.error, at: now }) : null,
      outcome.consecutiveFailures,
      outcome.nextRunAt.toISOString(),
      outcome.recentCalls.map((date) => date.toISOString()),
      now,
      outcome.backfillCompleted,
      key.tenantId,
      key.source,
      runId,
    ],
  );
}

/**
 * The tenant has not granted what the source needs: marked once, with the explanation, and left
 * alone (no token requests, no retries) until a check records the permission.
 */
export async function markMissingPermission(db: Db, key: SourceKey, explanation: Explanation): Promise<boolean> {
  const current = await db.tenantSourceSync.findUnique({ where: { tenantId_source: key }, select: { status: true } });
  if (current?.status === 'MISSING_PERMISSION') return false;
  const data = {
    status: 'MISSING_PERMISSION' as const,
    lastError: { ...explanation, code: 'missing-permission', at: new Date().toISOString() },
    nextRunAt: null,
    consecutiveFailures: 0,
  };
  await db.tenantSourceSync.upsert({ where: { tenantId_source: key }, create: { ...key, ...data }, update: data });
  return true;
}
