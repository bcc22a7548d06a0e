import type { NextRequest } from 'next/server';
import { jsonResponse, routeRole } from '@/lib/auth/route-role';
import { getSyncProgress } from '@/lib/defender/get-sync-progress';
import { isGuid } from '@/lib/guid';

export const dynamic = 'force-dynamic';

/** `?job=<id>`: where a "Sync now" request of this tenant is (see getSyncProgress), for its progress line. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const guard = await routeRole('ANALYST');
  if ('refused' in guard) return guard.refused;
  const { id } = await params;
  const job = request.nextUrl.searchParams.get('job') ?? undefined;
  const progress = isGuid(id) && isGuid(job) ? await getSyncProgress(id.toLowerCase(), job.toLowerCase()) : null;
  return progress ? jsonResponse(progress) : jsonResponse({ error: 'not found' }, 404);
}
