import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';
import { EMAIL_STATUS } from '@/lib/email/email-status';
import type { EmailMessageRow } from '@/lib/email/list-email-messages';

export function EmailList({ messages }: { messages: EmailMessageRow[] }) {
  if (messages.length === 0)
    return <p className="text-sm text-slate-700">No invitation email yet. Send one from a tenant&apos;s page.</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm" aria-label="Emails">
      {messages.map((message) => (
        <li key={message.id} data-testid="email-row" className="space-y-1 px-4 py-3">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <Badge tone={EMAIL_STATUS[message.status].tone}>{EMAIL_STATUS[message.status].label}</Badge>
            {message.status === 'OUTBOX' ? (
              <Link href={`/outbox/${message.id}`} className="font-medium break-words text-brand-700 underline">
                {message.subject}
              </Link>
            ) : (
              <span className="font-medium break-words">{message.subject}</span>
            )}
          </div>
          <p className="break-all text-slate-700">To {message.to.join(', ')}</p>
          <p className="text-xs text-slate-600">
            <LocalTime value={message.createdAt} />
            {message.createdBy ? ` · ${message.createdBy.name}` : null}
            {message.tenant ? (
              <>
                {' · '}
                <Link href={`/tenants/${message.tenant.id}`} className="underline">
                  {message.tenant.displayName}
                </Link>
              </>
            ) : null}
          </p>
          {message.serverResponse ? (
            <p className="font-mono text-xs break-all text-slate-600">{message.serverResponse}</p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
