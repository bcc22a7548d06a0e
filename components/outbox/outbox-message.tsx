import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { Detail, DetailList } from '@/components/ui/detail-list';
import { LocalTime } from '@/components/ui/local-time';
import { Notice } from '@/components/ui/notice';
import { EMAIL_STATUS } from '@/lib/email/email-status';
import type { getEmailMessageOrThrow } from '@/lib/email/get-email-message';

type Message = Awaited<ReturnType<typeof getEmailMessageOrThrow>>;

/** An invitation email as an admin copies it into their own mail client. */
export function OutboxMessage({ message }: { message: Message }) {
  const { body } = message;
  return (
    <div className="space-y-6">
      <Card title="Email">
        <DetailList>
          <Detail label="Status">
            <Badge tone={EMAIL_STATUS[message.status].tone}>{EMAIL_STATUS[message.status].label}</Badge>
          </Detail>
          <Detail label="To">
            <span className="mr-2">{message.to.join(', ')}</span>
            {body ? <CopyButton text={message.to.join(', ')} label="Copy addresses" /> : null}
          </Detail>
          <Detail label="Subject">
            <span className="mr-2">{message.subject}</span>
            {body ? <CopyButton text={message.subject} label="Copy subject" /> : null}
          </Detail>
          <Detail label="Written">
            <LocalTime value={message.createdAt} />
            {message.createdBy ? ` by ${message.createdBy.name}` : null}
          </Detail>
          {message.tenant ? (
            <Detail label="Tenant">
              <Link href={`/tenants/${message.tenant.id}`} className="text-brand-700 underline">
                {message.tenant.displayName}
              </Link>
            </Detail>
          ) : null}
          {message.serverResponse ? (
            <Detail label="Server answer" mono>
              {message.serverResponse}
            </Detail>
          ) : null}
        </DetailList>
      </Card>
      {body ? (
        <>
          <Card title="Invitation link">
            <p className="mb-3 font-mono text-xs break-all" data-testid="outbox-link">
              {body.link}
            </p>
            <CopyButton text={body.link} label="Copy link" />
          </Card>
          <Card title="Text">
            <div className="mb-3">
              <CopyButton text={body.text} label="Copy the whole text" />
            </div>
            <pre
              data-testid="outbox-text"
              className="rounded-md bg-slate-50 p-3 font-sans text-sm whitespace-pre-wrap break-words text-slate-900"
            >
              {body.text}
            </pre>
          </Card>
        </>
      ) : message.unreadable ? (
        <Notice tone="error" title="This email cannot be opened">
          It was sealed under an earlier CANOPY_AUTH_SECRET. Send a new invitation from the tenant&apos;s page.
        </Notice>
      ) : (
        <p className="text-sm text-slate-700">
          Canopy does not keep emails it handed to the mail server: only their outcome, shown above.
        </p>
      )}
    </div>
  );
}
