import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';

/**
 * A list page's keyset condition and order over `columns` (trusted column names, every one
 * descending in the list, the id last, so the order is total), compared as a row with the cursor's
 * `key`: the rows past it going older, or, for the newer page, the rows before it, read ascending
 * from the cursor (keysetPage turns them round). PostgreSQL walks the matching index from the
 * cursor: no OFFSET, and deep pages cost as little as the first.
 */
export function keysetPageSql(
  columns: readonly string[],
  key: Prisma.Sql | null,
  newer: boolean,
): { condition: Prisma.Sql | null; order: Prisma.Sql } {
  const row = Prisma.raw(columns.join(', '));
  return {
    condition: key ? (newer ? Prisma.sql`(${row}) > (${key})` : Prisma.sql`(${row}) < (${key})`) : null,
    order: Prisma.raw(columns.map((column) => `${column} ${newer ? 'ASC' : 'DESC'}`).join(', ')),
  };
}

/**
 * The page from the rows a keysetPageSql query read (one more than `size`, to know whether more
 * follow), in the list's order, and whether pages lie on either side. A page reached from a
 * cursor has rows on the side it came from (they may have changed since, in which case that page
 * simply shows fewer or none).
 */
export function keysetPage<Row>(raw: readonly Row[], size: number, from: { newer: boolean; cursor: boolean }) {
  const more = raw.length > size;
  const rows = raw.slice(0, size);
  if (from.newer) rows.reverse();
  return { rows, hasNewer: from.newer ? more : from.cursor, hasOlder: from.newer || more };
}
