'use client';

import { useActionState } from 'react';
import { inviteImportedAction, type InviteImportedState } from '@/app/(portal)/tenants/import/actions';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import type { SendInvitationResult } from '@/lib/email/send-invitation';
import type { RegisteredTenant } from '@/lib/tenants/register-tenant';
import type { Tone } from '@/lib/tenants/tenant-status';

const OUTCOMES: Record<SendInvitationResult['outcome'], { label: string; tone: Tone }> = {
  sent: { label: 'Sent', tone: 'good' },
  outbox: { label: 'In the outbox', tone: 'info' },
  failed: { label: 'Not sent', tone: 'bad' },
  refused: { label: 'Not sent', tone: 'bad' },
  'not-found': { label: 'Removed', tone: 'bad' },
};

/**
 * After an import: send admin-consent invitations to the chosen tenants in one action (the newly
 * registered ones are chosen), with one result per tenant.
 */
export function InviteImportedForm({ tenants }: { tenants: (RegisteredTenant & { isNew: boolean })[] }) {
  const [state, formAction, pending] = useActionState<InviteImportedState, FormData>(inviteImportedAction, {
    results: [],
    error: null,
  });
  const resultOf = (id: string) => state.results.find((r) => r.tenantId === id)?.result;
  return (
    <form action={formAction} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <fieldset className="space-y-2">
        <legend className="text-base font-semibold">Send admin-consent invitations</legend>
        <p className="text-sm text-slate-700">
          Each chosen tenant&apos;s administrators get an invitation email (or it waits in the Outbox when no SMTP
          server is configured). A new invitation replaces a tenant&apos;s earlier links.
        </p>
        <ul className="space-y-1">
          {tenants.map((tenant) => {
            const result = resultOf(tenant.id);
            return (
              <li key={tenant.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                <label className="inline-flex min-w-0 items-center gap-2 wrap-anywhere">
                  {/* React resets the form after each send: only the first choice is made for the admin. */}
                  <input
                    type="checkbox"
                    name="tenantId"
                    value={tenant.id}
                    defaultChecked={tenant.isNew && state.results.length === 0}
                  />
                  {tenant.displayName}
                </label>
                {result ? (
                  <span className="inline-flex flex-wrap items-center gap-2" data-testid="invite-result">
                    <Badge tone={OUTCOMES[result.outcome].tone}>{OUTCOMES[result.outcome].label}</Badge>
                    {'error' in result ? <span className="text-xs text-red-800">{result.error}</span> : null}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      </fieldset>
      {state.error ? <Notice tone="error" title={state.error} /> : null}
      <Button type="submit" disabled={pending}>
        {pending ? 'Sending invitations…' : 'Send invitations'}
      </Button>
    </form>
  );
}
