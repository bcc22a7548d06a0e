import 'server-only';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';
import { TenantStatus, type DataSource } from '@/lib/generated/prisma/enums';
import { isGuid } from '@/lib/guid';

export const TENANT_PAGE_SIZE = 25;

const SORTS = {
  name: [{ displayName: 'asc' }, { id: 'asc' }],
  status: [{ status: 'asc' }, { displayName: 'asc' }, { id: 'asc' }],
  newest: [{ createdAt: 'desc' }, { id: 'asc' }],
  verified: [{ lastVerifiedAt: { sort: 'desc', nulls: 'last' } }, { displayName: 'asc' }, { id: 'asc' }],
} satisfies Record<string, Prisma.CustomerTenantOrderByWithRelationInput[]>;

/** The tenants page's query string: anything unexpected falls back to the default view. */
export const tenantListQuery = z.object({
  status: z.enum(TenantStatus).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  sort: z
    .enum(Object.keys(SORTS) as [keyof typeof SORTS])
    .default('name')
    .catch('name'),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

export type TenantListQuery = z.output<typeof tenantListQuery>;

export type TenantListRow = {
  id: string;
  entraTenantId: string;
  displayName: string;
  domain: string | null;
  status: TenantStatus;
  dataSources: DataSource[];
  lastVerifiedAt: Date | null;
};

/** One page of customer tenants with the filter applied, and the counts per status for the filter bar. */
export async function listTenants(query: TenantListQuery) {
  const db = getDb();
  const search = query.q
    ? {
        OR: [
          { displayName: { contains: query.q, mode: 'insensitive' as const } },
          { domain: { contains: query.q.toLowerCase() } },
          ...(isGuid(query.q) ? [{ entraTenantId: query.q.toLowerCase() }] : []),
        ],
      }
    : {};
  const where: Prisma.CustomerTenantWhereInput = { ...search, ...(query.status ? { status: query.status } : {}) };
  const [total, rows, byStatus, all] = await Promise.all([
    db.customerTenant.count({ where }),
    db.customerTenant.findMany({
      where,
      orderBy: SORTS[query.sort],
      skip: (query.page - 1) * TENANT_PAGE_SIZE,
      take: TENANT_PAGE_SIZE,
      select: {
        id: true,
        entraTenantId: true,
        displayName: true,
        domain: true,
        status: true,
        dataSources: true,
        lastVerifiedAt: true,
      },
    }),
    db.customerTenant.groupBy({ by: ['status'], where: search, _count: true }),
    db.customerTenant.count(),
  ]);
  return {
    rows: rows satisfies TenantListRow[],
    total,
    /** Every registered tenant, whatever the filter: zero means a new install. */
    registeredCount: all,
    pageCount: Math.max(1, Math.ceil(total / TENANT_PAGE_SIZE)),
    countsByStatus: Object.fromEntries(byStatus.map((row) => [row.status, row._count])) as Partial<
      Record<TenantStatus, number>
    >,
  };
}
