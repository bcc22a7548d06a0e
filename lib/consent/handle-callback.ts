import 'server-only';
import { createHash } from 'node:crypto';
import { CONSENT_CALLBACK } from '@/lib/audit/actors';
import { recordAuditEvent, type DbOrTransaction } from '@/lib/audit/record-audit-event';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import type { ConsentOutcome } from '@/lib/generated/prisma/enums';
import { sendJobInTransaction } from '@/lib/jobs/send-job';
import { QUEUES } from '@/lib/jobs/queues';
import { hashSecretToken } from '@/lib/security/secret-token';
import { explainAadsts, type Explanation } from './aadsts';
import { parseConsentCallback, sanitizeCallbackParams } from './callback-params';

/** What the customer's admin is shown. Nothing internal: no ids, no raw Microsoft text. */
export type CallbackPage =
  | { kind: 'accepted'; tenantName: string }
  | { kind: 'declined' | 'failed'; tenantName: string; code: number | null; explanation: Explanation }
  | { kind: 'rejected' }
  | { kind: 'invalid'; reason: 'missing' | 'duplicate' | 'unknown' | 'expired' | 'spent' | 'superseded' };

export type CallbackResult = { status: 200 | 400; page: CallbackPage };

type Disposition =
  | 'accepted'
  | 'declined'
  | 'failed'
  | 'tenant-mismatch'
  | 'replay'
  | 'spent-state'
  | 'superseded-state'
  | 'expired-state'
  | 'unknown-state'
  | 'missing-state'
  | 'duplicate-parameters';

type PendingRequest = {
  id: string;
  expiresAt: Date;
  consumedAt: Date | null;
  supersededAt: Date | null;
  callbackFingerprint: string | null;
  outcome: ConsentOutcome | null;
  errorCode: number | null;
  tenant: { id: string; entraTenantId: string; displayName: string; status: string };
};

/**
 * The admin-consent callback (reference §A3, §A5). Every callback is recorded; its `state` is
 * looked up by hash and consumed by the first callback whatever the outcome, under a row lock,
 * so 50 identical callbacks at once make exactly one transition. `error` wins over everything;
 * a success must name the invited tenant, and even then only a token check (the verify-consent
 * job) makes the tenant Connected.
 */
export async function handleConsentCallback(query: URLSearchParams): Promise<CallbackResult> {
  const parsed = parseConsentCallback(query);
  const params = sanitizeCallbackParams(query);
  if (parsed.kind !== 'callback') {
    const disposition = parsed.kind === 'missing-state' ? 'missing-state' : 'duplicate-parameters';
    await getDb().$transaction((tx) => refuse(tx, { params, disposition, request: null }));
    return invalid(parsed.kind === 'missing-state' ? 'missing' : 'duplicate');
  }
  const fingerprint = fingerprintOf(query);
  return getDb().$transaction(
    async (tx) => {
      // The lock makes concurrent callbacks with one state wait for the first to finish.
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM consent_request WHERE state_hash = ${hashSecretToken(parsed.state)} FOR UPDATE`;
      const request = locked[0] ? await loadRequest(tx, locked[0].id) : null;
      if (!request) {
        await refuse(tx, { params, disposition: 'unknown-state', request: null });
        return invalid('unknown');
      }
      if (request.consumedAt) {
        if (request.callbackFingerprint === fingerprint) {
          await recordEvent(tx, { params, disposition: 'replay', request });
          return pageFor(request);
        }
        await refuse(tx, { params, disposition: 'spent-state', request });
        return invalid('spent');
      }
      if (request.supersededAt) {
        await refuse(tx, { params, disposition: 'superseded-state', request });
        return invalid('superseded');
      }
      if (request.expiresAt <= new Date()) {
        await refuse(tx, { params, disposition: 'expired-state', request });
        return invalid('expired');
      }
      if (parsed.error) return consentFailed(tx, request, { params, fingerprint, ...parsed.error });
      if (parsed.tenant?.toLowerCase() !== request.tenant.entraTenantId) {
        await consume(tx, request, { fingerprint, outcome: 'REJECTED', errorCode: null });
        await refuse(tx, { params, disposition: 'tenant-mismatch', request });
        return { status: 400, page: { kind: 'rejected' } };
      }
      return consentAccepted(tx, request, { params, fingerprint, scope: parsed.scope });
    },
    { maxWait: 15_000, timeout: 15_000 },
  );
}

async function consentAccepted(
  tx: DbOrTransaction,
  request: PendingRequest,
  callback: { params: Record<string, string[]>; fingerprint: string; scope: string | null },
): Promise<CallbackResult> {
  const now = new Date();
  const verifyUntil = new Date(now.getTime() + getConfig().onboarding.verificationWindowMinutes * 60 * 1000);
  await consume(tx, request, { fingerprint: callback.fingerprint, outcome: 'ACCEPTED', errorCode: null });
  await tx.customerTenant.update({
    where: { id: request.tenant.id },
    data: { status: 'CONSENTED', statusChangedAt: now, verifyUntil, lastError: Prisma.DbNull },
    select: { id: true },
  });
  await sendJobInTransaction(tx, QUEUES.verifyConsent, { tenantId: request.tenant.id, attempt: 0 });
  await recordEvent(tx, { params: callback.params, disposition: 'accepted', request });
  await recordAuditEvent(tx, {
    actor: CONSENT_CALLBACK,
    action: 'consent.accepted',
    tenant: request.tenant,
    result: 'SUCCESS',
    detail: { scope: callback.scope ?? '', verifyUntil: verifyUntil.toISOString() },
  });
  return pageFor({ ...request, outcome: 'ACCEPTED' });
}

/** Microsoft reported an error: that attempt failed (never Connected), and nothing is re-verified. */
async function consentFailed(
  tx: DbOrTransaction,
  request: PendingRequest,
  callback: { params: Record<string, string[]>; fingerprint: string; error: string; code: number | null },
): Promise<CallbackResult> {
  const outcome: ConsentOutcome = callback.code === 65004 ? 'DECLINED' : 'FAILED';
  const explanation = explainAadsts(callback.code, callback.error);
  await consume(tx, request, { fingerprint: callback.fingerprint, outcome, errorCode: callback.code });
  // A tenant that is already connected stays so: a declined re-consent changes nothing there.
  if (!['CONNECTED', 'MISSING_PERMISSIONS'].includes(request.tenant.status)) {
    await tx.customerTenant.update({
      where: { id: request.tenant.id },
      data: {
        status: outcome === 'DECLINED' ? 'DECLINED' : 'FAILED',
        statusChangedAt: new Date(),
        lastError: { ...explanation, code: callback.code, verdict: 'consent-error', at: new Date().toISOString() },
      },
      select: { id: true },
    });
  }
  await recordEvent(tx, {
    params: callback.params,
    disposition: outcome === 'DECLINED' ? 'declined' : 'failed',
    request,
    errorCode: callback.code,
  });
  await recordAuditEvent(tx, {
    actor: CONSENT_CALLBACK,
    action: outcome === 'DECLINED' ? 'consent.declined' : 'consent.failed',
    tenant: request.tenant,
    result: 'FAILURE',
    detail: { error: callback.error.slice(0, 64), ...(callback.code !== null ? { code: callback.code } : {}) },
  });
  return pageFor({ ...request, outcome, errorCode: callback.code });
}

function pageFor(request: Pick<PendingRequest, 'outcome' | 'errorCode' | 'tenant'>): CallbackResult {
  const tenantName = request.tenant.displayName;
  switch (request.outcome) {
    case 'ACCEPTED':
      return { status: 200, page: { kind: 'accepted', tenantName } };
    case 'DECLINED':
    case 'FAILED':
      return {
        status: 200,
        page: {
          kind: request.outcome === 'DECLINED' ? 'declined' : 'failed',
          tenantName,
          code: request.errorCode,
          explanation: explainAadsts(request.errorCode),
        },
      };
    default:
      return { status: 400, page: { kind: 'rejected' } };
  }
}

function invalid(reason: Extract<CallbackPage, { kind: 'invalid' }>['reason']): CallbackResult {
  return { status: 400, page: { kind: 'invalid', reason } };
}

async function loadRequest(tx: DbOrTransaction, id: string): Promise<PendingRequest | null> {
  return tx.consentRequest.findUnique({
    where: { id },
    select: {
      id: true,
      expiresAt: true,
      consumedAt: true,
      supersededAt: true,
      callbackFingerprint: true,
      outcome: true,
      errorCode: true,
      tenant: { select: { id: true, entraTenantId: true, displayName: true, status: true } },
    },
  });
}

async function consume(
  tx: DbOrTransaction,
  request: PendingRequest,
  result: { fingerprint: string; outcome: ConsentOutcome; errorCode: number | null },
): Promise<void> {
  await tx.consentRequest.update({
    where: { id: request.id },
    data: {
      consumedAt: new Date(),
      callbackFingerprint: result.fingerprint,
      outcome: result.outcome,
      errorCode: result.errorCode,
    },
    select: { id: true },
  });
}

type EventInput = {
  params: Record<string, string[]>;
  disposition: Disposition;
  request: PendingRequest | null;
  errorCode?: number | null;
};

async function recordEvent(tx: DbOrTransaction, event: EventInput): Promise<void> {
  await tx.consentEvent.create({
    data: {
      consentRequestId: event.request?.id ?? null,
      tenantId: event.request?.tenant.entraTenantId ?? null,
      params: event.params,
      disposition: event.disposition,
      errorCode: event.errorCode ?? null,
    },
    select: { id: true },
  });
}

/** A refused callback is a security event: recorded, and in the audit log. */
async function refuse(tx: DbOrTransaction, event: EventInput): Promise<void> {
  await recordEvent(tx, event);
  await recordAuditEvent(tx, {
    actor: CONSENT_CALLBACK,
    action: 'consent.callback-refused',
    tenant: event.request?.tenant ?? null,
    result: 'REFUSED',
    detail: { reason: event.disposition, parameters: Object.keys(event.params) },
  });
}

/** Identifies "the same callback again": every parameter, in order. */
function fingerprintOf(query: URLSearchParams): string {
  return createHash('sha256')
    .update(JSON.stringify([...query]))
    .digest('hex');
}
