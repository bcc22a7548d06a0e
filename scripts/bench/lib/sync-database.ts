/** What the sync benchmark reads from Canopy's database (plain SQL: it only observes). */
import type pg from 'pg';

/** A wall-clock instant as Canopy stores it (`timestamp(3)` without time zone, in UTC). */
const AT = `(to_timestamp($1::double precision / 1000) AT TIME ZONE 'UTC')`;

export type FeedProgress = { done: number; failed: number; inserted: number; lastFinishedMs: number | null };

/**
 * Feeds that succeeded with their backfill read, in a run that finished at or after `sinceMs`; and
 * rows inserted so far (table statistics: a feed's own counts restart with each backfill slice).
 */
export async function feedProgress(db: pg.Client, sinceMs: number): Promise<FeedProgress> {
  const { rows } = await db.query<{ done: string; failed: string; inserted: string | null; last: number | null }>(
    `SELECT count(*) FILTER (WHERE status = 'SUCCEEDED' AND backfill_completed_at IS NOT NULL
                               AND last_run_finished_at >= ${AT}) AS done,
            count(*) FILTER (WHERE status = 'FAILED') AS failed,
            (SELECT sum(n_tup_ins) FROM pg_stat_user_tables WHERE relname IN ('alert', 'incident')) AS inserted,
            extract(epoch FROM max(last_run_finished_at)) * 1000 AS last
       FROM tenant_source_sync`,
    [sinceMs],
  );
  const row = rows[0]!;
  return {
    done: Number(row.done),
    failed: Number(row.failed),
    inserted: Number(row.inserted ?? 0),
    lastFinishedMs: row.last === null ? null : Number(row.last),
  };
}

/** Waits until `expected` feeds are done (see feedProgress) or `timeoutMs` passes; prints progress. */
export async function waitForFeeds(
  db: pg.Client,
  options: { sinceMs: number; expected: number; timeoutMs: number },
): Promise<FeedProgress & { finished: boolean }> {
  const deadline = Date.now() + options.timeoutMs;
  let lastPrint = Date.now();
  for (;;) {
    const progress = await feedProgress(db, options.sinceMs);
    if (progress.done >= options.expected) return { ...progress, finished: true };
    if (Date.now() > deadline) return { ...progress, finished: false };
    if (Date.now() - lastPrint >= 15_000) {
      lastPrint = Date.now();
      const elapsed = ((Date.now() - options.sinceMs) / 1000).toFixed(0);
      console.log(
        `    ${elapsed} s: ${progress.done}/${options.expected} feeds done, ${progress.inserted.toLocaleString('en')} rows inserted, ${progress.failed} failed`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * Waits until no other session is connected. A backend writes its table statistics on exit, so
 * after this `tableWrites` counts everything the stopped workers did.
 */
export async function waitForNoOtherSessions(db: pg.Client, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
    );
    if (Number(rows[0]!.n) === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export type TableWrites = Record<'alert' | 'incident', { inserted: number; updated: number }>;

/** Rows ever inserted and updated in the alert and incident tables (pg_stat_user_tables). */
export async function tableWrites(db: pg.Client): Promise<TableWrites> {
  const { rows } = await db.query<{ relname: 'alert' | 'incident'; ins: string; upd: string }>(
    `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd FROM pg_stat_user_tables WHERE relname IN ('alert', 'incident')`,
  );
  const writes: TableWrites = { alert: { inserted: 0, updated: 0 }, incident: { inserted: 0, updated: 0 } };
  for (const row of rows) writes[row.relname] = { inserted: Number(row.ins), updated: Number(row.upd) };
  return writes;
}

export function writesBetween(before: TableWrites, after: TableWrites): number {
  return (['alert', 'incident'] as const).reduce(
    (sum, table) => sum + after[table].inserted - before[table].inserted + after[table].updated - before[table].updated,
    0,
  );
}

export async function rowCounts(db: pg.Client): Promise<{ alerts: number; incidents: number; bytes: number }> {
  const { rows } = await db.query<{ alerts: string; incidents: string; bytes: string }>(
    `SELECT (SELECT count(*) FROM alert) AS alerts, (SELECT count(*) FROM incident) AS incidents,
            pg_database_size(current_database()) AS bytes`,
  );
  return { alerts: Number(rows[0]!.alerts), incidents: Number(rows[0]!.incidents), bytes: Number(rows[0]!.bytes) };
}

/** When each alert created at or after `sinceMs` was first stored, by upstream id (any source's copy). */
export async function firstStored(db: pg.Client, sinceMs: number): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; first: number }>(
    `SELECT upstream_id AS id, extract(epoch FROM min(first_synced_at)) * 1000 AS first
       FROM alert WHERE alert_creation_time >= ${AT} GROUP BY upstream_id`,
    [sinceMs],
  );
  return new Map(rows.map((row) => [row.id, Number(row.first)]));
}

export type StatementCost = { query: string; calls: number; totalMs: number; meanMs: number; rows: number };

/** The statements that took the most server time since the last reset (pg_stat_statements). */
export async function topStatements(db: pg.Client, limit: number): Promise<StatementCost[]> {
  const { rows } = await db.query<{ query: string; calls: string; total: number; mean: number; rows: string }>(
    `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls, total_exec_time AS total,
            mean_exec_time AS mean, rows
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({
    query: row.query.slice(0, 160),
    calls: Number(row.calls),
    totalMs: Math.round(row.total),
    meanMs: Math.round(row.mean * 10) / 10,
    rows: Number(row.rows),
  }));
}

export async function resetStatements(db: pg.Client): Promise<void> {
  await db.query('SELECT pg_stat_statements_reset()');
}
