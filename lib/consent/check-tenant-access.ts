import 'server-only';
import { decodeJwt } from 'jose';
import type { MicrosoftEndpoints } from '@/lib/config/presets';
import type { DataSource } from '@/lib/generated/prisma/enums';
import type { AppTokenClient } from '@/lib/microsoft/app-token-client';
import { PARTNER_CREDENTIAL_CODES, parseAadstsCode } from './aadsts';
import { missingRoles, requiredPermissions } from './required-permissions';

/** What a token said, for people: never the token itself. */
export type TokenClaimsSummary = {
  tid: string | null;
  aud: string | null;
  appid: string | null;
  roles: string[];
  expiresAt: string | null;
};

/** One resource's result: stored on the tenant as its `permissions` (tenant detail page). */
export type ResourceAccess = {
  dataSource: DataSource;
  api: string;
  resource: string;
  required: string[];
  granted: string[];
  missing: string[];
  claims: TokenClaimsSummary | null;
  /** Why no usable token came back: the AADSTS code, or null for a network or parse problem. */
  error: { code: number | null; oauthError: string | null; message: string } | null;
};

export type AccessCheck = {
  checkedAt: string;
  resources: ResourceAccess[];
  /**
   * - `connected`: every token is for this tenant and holds every required role;
   * - `wrong-tenant`: a token's `tid` is another tenant (never trust, flag it);
   * - `partner-credential`: Microsoft refused the partner's own credential, nothing is known of the tenant;
   * - `not-provisioned`: a Defender API does not exist in that tenant (AADSTS500011);
   * - `no-consent`: the app is not (or no longer) in the tenant (700016, 7000229, 65001);
   * - `no-roles`: tokens come, without any required role (consent revoked, or still replicating);
   * - `missing-roles`: some required roles are missing;
   * - `unavailable`: Microsoft could not be asked (network, 5xx, throttling).
   */
  verdict:
    | 'connected'
    | 'wrong-tenant'
    | 'partner-credential'
    | 'not-provisioned'
    | 'no-consent'
    | 'no-roles'
    | 'missing-roles'
    | 'unavailable';
  /** The code that decided a failing verdict, for its explanation. */
  code: number | null;
};

const NO_CONSENT_CODES = new Set([700016, 7000229, 65001]);
const NOT_PROVISIONED = 500011;

/**
 * Never trust the consent callback alone (reference §A5): acquire a fresh token (bypassing the
 * cache) for each resource the tenant's data needs, and check its `tid` and `roles`.
 */
export async function checkTenantAccess(
  tenant: { entraTenantId: string; dataSources: readonly DataSource[] },
  tokens: AppTokenClient,
  endpoints: MicrosoftEndpoints,
): Promise<AccessCheck> {
  const requirements = requiredPermissions(tenant.dataSources, endpoints);
  const resources = await Promise.all(
    requirements.map(async (requirement): Promise<ResourceAccess> => {
      const { roles: required, ...info } = requirement;
      const base = { ...info, required };
      try {
        const token = await tokens.acquire({
          tenantId: tenant.entraTenantId,
          resource: requirement.resource,
          skipCache: true,
        });
        const claims = summarizeClaims(token.accessToken);
        return {
          ...base,
          granted: claims.roles,
          missing: missingRoles(required, claims.roles),
          claims,
          error: null,
        };
      } catch (error) {
        return { ...base, granted: [], missing: required, claims: null, error: describeTokenError(error) };
      }
    }),
  );
  return { checkedAt: new Date().toISOString(), resources, ...decide(resources, tenant.entraTenantId) };
}

function decide(resources: ResourceAccess[], expectedTenantId: string): Pick<AccessCheck, 'verdict' | 'code'> {
  const codes = resources.map((r) => r.error?.code ?? null);
  const withCode = (pick: (code: number | null) => boolean) =>
    codes.find((code) => code !== null && pick(code)) ?? null;
  if (resources.some((r) => r.claims && r.claims.tid?.toLowerCase() !== expectedTenantId.toLowerCase()))
    return { verdict: 'wrong-tenant', code: null };
  const partner = withCode((code) => PARTNER_CREDENTIAL_CODES.has(code!));
  if (partner !== null) return { verdict: 'partner-credential', code: partner };
  const noConsent = withCode((code) => NO_CONSENT_CODES.has(code!));
  if (noConsent !== null) return { verdict: 'no-consent', code: noConsent };
  if (codes.includes(NOT_PROVISIONED)) return { verdict: 'not-provisioned', code: NOT_PROVISIONED };
  if (resources.some((r) => r.error)) return { verdict: 'unavailable', code: withCode(() => true) };
  if (resources.every((r) => r.missing.length === r.required.length)) return { verdict: 'no-roles', code: null };
  if (resources.some((r) => r.missing.length > 0)) return { verdict: 'missing-roles', code: null };
  return { verdict: 'connected', code: null };
}

function summarizeClaims(accessToken: string): TokenClaimsSummary {
  const claims = decodeJwt(accessToken);
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    tid: text(claims.tid),
    aud: Array.isArray(claims.aud) ? claims.aud.join(' ') : text(claims.aud),
    // v1 tokens name the client `appid`, v2 tokens `azp` (reference §C2).
    appid: text(claims.appid) ?? text(claims.azp),
    roles: Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === 'string') : [],
    expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : null,
  };
}

/** MSAL's ServerError carries the first AADSTS number as `errorNo` and the text in `errorMessage` (§F7). */
export function describeTokenError(error: unknown): NonNullable<ResourceAccess['error']> {
  const e = (error ?? {}) as { errorNo?: unknown; errorCode?: unknown; errorMessage?: unknown; message?: unknown };
  const fromNumber = Number(e.errorNo);
  const message = typeof e.errorMessage === 'string' ? e.errorMessage : typeof e.message === 'string' ? e.message : '';
  const code = Number.isInteger(fromNumber) && fromNumber > 0 ? fromNumber : parseAadstsCode(message);
  return {
    code,
    oauthError: typeof e.errorCode === 'string' ? e.errorCode : null,
    // Only the first line: MSAL's text can run on with trace and correlation ids.
    message: message.split(/\r?\n| - Timestamp/)[0]!.slice(0, 300),
  };
}
