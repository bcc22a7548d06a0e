import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { jsonResponse, routeRole } from '@/lib/auth/route-role';
import { getDb } from '@/lib/db/client';
import { searchTenantOptions, TENANT_LISTS } from '@/lib/tenants/tenant-filter';

export const dynamic = 'force-dynamic';

const params = z.object({ list: z.enum(TENANT_LISTS), q: z.string().max(200).default('') });

/**
 * `?list=alerts|incidents&q=<text>`: the tenant picker's matches (id and name, at most
 * TENANT_MATCH_LIMIT, and whether more match) among the tenants that page lists.
 */
export async function GET(request: NextRequest) {
  const guard = await routeRole('ANALYST');
  if ('refused' in guard) return guard.refused;
  const parsed = params.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) return jsonResponse({ error: 'bad request' }, 400);
  return jsonResponse(await searchTenantOptions(getDb(), { list: parsed.data.list, text: parsed.data.q }));
}
