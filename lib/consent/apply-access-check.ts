import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import type { TenantStatus } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/tenants/register-tenant';
import { explainAadsts, isExplained, type Explanation } from './aadsts';
import type { AccessCheck } from './check-tenant-access';
import { notePartnerCredential } from './partner-credential-health';

export type CheckedTenant = {
  id: string;
  entraTenantId: string;
  displayName: string;
  status: TenantStatus;
  verifyUntil: Date | null;
  revokedAt: Date | null;
};

/**
 * - `verification`: right after a consent callback, while the tenant is CONSENTED. Replication
 *   takes time (700016 and missing roles are normal at first), so until the window ends the
 *   outcome may be `retry`.
 * - `health`: the periodic health check and "Check now": detects revocation of a tenant that
 *   was connected; a tenant that never was keeps its status and gets the explanation.
 */
export type CheckPurpose = 'verification' | 'health';

export type AppliedCheck = { status: TenantStatus; retry: boolean };

/** Statuses of a tenant that had a working consent: losing it now means it was revoked. */
const HAD_CONSENT: ReadonlySet<TenantStatus> = new Set(['CONNECTED', 'MISSING_PERMISSIONS', 'REVOKED']);

const WAITING_VERDICTS: ReadonlySet<AccessCheck['verdict']> = new Set([
  'no-consent',
  'no-roles',
  'missing-roles',
  'unavailable',
  'partner-credential',
]);

const EXPLANATIONS: Partial<Record<AccessCheck['verdict'], Explanation>> = {
  'wrong-tenant': {
    title: 'Token for another tenant',
    explanation: "Microsoft issued a token whose tenant (tid) is not this customer's. Canopy refused it.",
    nextStep: 'Check the tenant ID; this is flagged in the audit log as a security event.',
  },
  'no-roles': {
    title: 'No permissions granted',
    explanation: 'Tokens for this tenant carry none of the required roles: consent was withdrawn or never granted.',
    nextStep: 'Send a new invitation so an administrator consents again.',
  },
  'missing-roles': {
    title: 'Some permissions are missing',
    explanation: 'The tenant granted only part of what Canopy needs (see required and granted permissions).',
    nextStep: 'Send a new invitation so an administrator grants the rest.',
  },
  unavailable: {
    title: 'Microsoft could not be reached',
    explanation: "Canopy could not get an answer from Microsoft's token endpoint.",
    nextStep: 'Canopy tries again; use "Check now" later.',
  },
};

export function explainCheck(check: AccessCheck): Explanation | null {
  if (check.verdict === 'connected') return null;
  // An unknown code on a failed request is most likely an outage: never advise a new invitation for it.
  if (check.code !== null && (check.verdict !== 'unavailable' || isExplained(check.code)))
    return explainAadsts(check.code);
  return EXPLANATIONS[check.verdict] ?? explainAadsts(null);
}

/** The status a check leads to; `retry` while a fresh consent may still be replicating. */
export function nextStatus(tenant: CheckedTenant, check: AccessCheck, purpose: CheckPurpose, now: Date): AppliedCheck {
  const { verdict } = check;
  if (verdict === 'connected') return { status: 'CONNECTED', retry: false };
  if (verdict === 'wrong-tenant' || verdict === 'not-provisioned') return { status: 'FAILED', retry: false };
  const windowOpen = tenant.verifyUntil !== null && now < tenant.verifyUntil;
  // A consent whose verification window closed unsettled (e.g. while the partner's credential
  // failed) is settled by the next check, whoever runs it.
  const settlesConsent = tenant.status === 'CONSENTED' && !windowOpen;
  if (purpose === 'verification' || settlesConsent) {
    if (WAITING_VERDICTS.has(verdict) && windowOpen) return { status: 'CONSENTED', retry: true };
    // The partner's credential says nothing about the tenant: it stays Consented until a check works.
    if (verdict === 'partner-credential') return { status: 'CONSENTED', retry: false };
    return { status: verdict === 'missing-roles' ? 'MISSING_PERMISSIONS' : 'FAILED', retry: false };
  }
  if (verdict === 'partner-credential' || verdict === 'unavailable') return { status: tenant.status, retry: false };
  if (verdict === 'missing-roles') return { status: 'MISSING_PERMISSIONS', retry: false };
  // no-consent or no-roles
  return { status: HAD_CONSENT.has(tenant.status) ? 'REVOKED' : tenant.status, retry: false };
}

/**
 * Stores a check on the tenant (permissions, claims summary, last error, status) with its audit
 * row, in one transaction. Returns what the caller should do next; null for a verification that
 * another check settled meanwhile.
 */
export async function applyAccessCheck(
  tenant: CheckedTenant,
  check: AccessCheck,
  options: { purpose: CheckPurpose; actor: Actor | null; audit: 'always' | 'on-change' },
): Promise<AppliedCheck | null> {
  const now = new Date(check.checkedAt);
  const explanation = explainCheck(check);
  return getDb().$transaction(async (tx) => {
    // Checks of one tenant that ran at once (a verification job delivered twice, "Check now"
    // meanwhile) apply one after the other, each to the tenant as the one before left it: one
    // transition, one audit row.
    await tx.$queryRaw`SELECT id FROM customer_tenant WHERE id = ${tenant.id}::uuid FOR UPDATE`;
    const current = await tx.customerTenant.findUnique({
      where: { id: tenant.id },
      select: { status: true, verifyUntil: true, revokedAt: true },
    });
    if (!current || (options.purpose === 'verification' && current.status !== 'CONSENTED')) return null;
    const before = { ...tenant, ...current };
    const applied = nextStatus(before, check, options.purpose, now);
    const changed = applied.status !== before.status;
    await tx.customerTenant.update({
      where: { id: tenant.id },
      data: {
        status: applied.status,
        ...(changed ? { statusChangedAt: now } : {}),
        permissions: check.resources,
        lastError: explanation
          ? { ...explanation, code: check.code, verdict: check.verdict, at: check.checkedAt }
          : Prisma.DbNull,
        // Checked = Microsoft answered about this tenant (not an outage, not our own credential).
        ...(check.verdict !== 'unavailable' && check.verdict !== 'partner-credential' ? { lastVerifiedAt: now } : {}),
        ...(check.verdict === 'connected' ? { revokedAt: null } : {}),
        ...(applied.status === 'REVOKED' && !before.revokedAt ? { revokedAt: now } : {}),
        // The window belongs to a pending verification: only a settled status closes it.
        ...(applied.status !== 'CONSENTED' ? { verifyUntil: null } : {}),
      },
      select: { id: true },
    });
    await notePartnerCredential(tx, check);
    if (applied.retry || (options.audit === 'on-change' && !changed)) return applied;
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: auditAction(options.purpose, applied.status, changed),
      tenant,
      result: check.verdict === 'wrong-tenant' ? 'REFUSED' : check.verdict === 'connected' ? 'SUCCESS' : 'FAILURE',
      detail: {
        verdict: check.verdict,
        statusBefore: before.status,
        statusAfter: applied.status,
        ...(check.code !== null ? { code: check.code } : {}),
        missing: check.resources.flatMap((r) => r.missing.map((role) => `${r.api}/${role}`)),
      },
    });
    return applied;
  });
}

function auditAction(purpose: CheckPurpose, status: TenantStatus, changed: boolean): string {
  if (status === 'REVOKED' && changed) return 'tenant.revocation-detected';
  return purpose === 'verification' ? 'tenant.verified' : 'tenant.health-checked';
}
