import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { requireRole } from '@/lib/auth/session';
import { getConfig } from '@/lib/config';
import { EMAIL_STATUS } from '@/lib/email/email-status';
import { listTenantInvitations, type InvitationState } from '@/lib/invitations/list-tenant-invitations';
import { getTenantOrThrow } from '@/lib/tenants/get-tenant';
import type { Tone } from '@/lib/tenants/tenant-status';
import { CreateLinkForm, RevokeInvitationButton, SendInvitationForm } from './invitation-forms';

const INVITATION_STATE: Record<InvitationState, { label: string; tone: Tone }> = {
  active: { label: 'Active', tone: 'good' },
  revoked: { label: 'Revoked', tone: 'neutral' },
  expired: { label: 'Expired', tone: 'neutral' },
};

/**
 * Invitations of one tenant, for admins: send one by email, create a link, revoke, and what
 * became of each. Renders nothing for analysts; every action checks the role again itself.
 */
export async function InvitationPanel({ tenantId }: { tenantId: string }) {
  const session = await requireRole('ANALYST');
  if (session.role !== 'ADMIN') return null;
  const [tenant, { invitations, emails }] = await Promise.all([
    getTenantOrThrow(tenantId),
    listTenantInvitations(tenantId),
  ]);
  const { onboarding, smtp } = getConfig();

  return (
    <Card title="Invitations">
      <div className="space-y-5">
        <p>
          An invitation is a link for the administrator of {tenant.displayName}: it explains what{' '}
          {onboarding.partnerName} asks for and leads to Microsoft&apos;s admin-consent page. Links expire after{' '}
          {onboarding.invitationLifetimeDays} days; each new invitation replaces the earlier ones.
        </p>
        <div className="grid gap-5 md:grid-cols-2">
          <div className="space-y-2">
            <h3 className="font-semibold text-slate-900">By email</h3>
            {tenant.adminEmails.length > 0 ? (
              <p className="break-words">
                To {tenant.adminEmails.join(', ')},{' '}
                {smtp ? (
                  <>through {smtp.host}.</>
                ) : (
                  <>
                    into the{' '}
                    <Link href="/outbox" className="text-brand-700 underline">
                      outbox
                    </Link>
                    : no SMTP server is configured, so you send it yourself.
                  </>
                )}
              </p>
            ) : (
              <p>
                No administrator email address yet:{' '}
                <Link href={`/tenants/${tenant.id}/edit`} className="text-brand-700 underline">
                  add one
                </Link>
                , or create a link.
              </p>
            )}
            <SendInvitationForm tenantId={tenant.id} canSend={tenant.adminEmails.length > 0} />
          </div>
          <div className="space-y-2">
            <h3 className="font-semibold text-slate-900">As a link</h3>
            <p>A link to send any way you like. Canopy shows it once.</p>
            <CreateLinkForm tenantId={tenant.id} />
          </div>
        </div>

        <div className="space-y-2">
          <h3 className="font-semibold text-slate-900">Links</h3>
          {invitations.length === 0 ? (
            <p>No invitation yet.</p>
          ) : (
            <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Invitation links">
              {invitations.map((invitation) => (
                <li
                  key={invitation.id}
                  data-testid="invitation-row"
                  className="flex flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2"
                >
                  <Badge tone={INVITATION_STATE[invitation.state].tone}>
                    {INVITATION_STATE[invitation.state].label}
                  </Badge>
                  <div className="min-w-0 flex-1 space-y-0.5 text-xs text-slate-700">
                    <p>
                      Created <LocalTime value={invitation.createdAt} />
                      {invitation.createdBy ? ` by ${invitation.createdBy.name}` : null}
                    </p>
                    <p>
                      {invitation.revokedAt ? (
                        <>
                          Revoked <LocalTime value={invitation.revokedAt} />
                        </>
                      ) : (
                        <>
                          {invitation.state === 'expired' ? 'Expired' : 'Expires'}{' '}
                          <LocalTime value={invitation.expiresAt} />
                        </>
                      )}
                      {' · '}
                      {invitation.firstOpenedAt ? (
                        <>
                          Opened <LocalTime value={invitation.firstOpenedAt} />
                          {invitation.lastOpenedAt && invitation.lastOpenedAt > invitation.firstOpenedAt ? (
                            <>
                              , last <LocalTime value={invitation.lastOpenedAt} />
                            </>
                          ) : null}
                        </>
                      ) : (
                        'Not opened'
                      )}
                    </p>
                  </div>
                  {invitation.state === 'active' ? (
                    <RevokeInvitationButton tenantId={tenant.id} invitationId={invitation.id} />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </div>

        <div className="space-y-2">
          <h3 className="font-semibold text-slate-900">Emails</h3>
          {emails.length === 0 ? (
            <p>No invitation email yet.</p>
          ) : (
            <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Invitation emails">
              {emails.map((email) => (
                <li key={email.id} data-testid="invitation-email-row" className="space-y-1 px-3 py-2">
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <Badge tone={EMAIL_STATUS[email.status].tone}>{EMAIL_STATUS[email.status].label}</Badge>
                    <span className="break-all">To {email.to.join(', ')}</span>
                  </div>
                  <p className="text-xs text-slate-700">
                    <LocalTime value={email.createdAt} />
                    {email.createdBy ? ` by ${email.createdBy.name}` : null}
                    {email.status === 'OUTBOX' ? (
                      <>
                        {' · '}
                        <Link href={`/outbox/${email.id}`} className="text-brand-700 underline">
                          Open in the outbox
                        </Link>
                      </>
                    ) : null}
                  </p>
                  {email.serverResponse ? (
                    <p className="font-mono text-xs break-all text-slate-600">{email.serverResponse}</p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Card>
  );
}
