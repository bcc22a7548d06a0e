import 'server-only';
import type { Db } from '@/lib/db/client';
import { likePattern } from '@/lib/db/like-pattern';
import { Prisma } from '@/lib/generated/prisma/client';
import { isGuid } from '@/lib/guid';

/**
 * Up to this many tenants the filter is a plain select: it works without script and is the
 * quickest to use. 50 names (about 5 KB of page, sent twice: as HTML and in React's payload) still
 * scan by eye in a native list; past that the list is a wall to scroll (a thousand tenants made
 * the page 250 KB heavier), so staff search instead (the picker).
 */
export const TENANT_SELECT_LIMIT = 50;
/** Matches the picker shows at most: type more to narrow. */
export const TENANT_MATCH_LIMIT = 20;

/** A tenant as a filter shows it: its Canopy id (the `tenant` query parameter) and its name. */
export type TenantOption = { id: string; displayName: string };

/** The pages with a tenant filter; each lists the tenants it has something to show of. */
export const TENANT_LISTS = ['alerts', 'incidents'] as const;
export type TenantList = (typeof TENANT_LISTS)[number];

const CONNECTED = Prisma.sql`c.status IN ('CONNECTED', 'MISSING_PERMISSIONS')`;

/**
 * `customer_tenant c` rows a page lists: those Canopy reads (connected, or missing a permission),
 * and those whose data stays: synced before (alerts), with stored incidents (incidents).
 */
export const LISTED_TENANTS: Record<TenantList, Prisma.Sql> = {
  alerts: Prisma.sql`(${CONNECTED} OR EXISTS (SELECT 1 FROM tenant_source_sync s WHERE s.tenant_id = c.id))`,
  incidents: Prisma.sql`(${CONNECTED} OR EXISTS (SELECT 1 FROM incident i WHERE i.tenant_id = c.id))`,
};

export type TenantFilterChoices = {
  /**
   * Every listed tenant by name when there are at most TENANT_SELECT_LIMIT (a select); null when
   * there are more (the picker searches them instead, and the page reads none of them).
   */
  options: TenantOption[] | null;
  /** The tenant the page is filtered to, if it is listed. */
  chosen: TenantOption | null;
};

/**
 * What a page's tenant filter needs, in work bounded however many tenants there are: at most
 * TENANT_SELECT_LIMIT + 1 names (the extra one tells that there are more), and the chosen tenant
 * read by id.
 */
export async function listTenantFilterChoices(
  db: Db,
  { list, chosenId }: { list: TenantList; chosenId: string | undefined },
): Promise<TenantFilterChoices> {
  const [first, chosen] = await Promise.all([
    db.$queryRaw<TenantOption[]>`
      SELECT c.id::text AS id, c.display_name AS "displayName" FROM customer_tenant c
       WHERE ${LISTED_TENANTS[list]} ORDER BY c.display_name, c.id LIMIT ${TENANT_SELECT_LIMIT + 1}`,
    chosenId
      ? db.$queryRaw<TenantOption[]>`
          SELECT c.id::text AS id, c.display_name AS "displayName" FROM customer_tenant c
           WHERE c.id = ${chosenId}::uuid AND ${LISTED_TENANTS[list]}`
      : [],
  ]);
  return { options: first.length > TENANT_SELECT_LIMIT ? null : first, chosen: chosen[0] ?? null };
}

/** Names of the given tenants (a page's few links), from the select's options when it has them. */
export async function readTenantNames(
  db: Db,
  { choices, ids }: { choices: TenantFilterChoices; ids: string[] },
): Promise<Map<string, string>> {
  const rows =
    choices.options ??
    (ids.length > 0
      ? await db.customerTenant.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } })
      : []);
  return new Map(rows.map((tenant) => [tenant.id, tenant.displayName]));
}

/**
 * The picker's matches: listed tenants whose name or domain contains `text` (case-insensitive;
 * the trigram indexes answer it), or whose Entra tenant ID or Canopy id it is, by name, at most
 * TENANT_MATCH_LIMIT; `more` when others match too. Empty text: the first tenants by name.
 */
export async function searchTenantOptions(
  db: Db,
  { list, text }: { list: TenantList; text: string },
): Promise<{ tenants: TenantOption[]; more: boolean }> {
  const trimmed = text.trim();
  const byId = isGuid(trimmed)
    ? Prisma.sql` OR c.entra_tenant_id = ${trimmed.toLowerCase()}::uuid OR c.id = ${trimmed.toLowerCase()}::uuid`
    : Prisma.empty;
  const pattern = likePattern(trimmed);
  const rows = await db.$queryRaw<TenantOption[]>`
    SELECT c.id::text AS id, c.display_name AS "displayName" FROM customer_tenant c
     WHERE (c.display_name ILIKE ${pattern} OR c.domain ILIKE ${pattern}${byId}) AND ${LISTED_TENANTS[list]}
     ORDER BY c.display_name, c.id LIMIT ${TENANT_MATCH_LIMIT + 1}`;
  return { tenants: rows.slice(0, TENANT_MATCH_LIMIT), more: rows.length > TENANT_MATCH_LIMIT };
}
