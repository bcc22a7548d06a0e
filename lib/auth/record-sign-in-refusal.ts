import 'server-only';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db/client';
import type { SignInRefusal } from './staff-claims';

/**
 * A refused sign-in is a security event: who the ID token claimed to be and why Canopy said no.
 * Only identifying claims are kept, never the token.
 */
export async function recordSignInRefusal(reason: SignInRefusal, claims: unknown): Promise<void> {
  const c = (claims ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : null);
  await recordAuditEvent(getDb(), {
    actor: null,
    action: 'staff.sign-in-refused',
    result: 'REFUSED',
    detail: { reason, name: text(c.name), account: text(c.preferred_username), tid: text(c.tid), idp: text(c.idp) },
  });
}
