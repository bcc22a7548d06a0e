import 'server-only';
import { z } from 'zod';
import { GUID_PATTERN } from '@/lib/guid';

/** What a customer tenant's OpenID discovery document tells Canopy. */
export type DiscoveredTenant = { tenantId: string; cloudInstanceName: string | null };

export type TenantDiscoveryResult =
  | { ok: true; tenant: DiscoveredTenant }
  | { ok: false; reason: 'not-found' | 'other-cloud' | 'unreachable' | 'unexpected'; message: string };

/** The fields of Entra's v2 discovery document Canopy reads (reference §C3). */
const discoveryDocument = z.object({
  issuer: z.string(),
  token_endpoint: z.string(),
  cloud_instance_name: z.string().optional(),
});

/** Entra's answer for an unknown tenant: HTTP 400 `invalid_tenant` with AADSTS90002 (reference §B4). */
const errorDocument = z.object({
  error: z.string(),
  error_codes: z.array(z.number()).optional(),
});

/**
 * Resolve a tenant GUID or verified domain to the tenant GUID through its discovery document on
 * the configured sign-in host: `{authority}/{tenant}/v2.0/.well-known/openid-configuration`,
 * whose `issuer` is `{host}/{tenant GUID}/v2.0`. No token or credential is involved.
 */
export async function discoverTenant(
  tenant: string,
  options: { authorityHost: string; cloudInstanceName: string; timeoutMs?: number },
): Promise<TenantDiscoveryResult> {
  const url = `${options.authorityHost}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`;
  const host = new URL(options.authorityHost).host;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000), cache: 'no-store' });
  } catch {
    return { ok: false, reason: 'unreachable', message: `Could not reach ${host} to look the tenant up. Try again.` };
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = errorDocument.safeParse(body);
    if (error.success && (error.data.error === 'invalid_tenant' || error.data.error_codes?.includes(90002))) {
      return {
        ok: false,
        reason: 'not-found',
        message: `No Microsoft Entra tenant is known as "${tenant}" in this cloud (AADSTS90002). Check the spelling, or use the tenant ID.`,
      };
    }
    return {
      ok: false,
      reason: 'unexpected',
      message: `${host} answered HTTP ${response.status} to the tenant lookup.`,
    };
  }
  const document = discoveryDocument.safeParse(body);
  const tenantId = document.success ? tenantIdFromIssuer(document.data.issuer) : null;
  if (!document.success || !tenantId) {
    return { ok: false, reason: 'unexpected', message: `${host} returned a discovery document Canopy cannot read.` };
  }
  const cloudInstanceName = document.data.cloud_instance_name ?? null;
  if (cloudInstanceName && cloudInstanceName !== options.cloudInstanceName) {
    return {
      ok: false,
      reason: 'other-cloud',
      message: `This tenant belongs to another Microsoft cloud (${cloudInstanceName}); Canopy is set up for ${options.cloudInstanceName}. A separate app registration and Canopy in that cloud are needed.`,
    };
  }
  return { ok: true, tenant: { tenantId, cloudInstanceName } };
}

/** `https://login.microsoftonline.com/{guid}/v2.0` → the GUID (the path's first segment). */
function tenantIdFromIssuer(issuer: string): string | null {
  let segment: string | undefined;
  try {
    segment = new URL(issuer).pathname.split('/')[1];
  } catch {
    return null;
  }
  return segment && GUID_PATTERN.test(segment) ? segment.toLowerCase() : null;
}
