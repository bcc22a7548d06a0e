'use server';

import { z } from 'zod';
import { requireRole } from '@/lib/auth/session';
import { requestTenantSync } from '@/lib/defender/request-tenant-sync';
import { GUID_PATTERN } from '@/lib/guid';
import { formText } from '@/lib/http/form-data';

const syncNowInput = z.object({ tenantId: z.string().regex(GUID_PATTERN) });

export type SyncNowResult = { ok: true; jobId: string } | { ok: false; error: string };

/**
 * "Sync now" for one tenant. Analysts may: it reads the tenant's alerts sooner and changes
 * nothing at the customer or in Canopy's settings, and the worker keeps its per-tenant call budget
 * and one run at a time whoever asks. Audited with who asked.
 */
export async function syncTenantNowAction(_previous: SyncNowResult | null, form: FormData): Promise<SyncNowResult> {
  const parsed = syncNowInput.safeParse({ tenantId: formText(form, 'tenantId') });
  if (!parsed.success) return { ok: false, error: 'That tenant id is not valid.' };
  const session = await requireRole('ANALYST');
  const result = await requestTenantSync(parsed.data.tenantId.toLowerCase(), {
    id: session.user.id,
    name: session.user.name,
  });
  switch (result.outcome) {
    case 'queued':
      return { ok: true, jobId: result.jobId };
    case 'refused':
      return { ok: false, error: result.reason };
    case 'not-found':
      return { ok: false, error: 'That tenant no longer exists.' };
  }
}
