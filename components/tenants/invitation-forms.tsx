'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import {
  createInvitationLinkAction,
  revokeInvitationAction,
  sendInvitationAction,
  type CreateLinkState,
  type RevokeInvitationState,
  type SendInvitationState,
} from '@/app/(portal)/tenants/[id]/invitation-actions';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { LocalTime } from '@/components/ui/local-time';
import { Notice } from '@/components/ui/notice';

export function SendInvitationForm({ tenantId, canSend }: { tenantId: string; canSend: boolean }) {
  const [result, formAction, pending] = useActionState<SendInvitationState, FormData>(sendInvitationAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="tenantId" value={tenantId} />
      <Button type="submit" disabled={pending || !canSend}>
        {pending ? 'Sending…' : 'Send invitation by email'}
      </Button>
      {result ? <SendResult result={result} /> : null}
    </form>
  );
}

function SendResult({ result }: { result: NonNullable<SendInvitationState> }) {
  switch (result.outcome) {
    case 'sent':
      return (
        <Notice tone="success" title={`Invitation sent to ${result.to.join(', ')}`}>
          <p className="break-all">The mail server answered: {result.response}</p>
        </Notice>
      );
    case 'outbox':
      return (
        <Notice tone="info" title="Invitation in the outbox">
          No SMTP server is configured, so Canopy kept the email for {result.to.join(', ')}.{' '}
          <Link href={`/outbox/${result.emailId}`} className="underline">
            Open it in the outbox
          </Link>{' '}
          to copy it and send it yourself.
        </Notice>
      );
    case 'failed':
      return (
        <Notice tone="error" title="The invitation was not sent">
          <p className="break-all">{result.error}</p>
          <p className="mt-1">
            The new link was withdrawn (earlier links had already been replaced). Check the SMTP settings and send
            again, or create a link and send it yourself.
          </p>
        </Notice>
      );
    case 'refused':
      return (
        <Notice tone="error" title="The invitation was not sent">
          {result.error}
        </Notice>
      );
  }
}

export function CreateLinkForm({ tenantId }: { tenantId: string }) {
  const [link, formAction, pending] = useActionState<CreateLinkState, FormData>(createInvitationLinkAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="tenantId" value={tenantId} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? 'Creating…' : 'Create link'}
      </Button>
      {link ? (
        <Notice tone="success" title="New invitation link">
          <p>
            Copy it now: Canopy keeps only a fingerprint of it and cannot show it again. It replaces earlier links and
            works until <LocalTime value={link.expiresAt} />.
          </p>
          <p className="my-2 font-mono text-xs break-all" data-testid="invitation-link">
            {link.url}
          </p>
          <CopyButton text={link.url} label="Copy link" />
        </Notice>
      ) : null}
    </form>
  );
}

export function RevokeInvitationButton({ tenantId, invitationId }: { tenantId: string; invitationId: string }) {
  const [, formAction, pending] = useActionState<RevokeInvitationState, FormData>(revokeInvitationAction, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="tenantId" value={tenantId} />
      <input type="hidden" name="invitationId" value={invitationId} />
      <Button type="submit" variant="secondary" className="px-3 py-1.5" disabled={pending}>
        {pending ? 'Revoking…' : 'Revoke'}
      </Button>
    </form>
  );
}
