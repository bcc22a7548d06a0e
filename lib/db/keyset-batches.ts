import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';

/** A row's place in a newest-change-first list: `(last_update_time, id)`, compared as a row. */
export type KeysetCursor = { lastUpdateTime: Date; id: bigint };

/** Rows per read of an export: a few hundred KB of CSV, and few round trips for a large one. */
export const EXPORT_BATCH_SIZE = 1000;

/** `alias.(last_update_time, id)` after `cursor` in newest-first order. */
export function olderThanSql(alias: 'a' | 'i', cursor: KeysetCursor): Prisma.Sql {
  const table = Prisma.raw(alias);
  // UTC in a `timestamp` column, as Prisma stores it: compared as such whatever the session's zone.
  return Prisma.sql`(${table}.last_update_time, ${table}.id) < (${cursor.lastUpdateTime.toISOString()}::timestamp, ${cursor.id}::bigint)`;
}

/**
 * Every row of a newest-first query, one batch per read (`readBatch` gets the last row read, null
 * at first): keyset paging, so each batch costs the same however deep, and only one is in memory.
 */
export async function* keysetBatches<Row extends KeysetCursor>(
  readBatch: (after: KeysetCursor | null) => Promise<Row[]>,
): AsyncGenerator<Row[]> {
  let after: KeysetCursor | null = null;
  for (;;) {
    const rows = await readBatch(after);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_BATCH_SIZE) return;
    after = last;
  }
}
