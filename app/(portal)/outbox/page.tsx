import type { Metadata } from 'next';
import { EmailList } from '@/components/outbox/email-list';
import { SmtpNotice } from '@/components/outbox/smtp-notice';
import { Pagination } from '@/components/ui/pagination';
import { requireRole } from '@/lib/auth/session';
import { getConfig } from '@/lib/config';
import { listEmailMessages } from '@/lib/email/list-email-messages';
import { parsePageParam } from '@/lib/http/page-param';

export const metadata: Metadata = { title: 'Outbox' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function OutboxPage({ searchParams }: { searchParams: SearchParams }) {
  await requireRole('ADMIN');
  const page = parsePageParam((await searchParams).page);
  const { messages, total, pageCount } = await listEmailMessages(page);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Outbox</h1>
        <p className="mt-1 text-sm text-slate-700">Every invitation email, newest first ({total}).</p>
      </div>
      <SmtpNotice smtp={getConfig().smtp} />
      <EmailList messages={messages} />
      <Pagination page={Math.min(page, pageCount)} pageCount={pageCount} basePath="/outbox" />
    </div>
  );
}
