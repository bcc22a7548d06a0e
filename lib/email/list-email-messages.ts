import 'server-only';
import { getDb } from '@/lib/db/client';

export const EMAIL_PAGE_SIZE = 25;

/** One page of invitation emails, newest first, without their bodies. */
export async function listEmailMessages(page: number) {
  const db = getDb();
  const [total, messages] = await Promise.all([
    db.emailMessage.count(),
    db.emailMessage.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (page - 1) * EMAIL_PAGE_SIZE,
      take: EMAIL_PAGE_SIZE,
      select: {
        id: true,
        createdAt: true,
        to: true,
        subject: true,
        status: true,
        serverResponse: true,
        createdBy: { select: { name: true } },
        tenant: { select: { id: true, displayName: true } },
      },
    }),
  ]);
  return { messages, total, pageCount: Math.max(1, Math.ceil(total / EMAIL_PAGE_SIZE)) };
}

export type EmailMessageRow = Awaited<ReturnType<typeof listEmailMessages>>['messages'][number];
