import type { Metadata } from 'next';
import Link from 'next/link';
import { OutboxMessage } from '@/components/outbox/outbox-message';
import { requireRole } from '@/lib/auth/session';
import { getEmailMessageOrThrow } from '@/lib/email/get-email-message';

export const metadata: Metadata = { title: 'Invitation email' };

type Params = Promise<{ id: string }>;

export default async function OutboxMessagePage({ params }: { params: Params }) {
  await requireRole('ADMIN');
  const message = await getEmailMessageOrThrow((await params).id);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/outbox" className="text-sm text-brand-700 underline">
          Outbox
        </Link>
        <h1 className="mt-2 text-2xl font-semibold break-words">{message.subject}</h1>
      </div>
      <OutboxMessage message={message} />
    </div>
  );
}
