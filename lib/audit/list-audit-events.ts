import 'server-only';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';
import { AuditResult } from '@/lib/generated/prisma/enums';
import { markGuestActors } from './mark-guest-actors';

export const AUDIT_PAGE_SIZE = 50;

/** The audit page's query string; anything unexpected falls back to the unfiltered view. */
export const auditQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  result: z.enum(AuditResult).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

export type AuditQuery = z.output<typeof auditQuery>;

/** Newest first; `q` matches the action, the actor's name or the tenant's name or GUID. */
export async function listAuditEvents(query: AuditQuery) {
  const where: Prisma.AuditEventWhereInput = {
    ...(query.result ? { result: query.result } : {}),
    ...(query.q
      ? {
          OR: [
            { action: { contains: query.q, mode: 'insensitive' } },
            { actorName: { contains: query.q, mode: 'insensitive' } },
            { tenantName: { contains: query.q, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
  const db = getDb();
  const [total, events] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({
      where,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      skip: (query.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      select: {
        id: true,
        at: true,
        actorId: true,
        actorName: true,
        action: true,
        tenantId: true,
        tenantName: true,
        result: true,
        detail: true,
        correlationId: true,
      },
    }),
  ]);
  return {
    events: await markGuestActors(db, events),
    total,
    pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
  };
}
