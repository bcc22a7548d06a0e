import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';

/** A row's place in a newest-change-first list: `(last_update_time, id)`, compared as a row. */
export type KeysetCursor = { lastUpdateTime: Date; id: bigint };

/** `<epoch ms>.<id>`: short, URL-safe, and enough to resume the order exactly (ms precision, as stored). */
export function encodeKeysetCursor(cursor: KeysetCursor): string {
  return `${cursor.lastUpdateTime.getTime()}.${cursor.id}`;
}

/** Null for anything that is not a cursor encodeKeysetCursor wrote (a hand-edited or truncated URL). */
export function decodeKeysetCursor(value: string | undefined): KeysetCursor | null {
  const match = value ? /^(\d{1,15})\.(\d{1,18})$/.exec(value) : null;
  if (!match) return null;
  const lastUpdateTime = new Date(Number(match[1]));
  if (Number.isNaN(lastUpdateTime.getTime())) return null;
  return { lastUpdateTime, id: BigInt(match[2]!) };
}

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
