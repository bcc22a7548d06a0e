'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { endStaffSession } from '@/lib/auth/end-staff-session';
import { requireRole } from '@/lib/auth/session';
import { GUID_PATTERN } from '@/lib/guid';
import { formText } from '@/lib/http/form-data';

const endSessionInput = z.object({ sessionId: z.string().regex(GUID_PATTERN) });

export type EndSessionResult = { ok: true; endedOwn: boolean } | { ok: false; error: string };

/** An admin ends any staff session: its cookie stops working on the next request. */
export async function endSessionAction(_previous: EndSessionResult | null, form: FormData): Promise<EndSessionResult> {
  const parsed = endSessionInput.safeParse({ sessionId: formText(form, 'sessionId') });
  if (!parsed.success) return { ok: false, error: 'That session id is not valid.' };
  const admin = await requireRole('ADMIN');
  await endStaffSession(parsed.data.sessionId, { id: admin.user.id, name: admin.user.name });
  revalidatePath('/admin');
  return { ok: true, endedOwn: parsed.data.sessionId === admin.sessionId };
}
