import 'server-only';
import type { DbOrTransaction } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db/client';
import type { AccessCheck } from './check-tenant-access';

const ROW = 1;

/**
 * Keeps the partner-credential banner true: a check refused for the partner's own credential
 * (wrong or expired secret, refused certificate) sets it; any check that reached a tenant with
 * the credential accepted clears it.
 */
export async function notePartnerCredential(db: DbOrTransaction, check: AccessCheck): Promise<void> {
  const now = new Date();
  if (check.verdict === 'partner-credential') {
    const current = await db.partnerCredentialHealth.findUnique({ where: { id: ROW } });
    await db.partnerCredentialHealth.upsert({
      where: { id: ROW },
      create: { id: ROW, errorCode: check.code, failingSince: now, checkedAt: now },
      update: { errorCode: check.code, failingSince: current?.failingSince ?? now, checkedAt: now },
    });
    return;
  }
  if (check.verdict === 'unavailable') return;
  await db.partnerCredentialHealth.upsert({
    where: { id: ROW },
    create: { id: ROW, checkedAt: now },
    update: { errorCode: null, failingSince: null, checkedAt: now },
  });
}

/** The current credential problem, or null while the credential works (or was never checked). */
export async function getPartnerCredentialProblem(): Promise<{ code: number; since: Date } | null> {
  const row = await getDb().partnerCredentialHealth.findUnique({ where: { id: ROW } });
  return row?.errorCode && row.failingSince ? { code: row.errorCode, since: row.failingSince } : null;
}
