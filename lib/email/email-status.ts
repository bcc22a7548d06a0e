import type { EmailStatus } from '@/lib/generated/prisma/enums';
import type { Tone } from '@/lib/tenants/tenant-status';

/** How each email outcome reads, wherever emails are listed. */
export const EMAIL_STATUS: Record<EmailStatus, { label: string; tone: Tone }> = {
  ACCEPTED: { label: 'Sent', tone: 'good' },
  FAILED: { label: 'Not sent', tone: 'bad' },
  OUTBOX: { label: 'In the outbox', tone: 'info' },
};
